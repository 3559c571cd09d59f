"""Amazon's vendor-order JSON → plain data (no database). Errors name the PO and the item."""

from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from django.utils.dateparse import parse_datetime
from django.utils.timezone import is_naive, make_aware

from orders.parsed import OrderDataError, ParsedAddress, ParsedLine, ParsedOrder


def parse_moment(value: str | None, where: str) -> datetime | None:
    if not value:
        return None
    moment = parse_datetime(value)
    if moment is None:
        raise OrderDataError(f"{where}: '{value}' is not an ISO 8601 date and time.")
    return make_aware(moment, UTC) if is_naive(moment) else moment


def parse_window(value: str | None, where: str) -> tuple[datetime | None, datetime | None]:
    if not value:
        return (None, None)
    start, sep, end = value.partition("--")
    if not sep:
        raise OrderDataError(f"{where}: '{value}' is not a 'start--end' window.")
    return (parse_moment(start, where), parse_moment(end, where))


def parse_money(money: dict | None, where: str) -> tuple[Decimal | None, str]:
    if not money or money.get("amount") in (None, ""):
        return (None, (money or {}).get("currencyCode", ""))
    try:
        return (Decimal(str(money["amount"])), money.get("currencyCode", ""))
    except InvalidOperation as exc:
        raise OrderDataError(f"{where}: amount '{money['amount']}' is not a number.") from exc


def parse_unit(quantity: dict) -> tuple[str, int]:
    # Amazon's own sandbox sends "CASES" although the model says "Cases".
    unit = "Cases" if str(quantity.get("unitOfMeasure", "")).lower() == "cases" else "Eaches"
    size = int(quantity.get("unitSize") or 1) if unit == "Cases" else 1
    return unit, size


def parse_line(item: dict, po_number: str) -> ParsedLine:
    where = f"PO {po_number} item {item.get('itemSequenceNumber', '?')}"
    quantity = item.get("orderedQuantity") or {}
    if not isinstance(quantity.get("amount"), int) or quantity["amount"] < 0:
        raise OrderDataError(f"{where}: ordered quantity {quantity.get('amount')!r} is not a "
                             "whole number of zero or more.")
    unit, size = parse_unit(quantity)
    net_cost, currency = parse_money(item.get("netCost"), f"{where} netCost")
    list_price, list_currency = parse_money(item.get("listPrice"), f"{where} listPrice")
    return ParsedLine(
        item_sequence=str(item.get("itemSequenceNumber", "")),
        amazon_product_id=item.get("amazonProductIdentifier", "") or "",
        vendor_product_id=item.get("vendorProductIdentifier", "") or "",
        ordered_quantity=quantity["amount"], unit_of_measure=unit, unit_size=size,
        is_backorder_allowed=bool(item.get("isBackOrderAllowed")),
        net_cost=net_cost, list_price=list_price, currency=currency or list_currency)


def parse_party(party: dict | None) -> ParsedAddress | None:
    if not party or not party.get("partyId"):
        return None
    address = party.get("address") or {}
    return ParsedAddress(
        party_id=party["partyId"], name=address.get("name", ""),
        address_line1=address.get("addressLine1", ""),
        address_line2=address.get("addressLine2", ""), city=address.get("city", ""),
        state_or_region=address.get("stateOrRegion", ""),
        postal_code=address.get("postalCode", ""),
        country_code=address.get("countryCode", ""), phone=address.get("phone", ""))


def parse_order(order: dict) -> ParsedOrder:
    po_number = order.get("purchaseOrderNumber") or ""
    if not po_number:
        raise OrderDataError("An order has no purchaseOrderNumber.")
    details = order.get("orderDetails")
    if not details:
        return ParsedOrder(po_number, order.get("purchaseOrderState", ""), has_details=False)
    where = f"PO {po_number}"
    return ParsedOrder(
        po_number=po_number, amazon_state=order.get("purchaseOrderState", ""), has_details=True,
        order_type=details.get("purchaseOrderType", ""),
        ordered_at=parse_moment(details.get("purchaseOrderDate"), f"{where} purchaseOrderDate"),
        changed_at=parse_moment(details.get("purchaseOrderChangedDate"), f"{where} changed date"),
        ship_window=parse_window(details.get("shipWindow"), f"{where} shipWindow"),
        delivery_window=parse_window(details.get("deliveryWindow"), f"{where} deliveryWindow"),
        selling_party_id=(details.get("sellingParty") or {}).get("partyId", ""),
        buying_party_id=(details.get("buyingParty") or {}).get("partyId", ""),
        ship_to=parse_party(details.get("shipToParty")),
        lines=[parse_line(item, po_number) for item in details.get("items") or []])
