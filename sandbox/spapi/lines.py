"""Purchase order lines as the vendor's documents refer to them: finding the line an
acknowledged, shipped or invoiced item means, and comparing quantities and costs."""

from datetime import datetime
from decimal import Decimal, InvalidOperation

from sandbox.spapi.examples import official_example_orders
from sandbox.spapi.orders import purchase_order, purchase_order_slot

CASES = "cases"


def purchase_order_find(number: str, *, now: datetime) -> dict | None:
    """The Order `number` as it stands now: a generated one of the last 30 days, or one of
    Amazon's example orders; None when Amazon would not know it."""
    slot = purchase_order_slot(number, now=now)
    if slot is not None:
        return purchase_order(slot, as_of=now)
    return official_example_orders().get(number)


def order_lines(order: dict) -> list[dict]:
    return order.get("orderDetails", {}).get("items", [])


def line_for(order: dict, item: dict) -> dict | None:
    """The order line `item` refers to: by itemSequenceNumber when it has one, else by ASIN,
    else by the vendor's product identifier."""
    for field in ("itemSequenceNumber", "amazonProductIdentifier", "vendorProductIdentifier"):
        if item.get(field) not in (None, ""):
            wanted = str(item[field])
            return next((line for line in order_lines(order) if line.get(field) == wanted), None)
    return None


def eaches(quantity: dict, line: dict) -> int:
    """`quantity` in single units; a unit of measure or case size left out is the line's."""
    ordered = line.get("orderedQuantity", {})
    unit = quantity.get("unitOfMeasure") or ordered.get("unitOfMeasure", "Eaches")
    if unit.casefold() != CASES:
        return quantity.get("amount", 0)
    same_unit = unit.casefold() == ordered.get("unitOfMeasure", "").casefold()
    size = quantity.get("unitSize") or (ordered.get("unitSize") if same_unit else None) or 1
    return quantity.get("amount", 0) * size


def ordered_eaches(line: dict) -> int:
    return eaches(line.get("orderedQuantity", {}), line)


def quantity_like_line(units: int, line: dict) -> dict:
    """`units` single units as an ItemQuantity in the line's unit when they fill whole cases,
    else in Eaches."""
    ordered = line.get("orderedQuantity", {})
    size = ordered.get("unitSize") or 1
    if ordered.get("unitOfMeasure", "").casefold() == CASES and units % size == 0:
        return {"amount": units // size, "unitOfMeasure": "Cases", "unitSize": size}
    return {"amount": units, "unitOfMeasure": "Eaches", "unitSize": 1}


def money_amount(money: dict | None) -> Decimal | None:
    if not money or "amount" not in money:
        return None
    try:
        return Decimal(str(money["amount"]))
    except InvalidOperation:
        return None


def line_label(purchase_order_number: str, item: dict) -> str:
    """How an error names a line: "Purchase order 4Z32PABC item 2"."""
    reference = (
        item.get("itemSequenceNumber")
        or item.get("amazonProductIdentifier")
        or (item.get("vendorProductIdentifier") or "?")
    )
    return f"Purchase order {purchase_order_number} item {reference}"


def business_error(code: str, message: str, details: str = "") -> dict:
    return {"code": code, "message": message, "details": details}
