"""Parts Unlimited / LeMans dealer API: the drop-ship order call (research §2.1); and the
dealer portal's price file (§2.2).

The body's shape is the one public users send; answers carry `status_code` and
`status_message`, the two fields public code reads. PU's validation rules are not public:
the ones here (required fields, known parts, one order per PO number, price check when
`validate_price` is true) are the sandbox's. So are the portal's error bodies (`message`)
and its answer beyond two price-file calls a day (429).
"""

import base64
import binascii
from decimal import Decimal, InvalidOperation

from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

from sandbox.distributors import state
from sandbox.distributors.catalog import (
    PU_API_KEY,
    PU_DEALER_NUMBER,
    PU_PORTAL_PASSWORD,
    PU_PORTAL_USERNAME,
)
from sandbox.distributors.feed_files import price_file_archive
from sandbox.distributors.gateway import Partner, json_body, operation

SIMULATOR = "parts_unlimited"
ADDRESS_FIELDS = ("name", "address_line_1", "city", "state", "postal_code", "country")
CANCELLATION_POLICIES = ("back_order", "0")


def pu_error(request: HttpRequest, status: int, message: str) -> JsonResponse:
    return JsonResponse({"status_code": status, "status_message": message}, status=status)


PU = Partner(SIMULATOR, authorized=lambda request: request.headers.get("api-key") == PU_API_KEY,
             error=pu_error, unauthorized_message="Invalid API key.", refusal_status=400)


def portal_error(request: HttpRequest, status: int, message: str) -> JsonResponse:
    return JsonResponse({"status": status, "message": message}, status=status)


def portal_login(request: HttpRequest) -> tuple[str, str, str] | None:
    """(dealer, user, password) from HTTP Basic with "<dealer>/<user>" as the user name."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        user, _, password = base64.b64decode(token, validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    dealer, _, username = user.partition("/")
    return dealer, username, password


PU_PORTAL = Partner(
    SIMULATOR, error=portal_error, refusal_status=400,
    authorized=lambda request: portal_login(request) == (
        PU_DEALER_NUMBER, PU_PORTAL_USERNAME, PU_PORTAL_PASSWORD),
    unauthorized_message="Invalid dealer code, username or password.")


@operation(PU_PORTAL, "pricefile", "POST")
def price_file(request: HttpRequest) -> HttpResponse:
    """POST /api/quotes/v2/pricefile: a ZIP holding one CSV in the price-file layout."""
    body = json_body(request)
    if body is None:
        return portal_error(request, 400, "The request body must be a JSON object.")
    if body.get("dealerCodes") != [PU_DEALER_NUMBER]:
        return portal_error(request, 403, "dealerCodes must list your own dealer code only.")
    if not state.price_file_call_allowed(timezone.now().date()):
        return portal_error(request, 429, f"Price file limit reached: "
                                          f"{state.PRICE_FILE_CALLS_PER_DAY} requests a day.")
    files = state.feed_files()
    if files.archive is not None:
        return HttpResponse(files.archive, content_type="application/zip")
    archive = price_file_archive(PU_DEALER_NUMBER, files.rows,
                                 header=body.get("headersPrepended") is True)
    return FileResponse(archive, content_type="application/zip", as_attachment=True,
                        filename="pricefile.zip")


@operation(PU, "dropship", "POST")
def dropship(request: HttpRequest) -> JsonResponse:
    body = json_body(request)
    if body is None:
        return pu_error(request, 400, "The request body must be a JSON object.")
    if body.get("dealer_number") != PU_DEALER_NUMBER:
        return pu_error(request, 403, "The dealer number does not match the API key.")
    problem = order_problem(body)
    if problem:
        return pu_error(request, 400, problem)
    po_number = str(body["purchase_order_number"])
    if state.order_find(SIMULATOR, po_number) is not None:
        return pu_error(request, 409,
                        f"Purchase order number {po_number} has already been submitted.")
    lines = [(str(line["part_number"]), int(line["quantity"])) for line in body["line_items"]]
    state.order_add(SIMULATOR, po_number=po_number,
                    order_number=f"PU{state.number_next('pu:order'):08d}", lines=lines,
                    ship_to=body["ship_to_address"], ship_via=str(body["shipping_method"]))
    return JsonResponse({"status_code": 202, "status_message": "Order received."}, status=202)


def order_problem(body: dict) -> str:
    """The first thing wrong with a drop-ship body, as PU would word it; "" when fine."""
    if body.get("order_type") != "DS":
        return "order_type must be DS for a drop-ship order."
    for name in ("purchase_order_number", "shipping_method"):
        if not str(body.get(name) or "").strip():
            return f"{name} is required."
    if body.get("cancellation_policy", "back_order") not in CANCELLATION_POLICIES:
        return f"cancellation_policy must be one of: {', '.join(CANCELLATION_POLICIES)}."
    address = body.get("ship_to_address")
    if not isinstance(address, dict):
        return "ship_to_address is required."
    missing = [name for name in ADDRESS_FIELDS if not str(address.get(name) or "").strip()]
    if missing:
        return f"ship_to_address.{missing[0]} is required."
    lines = body.get("line_items")
    if not isinstance(lines, list) or not lines:
        return "line_items must list at least one part."
    return next((problem for line in lines if (problem := _line_problem(line, body))), "")


def _line_problem(line: object, body: dict) -> str:
    if not isinstance(line, dict):
        return "Each line item must be an object."
    number = str(line.get("part_number") or "")
    part = state.part_find(SIMULATOR, number)
    if part is None:
        return f"Part number {number} is not a valid part."
    quantity = line.get("quantity")
    if not isinstance(quantity, int) or quantity < 1:
        return f"Quantity for part {number} must be a whole number of at least 1."
    if body.get("cancellation_policy") != "back_order" and sum(part.stock.values()) < quantity:
        return f"Part {number} is not available in the quantity ordered."
    if body.get("validate_price") and _price(line.get("price")) != part.cost:
        return f"Price for part {number} does not match your dealer price {part.cost}."
    return ""


def _price(value: object) -> Decimal | None:
    try:
        return Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        return None
