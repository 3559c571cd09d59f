"""eBay Sell Fulfillment API: the buyers' orders (getOrders, getOrder) and the tracking upload
(createShippingFulfillment, getShippingFulfillments, getShippingFulfillment), research §7.

GET /sell/fulfillment/v1/order?filter=creationdate:[from..to],orderfulfillmentstatus:{A|B}
pages with limit/offset and links `next`/`prev`. POST …/order/{orderId}/shipping_fulfillment
with lineItems, shippedDate, shippingCarrierCode and trackingNumber answers 201 with the new
fulfillment's URL in `Location`; once every unit of every line is shipped the order is
FULFILLED. Error bodies follow eBay's `{"errors": [{errorId, domain, category, message}]}`;
the validation errors carry no errorId because eBay's ids for them are not in the research.
"""

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from django.http import HttpRequest, HttpResponse, JsonResponse

from sandbox.distributors.gateway import Partner, bearer_token, json_body, operation
from sandbox.marketplaces.pushes import (
    EBAY,
    BuyerOrder,
    TrackingPush,
    order_find,
    order_status,
    orders_listed,
    push_accept,
    push_find,
    pushes_received,
    quantities_left,
)

EBAY_USER_TOKEN = "ebay-sandbox-user-token"
INVALID_TOKEN = {"errorId": 1001, "domain": "OAuth", "category": "REQUEST",
                 "message": "Invalid access token",
                 "longMessage": "Invalid access token. Check the value of the Authorization "
                                "HTTP request header."}
# Carrier codes as GeteBayDetails' ShippingCarrierDetails lists them for the US site: the few
# a US drop-shipper uses (the full list is eBay's and changes).
EBAY_CARRIER_CODES = frozenset({"UPS", "USPS", "FedEx", "DHL", "OnTrac", "Other"})
ORDER_STATUSES = ("NOT_STARTED", "IN_PROGRESS", "FULFILLED")
MAX_LIMIT, DEFAULT_LIMIT = 200, 50
FILTER_PART = re.compile(r"(?P<name>\w+):(?P<value>\[[^\]]*\]|\{[^}]*\})")


def ebay_error(request: HttpRequest, status: int, message: str) -> JsonResponse:
    if status == 401:
        return JsonResponse({"errors": [INVALID_TOKEN]}, status=401)
    category = "REQUEST" if status < 500 else "APPLICATION"
    return JsonResponse({"errors": [{"domain": "API_FULFILLMENT", "category": category,
                                     "message": message}]}, status=status)


EBAY_API = Partner(EBAY, authorized=lambda request: bearer_token(request) == EBAY_USER_TOKEN,
                   error=ebay_error, unauthorized_message="Invalid access token",
                   refusal_status=400, server_error_message="There was a problem with an eBay "
                   "internal system or process. Contact eBay developer support for assistance.")


@dataclass(frozen=True)
class OrdersQuery:
    created_from: datetime | None
    created_to: datetime | None
    statuses: frozenset[str]
    limit: int
    offset: int

    def matches(self, order: BuyerOrder) -> bool:
        return ((self.created_from is None or order.created_at >= self.created_from)
                and (self.created_to is None or order.created_at <= self.created_to)
                and (not self.statuses or order_status(order) in self.statuses))


@operation(EBAY_API, "getOrders", "GET")
def orders(request: HttpRequest) -> JsonResponse:
    try:
        query = orders_query(request.GET)
    except ValueError as invalid:
        return ebay_error(request, 400, str(invalid))
    matching = [order for order in orders_listed(EBAY) if query.matches(order)]
    page = matching[query.offset:query.offset + query.limit]
    body = {"href": request.build_absolute_uri(), "total": len(matching),
            "limit": query.limit, "offset": query.offset,
            "orders": [ebay_order(order) for order in page]}
    if query.offset + query.limit < len(matching):
        body["next"] = _page_link(request, query.offset + query.limit)
    if query.offset > 0:
        body["prev"] = _page_link(request, max(0, query.offset - query.limit))
    return JsonResponse(body)


@operation(EBAY_API, "getOrder", "GET")
def order(request: HttpRequest, order_id: str) -> JsonResponse:
    found = order_find(EBAY, order_id)
    if found is None:
        return ebay_error(request, 404, f"Order {order_id} was not found.")
    return JsonResponse(ebay_order(found))


def _fulfillments_operation(request: HttpRequest) -> str:
    return "createShippingFulfillment" if request.method == "POST" else "getShippingFulfillments"


@operation(EBAY_API, _fulfillments_operation, "GET", "POST")
def shipping_fulfillment(request: HttpRequest, order_id: str) -> HttpResponse:
    if order_find(EBAY, order_id) is None:
        return ebay_error(request, 404, f"Order {order_id} was not found.")
    if request.method == "GET":
        found = [_fulfillment(push) for push in pushes_received(EBAY, order_id)]
        return JsonResponse({"fulfillments": found, "total": len(found)})
    body = json_body(request)
    problem = "The request body must be a JSON object." if body is None else (
        fulfillment_problem(body))
    fulfillment_id = uuid.uuid4().hex[:20].upper()
    problem = problem or push_accept(EBAY, order_id, fulfillment_id, body)
    if problem:
        return ebay_error(request, 400, problem)
    response = HttpResponse(status=201)
    response["Location"] = request.build_absolute_uri(f"shipping_fulfillment/{fulfillment_id}")
    return response


@operation(EBAY_API, "getShippingFulfillment", "GET")
def shipping_fulfillment_detail(request: HttpRequest, order_id: str,
                                fulfillment_id: str) -> JsonResponse:
    push = push_find(EBAY, fulfillment_id)
    if push is None or push.order_id != order_id:
        return ebay_error(request, 404, f"Fulfillment {fulfillment_id} was not found.")
    return JsonResponse(_fulfillment(push))


def _fulfillment(push: TrackingPush) -> dict:
    body = push.body
    return {
        "fulfillmentId": push.reference, "lineItems": body["lineItems"],
        "shipmentTrackingNumber": body["trackingNumber"],
        "shippedDate": body.get("shippedDate") or push.received_at.isoformat(),
        "shippingCarrierCode": body["shippingCarrierCode"],
    }


def fulfillment_problem(body: dict) -> str:
    """The first thing wrong with a ShippingFulfillmentDetails body; "" when fine."""
    lines = body.get("lineItems")
    if not isinstance(lines, list) or not lines:
        return "lineItems is required: list the line items this package fulfils."
    for line in lines:
        if not isinstance(line, dict) or not str(line.get("lineItemId") or "").strip():
            return "Each line item needs its lineItemId."
        quantity = line.get("quantity", 1)
        if not isinstance(quantity, int) or quantity < 1:
            return f"Invalid quantity for line item {line['lineItemId']}."
    for name in ("shippingCarrierCode", "trackingNumber"):
        if not isinstance(body.get(name), str) or not body[name].strip():
            return f"{name} is required."
    if body["shippingCarrierCode"] not in EBAY_CARRIER_CODES:
        return (f"shippingCarrierCode {body['shippingCarrierCode']!r} is not a shipping carrier "
                "eBay knows; use a code from GeteBayDetails' ShippingCarrierDetails, e.g. UPS, "
                "USPS or FedEx.")
    if body.get("shippedDate") and not _is_timestamp(body["shippedDate"]):
        return "shippedDate must be an ISO 8601 UTC timestamp, e.g. 2025-06-03T19:09:02.768Z."
    return ""


def orders_query(params) -> OrdersQuery:
    """getOrders' filter, limit and offset; raises ValueError with eBay-style wording."""
    created_from = created_to = None
    statuses: frozenset[str] = frozenset()
    for part in filter(None, params.get("filter", "").split(",")):
        matched = FILTER_PART.fullmatch(part.strip())
        if matched is None or matched["name"] not in ("creationdate", "orderfulfillmentstatus"):
            raise ValueError(f"Invalid filter {part!r}: use creationdate:[from..to] and "
                             "orderfulfillmentstatus:{NOT_STARTED|IN_PROGRESS}.")
        if matched["name"] == "creationdate":
            created_from, created_to = _date_range(matched["value"][1:-1])
        else:
            statuses = frozenset(matched["value"][1:-1].split("|"))
            if not statuses <= set(ORDER_STATUSES):
                raise ValueError(f"Invalid orderfulfillmentstatus {matched['value']}: use "
                                 f"{' or '.join(ORDER_STATUSES)}, separated by |.")
    limit, offset = _whole(params, "limit", DEFAULT_LIMIT), _whole(params, "offset", 0)
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"Invalid limit {limit}: use 1 to {MAX_LIMIT}.")
    return OrdersQuery(created_from, created_to, statuses, limit, offset)


def ebay_order(order: BuyerOrder) -> dict:
    """The order as getOrders and getOrder show it."""
    left = quantities_left(order)
    currency = order.lines[0].currency
    total = sum((line.unit_price * line.quantity for line in order.lines), Decimal(0))
    fulfillments = pushes_received(EBAY, order.order_id)
    return {
        "orderId": order.order_id, "legacyOrderId": order.order_id,
        "creationDate": _ebay_time(order.created_at),
        "lastModifiedDate": _ebay_time(max([order.created_at] + [
            push.received_at for push in fulfillments])),
        "orderFulfillmentStatus": order_status(order), "orderPaymentStatus": "PAID",
        "sellerId": "sandbox-seller", "buyer": {"username": order.ship_to["name"].lower().replace(" ", ".")},
        "pricingSummary": {"total": _amount(total, currency)},
        "cancelStatus": {"cancelState": "NONE_REQUESTED", "cancelRequests": []},
        "fulfillmentStartInstructions": [{
            "fulfillmentInstructionsType": "SHIP_TO", "ebaySupportedFulfillment": False,
            "shippingStep": {"shipTo": _ship_to(order.ship_to), "shippingCarrierCode": "USPS",
                             "shippingServiceCode": "USPSPriority"}}],
        "lineItems": [{
            "lineItemId": line.line_id, "legacyItemId": f"3{line.line_id[-11:]}",
            "sku": line.sku, "title": line.title, "quantity": line.quantity,
            # eBay's lineItemCost is for all the units of the line, not for one.
            "lineItemCost": _amount(line.unit_price * line.quantity, line.currency),
            "total": _amount(line.unit_price * line.quantity, line.currency),
            "lineItemFulfillmentStatus": _line_status(line.quantity, left[line.line_id]),
        } for line in order.lines],
    }


def _ship_to(address: dict) -> dict:
    contact = {"addressLine1": address["address1"], "addressLine2": address["address2"],
               "city": address["city"], "stateOrProvince": address["state"],
               "postalCode": address["postal_code"], "countryCode": address["country"]}
    ship_to = {"fullName": address["name"],
               # eBay leaves out what the buyer did not give.
               "contactAddress": {name: value for name, value in contact.items() if value},
               "primaryPhone": {"phoneNumber": address["phone"]}, "email": address["email"]}
    return {name: value for name, value in ship_to.items() if value}


def _line_status(ordered: int, left: int) -> str:
    return "FULFILLED" if left <= 0 else "IN_PROGRESS" if left < ordered else "NOT_STARTED"


def _amount(value: Decimal, currency: str) -> dict:
    return {"value": str(value.quantize(Decimal("0.01"))), "currency": currency}


def _page_link(request: HttpRequest, offset: int) -> str:
    params = request.GET.copy()
    params["offset"] = str(offset)
    return f"{request.build_absolute_uri(request.path)}?{params.urlencode(safe=':[]{}|,')}"


def _date_range(text: str) -> tuple[datetime | None, datetime | None]:
    start, separator, end = text.partition("..")
    if not separator or not (start or end):
        raise ValueError(f"Invalid creationdate range [{text}]: use [from..to] or [from..], "
                         "e.g. [2025-06-03T19:09:02.768Z..].")
    return _ebay_timestamp(start), _ebay_timestamp(end)


def _ebay_timestamp(text: str) -> datetime | None:
    if not text:
        return None
    if not _is_timestamp(text):
        raise ValueError(f"Invalid date {text!r}: use ISO 8601 UTC, e.g. 2025-06-03T19:09:02.768Z.")
    return datetime.fromisoformat(text)


def _whole(params, name: str, default: int) -> int:
    try:
        value = int(params.get(name, default))
    except ValueError:
        raise ValueError(f"Invalid {name} {params.get(name)!r}: use a whole number.") from None
    if value < 0:
        raise ValueError(f"Invalid {name} {value}: it cannot be negative.")
    return value


def _ebay_time(moment: datetime) -> str:
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _is_timestamp(value: object) -> bool:
    if not isinstance(value, str) or not value.endswith("Z"):
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True
