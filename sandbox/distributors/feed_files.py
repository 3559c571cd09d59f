"""The price and inventory files the simulated file APIs hand out, in the layouts of the
research fixtures (sandbox/fixtures/distributors): the fixture itself, which the demo also
puts on its FTP box, or any number of rows made from its rows with new part numbers, for
files as large as a test needs. Lines are produced one at a time: a large file is streamed,
never held."""

import csv
import io
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import sandbox

FIXTURES = Path(sandbox.__file__).parent / "fixtures" / "distributors"
WPS_FILE = FIXTURES / "wps_items_inventory_synthetic.csv"
PU_FILE = FIXTURES / "pu_pricefile_synthetic.csv"
# The column each generated row gets a new part number in.
PART_COLUMNS = {WPS_FILE: "sku", PU_FILE: "Part Number"}


def feed_lines(fixture: Path, rows: int | None, *, header: bool = True) -> Iterator[bytes]:
    """The fixture's lines, or its header and `rows` generated lines; no header line when
    `header` is false."""
    if rows is None:
        yield from fixture.read_bytes().splitlines(keepends=True)[0 if header else 1:]
        return
    with fixture.open(encoding="utf-8", newline="") as file:
        head, *samples = list(csv.reader(file))
    if header:
        yield _line(head)
    part = head.index(PART_COLUMNS[fixture])
    for number in range(rows):
        cells = list(samples[number % len(samples)])
        cells[part] = f"G{number:07d}"
        yield _line(cells)


def chunks(lines: Iterator[bytes], size: int = 1 << 16) -> Iterator[bytes]:
    """Lines gathered into pieces of about `size` bytes: one write per piece, not per line."""
    piece = []
    gathered = 0
    for line in lines:
        piece.append(line)
        gathered += len(line)
        if gathered >= size:
            yield b"".join(piece)
            piece, gathered = [], 0
    if piece:
        yield b"".join(piece)


def price_file_archive(dealer_number: str, rows: int | None, *, header: bool) -> IO[bytes]:
    """PU's answer to a price-file request: a ZIP holding one CSV, in a temporary file (on
    disk once large) positioned at its start."""
    # Not a context manager: the response streams it, then closes it.
    archive = tempfile.SpooledTemporaryFile(max_size=1 << 20)  # noqa: SIM115
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zipped, \
            zipped.open(f"{dealer_number}_pricefile.csv", "w", force_zip64=True) as member:
        for line in feed_lines(PU_FILE, rows, header=header):
            member.write(line)
    archive.seek(0)
    return archive


def _line(cells: list[str]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    return buffer.getvalue().encode("utf-8")
