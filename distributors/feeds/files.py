"""Opening a stored feed file as CSV rows, streamed: ZIP or plain, any common encoding and
delimiter. Memory stays flat whatever the file's size. And unpacking the one CSV of a ZIP a
distributor's API sends, refusing archives that are not what they should be."""

import codecs
import csv
import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from distributors.feeds.layouts import FeedRejected

SAMPLE_BYTES = 64 * 1024
DELIMITERS = ",;\t|"
ZIP_MAGIC = b"PK\x03\x04"
COPY_CHUNK_BYTES = 1 << 20
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


@dataclass(frozen=True)
class FeedText:
    """A feed file opened as text: its physical lines, terminators kept, and its delimiter."""

    lines: Iterator[str]
    delimiter: str


@contextmanager
def feed_text(path: Path) -> Iterator[FeedText]:
    """The file as text; FeedRejected when it is empty or not CSV at all."""
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
        yield FeedText(lines=iter(text), delimiter=_delimiter(first))


def line_text(line: str) -> str:
    return line.rstrip("\r\n")


class _Remembering:
    """Lines passed through to the CSV reader, the last one kept."""

    def __init__(self, lines: Iterator[str]):
        self.lines, self.last = lines, ""

    def __iter__(self) -> "_Remembering":
        return self

    def __next__(self) -> str:
        self.last = next(self.lines)
        return self.last


def csv_records(lines: Iterator[str], delimiter: str, first_line: int
                ) -> Iterator[tuple[int, list[str], str | None]]:
    """Each CSV record with the number of the line it starts on and, when it fits on that one
    line, the line's text (a quoted cell may hold line breaks: such a record has none)."""
    remembering = _Remembering(lines)
    reader = csv.reader(remembering, delimiter=delimiter)
    consumed = first_line - 1
    for cells in reader:
        start, consumed = consumed + 1, first_line - 1 + reader.line_num
        yield start, cells, line_text(remembering.last) if consumed == start else None


def lines_records(lines: Iterator[str], delimiter: str, first_line: int, wanted: Iterable[int]
                  ) -> Iterator[tuple[int, list[str], str]]:
    """The wanted lines (in line order) read as records one by one, the others passed over
    unread: for a file where no quoted cell runs over a line break."""
    numbered = enumerate(lines, start=first_line)
    for line in wanted:
        for number, raw in numbered:
            if number == line:
                text = line_text(raw)
                yield number, next(csv.reader([text], delimiter=delimiter), []), text
                break


def is_zip(path: Path) -> bool:
    with path.open("rb") as raw:
        return raw.read(4) == ZIP_MAGIC


def single_csv_extract(archive: Path, folder: Path, *, max_bytes: int, sender: str) -> Path:
    """The one CSV inside `archive`, written into `folder` under its own name, streamed.

    FeedRejected, applying nothing, for what a distributor's price file never is: not a ZIP,
    anything but exactly one .csv file, a name reaching outside the folder (`..`, absolute),
    an encrypted member, or more than `max_bytes` unpacked (a zip bomb), whether the archive
    declares it or only the unpacking shows it."""
    refused = f"{sender} sent an archive we will not unpack"
    fix = (f"nothing was imported. Download the file from {sender} by hand to see what it "
           "holds, and tell them if it happens again.")
    try:
        with zipfile.ZipFile(archive) as zipped:
            member = _the_one_csv(zipped.infolist(), refused, fix, max_bytes)
            target = folder / posixpath.basename(member.filename.replace("\\", "/"))
            with zipped.open(member) as packed, target.open("wb") as unpacked:
                _copy_at_most(packed, unpacked, max_bytes, f"{refused}: its CSV unpacks to "
                              f"more than {max_bytes:,} bytes (a zip bomb?); {fix}")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, NotImplementedError,
            EOFError) as broken:
        raise FeedRejected(f"{sender} sent a file that is not a readable ZIP archive "
                           f"({type(broken).__name__}: {str(broken)[:200]}); {fix}") from None
    return target


def _the_one_csv(members: list[zipfile.ZipInfo], refused: str, fix: str,
                 max_bytes: int) -> zipfile.ZipInfo:
    unsafe = [m.filename for m in members if _escapes(m.filename)]
    if unsafe:
        raise FeedRejected(f"{refused}: it names paths outside its folder "
                           f"({', '.join(unsafe[:3])[:200]}); {fix}")
    files = [m for m in members if not m.is_dir()]
    if len(files) != 1 or not files[0].filename.lower().endswith(".csv"):
        names = ", ".join(m.filename for m in files[:5])[:200] or "nothing"
        raise FeedRejected(f"{refused}: it should hold one CSV file and holds {len(files)} "
                           f"file(s) ({names}); {fix}")
    member = files[0]
    if member.flag_bits & 0x1:
        raise FeedRejected(f"{refused}: its CSV is encrypted; {fix}")
    if member.file_size > max_bytes:
        raise FeedRejected(f"{refused}: its CSV would unpack to {member.file_size:,} bytes, "
                           f"more than the {max_bytes:,} we accept (a zip bomb?); {fix}")
    return member


def _escapes(name: str) -> bool:
    parts = re.split(r"[\\/]", name)
    return ".." in parts or name.startswith(("/", "\\")) or bool(re.match(r"[A-Za-z]:", name))


def _copy_at_most(source: io.BufferedIOBase, target: io.BufferedIOBase, max_bytes: int,
                  too_large: str) -> None:
    # The size an archive declares can lie: count what actually comes out.
    copied = 0
    while chunk := source.read(COPY_CHUNK_BYTES):
        copied += len(chunk)
        if copied > max_bytes:
            raise FeedRejected(too_large)
        target.write(chunk)
