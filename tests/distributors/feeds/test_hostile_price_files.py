"""What Parts Unlimited's price-file call may answer that is not one CSV in a ZIP: each is a
failed run that names the problem, and nothing of it is unpacked outside its folder or
imported."""

import io
import struct
import zipfile

import pytest

from distributors.feeds.files import _copy_at_most
from distributors.feeds.layouts import FeedRejected
from distributors.models import DistributorItem, FeedRunStatus
from distributors.services.feed_api import FetchLimits, feed_api_fetch_and_import
from sandbox.distributors import state
from tests.distributors.feeds.conftest import PU_FILE

pytestmark = pytest.mark.django_db(transaction=True)


def archive(*members: tuple[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
        for name, content in members:
            zipped.writestr(name, content)
    return buffer.getvalue()


def with_declared_size(packed: bytes, size: int) -> bytes:
    """The archive claiming its member unpacks to `size` bytes (local and central headers)."""
    data = bytearray(packed)
    local = data.find(b"PK\x03\x04")
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, local + 22, size)
    struct.pack_into("<I", data, central + 24, size)
    return bytes(data)


def encrypted(packed: bytes) -> bytes:
    data = bytearray(packed)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature) + offset
        struct.pack_into("<H", data, at, struct.unpack_from("<H", data, at)[0] | 0x1)
    return bytes(data)


PRICES = PU_FILE.read_bytes()
HOSTILE = {
    "two CSVs": (archive(("a.csv", PRICES), ("b.csv", PRICES)),
                 "it should hold one CSV file and holds 2 file(s) (a.csv, b.csv)"),
    "a CSV and another file": (archive(("prices.csv", PRICES), ("run.sh", b"rm -rf /")),
                               "holds 2 file(s) (prices.csv, run.sh)"),
    "no CSV": (archive(("prices.txt", PRICES)), "holds 1 file(s) (prices.txt)"),
    "an empty archive": (archive(), "holds 0 file(s) (nothing)"),
    "a path upwards": (archive(("../../etc/prices.csv", PRICES)),
                       "it names paths outside its folder (../../etc/prices.csv)"),
    "a Windows path upwards": (archive(("..\\prices.csv", PRICES)),
                               "it names paths outside its folder"),
    "an absolute path": (archive(("/tmp/prices.csv", PRICES)),
                         "it names paths outside its folder (/tmp/prices.csv)"),
    "an encrypted CSV": (encrypted(archive(("prices.csv", PRICES))), "its CSV is encrypted"),
    "not a ZIP at all": (b"<html><body>Service temporarily unavailable</body></html>",
                         "not a readable ZIP archive"),
    "a size that lies": (with_declared_size(archive(("prices.csv", PRICES)), 100),
                         "not a readable ZIP archive (BadZipFile: Bad CRC-32"),
}


@pytest.mark.parametrize("answer", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_price_file_that_is_not_one_csv_in_a_zip_fails_and_imports_nothing(
        pu_api_feed, answer):
    content, problem = answer
    state.feed_files_configure(archive=content)

    run = feed_api_fetch_and_import(pu_api_feed)

    assert run.status == FeedRunStatus.FAILED
    assert problem in run.error, run.error
    assert run.error.endswith("Download the file from Parts Unlimited by hand to see what it "
                              "holds, and tell them if it happens again.")
    assert not DistributorItem.objects.exists()


def test_a_zip_bomb_is_refused_by_the_size_it_declares(pu_api_feed):
    state.feed_files_configure(archive=archive(("prices.csv", b"0" * 5_000_000)))

    run = feed_api_fetch_and_import(pu_api_feed, limits=FetchLimits(max_bytes=1_000_000))

    assert run.status == FeedRunStatus.FAILED
    assert ("its CSV would unpack to 5,000,000 bytes, more than the 1,000,000 we accept (a "
            "zip bomb?)") in run.error


def test_unpacking_stops_at_the_limit_whatever_the_archive_declared():
    # zipfile stops at the declared size (and then fails the CRC); were it not to, our own
    # count of what comes out stops the copy.
    with pytest.raises(FeedRejected, match="too large"):
        _copy_at_most(io.BytesIO(b"0" * 3_000_000), io.BytesIO(), 1_000_000, "too large")


def test_a_download_larger_than_the_limit_is_refused(pu_api_feed):
    run = feed_api_fetch_and_import(pu_api_feed, limits=FetchLimits(max_bytes=500))

    assert run.status == FeedRunStatus.FAILED
    assert "Parts Unlimited sent a file larger than 500 bytes, the most we accept" in run.error
