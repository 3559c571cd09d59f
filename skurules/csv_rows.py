"""The SKU CSV layout and the validation of its rows, without the database.

Header (any order, no other columns): sku,asin,ean,title,on_hand,min_cost,min_inventory,
auto_confirm. Line 1 is the header, so line numbers match a spreadsheet's row numbers.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

COLUMNS = ("sku", "asin", "ean", "title", "on_hand", "min_cost", "min_inventory", "auto_confirm")
TRUE_WORDS = frozenset({"true", "yes", "1"})
FALSE_WORDS = frozenset({"false", "no", "0"})
WHOLE_NUMBER = re.compile(r"[+-]?\d+")
ASIN = re.compile(r"[A-Z0-9]{10}")
EAN = re.compile(r"\d{8,14}")
# The database bounds: IntegerField on PostgreSQL, DecimalField(max_digits=12, decimal_places=4).
MAX_INTEGER = 2_147_483_647
MAX_COST = Decimal("99999999.9999")
COST_PLACES = 4
MAX_SKU_LENGTH = 64
MAX_TITLE_LENGTH = 500


class RowError(ValueError):
    """A value that cannot be imported; the message is a sentence without the line number."""


@dataclass(frozen=True, slots=True)
class RuleValues:
    min_cost: Decimal
    min_inventory: int
    enabled: bool


@dataclass(frozen=True, slots=True)
class SkuRow:
    """One validated line; `rule` is None when the line leaves the rule alone."""

    line: int
    sku: str
    asin: str
    ean: str
    title: str
    on_hand: int
    rule: RuleValues | None


def header_errors(header: list[str]) -> list[str]:
    """Sentences for a header that is not exactly COLUMNS in some order."""
    names = [name.strip().lower() for name in header]
    expected = ", ".join(COLUMNS)
    errors = []
    if unknown := [name for name in names if name not in COLUMNS]:
        errors.append(_("Line 1: unknown columns %(unknown)s; the columns are %(expected)s.")
                      % {"unknown": ", ".join(repr(n) for n in unknown), "expected": expected})
    if missing := [name for name in COLUMNS if name not in names]:
        errors.append(_("Line 1: missing columns %(missing)s; the columns are %(expected)s.")
                      % {"missing": ", ".join(missing), "expected": expected})
    if twice := sorted({name for name in names if names.count(name) > 1 and name in COLUMNS}):
        errors.append(_("Line 1: columns %(twice)s appear more than once.")
                      % {"twice": ", ".join(twice)})
    return errors


def column_positions(header: list[str]) -> dict[str, int]:
    return {name.strip().lower(): position for position, name in enumerate(header)}


def rows_validate(records: Iterator[list[str]], positions: dict[str, int],
                  ) -> tuple[list[SkuRow], list[str]]:
    """Every data record as a SkuRow, or every error as "Line N: …" (line 1 is the header)."""
    rows: list[SkuRow] = []
    errors: list[str] = []
    first_line: dict[str, int] = {}
    for line, record in enumerate(records, start=2):
        if not any(value.strip() for value in record):
            continue  # blank lines, often at the end of a spreadsheet export
        try:
            row = row_parse(line, record, positions)
        except RowError as error:
            errors.extend(_("Line %(line)d: %(error)s") % {"line": line, "error": message}
                          for message in error.args)
            continue
        if row.sku in first_line:
            errors.append(_("Line %(line)d: SKU %(sku)s already appears on line %(first)d; "
                            "keep one line per SKU.")
                          % {"line": line, "sku": row.sku, "first": first_line[row.sku]})
            continue
        first_line[row.sku] = line
        rows.append(row)
    return rows, errors


def row_parse(line: int, record: list[str], positions: dict[str, int]) -> SkuRow:
    """Raises RowError with one message per bad value, so a line reports all its problems."""
    if len(record) != len(positions):
        raise RowError(_("expected %(expected)d values, found %(found)d.")
                       % {"expected": len(positions), "found": len(record)})
    values = {name: record[position].strip() for name, position in positions.items()}
    parsed, messages = {}, []
    for name, parse in PARSERS.items():
        try:
            parsed[name] = parse(values[name])
        except RowError as error:
            messages.extend(error.args)
    try:
        rule = rule_parse(values["min_cost"], values["min_inventory"], values["auto_confirm"])
    except RowError as error:
        messages.extend(error.args)
    if messages:
        raise RowError(*messages)
    return SkuRow(line=line, rule=rule, **parsed)


def sku_parse(value: str) -> str:
    if not value:
        raise RowError(_("sku is empty; every line needs a SKU."))
    if len(value) > MAX_SKU_LENGTH:
        raise RowError(_("sku '%(value)s' is longer than %(max)d characters.")
                       % {"value": value, "max": MAX_SKU_LENGTH})
    return value


def asin_parse(value: str) -> str:
    if value and not ASIN.fullmatch(value.upper()):
        raise RowError(_("asin '%(value)s' is not 10 letters and digits.") % {"value": value})
    return value.upper()


def ean_parse(value: str) -> str:
    if value and not EAN.fullmatch(value):
        raise RowError(_("ean '%(value)s' is not 8 to 14 digits (a spreadsheet may have "
                         "dropped its leading zeros).") % {"value": value})
    return value


def title_parse(value: str) -> str:
    if len(value) > MAX_TITLE_LENGTH:
        raise RowError(_("title is longer than %(max)d characters.") % {"max": MAX_TITLE_LENGTH})
    return value


def on_hand_parse(value: str) -> int:
    if not value:
        raise RowError(_("on_hand is empty; give the stock on hand (0 or more)."))
    return whole_number_parse("on_hand", value)


def whole_number_parse(column: str, value: str) -> int:
    if not WHOLE_NUMBER.fullmatch(value):
        raise RowError(_("%(column)s '%(value)s' is not a whole number.")
                       % {"column": column, "value": value})
    number = int(value)
    if not 0 <= number <= MAX_INTEGER:
        raise RowError(_("%(column)s '%(value)s' must be between 0 and %(max)d.")
                       % {"column": column, "value": value, "max": MAX_INTEGER})
    return number


def cost_parse(value: str) -> Decimal:
    try:
        cost = Decimal(value)
    except InvalidOperation:
        cost = None
    if cost is None or not cost.is_finite():
        raise RowError(_("min_cost '%(value)s' is not a number like 8.25.") % {"value": value})
    if not 0 <= cost <= MAX_COST:
        raise RowError(_("min_cost '%(value)s' must be between 0 and %(max)s.")
                       % {"value": value, "max": MAX_COST})
    if cost != cost.quantize(Decimal(1).scaleb(-COST_PLACES)):
        raise RowError(_("min_cost '%(value)s' has more than %(places)d decimal places.")
                       % {"value": value, "places": COST_PLACES})
    return cost


def auto_confirm_parse(value: str) -> bool | None:
    word = value.lower()
    if not word:
        return None
    if word in TRUE_WORDS | FALSE_WORDS:
        return word in TRUE_WORDS
    raise RowError(_("auto_confirm '%(value)s' is not true or false (yes/no and 1/0 work too).")
                   % {"value": value})


def rule_parse(min_cost: str, min_inventory: str, auto_confirm: str) -> RuleValues | None:
    """No rule values leave the rule alone; one given defaults the other to 0."""
    parsed, messages = {}, []
    for name, parse, value in (("enabled", auto_confirm_parse, auto_confirm),
                               ("min_cost", cost_parse, min_cost or "0"),
                               ("min_inventory", inventory_parse, min_inventory or "0")):
        try:
            parsed[name] = parse(value)
        except RowError as error:
            messages.extend(error.args)
    if messages:
        raise RowError(*messages)
    if min_cost or min_inventory:
        return RuleValues(min_cost=parsed["min_cost"], min_inventory=parsed["min_inventory"],
                          enabled=parsed["enabled"] is not False)
    if parsed["enabled"]:
        raise RowError(_("auto_confirm is true but min_cost and min_inventory are empty; "
                         "give at least one of them (0 is fine) to write a rule."))
    return None


def inventory_parse(value: str) -> int:
    return whole_number_parse("min_inventory", value)


PARSERS: dict[str, Callable[[str], object]] = {
    "sku": sku_parse, "asin": asin_parse, "ean": ean_parse, "title": title_parse,
    "on_hand": on_hand_parse,
}
