"""Generated purchase orders: one per 15-minute slot, each a pure function of its slot's start
and of the moment it is looked at.

Nothing is stored. The same window of time always yields the same orders, new orders "arrive"
as the clock passes each slot, and some change or lose an item a while later by the rule in
sandbox.spapi.changes (every 7th slot's item 1 quantity an hour after creation, every 11th
slot's last item cancelled two hours after), which is all a poller needs to be exercised end to
end.
"""

import hashlib
import random
import string
from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal

from sandbox.catalog import DEMO_CATALOG, DEMO_VENDOR_CODE, DemoProduct
from sandbox.spapi.changes import changes_made, items_changed
from sandbox.spapi.params import iso_datetime
from sandbox.spapi.parties import FULFILLMENT_CENTERS, FulfillmentCenter
from sandbox.spapi.slots import slot_starts

# getPurchaseOrder finds an order by scanning slots back this far (~2,900 hashes, a few ms).
LOOKUP_HORIZON = timedelta(days=30)

ALPHANUMERICS = string.digits + string.ascii_uppercase
PURCHASE_ORDER_NUMBER_LENGTH = 8
# Catalogue ASINs start B0C/B0D and EANs 0850031, so these prefixes can never match one.
UNKNOWN_ASIN_PREFIX = "B08"
UNKNOWN_EAN_PREFIX = "20"

UNKNOWN_IDENTIFIER_RATE = 0.1
CASES_RATE = 0.25
BACKORDER_ALLOWED_RATE = 0.3


def purchase_order_number(slot: datetime) -> str:
    value = int.from_bytes(_slot_digest(slot)[:8], "big")
    characters = []
    for _ in range(PURCHASE_ORDER_NUMBER_LENGTH):
        value, digit = divmod(value, len(ALPHANUMERICS))
        characters.append(ALPHANUMERICS[digit])
    return "".join(characters)


def purchase_order_slot(number: str, *, now: datetime) -> datetime | None:
    """The slot whose order carries `number`, among the slots of the last LOOKUP_HORIZON."""
    recent = slot_starts(created_after=now - LOOKUP_HORIZON, created_before=now)
    return next((slot for slot in recent if purchase_order_number(slot) == number), None)


def purchase_order_summary(slot: datetime) -> dict:
    """The order as getPurchaseOrders answers it with includeDetails=false."""
    return {"purchaseOrderNumber": purchase_order_number(slot), "purchaseOrderState": "New"}


def purchase_order(slot: datetime, *, as_of: datetime) -> dict:
    """The full Order (model definition `Order`) created at `slot`, as it stands at `as_of`."""
    order = original_purchase_order(slot)
    changes = changes_made(slot, as_of=as_of)
    if changes:
        details = order["orderDetails"]
        details["items"], _ = items_changed(details["items"], changes)
        details["purchaseOrderChangedDate"] = iso_datetime(changes[-1].at)
    return order


def ordered_quantity_history(
    slot: datetime, *, as_of: datetime
) -> dict[str, list[tuple[datetime, int]]]:
    """Per itemSequenceNumber, the (moment, quantity delta) of each change Amazon made."""
    items = original_purchase_order(slot)["orderDetails"]["items"]
    return items_changed(items, changes_made(slot, as_of=as_of))[1]


def original_purchase_order(slot: datetime) -> dict:
    """The Order as Amazon placed it at `slot`, before any change."""
    choices = random.Random(_slot_digest(slot))
    center = choices.choice(FULFILLMENT_CENTERS)
    return {
        **purchase_order_summary(slot),
        "orderDetails": _order_details(slot, center, choices),
    }


def gtin_check_digit(digits: str) -> str:
    """GS1 check digit for the GTIN whose other digits are `digits`."""
    weighted = sum(
        int(digit) * (3 if position % 2 == 0 else 1)
        for position, digit in enumerate(reversed(digits))
    )
    return str(-weighted % 10)


def _slot_digest(slot: datetime) -> bytes:
    return hashlib.sha256(f"sandbox-spapi-order:{slot.timestamp():.0f}".encode()).digest()


def _order_details(slot: datetime, center: FulfillmentCenter, choices: random.Random) -> dict:
    created = iso_datetime(slot)
    ship_start = (slot + timedelta(days=1)).replace(hour=7, minute=0, second=0)
    ship_end = ship_start + timedelta(days=choices.randint(3, 7))
    delivery_delay = timedelta(days=3)
    return {
        "purchaseOrderDate": created,
        "purchaseOrderStateChangedDate": created,
        "purchaseOrderType": "RegularOrder",
        "paymentMethod": "Invoice",
        "buyingParty": {"partyId": center.party.party_id},
        "sellingParty": {"partyId": DEMO_VENDOR_CODE},
        "shipToParty": center.party.identification(),
        "billToParty": center.bill_to.identification(),
        "shipWindow": _interval(ship_start, ship_end),
        "deliveryWindow": _interval(ship_start + delivery_delay, ship_end + delivery_delay),
        "items": _order_items(center.currency, choices),
    }


def _order_items(currency: str, choices: random.Random) -> list[dict]:
    products = choices.sample(DEMO_CATALOG, k=choices.randint(1, 4))
    # Lets the demo show lines the vendor cannot map, which it must reject as
    # InvalidProductIdentifier.
    if choices.random() < UNKNOWN_IDENTIFIER_RATE:
        products[0] = _with_unknown_identifiers(products[0], choices)
    return [
        _order_item(sequence, product, currency, choices)
        for sequence, product in enumerate(products, start=1)
    ]


def _order_item(sequence: int, product: DemoProduct, currency: str, choices: random.Random) -> dict:
    return {
        "itemSequenceNumber": str(sequence),
        "amazonProductIdentifier": product.asin,
        "vendorProductIdentifier": product.ean,
        "orderedQuantity": _ordered_quantity(product, choices),
        "isBackOrderAllowed": choices.random() < BACKORDER_ALLOWED_RATE,
        "netCost": _money(product.net_cost, currency),
        "listPrice": _money(product.list_price, currency),
    }


def _ordered_quantity(product: DemoProduct, choices: random.Random) -> dict:
    if choices.random() < CASES_RATE:
        cases = choices.randint(1, 10)
        return {"amount": cases, "unitOfMeasure": "Cases", "unitSize": product.case_size}
    return {"amount": choices.randint(1, 60), "unitOfMeasure": "Eaches", "unitSize": 1}


def _with_unknown_identifiers(product: DemoProduct, choices: random.Random) -> DemoProduct:
    asin_tail = "".join(choices.choices(ALPHANUMERICS, k=10 - len(UNKNOWN_ASIN_PREFIX)))
    ean_body = UNKNOWN_EAN_PREFIX + "".join(choices.choices(string.digits, k=10))
    return replace(
        product, asin=UNKNOWN_ASIN_PREFIX + asin_tail, ean=ean_body + gtin_check_digit(ean_body)
    )


def _money(amount: Decimal, currency: str) -> dict:
    # The model's Decimal is a JSON string, never a number, so that no cent is lost to floats.
    return {"amount": str(amount), "currencyCode": currency}


def _interval(start: datetime, end: datetime) -> str:
    return f"{iso_datetime(start)}--{iso_datetime(end)}"
