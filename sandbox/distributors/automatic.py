"""Automatic Distributors' v2 API, as far as its public traces go (research §4):
`/order/create` with `header.ponumber` (printable ASCII, at most 22 characters; the response
spells it lowercase) and `shipToAddress`; an order lookup reporting `trackingNumber` and
`proNumber`. The lookup's path and shape, Bearer authentication and the `{"error"}` bodies
are the sandbox's assumptions, the same ones distributors.adapters.automatic makes.
"""

from django.http import HttpRequest, JsonResponse

from sandbox.distributors import state
from sandbox.distributors.catalog import AUTOMATIC_TOKEN
from sandbox.distributors.gateway import Partner, bearer_token, json_body, operation

SIMULATOR = "automatic"
PO_LIMIT = 22
ADDRESS_FIELDS = ("name", "address1", "city", "state", "zip")


def automatic_error(request: HttpRequest, status: int, message: str) -> JsonResponse:
    code = {400: "invalid_request", 401: "unauthorized", 404: "not_found",
            429: "rate_limited"}.get(status, "error")
    return JsonResponse({"error": {"code": code, "message": message}}, status=status)


AUTOMATIC = Partner(SIMULATOR,
                    authorized=lambda request: bearer_token(request) == AUTOMATIC_TOKEN,
                    error=automatic_error,
                    unauthorized_message="The API token is missing or not valid.",
                    refusal_status=400)


@operation(AUTOMATIC, "create", "POST")
def order_create(request: HttpRequest) -> JsonResponse:
    body = json_body(request)
    if body is None:
        return automatic_error(request, 400, "The request body must be a JSON object.")
    problem = order_problem(body)
    if problem:
        return automatic_error(request, 400, problem)
    po_number = body["header"]["ponumber"]
    order_number = str(880000 + state.number_next("automatic:order"))
    state.order_add(SIMULATOR, po_number=po_number, order_number=order_number,
                    lines=[(line["sku"], line["quantity"]) for line in body["lines"]],
                    ship_to=body["shipToAddress"],
                    ship_via=str(body["header"].get("shipMethod", "ground")))
    return JsonResponse({"header": {"ponumber": po_number, "orderNumber": order_number,
                                    "orderGenerationNumber": "01"}}, status=201)


@operation(AUTOMATIC, "lookup", "GET")
def order_lookup(request: HttpRequest) -> JsonResponse:
    po_number = request.GET.get("ponumber", "")
    if not po_number:
        return automatic_error(request, 400, "ponumber is required.")
    return JsonResponse({"orders": [_order(state.order_looked_up(found))
                                    for found in _orders_for(po_number)]})


def order_problem(body: dict) -> str:
    header = body.get("header") if isinstance(body.get("header"), dict) else {}
    po_number = header.get("ponumber")
    if not isinstance(po_number, str) or not po_number:
        return "header.ponumber is required."
    if len(po_number) > PO_LIMIT or not all(" " <= char <= "~" for char in po_number):
        return (f"header.ponumber must be printable ASCII of at most {PO_LIMIT} characters; "
                f"got {len(po_number)} characters.")
    if _orders_for(po_number):
        return f"An order already exists for ponumber {po_number}; revoke it first."
    address = body.get("shipToAddress")
    if not isinstance(address, dict):
        return "shipToAddress is required."
    missing = [name for name in ADDRESS_FIELDS if not str(address.get(name) or "").strip()]
    if missing:
        return f"shipToAddress.{missing[0]} is required."
    lines = body.get("lines")
    if not isinstance(lines, list) or not lines:
        return "lines must list at least one sku."
    return next((problem for line in lines if (problem := _line_problem(line))), "")


def _line_problem(line: object) -> str:
    if not isinstance(line, dict):
        return "Each line must be an object with sku and quantity."
    sku, quantity = str(line.get("sku") or ""), line.get("quantity")
    part = state.part_find(SIMULATOR, sku)
    if part is None:
        return f"Unknown sku {sku}."
    if not isinstance(quantity, int) or quantity < 1:
        return f"Quantity for sku {sku} must be a whole number of at least 1."
    if sum(part.stock.values()) < quantity:
        return f"Sku {sku} is out of stock."
    return ""


def _orders_for(po_number: str) -> list[state.SimulatedOrder]:
    return [found for found in state.orders_placed(SIMULATOR) if found.po_number == po_number]


def _order(found: state.SimulatedOrder) -> dict:
    shipments = []
    if found.is_shipped:
        shipments.append({"trackingNumber": found.tracking_number, "proNumber": "",
                          "carrier": "UPS", "shipDate": found.shipped_at.strftime("%m/%d/%y")})
    return {
        "header": {"ponumber": found.po_number, "orderNumber": found.order_number,
                   "orderGenerationNumber": "01",
                   "status": "shipped" if found.is_shipped else "open"},
        "lines": [{"sku": sku, "quantity": quantity} for sku, quantity in found.lines],
        "shipments": shipments,
    }
