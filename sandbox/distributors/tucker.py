"""Tucker's `trws` web service (research §3.2): GET /bin/trws with apikey, cust, output=JSON
and type = INV | PRC | INP | ORD | SHP; the answer sits under the type's key with
`status` "SUCCESSFUL" or an `errormsg`.

Item numbers are matched without dashes, as public clients send them. Envelope fields other
than the published ones (`itemnum` on item records, "FAILED" as the failure status) and the
55-character invoice note (DX1's limit) are the sandbox's.
"""

import re

from django.http import HttpRequest, JsonResponse

from sandbox.distributors import state
from sandbox.distributors.catalog import TUCKER_API_KEY, TUCKER_CUSTOMER_NUMBER, TUCKER_PARTS
from sandbox.distributors.gateway import Partner, operation

SIMULATOR = "tucker"
TYPES = ("INV", "PRC", "INP", "ORD", "SHP", "P65")
CARRIERS = ("UG",)
REQUIRED_ORDER_PARAMS = ("po", "name", "address1", "city", "state", "zip")
NOTE_LIMIT = 55


def request_type(request: HttpRequest) -> str:
    return request.GET.get("type", "").upper()


def tucker_error(request: HttpRequest, status: int, message: str) -> JsonResponse:
    key = request_type(request) or "ERROR"
    return JsonResponse({key: {"status": "FAILED", "errormsg": message}}, status=status)


def _authorized(request: HttpRequest) -> bool:
    return (request.GET.get("apikey") == TUCKER_API_KEY
            and request.GET.get("cust") == TUCKER_CUSTOMER_NUMBER)


TUCKER = Partner(SIMULATOR, authorized=_authorized, error=tucker_error,
                 unauthorized_message="Invalid API key or customer number.", refusal_status=200)


@operation(TUCKER, request_type, "GET")
def trws(request: HttpRequest) -> JsonResponse:
    kind = request_type(request)
    if request.GET.get("output", "").upper() != "JSON":
        return tucker_error(request, 400, "The sandbox answers output=JSON only.")
    answers = {"INV": _inventory, "PRC": _prices, "INP": _inventory_and_prices,
               "ORD": _order, "SHP": _shipments}
    if kind not in answers:
        return tucker_error(request, 400, f"Invalid request type {kind!r}; use one of: "
                                          f"{', '.join(TYPES)}.")
    return answers[kind](request)


def _envelope(kind: str, **content: object) -> JsonResponse:
    return JsonResponse({kind: {"status": "SUCCESSFUL", **content}})


def _inventory(request: HttpRequest) -> JsonResponse:
    return _envelope("INV", item=[_item_record(code, stock=True)
                                  for code in request.GET.getlist("item")])


def _prices(request: HttpRequest) -> JsonResponse:
    return _envelope("PRC", item=[_item_record(code, price=True)
                                  for code in request.GET.getlist("item")])


def _inventory_and_prices(request: HttpRequest) -> JsonResponse:
    return _envelope("INP", item=[_item_record(code, stock=True, price=True)
                                  for code in request.GET.getlist("item")])


def _item_record(code: str, *, stock: bool = False, price: bool = False) -> dict:
    part = _part(code)
    if part is None:
        return {"itemnum": code, "errormsg": "Invalid item number"}
    record: dict = {"itemnum": code}
    if stock:
        # Tucker shows 9 for 9 or more.
        record["dc"] = [{"dcname": name, "dcinv": min(count, 9)}
                        for name, count in part.stock.items()]
        record["inventory"] = sum(dc["dcinv"] for dc in record["dc"])
    if price:
        record["price"] = str(part.cost)
    return record


def _order(request: HttpRequest) -> JsonResponse:
    params = request.GET
    problem = order_problem(params)
    if problem:
        return tucker_error(request, 200, problem)
    lines = [_order_line(value) for value in params.getlist("line")]
    if any(line["errormsg"] for line in lines):
        return JsonResponse({"ORD": {"status": "FAILED", "errormsg": "Order not submitted.",
                                     "orderinput": {"po": params["po"], "orderline": lines}}})
    if params.get("submit", "YES").upper() == "NO":
        return _envelope("ORD", orderoutput={"ordernum": "", "submitted": "NO",
                                             "orderline": lines})
    order_number = str(7100000 + state.number_next("tucker:order"))
    state.order_add(SIMULATOR, po_number=params["po"], order_number=order_number,
                    lines=[(line["itemnum"], line["qty"]) for line in lines],
                    ship_to={name: params.get(name, "") for name in REQUIRED_ORDER_PARAMS},
                    ship_via=params.get("carrier", "UG"))
    return _envelope("ORD", orderoutput={"ordernum": order_number, "submitted": "YES",
                                         "orderline": lines})


def order_problem(params) -> str:
    """What is wrong with an ORD request as a whole, in Tucker's words; "" when fine."""
    missing = [name for name in REQUIRED_ORDER_PARAMS if not params.get(name, "").strip()]
    if missing:
        return f"Missing required parameter: {missing[0]}"
    if not params.getlist("line"):
        return "Missing required parameter: line"
    if not re.fullmatch(r"[A-Z]{2}", params["state"]):
        return f"Invalid state {params['state']!r}: use the two-letter code."
    if len(params.get("invoiceNote", "")) > NOTE_LIMIT:
        return f"invoiceNote may not exceed {NOTE_LIMIT} characters."
    if params.get("carrier", "UG") not in CARRIERS:
        return f"Invalid carrier code {params['carrier']!r}."
    duplicate = state.order_find(SIMULATOR, params["po"])
    if duplicate is not None and params.get("allowduplicatepo", "YES").upper() == "NO":
        return f"Duplicate PO number {params['po']} (order {duplicate.order_number})."
    return ""


def _order_line(value: str) -> dict:
    code, _, quantity_text = value.partition(",")
    line = {"itemnum": code, "qty": int(quantity_text) if quantity_text.isdigit() else 0,
            "errormsg": ""}
    part = _part(code)
    if part is None:
        line["errormsg"] = "Invalid item number"
    elif line["qty"] < 1:
        line["errormsg"] = "Invalid quantity"
    elif sum(part.stock.values()) < line["qty"]:
        line["errormsg"] = "Item not available"
    return line


def _shipments(request: HttpRequest) -> JsonResponse:
    return _envelope("SHP", shipment=[_shipment(number)
                                      for number in request.GET.getlist("ordernum")])


def _shipment(order_number: str) -> dict:
    found = state.order_with_number(SIMULATOR, order_number)
    if found is None:
        return {"ordernum": order_number, "errormsg": "Order not found", "shipmentline": []}
    state.order_looked_up(found)
    tracking = [{"trackingnumbers": [{"carrier": "UPS", "trackingnum": found.tracking_number}]}]
    return {"ordernum": order_number, "shipmentline": tracking if found.is_shipped else []}


def _part(code: str):
    match = next((part for part in TUCKER_PARTS
                  if part.part_number.replace("-", "") == code.replace("-", "")), None)
    return state.part_find(SIMULATOR, match.part_number) if match else None
