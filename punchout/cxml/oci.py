"""OCI (SAP Open Catalog Interface 4.0/5.0): the form call that opens a supplier's catalog, and
the cart the catalog posts back to our HOOK_URL as `NEW_ITEM-<FIELD>[n]` fields.

The cart comes through the user's browser, so every field is checked against OCI's own rules
(1-based indexes, dot decimals, field lengths) and anything else refuses the whole cart.
"""

import re
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from punchout.cxml.cart import CART_LINES_MAX, description_join
from punchout.cxml.parsing import CxmlRejected
from punchout.cxml.values import Item

ITEM_FIELD = re.compile(r"NEW_ITEM-([A-Z0-9_]+)\[(\d{1,12})\]")
LONG_TEXT_FIELD = re.compile(r"NEW_ITEM-LONGTEXT_(\d{1,12}):132\[\]")
# OCI 5.0 field lengths; fields we do not read are still bounded.
FIELD_LENGTHS = {
    "DESCRIPTION": 40, "MATNR": 40, "QUANTITY": 15, "UNIT": 3, "PRICE": 15, "PRICEUNIT": 9,
    "CURRENCY": 5, "LEADTIME": 5, "VENDOR": 10, "VENDORMAT": 40, "MANUFACTCODE": 10,
    "MANUFACTMAT": 40, "MATGROUP": 10, "SERVICE": 1, "CONTRACT": 10, "CONTRACT_ITEM": 5,
    "EXT_QUOTE_ID": 35, "EXT_QUOTE_ITEM": 10, "EXT_PRODUCT_ID": 40, "ATTACHMENT": 255,
    "ATTACHMENT_TITLE": 255, "ATTACHMENT_PURPOSE": 1, "EXT_SCHEMA_TYPE": 10,
    "EXT_CATEGORY_ID": 60, "EXT_CATEGORY": 40, "SLD_SYS_NAME": 60, "CUST_FIELD1": 10,
    "CUST_FIELD2": 10, "CUST_FIELD3": 10, "CUST_FIELD4": 20, "CUST_FIELD5": 50,
}
OTHER_FIELD_LENGTH = 255
LONG_TEXT_LENGTH = 10_000
QUANTITY = re.compile(r"\d{1,11}(\.\d{1,3})?")
PRICE = re.compile(r"\d{1,14}(\.\d{1,6})?")
CURRENCY = re.compile(r"[A-Z]{3}")
UNIT = re.compile(r"[A-Z0-9]{1,3}")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
PRICE_PLACES = Decimal("0.0001")


def oci_setup_fields(*, username: str, password: str, hook_url: str,
                     extra: dict[str, str]) -> dict[str, str]:
    """The fields of the form that opens the catalog. `~OkCode=ADDI` asks for a cart back,
    `~TARGET`/`returntarget` for the cart to come back in the whole window."""
    login = {name: value for name, value in (("USERNAME", username), ("PASSWORD", password))
             if value}
    return {**login, **{name: str(value) for name, value in extra.items()},
            "HOOK_URL": hook_url, "~OkCode": "ADDI", "~TARGET": "_top", "~CALLER": "CTLG",
            "returntarget": "_top"}


def _refuse(message: str) -> CxmlRejected:
    return CxmlRejected(message, status_code=400)


def _line_number(index: str) -> int:
    number = int(index)
    if number < 1:
        raise _refuse(f"The cart has a line {number}; OCI numbers lines from 1.")
    if number > CART_LINES_MAX:
        raise _refuse(f"The cart has a line {number:,}; at most {CART_LINES_MAX} lines are "
                      "accepted.")
    return number


def _value(fields: Mapping[str, str], name: str, limit: int) -> str:
    # A QueryDict keeps every value of a repeated field: which one the catalog meant is unknown.
    getlist = getattr(fields, "getlist", None)
    if getlist is not None and len(getlist(name)) > 1:
        raise _refuse(f"The field {name} is sent more than once.")
    value = fields[name]
    if CONTROL_CHARACTERS.search(value):
        raise _refuse(f"The field {name} holds control characters.")
    if len(value) > limit:
        raise _refuse(f"The field {name} is {len(value):,} characters long; OCI allows "
                      f"{limit}.")
    return value.strip()


def _lines_collect(fields: Mapping[str, str]) -> tuple[dict[int, dict[str, str]],
                                                         dict[int, str]]:
    """Every NEW_ITEM field by line number, and the long texts; other fields (the catalog's
    own, a smuggled HOOK_URL) are no part of the cart and are left alone."""
    lines: dict[int, dict[str, str]] = {}
    long_texts: dict[int, str] = {}
    for name in fields:
        if match := LONG_TEXT_FIELD.fullmatch(name):
            long_texts[_line_number(match[1])] = _value(fields, name, LONG_TEXT_LENGTH)
        elif match := ITEM_FIELD.fullmatch(name):
            limit = FIELD_LENGTHS.get(match[1], OTHER_FIELD_LENGTH)
            lines.setdefault(_line_number(match[2]), {})[match[1]] = _value(fields, name, limit)
        elif name.startswith("NEW_ITEM-"):
            raise _refuse(f"The field {name!r} is not an OCI cart field.")
    if unknown := sorted(set(long_texts) - set(lines)):
        raise _refuse(f"The cart has a long text for line {unknown[0]} but no such line.")
    return lines, long_texts


def _number(value: str, field: str, pattern: re.Pattern, number: int) -> Decimal:
    if not pattern.fullmatch(value):
        raise _refuse(f"Line {number}: {field} {value!r} is not a number as OCI writes them "
                      "(digits, a dot for decimals, no sign or thousands separator).")
    return Decimal(value)


def _item_read(number: int, line: dict[str, str], long_text: str) -> Item:
    quantity = _number(line.get("QUANTITY", ""), "QUANTITY", QUANTITY, number)
    price = _number(line.get("PRICE", ""), "PRICE", PRICE, number)
    price_unit = _number(line.get("PRICEUNIT") or "1", "PRICEUNIT", PRICE, number)
    if price_unit <= 0:
        raise _refuse(f"Line {number}: PRICEUNIT must be above zero.")
    currency, unit = line.get("CURRENCY", "").upper(), line.get("UNIT", "").upper()
    if not CURRENCY.fullmatch(currency):
        raise _refuse(f"Line {number}: the currency {currency!r} is not an ISO 4217 code.")
    if not UNIT.fullmatch(unit):
        raise _refuse(f"Line {number}: the unit {unit!r} is not an ISO unit code such as PCE.")
    part_id = line.get("VENDORMAT") or line.get("EXT_PRODUCT_ID", "")
    if not part_id:
        raise _refuse(f"Line {number} has no supplier part number (VENDORMAT or "
                      "EXT_PRODUCT_ID).")
    short = line.get("DESCRIPTION") or line.get("MATNR", "")
    if not short:
        raise _refuse(f"Line {number} has no description.")
    return Item(
        supplier_part_id=part_id, supplier_part_auxiliary_id=line.get("EXT_PRODUCT_ID", ""),
        quantity=quantity, currency=currency, unit_of_measure=unit,
        # PRICE is per PRICEUNIT pieces (a price per 100 screws): we keep the price of one.
        unit_price=(price / price_unit).quantize(PRICE_PLACES, rounding=ROUND_HALF_UP),
        description=description_join(short, " ".join(long_text.split())),
        unspsc=line.get("MATGROUP", ""), line_number=number)


def oci_cart_read(fields: Mapping[str, str]) -> tuple[Item, ...]:
    """The cart an OCI catalog posted to HOOK_URL, line by line in line-number order."""
    lines, long_texts = _lines_collect(fields)
    return tuple(_item_read(number, lines[number], long_texts.get(number, ""))
                 for number in sorted(lines))
