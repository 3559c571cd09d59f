"""Amazon SP-API Orders v0 confirmShipment, for merchant-fulfilled orders (research §7).

POST /orders/v0/orders/{orderId}/shipmentConfirmation with marketplaceId and packageDetail
{packageReferenceId, carrierCode, carrierName (when carrierCode is "Other"), trackingNumber,
shipDate, orderItems} answers 204. Resending a packageReferenceId edits that package. The
access token is the SP-API sandbox's (sandbox.spapi.tokens), errors are Amazon's shape.
"""

import re
from datetime import datetime

from django.http import HttpRequest, HttpResponse

from sandbox.distributors.gateway import Partner, json_body, operation
from sandbox.marketplaces.pushes import AMAZON, push_record
from sandbox.spapi.http import spapi_error
from sandbox.spapi.tokens import access_token_is_valid

ORDER_ID = re.compile(r"\d{3}-\d{7}-\d{7}")
REQUIRED_PACKAGE_FIELDS = ("packageReferenceId", "carrierCode", "trackingNumber", "shipDate")


def amazon_error(request: HttpRequest, status: int, message: str) -> HttpResponse:
    # Amazon answers a bad access token 403 Unauthorized, never 401.
    status = 403 if status == 401 else status
    code = {400: "InvalidInput", 403: "Unauthorized", 429: "QuotaExceeded"}.get(
        status, "InternalFailure")
    return spapi_error(status, code, message)


AMAZON_API = Partner(
    AMAZON,
    authorized=lambda request: access_token_is_valid(
        request.headers.get("x-amz-access-token", "")),
    error=amazon_error, unauthorized_message="Access to requested resource is denied.",
    refusal_status=400, throttled_message="You exceeded your quota for the requested resource.",
    server_error_message="We encountered an internal error. Please try again.")


@operation(AMAZON_API, "confirmShipment", "POST")
def shipment_confirmation(request: HttpRequest, order_id: str) -> HttpResponse:
    if not ORDER_ID.fullmatch(order_id):
        return amazon_error(request, 400, f"Invalid orderId {order_id!r}: Amazon order ids look "
                                          "like 3-7-7 digits (e.g. 902-3159896-1390916).")
    body = json_body(request)
    problem = "The request body must be a JSON object." if body is None else (
        confirmation_problem(body))
    if problem:
        return amazon_error(request, 400, problem)
    push_record(AMAZON, order_id, str(body["packageDetail"]["packageReferenceId"]), body)
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


def _is_timestamp(value: str) -> bool:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).tzinfo is not None
    except ValueError:
        return False
