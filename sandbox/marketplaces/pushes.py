"""What the simulated marketplaces hold, in this process's memory: the buyers' orders (a few
demo orders, plus any added through `_control/marketplaces/orders`) and the tracking pushes
they have accepted.

Module state behind a lock, like sandbox.distributors.state: the live server's threads write
while the test reads. An order's shipping status is not stored: it is read from the accepted
pushes, so `pushes_reset()` reopens every order and `orders_reset()` also forgets the added
orders and seeds the demo orders afresh (their dates relative to now).
"""

import itertools
import threading
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from sandbox.catalog import DEMO_CATALOG
from sandbox.distributors.control import control_refusal, control_spec

EBAY, AMAZON, SHOPIFY = "ebay", "amazon", "shopify"
MARKETPLACES = (EBAY, AMAZON, SHOPIFY)
# The powersports SKUs that the demo's distributors carry (config.demo_feeds), with the
# made-up ASINs the demo lists them under on Amazon.
POWERSPORTS = {"HF-HF204": ("Hiflofiltro oil filter HF204", "B0SBXHF204"),
               "NGK-CR9E": ("NGK spark plug CR9E", "B0SBXCR9E0"),
               "EBC-FA196HH": ("EBC sintered brake pads FA196HH", "B0SBXFA196")}
COOKWARE = {product.sku: (product.title, product.asin) for product in DEMO_CATALOG}
ADDRESS_FIELDS = ("name", "address1", "address2", "city", "state", "postal_code", "country",
                  "phone", "email")


@dataclass(frozen=True)
class TrackingPush:
    marketplace: str
    order_id: str
    # eBay's fulfillmentId, Amazon's packageReferenceId (resending one edits that package), or
    # the GID of Shopify's fulfillment.
    reference: str
    body: dict
    received_at: datetime


@dataclass(frozen=True)
class OrderLine:
    line_id: str  # eBay's lineItemId, Amazon's OrderItemId, Shopify's line item GID
    sku: str
    title: str
    quantity: int
    unit_price: Decimal
    currency: str = "USD"
    asin: str = ""


@dataclass(frozen=True)
class BuyerOrder:
    marketplace: str
    order_id: str
    created_at: datetime
    ship_to: dict  # the ADDRESS_FIELDS
    lines: tuple[OrderLine, ...]
    fulfillment_channel: str = "MFN"  # Amazon's: MFN (the seller ships) or AFN (Amazon does)


_pushes: list[TrackingPush] = []
_orders: list[BuyerOrder] | None = None  # None until first use: seeded then, dated from then
_numbers = itertools.count(1)
# Reentrant: push_accept checks the order and records the push under one hold.
_lock = threading.RLock()


def push_record(marketplace: str, order_id: str, reference: str, body: dict) -> TrackingPush:
    """Keep an accepted push; one with the same marketplace, order and reference replaces it."""
    push = TrackingPush(marketplace, order_id, reference, body, timezone.now())
    with _lock:
        _pushes[:] = [kept for kept in _pushes
                      if (kept.marketplace, kept.order_id, kept.reference)
                      != (marketplace, order_id, reference)]
        _pushes.append(push)
    return push


def push_accept(marketplace: str, order_id: str, reference: str, body: dict) -> str:
    """Record the push unless it names a line the order lacks or ships more than is left;
    returns what is wrong ("" when recorded). Checked and recorded under one hold, so two
    concurrent pushes cannot both ship the last unit."""
    with _lock:
        order = order_find(marketplace, order_id)
        left = quantities_left(order, excluding_reference=reference) if order else {}
        for line_id, quantity in pushed_lines(marketplace, body):
            if line_id not in left:
                return f"Line item {line_id} is not part of order {order_id}."
            if quantity > left[line_id]:
                return (f"Line item {line_id} has {left[line_id]} unit(s) left to ship; "
                        f"this package ships {quantity}.")
            left[line_id] -= quantity
        push_record(marketplace, order_id, reference, body)
    return ""


def pushes_received(marketplace: str = "", order_id: str = "") -> list[TrackingPush]:
    """The accepted pushes, oldest first, optionally of one marketplace and order."""
    with _lock:
        return [push for push in _pushes
                if marketplace in ("", push.marketplace) and order_id in ("", push.order_id)]


def push_find(marketplace: str, reference: str) -> TrackingPush | None:
    with _lock:
        return next((push for push in _pushes
                     if push.marketplace == marketplace and push.reference == reference), None)


def pushes_reset() -> None:
    with _lock:
        _pushes.clear()


def pushed_lines(marketplace: str, body: dict) -> list[tuple[str, int]]:
    """(line id, quantity) of each line a validated push ships."""
    if marketplace == EBAY:  # eBay's quantity is optional; one unit when left out
        return [(str(line["lineItemId"]), line.get("quantity", 1)) for line in body["lineItems"]]
    if marketplace == SHOPIFY:  # a FulfillmentInput, its line items spelled out
        return [(shopify_line_item_id(item["id"]), item["quantity"])
                for group in body["lineItemsByFulfillmentOrder"]
                for item in group["fulfillmentOrderLineItems"]]
    return [(str(item["orderItemId"]), item["quantity"])
            for item in body["packageDetail"]["orderItems"]]


def shopify_line_item_id(fulfillment_order_line_item_id: str) -> str:
    """The line item a simulated fulfillment order line item holds: the simulated shop has one
    location, so each order has one fulfillment order and each line item one fulfillment order
    line item, of the same number."""
    return str(fulfillment_order_line_item_id).replace("/FulfillmentOrderLineItem/",
                                                       "/LineItem/", 1)


def shopify_fulfillment_order_line_item_id(line_item_id: str) -> str:
    return line_item_id.replace("/LineItem/", "/FulfillmentOrderLineItem/", 1)


def shopify_fulfillment_order_id(order_id: str) -> str:
    return order_id.replace("/Order/", "/FulfillmentOrder/", 1)


def orders_reset() -> None:
    """Forget the added orders and the pushes; the demo orders come back, dated from now."""
    global _orders, _numbers
    with _lock:
        _orders, _numbers = None, itertools.count(1)
        _pushes.clear()


def orders_listed(marketplace: str) -> list[BuyerOrder]:
    """The marketplace's orders, oldest first."""
    with _lock:
        return sorted((order for order in _orders_now() if order.marketplace == marketplace),
                      key=lambda order: order.created_at)


def order_find(marketplace: str, order_id: str) -> BuyerOrder | None:
    with _lock:
        return next((order for order in _orders_now()
                     if (order.marketplace, order.order_id) == (marketplace, order_id)), None)


def order_add(marketplace: str, *, ship_to: dict, lines: list[dict], order_id: str = "",
              created_at: datetime | None = None, fulfillment_channel: str = "MFN") -> BuyerOrder:
    """Add a buyer's order; ids left out are made up in the marketplace's format. Raises
    ValueError with the reason when the order is not one the marketplace could hold."""
    if marketplace not in MARKETPLACES:
        raise ValueError(f"Unknown marketplace {marketplace!r}; use one of: "
                         f"{', '.join(MARKETPLACES)}.")
    if not lines:
        raise ValueError("An order needs at least one line.")
    if fulfillment_channel not in ("MFN", "AFN"):
        raise ValueError("fulfillment_channel is MFN (the seller ships) or AFN (Amazon does).")
    with _lock:
        order = BuyerOrder(
            marketplace, order_id or _order_id(marketplace), created_at or timezone.now(),
            _address(ship_to), tuple(_line(marketplace, line) for line in lines),
            fulfillment_channel)
        if order_find(marketplace, order.order_id):
            raise ValueError(f"Order {order.order_id} already exists.")
        _orders_now().append(order)
    return order


def quantities_left(order: BuyerOrder, *, excluding_reference: str = "") -> dict[str, int]:
    """Units still to ship per line id; a package being resent does not count."""
    left = {line.line_id: line.quantity for line in order.lines}
    for push in pushes_received(order.marketplace, order.order_id):
        if push.reference != excluding_reference:
            for line_id, quantity in pushed_lines(order.marketplace, push.body):
                left[line_id] = left.get(line_id, 0) - quantity
    return left


def order_status(order: BuyerOrder) -> str:
    """The order's status in its marketplace's words."""
    left = quantities_left(order)
    shipped_any = any(left[line.line_id] < line.quantity for line in order.lines)
    shipped_all = all(quantity <= 0 for quantity in left.values())
    if order.marketplace == EBAY:
        return "FULFILLED" if shipped_all else "IN_PROGRESS" if shipped_any else "NOT_STARTED"
    if order.marketplace == SHOPIFY:  # its displayFulfillmentStatus
        return ("FULFILLED" if shipped_all else "PARTIALLY_FULFILLED" if shipped_any
                else "UNFULFILLED")
    return "Shipped" if shipped_all else "PartiallyShipped" if shipped_any else "Unshipped"


def _orders_now() -> list[BuyerOrder]:
    global _orders
    if _orders is None:
        _orders = _demo_orders(timezone.now())
    return _orders


def _order_id(marketplace: str) -> str:
    number = next(_numbers)
    if marketplace == EBAY:
        return f"27-{10000 + number:05d}-{20000 + number:05d}"
    if marketplace == SHOPIFY:
        return f"gid://shopify/Order/{6200000000000 + number}"
    return f"113-{1000000 + number:07d}-{2000000 + number:07d}"


def _line(marketplace: str, spec: dict) -> OrderLine:
    sku = str(spec.get("sku") or "").strip()
    if not sku:
        raise ValueError("Each line needs its sku.")
    title, asin = POWERSPORTS.get(sku) or COOKWARE.get(sku) or (sku, "")
    try:
        quantity, price = int(spec.get("quantity", 1)), Decimal(str(spec.get("unit_price", "")))
    except (ValueError, TypeError, InvalidOperation) as invalid:
        raise ValueError(f"Line {sku}: quantity must be a whole number and unit_price a "
                         "decimal, e.g. 9.95.") from invalid
    if quantity < 1 or price <= 0:
        raise ValueError(f"Line {sku}: quantity and unit_price must be positive.")
    line_id = str(spec.get("line_id") or _line_id(marketplace, next(_numbers)))
    return OrderLine(line_id, sku, str(spec.get("title") or title), quantity, price,
                     str(spec.get("currency") or "USD"), str(spec.get("asin") or asin))


def _line_id(marketplace: str, number: int) -> str:
    if marketplace == SHOPIFY:
        return f"gid://shopify/LineItem/{16000000000000 + number}"
    return str((20000000000000 if marketplace == EBAY else 40000000000000) + number)


def _address(spec: dict) -> dict:
    if not isinstance(spec, dict) or not spec.get("name") or not spec.get("address1"):
        raise ValueError("ship_to needs at least name and address1.")
    return {name: str(spec.get(name) or "") for name in ADDRESS_FIELDS} | {
        "country": str(spec.get("country") or "US")}


def _demo_orders(now: datetime) -> list[BuyerOrder]:
    """A few open orders on each marketplace: the powersports SKUs the demo's distributors
    carry, one cookware SKU, US buyers. The first id of each marketplace is the one the
    tracking-upload examples use."""
    def hours_ago(hours: int) -> datetime:
        return now - timedelta(hours=hours)

    return [
        BuyerOrder(EBAY, "12-34567-89012", hours_ago(5), _DALE, (
            _demo_line("10000000000000", "HF-HF204", 2, "9.95"),
            _demo_line("10000000000001", "NGK-CR9E", 4, "3.49"))),
        BuyerOrder(EBAY, "12-34567-89013", hours_ago(3), _MARISOL, (
            _demo_line("10000000000002", "EBC-FA196HH", 1, "42.50"),)),
        BuyerOrder(EBAY, "12-34567-89014", hours_ago(1), _PRIYA, (
            _demo_line("10000000000003", "AE-CI-SKL10", 1, "34.99"),)),
        BuyerOrder(AMAZON, "902-3159896-1390916", hours_ago(6), _TREVOR, (
            _demo_line("12345678901234", "NGK-CR9E", 2, "3.99"),
            _demo_line("12345678901235", "HF-HF204", 1, "10.49"))),
        BuyerOrder(AMAZON, "902-3159896-1390917", hours_ago(4), _MARISOL, (
            _demo_line("12345678901236", "EBC-FA196HH", 1, "44.95"),)),
        BuyerOrder(AMAZON, "114-2233445-6677889", hours_ago(2), _PRIYA, (
            _demo_line("12345678901237", "AE-CI-DO5Q", 1, "64.99"),)),
        # Fulfilled by Amazon: never in the merchant-fulfilled listing, never confirmable.
        BuyerOrder(AMAZON, "114-9988776-5544332", hours_ago(2), _DALE, (
            _demo_line("12345678901238", "AE-UT-ACA5", 1, "19.99"),), fulfillment_channel="AFN"),
        # Shopify's ids are GIDs; the second buyer left no e-mail, so is not notified.
        BuyerOrder(SHOPIFY, "gid://shopify/Order/6100000000001", hours_ago(7), _MARISOL, (
            _demo_line("gid://shopify/LineItem/15000000000001", "HF-HF204", 2, "10.95"),
            _demo_line("gid://shopify/LineItem/15000000000002", "NGK-CR9E", 4, "3.79"))),
        BuyerOrder(SHOPIFY, "gid://shopify/Order/6100000000002", hours_ago(3), _TREVOR, (
            _demo_line("gid://shopify/LineItem/15000000000003", "NGK-CR9E", 1, "3.79"),)),
    ]


def _demo_line(line_id: str, sku: str, quantity: int, price: str) -> OrderLine:
    title, asin = POWERSPORTS.get(sku) or COOKWARE[sku]
    return OrderLine(line_id, sku, title, quantity, Decimal(price), "USD", asin)


def _us_buyer(name: str, address1: str, address2: str, city: str, state: str, postal_code: str,
              phone: str, email: str) -> dict:
    return {"name": name, "address1": address1, "address2": address2, "city": city,
            "state": state, "postal_code": postal_code, "country": "US", "phone": phone,
            "email": email}


_DALE = _us_buyer("Dale Whitaker", "4820 W Ridgecrest Rd", "", "Boise", "ID", "83706",
                  "208-555-0143", "dale.whitaker@example.com")
_MARISOL = _us_buyer("Marisol Ortega", "1190 Canyon View Dr", "Apt 12", "Flagstaff", "AZ",
                     "86001", "928-555-0117", "m.ortega@example.com")
_PRIYA = _us_buyer("Priya Raman", "77 Orchard Hill Ln", "", "Burlington", "VT", "05401",
                   "802-555-0190", "priya.raman@example.com")
_TREVOR = _us_buyer("Trevor Banks", "315 Lakeshore Blvd", "Unit B", "Duluth", "MN", "55802",
                    "218-555-0166", "")


def order_described(order: BuyerOrder) -> dict:
    left = quantities_left(order)
    return {**asdict(order), "created_at": order.created_at.isoformat(),
            "status": order_status(order),
            "lines": [{**asdict(line), "unit_price": str(line.unit_price),
                       "left_to_ship": left[line.line_id]} for line in order.lines]}


@csrf_exempt
@require_http_methods(["GET", "DELETE"])
def pushes(request: HttpRequest) -> JsonResponse:
    """GET lists the accepted pushes (?marketplace=ebay|amazon|shopify, ?order_id=); DELETE
    forgets them. Needs `X-Sandbox-Control: 1`."""
    refusal = control_refusal(request)
    if refusal:
        return refusal
    if request.method == "DELETE":
        count = len(pushes_received())
        pushes_reset()
        return JsonResponse({"deleted": count})
    found = pushes_received(request.GET.get("marketplace", ""), request.GET.get("order_id", ""))
    return JsonResponse({"pushes": [
        {**asdict(push), "received_at": push.received_at.isoformat()} for push in found]})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def orders(request: HttpRequest) -> JsonResponse:
    """GET lists the buyers' orders with their status (?marketplace=ebay|amazon|shopify); POST
    {"marketplace", "ship_to": {name, address1, …}, "lines": [{sku, quantity, unit_price,
    line_id?, title?}], "order_id"?, "created_at"?, "fulfillment_channel"?} adds one.
    Needs `X-Sandbox-Control: 1`."""
    refusal = control_refusal(request)
    if refusal:
        return refusal
    if request.method == "GET":
        wanted = [request.GET["marketplace"]] if request.GET.get("marketplace") else MARKETPLACES
        return JsonResponse({"orders": [order_described(order) for marketplace in wanted
                                        for order in orders_listed(marketplace)]})
    try:
        spec = control_spec(request)
        order = order_add(
            str(spec.get("marketplace", "")), ship_to=spec.get("ship_to") or {},
            lines=list(spec.get("lines") or []), order_id=str(spec.get("order_id") or ""),
            created_at=_aware(spec.get("created_at")),
            fulfillment_channel=str(spec.get("fulfillment_channel") or "MFN"))
    except (ValueError, TypeError) as invalid:
        return JsonResponse({"error": str(invalid)}, status=400)
    return JsonResponse({"order": order_described(order)}, status=201)


def _aware(value: object) -> datetime | None:
    if not value:
        return None
    moment = datetime.fromisoformat(str(value))
    if moment.tzinfo is None:
        raise ValueError("created_at needs its time zone, e.g. 2025-06-03T18:00:00Z.")
    return moment
