"""Western Power Sports API v4, as far as drop-ship goes (research §1): items with inventory,
carts, orders, and the dealer-pricing file. Field names and limits are WPS's published ones;
the error bodies (`{"message", "status_code"}`, 422 for validation) and the dealer-pricing
answers' bodies (`data.location`) are the sandbox's reading of WPS's style.
"""

from datetime import timedelta

from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.utils import timezone

from sandbox.distributors import state
from sandbox.distributors.catalog import WPS_PARTS, WPS_TOKEN, Part
from sandbox.distributors.feed_files import WPS_FILE, chunks, feed_lines
from sandbox.distributors.gateway import Partner, bearer_token, json_body, operation

SIMULATOR = "wps"
LIMITS = {"ship_to": 7, "ship_name": 30, "ship_address1": 30, "ship_address2": 30,
          "ship_address3": 30, "ship_city": 17, "ship_state": 2, "ship_zip": 15,
          "ship_phone": 15, "email": 50, "comment1": 50, "comment2": 50, "description": 50}
DROP_SHIP_FIELDS = ("ship_name", "ship_address1", "ship_city", "ship_state", "ship_zip")
SHIP_VIA_CODES = ("AH2D", "BEST", "FE1D", "FE2D", "UP1D", "UP2D", "US1C", "US4C")
WAREHOUSES = ("CA", "GA", "ID", "IN", "PA", "TX")
PAY_TYPES = ("CC", "OO")
DEALER_PRICING_FILE = "dealer-pricing.csv"
DEALER_PRICING_KEPT = timedelta(days=2)


def wps_error(request: HttpRequest, status: int, message: str) -> JsonResponse:
    return JsonResponse({"message": message, "status_code": status}, status=status)


WPS = Partner(SIMULATOR, authorized=lambda request: bearer_token(request) == WPS_TOKEN,
              error=wps_error, unauthorized_message="Unauthenticated.")


@operation(WPS, "items", "GET")
def items(request: HttpRequest) -> JsonResponse:
    sku = request.GET.get("filter[sku]")
    with_inventory = "inventory" in request.GET.get("include", "").split(",")
    found = [_item(number, part, with_inventory) for number, part in enumerate(WPS_PARTS)
             if sku is None or part.part_number == sku]
    return JsonResponse({"data": found, "meta": {"cursor": {
        "current": None, "prev": None, "next": None, "count": len(found)}}})


@operation(WPS, "carts", "POST")
def carts(request: HttpRequest) -> JsonResponse:
    fields = json_body(request)
    if fields is None:
        return wps_error(request, 400, "The request body must be a JSON object.")
    problems = cart_problems(fields)
    if problems:
        return _invalid(problems)
    po_number = str(fields["po_number"])
    if state.cart_find(po_number) is not None:
        return wps_error(request, 422, f"A cart already exists for PO number {po_number}.")
    cart_number = f"C{state.number_next('wps:cart'):07d}"
    state.cart_put(po_number, {**fields, "cart_number": cart_number, "items": []})
    return JsonResponse({"data": {"cart_number": cart_number, "po_number": po_number,
                                  "shipment_type": "DS"}}, status=201)


@operation(WPS, lambda request: "cart_delete" if request.method == "DELETE" else "cart_show",
           "GET", "DELETE")
def cart(request: HttpRequest, po_number: str) -> HttpResponse:
    found = state.cart_remove(po_number) if request.method == "DELETE" else (
        state.cart_find(po_number))
    if found is None:
        return wps_error(request, 404, f"No cart found for PO number {po_number}.")
    if request.method == "DELETE":
        return HttpResponse(status=204)
    return JsonResponse({"data": found})


@operation(WPS, "cart_items", "POST")
def cart_items(request: HttpRequest, po_number: str) -> JsonResponse:
    found, line = state.cart_find(po_number), json_body(request) or {}
    if found is None:
        return wps_error(request, 404, f"No cart found for PO number {po_number}.")
    sku, quantity = str(line.get("item_sku") or ""), line.get("quantity")
    if not sku or not isinstance(quantity, int) or quantity < 1:
        return _invalid({"item_sku": ["The item sku field is required."],
                         "quantity": ["The quantity must be an integer of at least 1."]})
    part = state.part_find(SIMULATOR, sku)
    if part is None:
        return wps_error(request, 404, f"Item {sku} was not found.")
    available = sum(part.stock.values())
    if available < quantity and not found.get("allow_backorder"):
        return wps_error(request, 422, f"Item {sku} is out of stock ({available} available, "
                                       f"{quantity} requested) and backorders are not allowed.")
    found["items"].append({"item_sku": sku, "quantity": quantity})
    return JsonResponse({"data": {"item_sku": sku, "quantity": quantity}}, status=201)


@operation(WPS, "orders_submit", "POST")
def orders(request: HttpRequest) -> JsonResponse:
    po_number = str((json_body(request) or {}).get("po_number") or "")
    found = state.cart_find(po_number)
    if found is None:
        return wps_error(request, 404, f"No cart found for PO number {po_number}.")
    if not found["items"]:
        return wps_error(request, 422, f"The cart for PO number {po_number} has no items.")
    state.cart_remove(po_number)
    order_number = f"W{state.number_next('wps:order'):07d}"
    state.order_add(SIMULATOR, po_number=po_number, order_number=order_number,
                    lines=[(item["item_sku"], item["quantity"]) for item in found["items"]],
                    ship_to=found, ship_via=found.get("ship_via", "BEST"))
    return JsonResponse({"data": {"order_number": order_number, "po_number": po_number}},
                        status=201)


@operation(WPS, "orders_show", "GET")
def order(request: HttpRequest, po_number: str) -> JsonResponse:
    found = state.order_find(SIMULATOR, po_number)
    if found is None:
        return wps_error(request, 404, f"No order found for PO number {po_number}.")
    return JsonResponse({"data": _purchase_order(state.order_looked_up(found))})


@operation(WPS, "dealer_pricing", "GET")
def dealer_pricing(request: HttpRequest) -> JsonResponse:
    """GET /dealer-pricing: 202 while the file of our costs is generated, then 200 with where
    to download it (research §1.5)."""
    if not state.dealer_pricing_ready():
        return JsonResponse({"message": "The dealer pricing file is being generated; try again "
                                        "shortly.", "status_code": 202}, status=202)
    location = request.build_absolute_uri(f"{request.path.rstrip('/')}/files/"
                                          f"{DEALER_PRICING_FILE}")
    return JsonResponse({"data": {
        "location": location,
        "expires_at": (timezone.now() + DEALER_PRICING_KEPT).isoformat(timespec="seconds")}})


@operation(WPS, "dealer_pricing_file", "GET")
def dealer_pricing_file(request: HttpRequest, name: str) -> HttpResponse:
    if name != DEALER_PRICING_FILE:
        return wps_error(request, 404, f"No dealer pricing file named {name}.")
    response = StreamingHttpResponse(chunks(feed_lines(WPS_FILE, state.feed_files().rows)),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{DEALER_PRICING_FILE}"'
    return response


def cart_problems(fields: dict) -> dict[str, list[str]]:
    """WPS's validation of POST /carts: field → messages; empty when the cart is valid."""
    problems: dict[str, list[str]] = {}
    if not str(fields.get("po_number") or "").strip():
        problems["po_number"] = ["The po number field is required."]
    for name, limit in LIMITS.items():
        if len(str(fields.get(name) or "")) > limit:
            problems[name] = [f"The {_label(name)} may not be greater than {limit} characters."]
    if not fields.get("ship_to"):
        for name in DROP_SHIP_FIELDS:
            if not str(fields.get(name) or "").strip():
                problems.setdefault(name, []).append(
                    f"The {_label(name)} field is required when ship to is not present.")
    choices = {"ship_via": SHIP_VIA_CODES, "cross_ship_via": SHIP_VIA_CODES,
               "default_warehouse": WAREHOUSES, "pay_type": PAY_TYPES}
    for name, allowed in choices.items():
        if fields.get(name) not in (None, "") and fields[name] not in allowed:
            problems[name] = [f"The selected {_label(name)} is invalid."]
    return problems


def _invalid(problems: dict[str, list[str]]) -> JsonResponse:
    # The first problem is the message, so that one sentence tells staff what to fix.
    first = next(iter(problems.values()))[0]
    return JsonResponse({"message": first, "status_code": 422, "errors": problems}, status=422)


def _label(field: str) -> str:
    return field.replace("_", " ")


def _item(number: int, part: Part, with_inventory: bool) -> dict:
    item = {
        "id": 1000 + number, "sku": part.part_number, "name": part.name,
        "list_price": str(part.msrp), "standard_dealer_price": str(part.cost),
        "mapp_price": str(part.msrp), "has_map_policy": False, "status": "STK",
        "drop_ship_eligible": True, "drop_ship_fee": "0.00",
    }
    if with_inventory:
        stock = state.part_find(SIMULATOR, part.part_number).stock
        inventory = {f"{code.lower()}_warehouse": count for code, count in stock.items()}
        item["inventory"] = {"data": {"id": 5000 + number, "item_id": item["id"],
                                      "sku": part.part_number, **inventory,
                                      "total": sum(stock.values())}}
    return item


def _purchase_order(found: state.SimulatedOrder) -> dict:
    ship_to = found.ship_to
    detail = {
        "order_number": found.order_number,
        "order_status": "SHIPPED" if found.is_shipped else "OPEN",
        "invoice_number": None, "freight": 0.0, "misc_charges": 0.0,
        "order_total": float(sum(_cost(sku) * quantity for sku, quantity in found.lines)),
        "warehouse": "ID",
        "order_date": found.created_at.strftime("%Y-%m-%d"),
        "ship_date": found.shipped_at.strftime("%Y-%m-%d") if found.shipped_at else "",
        "invoice_date": "", "ship_via": found.ship_via,
        "tracking_numbers": [found.tracking_number] if found.is_shipped else [],
        "items": [{"item_sku": sku, "quantity": quantity} for sku, quantity in found.lines],
    }
    return {"po_number": found.po_number, "ship_name": ship_to.get("ship_name", ""),
            "ship_address": ship_to.get("ship_address1", ""),
            "ship_city": ship_to.get("ship_city", ""), "ship_state": ship_to.get("ship_state", ""),
            "ship_zip": ship_to.get("ship_zip", ""), "order_details": [detail]}


def _cost(sku: str) -> float:
    part = state.part_find(SIMULATOR, sku)
    return float(part.cost) if part else 0.0
