"""HTTP face of the SP-API simulator: Amazon's paths, headers, status codes and error bodies.

Partners' machines call these, hence csrf_exempt; error texts are Amazon's (English).
"""

import uuid
from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from sandbox.spapi.examples import official_example_for
from sandbox.spapi.orders import purchase_order as generated_purchase_order
from sandbox.spapi.orders import purchase_order_slot
from sandbox.spapi.queries import InvalidQuery, purchase_orders_page, purchase_orders_query
from sandbox.spapi.tokens import TokenRequestRejected, access_token_grant, access_token_is_valid

# The rate Amazon applies to the Vendor Orders operations (requests per second).
RATE_LIMIT = "10.0"


def spapi_response(body: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(body, status=status)
    response["x-amzn-RequestId"] = str(uuid.uuid4())
    if status == 200:
        response["x-amzn-RateLimit-Limit"] = RATE_LIMIT
    return response


def spapi_error(status: int, code: str, message: str, details: str = "") -> JsonResponse:
    return spapi_response(
        {"errors": [{"code": code, "message": message, "details": details}]}, status
    )


def access_token_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answer 403 as SP-API does unless x-amz-access-token is a live token LWA here issued."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not access_token_is_valid(request.headers.get("x-amz-access-token", "")):
            return spapi_error(403, "Unauthorized", "Access to requested resource is denied.")
        return view(request, *args, **kwargs)

    return guarded


@csrf_exempt
@require_POST
def lwa_token(request: HttpRequest) -> JsonResponse:
    try:
        grant = access_token_grant(request.POST)
    except TokenRequestRejected as rejected:
        body = {"error": rejected.error, "error_description": rejected.description}
        return JsonResponse(body, status=400)
    return JsonResponse(grant)


@csrf_exempt
@require_GET
@access_token_required
def purchase_orders(request: HttpRequest) -> JsonResponse:
    example = official_example_for("getPurchaseOrders", request.GET)
    if example:
        return spapi_response(example.body, example.status)
    try:
        query = purchase_orders_query(request.GET, now=timezone.now())
    except InvalidQuery as invalid:
        return spapi_error(400, "InvalidInput", invalid.message, invalid.details)
    return spapi_response({"payload": purchase_orders_page(query)})


@csrf_exempt
@require_GET
@access_token_required
def purchase_order(request: HttpRequest, purchase_order_number: str) -> JsonResponse:
    path_parameters = {"purchaseOrderNumber": purchase_order_number}
    example = official_example_for("getPurchaseOrder", request.GET, path_parameters)
    if example:
        return spapi_response(example.body, example.status)
    slot = purchase_order_slot(purchase_order_number, now=timezone.now())
    if slot is None:
        return spapi_error(
            404,
            "NotFound",
            f"Purchase order {purchase_order_number} was not found; the sandbox keeps the "
            "generated purchase orders of the last 30 days.",
        )
    return spapi_response({"payload": generated_purchase_order(slot)})
