"""Values in Amazon's documents, both ways: dates, numbers, units and product identifiers."""

import re
from datetime import UTC, date, datetime
from decimal import Decimal

from edi.codec.edifact_writer import Element

NUMBER = re.compile(r"-?(\d+\.?\d*|\.\d+)")
# X12 product-id qualifiers by preference when a line carries several vendor-side ids.
X12_VENDOR_IDS = ("VN", "VP", "EN", "UP", "UK", "IB")
EDIFACT_VENDOR_IDS = ("SA", "VN", "MF", "EN", "SRV", "UP", "IB")


def amount(text: str, decimal_mark: str = ".") -> Decimal:
    """A decimal number as X12 and EDIFACT write it: no exponent, no thousands separator."""
    if decimal_mark != ".":
        text = text.replace(decimal_mark, ".")
    # Plain digits with at most one point (nearly every price) skip the pattern.
    if not (text.replace(".", "", 1).isdigit() and text.isascii()) and \
            not NUMBER.fullmatch(text):
        raise ValueError(text)
    return Decimal(text)


def whole_number(text: str, decimal_mark: str = ".") -> int:
    """A count of zero or more: "12" and "12.0" are 12; "1.5" and "-1" are refused."""
    if text.isdigit():
        return int(text)
    value = amount(text, decimal_mark)
    if value < 0 or value != value.to_integral_value():
        raise ValueError(text)
    return int(value)


def moment(text: str, layout: str = "102") -> datetime:
    """A date (layout 102, CCYYMMDD) or minute (203, CCYYMMDDHHMM) as an aware UTC datetime.

    X12 dates are CCYYMMDD too. Amazon's files carry no zone; the day is taken in UTC.
    """
    pattern = {"102": "%Y%m%d", "203": "%Y%m%d%H%M"}[layout]
    if not text.isdigit() or len(text) != {"102": 8, "203": 12}[layout]:
        raise ValueError(text)
    return datetime.strptime(text, pattern).replace(tzinfo=UTC)


def day_text(day: date) -> str:
    return day.strftime("%Y%m%d")


def price_text(value: Decimal) -> str:
    """8.2500 → "8.25", 21 → "21.00", 8.1234 stays: cents at least, no padding beyond."""
    cents = value.quantize(Decimal("0.01"))
    return str(cents) if cents == value else format(value.normalize(), "f")


def x12_unit(unit_of_measure: str) -> str:
    return "CA" if unit_of_measure == "Cases" else "EA"


def x12_product_ids(amazon_product_id: str, vendor_product_id: str) -> list[str]:
    """Qualifier and id pairs for PO1/LIN/IT1: BP for the ASIN, the GTIN kind or VN otherwise."""
    pairs = ["BP", amazon_product_id] if amazon_product_id else []
    if vendor_product_id:
        pairs += [_x12_gtin_kind(vendor_product_id), vendor_product_id]
    return pairs


def _x12_gtin_kind(code: str) -> str:
    kinds = {12: "UP", 13: "EN", 14: "UK"}
    return kinds.get(len(code), "VN") if code.isascii() and code.isdigit() else "VN"


def edifact_gtin_kind(code: str) -> str:
    """EN or UP when the vendor's id is a GTIN that LIN can carry, "" otherwise."""
    if not (code.isascii() and code.isdigit()):
        return ""
    return {8: "EN", 12: "UP", 13: "EN", 14: "EN"}.get(len(code), "")


def chosen_ids(ids: dict[str, str], amazon_kinds: tuple[str, ...],
               vendor_kinds: tuple[str, ...]) -> tuple[str, str]:
    """The ASIN and the vendor's product id out of a line's ids by kind, first kind first."""
    return _first_present(ids, amazon_kinds), _first_present(ids, vendor_kinds)


def _first_present(ids: dict[str, str], kinds: tuple[str, ...]) -> str:
    for kind in kinds:
        if kind in ids:
            return ids[kind]
    return ""


def edifact_item_segments(number: str, action: str, amazon_product_id: str,
                          vendor_product_id: str) -> list[list[Element]]:
    """LIN with the GTIN when the vendor's id is one, PIA+5 with the vendor's id and the ASIN."""
    kind = edifact_gtin_kind(vendor_product_id)
    lin: list[Element] = ["LIN", number, action, [vendor_product_id, kind] if kind else ""]
    others: list[Element] = [[vendor_product_id, "SA"]] if vendor_product_id and not kind else []
    if amazon_product_id:
        others.append([amazon_product_id, "BP"])
    return [lin, ["PIA", "5", *others]] if others else [lin]
