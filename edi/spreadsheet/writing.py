"""The received spreadsheet written back as the confirmation for Vendor Central: the same
format, sheet, preamble rows, header row and columns, with the accepted quantity (and the
availability, where the file has that column) of each PO line filled in."""

import csv
import io
from dataclasses import dataclass

import openpyxl

from edi.spreadsheet.parsing import SpreadsheetParse
from edi.spreadsheet.reading import CSV
from orders.models import RejectionReason

CONTENT_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
REJECTION_CODES = {RejectionReason.INVALID_PRODUCT_IDENTIFIER: "IR",
                   RejectionReason.OBSOLETE_PRODUCT: "OB"}


@dataclass(frozen=True)
class RowFill:
    """What goes into one row; None leaves both cells blank (the PO is not decided yet)."""

    row_number: int
    accepted_quantity: int | None
    availability: str = ""


def availability_code(accepted: int, rejection_reason: str) -> str:
    """AC when anything is accepted; else why not: IR, OB, or OS (out of stock)."""
    if accepted > 0:
        return "AC"
    return REJECTION_CODES.get(rejection_reason, "OS")


def confirmation_write(content: bytes, parse: SpreadsheetParse, fills: list[RowFill]) -> bytes:
    columns = [parse.columns["accepted_quantity"], parse.columns.get("availability")]
    if parse.sheet.kind == CSV:
        return _csv_write(parse, fills, columns)
    return _xlsx_write(content, parse, fills, columns)


def _values(fill: RowFill) -> list[object]:
    if fill.accepted_quantity is None:
        return [None, None]
    return [fill.accepted_quantity, fill.availability]


def _csv_write(parse: SpreadsheetParse, fills: list[RowFill], columns: list[int | None]
               ) -> bytes:
    rows = [list(row) for row in parse.sheet.rows]
    for fill in fills:
        row = rows[fill.row_number - 1]
        for column, value in zip(columns, _values(fill), strict=True):
            if column is not None:
                row.extend([""] * (column + 1 - len(row)))
                row[column] = "" if value is None else str(value)
    text_format = parse.sheet.csv_format
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=text_format.delimiter,
               lineterminator=text_format.line_terminator).writerows(rows)
    return out.getvalue().encode(text_format.encoding, errors="replace")


def _xlsx_write(content: bytes, parse: SpreadsheetParse, fills: list[RowFill],
                columns: list[int | None]) -> bytes:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    worksheet = workbook[parse.sheet.name]
    for fill in fills:
        for column, value in zip(columns, _values(fill), strict=True):
            if column is not None:
                worksheet.cell(row=fill.row_number, column=column + 1).value = value
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
