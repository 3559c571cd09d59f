"""Amazon SP-API Orders v0 for merchant-fulfilled (MFN) orders: getOrders, getOrderItems,
getOrderAddress, and confirmShipment (research §7).

GET /orders/v0/orders filters on CreatedAfter/CreatedBefore, MarketplaceIds,
FulfillmentChannels and OrderStatuses (comma-separated, as python-amazon-sp-api sends them)
and pages with MaxResultsPerPage and NextToken. POST
/orders/v0/orders/{orderId}/shipmentConfirmation with marketplaceId and packageDetail
{packageReferenceId, carrierCode, carrierName (when carrierCode is "Other"), trackingNumber,
shipDate, orderItems} answers 204; resending a packageReferenceId edits that package; once
every unit is confirmed the order is Shipped. The access token is the SP-API sandbox's
(sandbox.spapi.tokens), errors are Amazon's shape. The buyer's name, street and phone come
from getOrderAddress without a Restricted Data Token, which Amazon itself would require.
"""

import base64
import binascii
import hashlib
import json
import re
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from django.http import HttpRequest, HttpResponse, JsonResponse

from sandbox.distributors.gateway import Partner, json_body, operation
from sandbox.marketplaces.pushes import (
    AMAZON,
    BuyerOrder,
    order_find,
    order_status,
    orders_listed,
    push_accept,
    quantities_left,
)
from sandbox.spapi.http import spapi_error
from sandbox.spapi.tokens import access_token_is_valid

ORDER_ID = re.compile(r"\d{3}-\d{7}-\d{7}")
REQUIRED_PACKAGE_FIELDS = ("packageReferenceId", "carrierCode", "trackingNumber", "shipDate")
US_MARKETPLACE = "ATVPDKIKX0DER"
# A few of the carrier codes Amazon lists for confirmShipment (the full list is Amazon's).
AMAZON_CARRIER_CODES = frozenset({"UPS", "USPS", "FedEx", "DHL", "OnTrac", "Amazon Shipping",
                                  "UPS Mail Innovations", "FedEx SmartPost", "Other"})
ORDER_STATUSES = ("Pending", "Unshipped", "PartiallyShipped", "Shipped", "Canceled",
                  "Unfulfillable", "InvoiceUnconfirmed", "PendingAvailability")
MAX_RESULTS_PER_PAGE = 100


def amazon_error(request: HttpRequest, status: int, message: str) -> HttpResponse:
    # Amazon answers a bad access token 403 Unauthorized, never 401.
    status = 403 if status == 401 else status
    code = {400: "InvalidInput", 403: "Unauthorized", 404: "NotFound",
            429: "QuotaExceeded"}.get(status, "InternalFailure")
    return spapi_error(status, code, message)


AMAZON_API = Partner(
    AMAZON,
    authorized=lambda request: access_token_is_valid(
        request.headers.get("x-amz-access-token", "")),
    error=amazon_error, unauthorized_message="Access to requested resource is denied.",
    refusal_status=400, throttled_message="You exceeded your quota for the requested resource.",
    server_error_message="We encountered an internal error. Please try again.")


@dataclass(frozen=True)
class OrdersQuery:
    created_after: str
    created_before: str
    marketplace_ids: tuple[str, ...]
    fulfillment_channels: tuple[str, ...]
    order_statuses: tuple[str, ...]
    max_results: int

    def matches(self, order: BuyerOrder) -> bool:
        created = order.created_at
        return (US_MARKETPLACE in self.marketplace_ids
                and created >= _instant(self.created_after)
                and (not self.created_before or created <= _instant(self.created_before))
                and order.fulfillment_channel in (self.fulfillment_channels or ("MFN", "AFN"))
                and (not self.order_statuses or order_status(order) in self.order_statuses))


@operation(AMAZON_API, "getOrders", "GET")
def orders(request: HttpRequest) -> HttpResponse:
    try:
        query, offset = orders_query(request.GET)
    except ValueError as invalid:
        return amazon_error(request, 400, str(invalid))
    matching = [order for order in orders_listed(AMAZON) if query.matches(order)]
    page = matching[offset:offset + query.max_results]
    payload = {"Orders": [amazon_order(order) for order in page],
               "CreatedBefore": _amazon_time(datetime.now(UTC) - timedelta(minutes=2))}
    if offset + query.max_results < len(matching):
        payload["NextToken"] = _next_token(query, offset + query.max_results)
    return JsonResponse({"payload": payload})


@operation(AMAZON_API, "getOrderItems", "GET")
def order_items(request: HttpRequest, order_id: str) -> HttpResponse:
    order = order_find(AMAZON, order_id)
    if order is None:
        return amazon_error(request, 404, f"Order {order_id} was not found.")
    left = quantities_left(order)
    return JsonResponse({"payload": {"AmazonOrderId": order_id, "OrderItems": [{
        "ASIN": line.asin, "SellerSKU": line.sku, "OrderItemId": line.line_id,
        "Title": line.title, "QuantityOrdered": line.quantity,
        "QuantityShipped": line.quantity - max(0, left[line.line_id]),
        # Amazon's ItemPrice is for all the units of the item, not for one.
        "ItemPrice": _money(line.unit_price * line.quantity, line.currency),
        "ItemTax": _money(Decimal(0), line.currency), "ConditionId": "New", "IsGift": "false",
        "ProductInfo": {"NumberOfItems": "1"},
    } for line in order.lines]}})


@operation(AMAZON_API, "getOrderAddress", "GET")
def order_address(request: HttpRequest, order_id: str) -> HttpResponse:
    order = order_find(AMAZON, order_id)
    if order is None:
        return amazon_error(request, 404, f"Order {order_id} was not found.")
    ship_to = order.ship_to
    address = {"Name": ship_to["name"], "AddressLine1": ship_to["address1"],
               "AddressLine2": ship_to["address2"], "City": ship_to["city"],
               "StateOrRegion": ship_to["state"], "PostalCode": ship_to["postal_code"],
               "CountryCode": ship_to["country"], "Phone": ship_to["phone"],
               "AddressType": "Residential"}
    return JsonResponse({"payload": {"AmazonOrderId": order_id, "ShippingAddress": {
        name: value for name, value in address.items() if value}}})


@operation(AMAZON_API, "confirmShipment", "POST")
def shipment_confirmation(request: HttpRequest, order_id: str) -> HttpResponse:
    if not ORDER_ID.fullmatch(order_id):
        return amazon_error(request, 400, f"Invalid orderId {order_id!r}: Amazon order ids look "
                                          "like 3-7-7 digits (e.g. 902-3159896-1390916).")
    order = order_find(AMAZON, order_id)
    if order is None:
        return amazon_error(request, 404, f"Order {order_id} was not found.")
    body = json_body(request)
    problem = "The request body must be a JSON object." if body is None else (
        confirmation_problem(body) or _order_problem(order, body))
    problem = problem or push_accept(
        AMAZON, order_id, str(body["packageDetail"]["packageReferenceId"]), body)
    if problem:
        return amazon_error(request, 400, problem)
    return HttpResponse(status=204)


def confirmation_problem(body: dict) -> str:
    """The first thing wrong with a ConfirmShipmentRequest; "" when fine."""
    if not isinstance(body.get("marketplaceId"), str) or not body["marketplaceId"]:
        return "marketplaceId is required."
    package = body.get("packageDetail")
    if not isinstance(package, dict):
        return "packageDetail is required."
    missing = [name for name in REQUIRED_PACKAGE_FIELDS
               if not isinstance(package.get(name), str) or not package[name].strip()]
    if missing:
        return f"packageDetail.{missing[0]} is required."
    if package["carrierCode"] == "Other" and not package.get("carrierName"):
        return "packageDetail.carrierName is required when carrierCode is Other."
    if package["carrierCode"] not in AMAZON_CARRIER_CODES:
        return (f"Invalid carrierCode {package['carrierCode']!r}: use one of Amazon's carrier "
                "codes (e.g. UPS, USPS, FedEx), or Other with a carrierName.")
    if not _is_timestamp(package["shipDate"]):
        return "packageDetail.shipDate must be an ISO 8601 date-time, e.g. 2025-06-03T18:00:00Z."
    items = package.get("orderItems")
    if not isinstance(items, list) or not items:
        return "packageDetail.orderItems must list at least one order item."
    for item in items:
        if not isinstance(item, dict) or not str(item.get("orderItemId") or "").strip():
            return "Each order item needs its orderItemId."
        if not isinstance(item.get("quantity"), int) or item["quantity"] < 1:
            return f"Invalid quantity for order item {item['orderItemId']}."
    return ""


def _order_problem(order: BuyerOrder, body: dict) -> str:
    if order.fulfillment_channel != "MFN":
        return (f"Order {order.order_id} is fulfilled by Amazon; confirmShipment is for "
                "merchant-fulfilled orders only.")
    if body["marketplaceId"] != US_MARKETPLACE:
        return f"Order {order.order_id} was not placed in marketplace {body['marketplaceId']}."
    return ""


def orders_query(params) -> tuple[OrdersQuery, int]:
    """getOrders' filters and the offset to start at; with a NextToken, the token's filters."""
    if params.get("NextToken"):
        return _from_next_token(params["NextToken"])
    query = OrdersQuery(
        params.get("CreatedAfter", ""), params.get("CreatedBefore", ""),
        _listed(params, "MarketplaceIds"), _listed(params, "FulfillmentChannels"),
        _listed(params, "OrderStatuses"), _max_results(params.get("MaxResultsPerPage")))
    if not query.marketplace_ids:
        raise ValueError("MarketplaceIds is required.")
    if not query.created_after:
        raise ValueError("CreatedAfter is required (this sandbox does not filter on "
                         "LastUpdatedAfter).")
    for name in ("created_after", "created_before"):
        value = getattr(query, name)
        if value and not _is_timestamp(value):
            raise ValueError(f"Invalid {value!r}: dates are ISO 8601, e.g. 2025-06-03T18:00:00Z.")
    unknown = set(query.order_statuses) - set(ORDER_STATUSES)
    if unknown or not set(query.fulfillment_channels) <= {"MFN", "AFN"}:
        raise ValueError("Invalid OrderStatuses or FulfillmentChannels: statuses are "
                         f"{', '.join(ORDER_STATUSES)}; channels MFN and AFN.")
    return query, 0


def amazon_order(order: BuyerOrder) -> dict:
    """The order as getOrders lists it: no name, street or phone (those are getOrderAddress')."""
    left = quantities_left(order)
    unshipped = sum(max(0, quantity) for quantity in left.values())
    ordered = sum(line.quantity for line in order.lines)
    total = sum((line.unit_price * line.quantity for line in order.lines), Decimal(0))
    summary = {
        "AmazonOrderId": order.order_id, "PurchaseDate": _amazon_time(order.created_at),
        "LastUpdateDate": _amazon_time(order.created_at), "OrderStatus": order_status(order),
        "FulfillmentChannel": order.fulfillment_channel, "SalesChannel": "Amazon.com",
        "ShipServiceLevel": "Std US D2D Dom", "ShipmentServiceLevelCategory": "Standard",
        "OrderTotal": _money(total, order.lines[0].currency),
        "NumberOfItemsShipped": ordered - unshipped, "NumberOfItemsUnshipped": unshipped,
        "PaymentMethod": "Other", "PaymentMethodDetails": ["Standard"],
        "MarketplaceId": US_MARKETPLACE, "OrderType": "StandardOrder",
        "EarliestShipDate": _amazon_time(order.created_at + timedelta(days=1)),
        "LatestShipDate": _amazon_time(order.created_at + timedelta(days=2)),
        "IsBusinessOrder": False, "IsPrime": False, "IsPremiumOrder": False,
        "IsReplacementOrder": False,
        "ShippingAddress": {"City": order.ship_to["city"],
                            "StateOrRegion": order.ship_to["state"],
                            "PostalCode": order.ship_to["postal_code"],
                            "CountryCode": order.ship_to["country"]},
    }
    if order.ship_to["email"]:
        summary["BuyerInfo"] = {"BuyerEmail": _relay_email(order.ship_to["email"])}
    return summary


def _relay_email(email: str) -> str:
    # Amazon never shows the buyer's own address, only a relay that forwards to it.
    return hashlib.sha256(email.encode()).hexdigest()[:16] + "@marketplace.amazon.com"


def _next_token(query: OrdersQuery, offset: int) -> str:
    state = json.dumps({"offset": offset, "query": asdict(query)})
    return base64.urlsafe_b64encode(state.encode()).decode()


def _from_next_token(token: str) -> tuple[OrdersQuery, int]:
    try:
        state = json.loads(base64.urlsafe_b64decode(token.encode()))
        query = state["query"]
        return OrdersQuery(**{name: tuple(value) if isinstance(value, list) else value
                              for name, value in query.items()}), int(state["offset"])
    except (ValueError, TypeError, KeyError, binascii.Error):
        raise ValueError("Invalid NextToken: pass the NextToken of the previous page "
                         "unchanged.") from None


def _listed(params, name: str) -> tuple[str, ...]:
    # The library sends lists comma-separated; a plain client may repeat the parameter.
    return tuple(value.strip() for joined in params.getlist(name)
                 for value in joined.split(",") if value.strip())


def _max_results(value: str | None) -> int:
    try:
        count = int(value or MAX_RESULTS_PER_PAGE)
    except ValueError:
        count = 0
    if not 1 <= count <= MAX_RESULTS_PER_PAGE:
        raise ValueError(f"MaxResultsPerPage must be a whole number from 1 to "
                         f"{MAX_RESULTS_PER_PAGE}.")
    return count


def _money(amount: Decimal, currency: str) -> dict:
    return {"CurrencyCode": currency, "Amount": str(amount.quantize(Decimal("0.01")))}


def _amazon_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _instant(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _is_timestamp(value: str) -> bool:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).tzinfo is not None
    except ValueError:
        return False
