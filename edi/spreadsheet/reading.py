"""The bytes of a spreadsheet file as rows of cells, with the header row found.

CSV: comma, semicolon or tab; UTF-8 with or without BOM, UTF-16 (Excel's "Unicode text"),
else Windows-1252. Excel: .xlsx read with openpyxl in read-only mode, the sheet "Articoli"
first, else the first sheet with a header row. The header row is the first of the top 20 rows
with an ASIN column.
"""

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice

import openpyxl
from django.utils.translation import gettext as _

from edi.spreadsheet.headers import normalise
from orders.parsed import OrderDataError

HEADER_SCAN_ROWS = 20
DELIMITERS = (",", ";", "\t")
PREFERRED_SHEET = "articoli"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
CSV, XLSX = "csv", "xlsx"


class SpreadsheetRejected(OrderDataError):
    """The file cannot be imported; `messages` holds one sentence per problem."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class CsvFormat:
    encoding: str
    delimiter: str
    line_terminator: str


@dataclass(frozen=True)
class Sheet:
    kind: str
    name: str
    rows: list[Sequence[object]]  # rows[i] is the row the user sees as number i + 1
    header_index: int
    csv_format: CsvFormat | None = None

    @property
    def header(self) -> Sequence[object]:
        return self.rows[self.header_index]


def header_index(rows: Sequence[Sequence[object]], asin_labels: set[str]) -> int | None:
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        if any(normalise(cell) in asin_labels for cell in row):
            return index
    return None


def sheet_read(content: bytes, asin_labels: set[str]) -> Sheet:
    if not content.removeprefix(b"\xef\xbb\xbf").strip():
        raise SpreadsheetRejected([_("The file is empty.")])
    if content.startswith(OLE_MAGIC):
        raise SpreadsheetRejected([_("The file is an old Excel 97-2003 workbook (.xls); open it "
                                     "in Excel and save it as .xlsx or CSV.")])
    if content.startswith(ZIP_MAGIC):
        return xlsx_sheet(content, asin_labels)
    return csv_sheet(content, asin_labels)


def _no_header(where: str) -> SpreadsheetRejected:
    return SpreadsheetRejected([_(
        "No row among the first %(count)d of %(where)s has an 'ASIN' column, so this is not a "
        "Vendor Central purchase-order file or its header row is missing; export the purchase "
        "orders from Vendor Central again.") % {"count": HEADER_SCAN_ROWS, "where": where}])


def text_decode(content: bytes) -> tuple[str, str]:
    """The text and the encoding to write it back with."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16"), "utf-16"
    if b"\x00" not in content:
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                text = content.decode(encoding)
            except UnicodeDecodeError:
                continue
            bom = encoding == "utf-8-sig" and content.startswith(b"\xef\xbb\xbf")
            return text, "utf-8-sig" if bom else encoding.removesuffix("-sig")
    raise SpreadsheetRejected([_("The file is neither CSV text nor an Excel workbook (.xlsx); "
                                 "export the purchase orders from Vendor Central again.")])


def _csv_rows(text: str, delimiter: str, limit: int | None = None) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return list(islice(reader, limit))
    except csv.Error as exc:
        raise SpreadsheetRejected([_("The CSV file cannot be read: %(reason)s.")
                                   % {"reason": exc}]) from exc


def _delimiter(text: str, asin_labels: set[str]) -> str | None:
    """The delimiter that splits the header row into the most columns."""
    widths = {}
    for delimiter in DELIMITERS:
        top = _csv_rows(text, delimiter, HEADER_SCAN_ROWS)
        index = header_index(top, asin_labels)
        if index is not None:
            widths[delimiter] = sum(1 for cell in top[index] if cell.strip())
    return max(widths, key=widths.get) if widths else None


def csv_sheet(content: bytes, asin_labels: set[str]) -> Sheet:
    text, encoding = text_decode(content)
    delimiter = _delimiter(text, asin_labels)
    if delimiter is None:
        raise _no_header(_("the file"))
    rows = _csv_rows(text, delimiter)
    terminator = "\r\n" if "\r\n" in text[:65536] else "\n"
    return Sheet(kind=CSV, name="", rows=rows, header_index=header_index(rows, asin_labels),
                 csv_format=CsvFormat(encoding, delimiter, terminator))


def _workbook(content: bytes):
    try:
        return openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of errors on a damaged file
        raise SpreadsheetRejected([_("The Excel workbook cannot be opened (%(reason)s); export "
                                     "it from Vendor Central again.")
                                   % {"reason": str(exc) or type(exc).__name__}]) from exc


def xlsx_sheet(content: bytes, asin_labels: set[str]) -> Sheet:
    workbook = _workbook(content)
    try:
        sheets = sorted(workbook.worksheets, key=lambda ws: normalise(ws.title) != PREFERRED_SHEET)
        for worksheet in sheets:
            worksheet.reset_dimensions()  # some writers store a wrong used range
            top = list(islice(worksheet.iter_rows(values_only=True), HEADER_SCAN_ROWS))
            index = header_index(top, asin_labels)
            if index is not None:
                rows = list(worksheet.iter_rows(values_only=True))
                return Sheet(kind=XLSX, name=worksheet.title, rows=rows, header_index=index)
    finally:
        workbook.close()
    names = ", ".join(f"'{ws.title}'" for ws in sheets)
    raise _no_header(_("any sheet (%(names)s)") % {"names": names})
