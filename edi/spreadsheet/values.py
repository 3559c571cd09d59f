"""Cell values as Vendor Central writes them: whole numbers; amounts such as "12,50 €",
"$12.50" or "1.234,50"; dates as dd/mm/yyyy or mm/dd/yyyy (whichever the file's dates
show, else the marketplace's custom), dd.mm.yyyy, or ISO.

Excel cells arrive typed (int, float, datetime); CSV cells as text. A value that cannot be read
raises CellProblem with the sentence that follows "Row 7, column 'X': ".
"""

import re
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

MAX_QUANTITY = 2_147_483_647
MAX_AMOUNT = Decimal("99999999.9999")  # PurchaseOrderLine.net_cost: 12 digits, 4 decimals
CENT_FRACTION = Decimal("0.0001")
# Longest first: "R$" before "$".
SYMBOLS = (("R$", "BRL"), ("€", "EUR"), ("£", "GBP"), ("¥", "JPY"), ("￥", "JPY"),
           ("₹", "INR"), ("₺", "TRY"), ("zł", "PLN"), ("kr", "SEK"), ("$", ""))
DOLLAR_CURRENCIES = {"USD", "CAD", "AUD", "MXN"}
CURRENCY_CODE = re.compile(r"\b([A-Z]{3})\b")
NUMBER = re.compile(r"-?\d[\d.,]*")
ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?")
LOCAL_DATE = re.compile(r"(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?: .*)?")


class CellProblem(ValueError):
    pass


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date().isoformat()
    return str(value).strip()


def whole_number(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        text = re.sub(r"\s", "", cell_text(value))
        if not text.isdigit() or not text.isascii():
            raise CellProblem(_("'%(value)s' is not a whole number.")
                              % {"value": cell_text(value)})
        number = int(text)
    if not 0 <= number <= MAX_QUANTITY:
        raise CellProblem(_("'%(value)s' is not a whole number from 0 to %(max)d.")
                          % {"value": cell_text(value), "max": MAX_QUANTITY})
    return number


def _currency(text: str, default: str) -> tuple[str, str]:
    """The currency the text names (else `default`) and the text without it."""
    for symbol, code in SYMBOLS:
        if symbol in text:
            dollar = default if default in DOLLAR_CURRENCIES else "USD"
            return code or dollar, text.replace(symbol, "")
    match = CURRENCY_CODE.search(text)
    if match:
        return match.group(1), text.replace(match.group(1), "")
    return default, text


def _decimal_point(number: str, decimal_comma: bool) -> str:
    """'1.234,50' → '1234.50'. A lone separator followed by exactly three digits is read the
    locale's way ('1.234' is 1234 in German and Italian files, 1.234 in English ones)."""
    if "," in number and "." in number:
        decimal = "," if number.rfind(",") > number.rfind(".") else "."
    elif "," in number or "." in number:
        separator = "," if "," in number else "."
        other = "." if separator == "," else ","
        if number.count(separator) > 1:
            decimal = other
        elif len(number.rsplit(separator, 1)[1]) == 3:
            decimal = separator if (separator == ",") == decimal_comma else other
        else:
            decimal = separator
    else:
        return number
    thousands = "." if decimal == "," else ","
    return number.replace(thousands, "").replace(decimal, ".")


def amount(value: object, *, default_currency: str, decimal_comma: bool) -> tuple[Decimal, str]:
    """The amount and its currency (from the symbol or code in the cell, else the default)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        currency, number = default_currency, Decimal(str(value))
    else:
        currency, rest = _currency(cell_text(value), default_currency)
        digits = re.sub(r"[\s']", "", rest)
        number = None
        if NUMBER.fullmatch(digits):
            try:
                number = Decimal(_decimal_point(digits, decimal_comma))
            except InvalidOperation:
                number = None
        if number is None:
            raise CellProblem(_("'%(value)s' is not an amount such as 12.50, 12,50 € or "
                                "$1,234.50.") % {"value": cell_text(value)})
    if not 0 <= number <= MAX_AMOUNT:
        raise CellProblem(_("'%(value)s' is not an amount from 0 to %(max)s.")
                          % {"value": cell_text(value), "max": MAX_AMOUNT})
    if number.as_tuple().exponent < -4:
        number = number.quantize(CENT_FRACTION, rounding=ROUND_HALF_UP)
    return number, currency


def _local_date(text: str, day_first: bool) -> date | None:
    if match := ISO_DATE.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := LOCAL_DATE.fullmatch(text):
        first, separator, second, year = match.groups()
        first, second, year = int(first), int(second), int(year)
        # Nobody writes month.day.year: dotted dates are day first everywhere.
        day, month = (first, second) if day_first or separator == "." else (second, first)
        year += 2000 if year < 100 else 0
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def day_first_in(texts, default: bool) -> bool:
    """Whether the file writes dates day first: 13/01 says so, 01/13 says not; a file whose
    dates all fit both ways follows the marketplace's custom (`default`)."""
    day_first = month_first = False
    for text in texts:
        match = LOCAL_DATE.fullmatch(cell_text(text))
        if match and match.group(2) != ".":
            first, second = int(match.group(1)), int(match.group(3))
            day_first |= first > 12
            month_first |= second > 12
    return default if day_first == month_first else day_first


def day_start(value: object, *, day_first: bool) -> datetime:
    """The date in the cell as midnight UTC (the windows of the file are whole days)."""
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    else:
        day = _local_date(cell_text(value), day_first)
    if day is None:
        example = "31/12/2026" if day_first else "12/31/2026"
        raise CellProblem(_("'%(value)s' is not a date such as %(example)s or 2026-12-31.")
                          % {"value": cell_text(value), "example": example})
    return datetime(day.year, day.month, day.day, tzinfo=UTC)
