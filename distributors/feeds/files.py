"""Opening a stored feed file as CSV rows, streamed: ZIP or plain, any common encoding and
delimiter. Memory stays flat whatever the file's size."""

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from distributors.feeds.layouts import FeedRejected

SAMPLE_BYTES = 64 * 1024
DELIMITERS = ",;\t|"
ZIP_MAGIC = b"PK\x03\x04"
csv.field_size_limit(1 << 20)  # a long description must not fail the whole file


def _encoding(sample: bytes) -> str:
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(sample) - 4:  # not merely a character cut at the sample's end
            return "cp1252"
    return "utf-8"


def _delimiter(first_line: str) -> str:
    counts = {delimiter: first_line.count(delimiter) for delimiter in DELIMITERS}
    best = max(counts, key=counts.get)
    if not counts[best]:
        raise FeedRejected("The first line has no comma, semicolon, tab or | between columns: "
                           "this is not a CSV feed.")
    return best


@contextmanager
def _binary(path: Path) -> Iterator[io.BufferedIOBase]:
    with path.open("rb") as raw:
        if raw.read(4) != ZIP_MAGIC:
            raw.seek(0)
            yield raw
            return
    with zipfile.ZipFile(path) as archive:
        members = [m for m in archive.namelist() if m.lower().endswith((".csv", ".txt"))]
        if not members:
            raise FeedRejected("The ZIP file holds no .csv or .txt file.")
        with archive.open(members[0]) as member:
            yield member


@contextmanager
def csv_rows(path: Path) -> Iterator[Iterator[list[str]]]:
    """The file's rows, header first; FeedRejected when it is empty or not CSV at all."""
    with _binary(path) as binary:
        buffered = io.BufferedReader(binary, SAMPLE_BYTES) if not hasattr(binary, "peek") \
            else binary
        sample = buffered.peek(SAMPLE_BYTES)[:SAMPLE_BYTES]
        if not sample.strip():
            raise FeedRejected("The file is empty.")
        if b"\x00" in sample:
            raise FeedRejected("The file holds binary data (NUL bytes): it is not a CSV feed.")
        text = io.TextIOWrapper(buffered, encoding=_encoding(sample), errors="replace",
                                newline="")
        first = sample.decode("latin-1").splitlines()[0]
        yield csv.reader(text, delimiter=_delimiter(first))
