"""eBay Sell Fulfillment API: createShippingFulfillment and getShippingFulfillment (research §7).

POST /sell/fulfillment/v1/order/{orderId}/shipping_fulfillment with lineItems, shippedDate,
shippingCarrierCode and trackingNumber answers 201 with the new fulfillment's URL in
`Location`. Error bodies follow eBay's `{"errors": [{errorId, domain, category, message}]}`;
the validation errors carry no errorId because eBay's ids for them are not in the research.
"""

import uuid
from datetime import datetime

from django.http import HttpRequest, HttpResponse, JsonResponse

from sandbox.distributors.gateway import Partner, bearer_token, json_body, operation
from sandbox.marketplaces.pushes import EBAY, push_find, push_record

EBAY_USER_TOKEN = "ebay-sandbox-user-token"
INVALID_TOKEN = {"errorId": 1001, "domain": "OAuth", "category": "REQUEST",
                 "message": "Invalid access token",
                 "longMessage": "Invalid access token. Check the value of the Authorization "
                                "HTTP request header."}


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


@operation(EBAY_API, "createShippingFulfillment", "POST")
def shipping_fulfillment(request: HttpRequest, order_id: str) -> HttpResponse:
    body = json_body(request)
    problem = "The request body must be a JSON object." if body is None else (
        fulfillment_problem(body))
    if problem:
        return ebay_error(request, 400, problem)
    fulfillment_id = uuid.uuid4().hex[:20].upper()
    push_record(EBAY, order_id, fulfillment_id, body)
    response = HttpResponse(status=201)
    response["Location"] = request.build_absolute_uri(f"shipping_fulfillment/{fulfillment_id}")
    return response


@operation(EBAY_API, "getShippingFulfillment", "GET")
def shipping_fulfillment_detail(request: HttpRequest, order_id: str,
                                fulfillment_id: str) -> JsonResponse:
    push = push_find(EBAY, fulfillment_id)
    if push is None or push.order_id != order_id:
        return ebay_error(request, 404, f"Fulfillment {fulfillment_id} was not found.")
    body = push.body
    return JsonResponse({
        "fulfillmentId": fulfillment_id, "lineItems": body["lineItems"],
        "shipmentTrackingNumber": body["trackingNumber"],
        "shippedDate": body.get("shippedDate") or push.received_at.isoformat(),
        "shippingCarrierCode": body["shippingCarrierCode"],
    })


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
    if body.get("shippedDate") and not _is_timestamp(body["shippedDate"]):
        return "shippedDate must be an ISO 8601 UTC timestamp, e.g. 2025-06-03T19:09:02.768Z."
    return ""


def _is_timestamp(value: object) -> bool:
    if not isinstance(value, str) or not value.endswith("Z"):
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True
