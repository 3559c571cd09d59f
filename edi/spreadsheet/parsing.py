"""A Vendor Central purchase-order spreadsheet as route-neutral orders (orders.parsed).

Every data row is one PO line; rows are grouped by PO number, and each PO's lines are numbered
1, 2, 3… in file order, so re-reading the same file gives the same item sequences. Every problem
is collected (row number as the user sees it, column header as written in the file); if there
is any, SpreadsheetRejected carries them all and nothing is returned.
"""

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from edi.spreadsheet.headers import (
    FIELD_NAMES,
    LANGUAGE_NAMES,
    REQUIRED,
    HeaderMap,
    asin_labels,
    best_map,
)
from edi.spreadsheet.reading import Sheet, SpreadsheetRejected, sheet_read
from edi.spreadsheet.values import (
    CellProblem,
    amount,
    cell_text,
    day_first_in,
    day_start,
    whole_number,
)
from orders.models import UnitOfMeasure
from orders.parsed import ParsedAddress, ParsedLine, ParsedOrder

ASIN = re.compile(r"[A-Z0-9]{10}")
MAX_LENGTHS = {"po_number": 64, "vendor_code": 32, "ship_to": 32, "external_id": 64,
               "model_number": 64}
NEW = "New"
DATE_FIELDS = ("window_start", "window_end", "expected_date")


@dataclass(frozen=True)
class ParseOptions:
    maps: list[HeaderMap]  # the preferred language first: it wins a tie
    currency: str  # when a cost names none
    day_first: bool = True  # for files whose dates fit both ways
    vendor_codes: frozenset[str] = frozenset()  # upper case; empty: any vendor code


@dataclass
class RowValues:
    number: int
    po_number: str
    quantity_requested: int
    asin: str = ""
    vendor_code: str = ""
    ship_to: str = ""
    external_id: str = ""
    model_number: str = ""
    title: str = ""
    unit_cost: tuple[Decimal, str] | None = None
    accepted_quantity: int | None = None
    window_start: datetime | None = None
    window_end: datetime | None = None
    expected_date: datetime | None = None
    availability: str = ""


@dataclass(frozen=True)
class SheetRow:
    """Where a PO line sits in the file: the confirmation writes into these rows."""

    number: int
    po_number: str
    item_sequence: str
    accepted_quantity: int | None
    availability: str


@dataclass
class SpreadsheetParse:
    sheet: Sheet
    header_map: HeaderMap
    columns: dict[str, int]
    orders: list[ParsedOrder] = field(default_factory=list)
    rows: list[SheetRow] = field(default_factory=list)

    @property
    def locale(self) -> str:
        return self.header_map.locale


def _text(value: object, name: str, options: ParseOptions) -> str:
    text = cell_text(value)
    limit = MAX_LENGTHS.get(name)
    if limit and len(text) > limit:
        raise CellProblem(_("'%(value)s' is longer than %(max)d characters.")
                          % {"value": text, "max": limit})
    if name == "asin" and text and not ASIN.fullmatch(text.upper()):
        raise CellProblem(_("'%(value)s' is not an ASIN (10 letters and digits).")
                          % {"value": text})
    if name == "vendor_code" and text and options.vendor_codes and \
            text.upper() not in options.vendor_codes:
        raise CellProblem(_("'%(value)s' is not the vendor code of this account (%(codes)s); "
                            "import the file for the account with that vendor code.")
                          % {"value": text, "codes": ", ".join(sorted(options.vendor_codes))})
    return text.upper() if name == "asin" else text


def _cell_value(name: str, value: object, options: ParseOptions, decimal_comma: bool):
    if name == "quantity_requested":
        if not cell_text(value):
            raise CellProblem(_("the cell is empty; it needs the quantity Amazon requested."))
        return whole_number(value)
    if name == "po_number" and not cell_text(value):
        raise CellProblem(_("the PO number is empty; fill it in or delete the row."))
    if not cell_text(value):
        return None if name in {"unit_cost", "accepted_quantity", *DATE_FIELDS} else ""
    if name == "accepted_quantity":
        return whole_number(value)
    if name == "unit_cost":
        return amount(value, default_currency=options.currency, decimal_comma=decimal_comma)
    if name in DATE_FIELDS:
        return day_start(value, day_first=options.day_first)
    return _text(value, name, options)


def _cell(row, index: int) -> object:
    return row[index] if index < len(row) else None


def row_read(row, number: int, parse: SpreadsheetParse, options: ParseOptions
             ) -> tuple[RowValues | None, list[str]]:
    values, errors = {}, []
    decimal_comma = parse.locale != "en"
    for name, index in parse.columns.items():
        try:
            values[name] = _cell_value(name, _cell(row, index), options, decimal_comma)
        except CellProblem as problem:
            errors.append(_("Row %(row)d, column '%(column)s': %(problem)s") % {
                "row": number, "column": cell_text(parse.sheet.header[index]),
                "problem": problem})
    return (None if errors else RowValues(number=number, **values)), errors


def _order_rows(parse: SpreadsheetParse):
    """(row, number) of every row below the header that holds a PO line."""
    sheet, columns = parse.sheet, parse.columns
    for index in range(sheet.header_index + 1, len(sheet.rows)):
        row = sheet.rows[index]
        if cell_text(_cell(row, columns["po_number"])) or any(
                cell_text(_cell(row, columns[name])) for name in ("asin", "quantity_requested")):
            yield row, index + 1  # a row with neither (blank, a total) is no PO line


def _day_first(parse: SpreadsheetParse, rows, default: bool) -> bool:
    columns = [parse.columns[name] for name in DATE_FIELDS if name in parse.columns]
    return day_first_in((_cell(row, column) for row, _n in rows for column in columns), default)


def _missing_column(header_map: HeaderMap, name: str) -> str:
    labels = _(" or ").join(f"'{label}'" for label in header_map.labels_of(name)) or "–"
    return _("The %(field)s column is missing: the %(language)s header map accepts "
             "%(labels)s. Add the column to the file, or add its header to the header map.") % {
        "field": FIELD_NAMES[name], "language": LANGUAGE_NAMES.get(header_map.locale,
                                                                    header_map.locale),
        "labels": labels}


def _line(values: RowValues, sequence: int, currency: str) -> ParsedLine:
    net_cost, line_currency = values.unit_cost or (None, currency)
    return ParsedLine(
        item_sequence=str(sequence), amazon_product_id=values.asin,
        vendor_product_id=values.external_id or values.model_number,
        ordered_quantity=values.quantity_requested, unit_of_measure=UnitOfMeasure.EACHES,
        unit_size=1, is_backorder_allowed=False, net_cost=net_cost, list_price=None,
        currency=line_currency)


def orders_group(rows: list[RowValues], currency: str) -> tuple[list[ParsedOrder],
                                                                 list[SheetRow]]:
    """One order per PO number; its header (vendor, ship-to, window) from its first row."""
    by_po: dict[str, list[RowValues]] = {}
    for values in rows:
        by_po.setdefault(values.po_number, []).append(values)
    orders, sheet_rows = [], []
    for po_number, group in by_po.items():
        first = group[0]
        orders.append(ParsedOrder(
            po_number=po_number, amazon_state=NEW, has_details=True,
            selling_party_id=first.vendor_code,
            ship_to=ParsedAddress(party_id=first.ship_to) if first.ship_to else None,
            delivery_window=(first.window_start, first.window_end),
            lines=[_line(values, n, currency) for n, values in enumerate(group, 1)]))
        sheet_rows += [SheetRow(values.number, po_number, str(n), values.accepted_quantity,
                                values.availability) for n, values in enumerate(group, 1)]
    return orders, sorted(sheet_rows, key=lambda row: row.number)


def spreadsheet_parse(content: bytes, options: ParseOptions) -> SpreadsheetParse:
    """The file's orders; raises SpreadsheetRejected with every problem found."""
    if not options.maps:
        raise SpreadsheetRejected([_("No spreadsheet header map exists; add one in the admin.")])
    sheet = sheet_read(content, asin_labels(options.maps))
    header_map = best_map(options.maps, sheet.header)
    parse = SpreadsheetParse(sheet, header_map, header_map.columns_in(sheet.header))
    missing = [_missing_column(header_map, name) for name in REQUIRED
               if name not in parse.columns]
    if missing:
        raise SpreadsheetRejected(missing)
    order_rows = list(_order_rows(parse))
    options = replace(options, day_first=_day_first(parse, order_rows, options.day_first))
    read = [row_read(row, number, parse, options) for row, number in order_rows]
    errors = [error for _values, row_errors in read for error in row_errors]
    if errors:
        raise SpreadsheetRejected(errors)
    if not read:
        raise SpreadsheetRejected([_("Below the header row (row %(row)d) there is no purchase-"
                                     "order row.") % {"row": sheet.header_index + 1}])
    parse.orders, parse.rows = orders_group([values for values, _e in read], options.currency)
    return parse


def vendor_codes_in(content: bytes, maps: list[HeaderMap]) -> set[str]:
    """The vendor codes (upper case) in the file's vendor-code column; empty without one."""
    sheet = sheet_read(content, asin_labels(maps))
    column = best_map(maps, sheet.header).columns_in(sheet.header).get("vendor_code")
    if column is None:
        return set()
    codes = (cell_text(_cell(row, column)) for row in sheet.rows[sheet.header_index + 1:])
    return {code.upper() for code in codes if code}
