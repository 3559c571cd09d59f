"""Shopify GraphQL Admin API: the buyers' orders and the tracking upload (fulfillmentCreate,
research §7), for exactly the operations orders.marketplaces.shopify sends.

One endpoint, POST /admin/api/<version>/graphql.json, with the Admin API access token in
X-Shopify-Access-Token. GraphQL is not parsed: the operation is told by its name
(operationName, or the name after `query` / `mutation`) and its variables are read; the
answer carries the fields the client asks for, in Shopify's shapes: `data`, top-level
`errors`, and a mutation's `userErrors`. The shop has one location, so each order has one
fulfillment order, gid://shopify/FulfillmentOrder/<the order's number>, whose line items have
the numbers of the order's line items (sandbox.marketplaces.pushes). The orders search
understands created_at (>, >=, <, <=, :), status (open, any) and fulfillment_status
(unfulfilled: nothing or part fulfilled; unshipped, partial, shipped, any) and, unlike
Shopify, refuses any other term, so that a client's typo shows. A "429" fault answers as
Shopify's cost throttle does, HTTP 200 with a THROTTLED error; with THROTTLE_WITH_HTTP_429
set it answers HTTP 429 instead, as Shopify does to too many requests at once.
"""

import base64
import binascii
import json
import re
from collections.abc import Callable
from datetime import UTC, datetime

from django.http import HttpRequest, HttpResponse, JsonResponse

from sandbox.distributors.gateway import Partner, json_body, operation
from sandbox.distributors.state import number_next
from sandbox.marketplaces.pushes import (
    SHOPIFY,
    BuyerOrder,
    OrderLine,
    TrackingPush,
    order_find,
    order_status,
    orders_listed,
    push_accept,
    pushes_received,
    quantities_left,
    shopify_fulfillment_order_id,
    shopify_fulfillment_order_line_item_id,
    shopify_line_item_id,
)

SHOPIFY_ACCESS_TOKEN = "shpat_sandbox_token"
INVALID_TOKEN = "[API] Invalid API key or access token (unrecognized login or wrong password)"
THROTTLE_WITH_HTTP_429 = False
API_VERSION = re.compile(r"\d{4}-(01|04|07|10)|unstable")
OPERATION_NAME = re.compile(r"^\s*(?:query|mutation)\s+(\w+)")
SEARCH_TERM = re.compile(r"(?P<field>\w+):(?P<comparator>[<>]=?)?(?P<value>'[^']*'|\S+)")
MAX_FIRST = 250  # Shopify's largest page
# The displayFulfillmentStatus values each fulfillment_status search value stands for.
FULFILLMENT_STATUSES = {
    "unfulfilled": ("UNFULFILLED", "PARTIALLY_FULFILLED"), "unshipped": ("UNFULFILLED",),
    "partial": ("PARTIALLY_FULFILLED",), "shipped": ("FULFILLED",), "fulfilled": ("FULFILLED",),
    "any": ("UNFULFILLED", "PARTIALLY_FULFILLED", "FULFILLED"),
}
COMPARATORS: dict[str, Callable[[datetime, datetime], bool]] = {
    "": lambda created, moment: created.date() == moment.date(),
    ">": lambda created, moment: created > moment, ">=": lambda created, moment: created >= moment,
    "<": lambda created, moment: created < moment, "<=": lambda created, moment: created <= moment,
}


class GraphQLError(Exception):
    """What Shopify would put in the top-level `errors`: the request as a whole is wrong."""


def shopify_error(request: HttpRequest, status: int, message: str) -> JsonResponse:
    if status == 429 and not THROTTLE_WITH_HTTP_429:
        return _throttled()
    # Outside GraphQL (token, route, Shopify's own faults) Shopify's errors are one sentence.
    return JsonResponse({"errors": INVALID_TOKEN if status == 401 else message}, status=status)


def _operation_name(request: HttpRequest) -> str:
    body = json_body(request) or {}
    if body.get("operationName"):
        return str(body["operationName"])
    matched = OPERATION_NAME.match(str(body.get("query") or ""))
    return matched[1] if matched else "anonymous"


SHOPIFY_API = Partner(
    SHOPIFY,
    authorized=lambda request: (request.headers.get("X-Shopify-Access-Token")
                                == SHOPIFY_ACCESS_TOKEN),
    error=shopify_error, unauthorized_message=INVALID_TOKEN, refusal_status=422,
    server_error_message="Internal Server Error", throttled_message="Throttled")


@operation(SHOPIFY_API, _operation_name, "POST")
def graphql(request: HttpRequest, version: str) -> HttpResponse:
    if not API_VERSION.fullmatch(version):
        return JsonResponse({"errors": "Not Found"}, status=404)
    body = json_body(request)
    if body is None or not isinstance(body.get("query"), str):
        return JsonResponse({"errors": [{"message": "No query string was present"}]},
                            status=400)
    answer = OPERATIONS.get(_operation_name(request))
    if answer is None:
        return _errors(f"The sandbox does not know operation {_operation_name(request)!r}; it "
                       f"answers {', '.join(OPERATIONS)}.")
    variables = body.get("variables") or {}
    try:
        return JsonResponse({"data": answer(variables if isinstance(variables, dict) else {})})
    except GraphQLError as invalid:
        return _errors(str(invalid))


def open_orders(variables: dict) -> dict:
    """OpenOrders: orders(first, after, query, sortKey: CREATED_AT), lineItems(first: $lines)."""
    first, offset = _first(variables, "first"), _offset(variables.get("after"))
    lines = _first(variables, "lines")
    wanted = search_filter(str(variables.get("query") or ""))
    matching = [order for order in orders_listed(SHOPIFY) if wanted(order)]
    page = matching[offset:offset + first]
    return {"orders": {
        "pageInfo": _page_info(offset, len(page), len(matching)),
        "nodes": [_order_node(order, lines) for order in page],
    }}


def order_line_items(variables: dict) -> dict:
    """OrderLineItems: order(id).lineItems(first, after)."""
    order = order_find(SHOPIFY, str(variables.get("id") or ""))
    if order is None:
        return {"order": None}
    return {"order": {"lineItems": _line_items(order, _first(variables, "first"),
                                               _offset(variables.get("after")))}}


def order_fulfillments(variables: dict) -> dict:
    """OrderFulfillments: the order's e-mail, fulfillments and open fulfillment order."""
    order = order_find(SHOPIFY, str(variables.get("id") or ""))
    if order is None:
        return {"order": None}
    left = quantities_left(order)
    status = _fulfillment_order_status(order, left)
    return {"order": {
        "id": order.order_id, "email": order.ship_to["email"] or None,
        "fulfillments": [_fulfillment(push) for push in pushes_received(SHOPIFY, order.order_id)],
        # Closed fulfillment orders are left out, as without includeClosed: true.
        "fulfillmentOrders": {"nodes": [] if status == "CLOSED" else [{
            "id": shopify_fulfillment_order_id(order.order_id), "status": status,
            "lineItems": {"nodes": [{
                "id": shopify_fulfillment_order_line_item_id(line.line_id),
                "totalQuantity": line.quantity, "remainingQuantity": max(0, left[line.line_id]),
                "lineItem": {"id": line.line_id},
            } for line in order.lines]},
        }]},
    }}


def create_fulfillment(variables: dict) -> dict:
    """CreateFulfillment: fulfillmentCreate(fulfillment: FulfillmentInput!)."""
    fulfillment = fulfillment_input(variables.get("fulfillment"))
    order, problems = fulfillment_order(fulfillment)
    if order is not None and not problems:
        fulfillment = _spelled_out(fulfillment, order)
        problems = _line_item_problems(fulfillment, order)
    reference = f"gid://shopify/Fulfillment/{5900000000000 + number_next(SHOPIFY)}"
    if order is not None and not problems:
        refusal = push_accept(SHOPIFY, order.order_id, reference, fulfillment)
        problems = [_user_error(["fulfillment", "lineItemsByFulfillmentOrder"], refusal)] if (
            refusal) else []
    if problems:
        return {"fulfillmentCreate": {"fulfillment": None, "userErrors": problems}}
    [push] = [push for push in pushes_received(SHOPIFY, order.order_id)
              if push.reference == reference]
    return {"fulfillmentCreate": {"fulfillment": _fulfillment(push), "userErrors": []}}


OPERATIONS: dict[str, Callable[[dict], dict]] = {
    "OpenOrders": open_orders, "OrderLineItems": order_line_items,
    "OrderFulfillments": order_fulfillments, "CreateFulfillment": create_fulfillment,
}


def search_filter(query: str) -> Callable[[BuyerOrder], bool]:
    """The orders search as a test of one order; raises GraphQLError on what it does not know."""
    tests = []
    for token in query.split():
        if token.upper() == "AND":
            continue
        matched = SEARCH_TERM.fullmatch(token)
        if matched is None or matched["field"] not in ("created_at", "status",
                                                       "fulfillment_status"):
            raise GraphQLError(f"Invalid search term {token!r}: the sandbox understands "
                               "created_at, status and fulfillment_status, joined by spaces.")
        tests.append(_term_test(matched["field"], matched["comparator"] or "",
                                matched["value"].strip("'")))
    return lambda order: all(test(order) for test in tests)


def _term_test(field: str, comparator: str, value: str) -> Callable[[BuyerOrder], bool]:
    if field == "created_at":
        moment = _search_time(value)
        return lambda order: COMPARATORS[comparator](order.created_at, moment)
    if comparator:
        raise GraphQLError(f"{field} takes a value, not a comparison: {field}:{value}.")
    if field == "status":  # the simulated orders are never closed nor cancelled
        if value not in ("open", "any", "closed", "cancelled", "not_closed"):
            raise GraphQLError(f"Invalid status {value!r}: use open, closed, cancelled or any.")
        return lambda order: value in ("open", "any", "not_closed")
    if value not in FULFILLMENT_STATUSES:
        raise GraphQLError(f"Invalid fulfillment_status {value!r}: use "
                           f"{', '.join(FULFILLMENT_STATUSES)}.")
    return lambda order: order_status(order) in FULFILLMENT_STATUSES[value]


def fulfillment_input(spec: object) -> dict:
    """The FulfillmentInput as GraphQL's type check lets it through; raises GraphQLError with
    Shopify's wording for a variable of the wrong shape."""
    def invalid(path: str, explanation: str) -> GraphQLError:
        return GraphQLError("Variable $fulfillment of type FulfillmentInput! was provided "
                            f"invalid value for {path} ({explanation})")

    if not isinstance(spec, dict):
        raise invalid("fulfillment", "Expected value to not be null")
    groups = spec.get("lineItemsByFulfillmentOrder")
    if not isinstance(groups, list):
        raise invalid("lineItemsByFulfillmentOrder", "Expected value to not be null")
    for index, group in enumerate(groups):
        if not isinstance(group, dict) or not isinstance(group.get("fulfillmentOrderId"), str):
            raise invalid(f"lineItemsByFulfillmentOrder.{index}.fulfillmentOrderId",
                          "Expected value to not be null")
        for item in group.get("fulfillmentOrderLineItems") or []:
            if not (isinstance(item, dict) and isinstance(item.get("id"), str)
                    and isinstance(item.get("quantity"), int)):
                raise invalid(f"lineItemsByFulfillmentOrder.{index}.fulfillmentOrderLineItems",
                              "Expected an id and a whole quantity")
    if not isinstance(spec.get("trackingInfo") or {}, dict) or not isinstance(
            spec.get("notifyCustomer", False), bool):
        raise invalid("trackingInfo", "Expected an object, and notifyCustomer a Boolean")
    return spec


def fulfillment_order(spec: dict) -> tuple[BuyerOrder | None, list[dict]]:
    """The order whose fulfillment orders the input names, or the userErrors saying why not."""
    field = ["fulfillment", "lineItemsByFulfillmentOrder"]
    if not spec["lineItemsByFulfillmentOrder"]:
        return None, [_user_error(field, "Line items by fulfillment order can't be blank.")]
    orders = []
    for group in spec["lineItemsByFulfillmentOrder"]:
        named = group["fulfillmentOrderId"]
        order = (order_find(SHOPIFY, named.replace("/FulfillmentOrder/", "/Order/", 1))
                 if "/FulfillmentOrder/" in named else None)
        if order is None:
            return None, [_user_error(field, f"Fulfillment order {named} does not exist.")]
        orders.append(order)
    if len({order.order_id for order in orders}) > 1:
        return None, [_user_error(field, "All fulfillment orders must belong to the same "
                                         "order.")]
    return orders[0], []


def _spelled_out(spec: dict, order: BuyerOrder) -> dict:
    """A fulfillment order named without line items ships all it has left: recorded so."""
    left = quantities_left(order)
    everything = [{"id": shopify_fulfillment_order_line_item_id(line.line_id),
                   "quantity": left[line.line_id]}
                  for line in order.lines if left[line.line_id] > 0]
    return {**spec, "lineItemsByFulfillmentOrder": [
        {**group, "fulfillmentOrderLineItems": group.get("fulfillmentOrderLineItems")
         or everything} for group in spec["lineItemsByFulfillmentOrder"]]}


def _line_item_problems(spec: dict, order: BuyerOrder) -> list[dict]:
    known = {line.line_id for line in order.lines}
    problems = []
    for index, group in enumerate(spec["lineItemsByFulfillmentOrder"]):
        path = ["fulfillment", "lineItemsByFulfillmentOrder", str(index)]
        if not group["fulfillmentOrderLineItems"]:
            problems.append(_user_error(path, f"Fulfillment order {group['fulfillmentOrderId']} "
                                              "has no line items left to fulfill."))
        for item in group["fulfillmentOrderLineItems"]:
            if ("/FulfillmentOrderLineItem/" not in item["id"]
                    or shopify_line_item_id(item["id"]) not in known):
                problems.append(_user_error(path + ["fulfillmentOrderLineItems"],
                                            f"Fulfillment order line item {item['id']} does not "
                                            f"belong to fulfillment order "
                                            f"{group['fulfillmentOrderId']}."))
            elif item["quantity"] < 1:
                problems.append(_user_error(path + ["fulfillmentOrderLineItems"],
                                            "Quantity must be greater than 0."))
    return problems


def _order_node(order: BuyerOrder, lines: int) -> dict:
    address = order.ship_to
    return {
        "id": order.order_id, "name": f"#{order.order_id[-4:]}",
        "createdAt": _shopify_time(order.created_at), "email": address["email"] or None,
        "cancelledAt": None, "displayFulfillmentStatus": order_status(order),
        # Shopify leaves out nothing: what the buyer did not give is null.
        "shippingAddress": {
            "name": address["name"], "address1": address["address1"],
            "address2": address["address2"] or None, "city": address["city"],
            "provinceCode": address["state"] or None, "zip": address["postal_code"],
            "countryCodeV2": address["country"], "phone": address["phone"] or None},
        "lineItems": _line_items(order, lines, 0),
    }


def _line_items(order: BuyerOrder, first: int, offset: int) -> dict:
    page = order.lines[offset:offset + first]
    return {"pageInfo": _page_info(offset, len(page), len(order.lines)),
            "nodes": [_line_item(line) for line in page]}


def _line_item(line: OrderLine) -> dict:
    return {"id": line.line_id, "sku": line.sku, "title": line.title, "quantity": line.quantity,
            # Shopify's unit price: one unit's, before discounts.
            "originalUnitPriceSet": {"shopMoney": {"amount": str(line.unit_price),
                                                   "currencyCode": line.currency}}}


def _fulfillment(push: TrackingPush) -> dict:
    tracking = push.body.get("trackingInfo") or {}
    return {"id": push.reference, "status": "SUCCESS",
            "createdAt": _shopify_time(push.received_at),
            "trackingInfo": [{"number": tracking.get("number"),
                              "company": tracking.get("company"),
                              "url": tracking.get("url")}] if tracking.get("number") else []}


def _fulfillment_order_status(order: BuyerOrder, left: dict[str, int]) -> str:
    if all(quantity <= 0 for quantity in left.values()):
        return "CLOSED"
    shipped_any = any(left[line.line_id] < line.quantity for line in order.lines)
    return "IN_PROGRESS" if shipped_any else "OPEN"


def _page_info(offset: int, count: int, total: int) -> dict:
    end = offset + count
    return {"hasNextPage": end < total, "hasPreviousPage": offset > 0,
            "startCursor": _cursor(offset) if count else None,
            "endCursor": _cursor(end) if count else None}


def _cursor(position: int) -> str:
    """Opaque to the client, as Shopify's are: where the next page starts."""
    return base64.urlsafe_b64encode(json.dumps({"next": position}).encode()).decode()


def _offset(cursor: object) -> int:
    if not cursor:
        return 0
    try:
        position = json.loads(base64.urlsafe_b64decode(str(cursor).encode()))["next"]
    except (binascii.Error, ValueError, KeyError, TypeError):
        raise GraphQLError(f"Invalid cursor {cursor!r}: pass a page's endCursor "
                           "unchanged.") from None
    return max(0, int(position))


def _first(variables: dict, name: str) -> int:
    value = variables.get(name)
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_FIRST:
        raise GraphQLError(f"Variable ${name} must be a whole number from 1 to {MAX_FIRST}; "
                           f"got {value!r}.")
    return value


def _search_time(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise GraphQLError(f"Invalid created_at {value!r}: use an ISO 8601 time, e.g. "
                           "2025-06-03T19:09:02Z.") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _user_error(field: list[str], message: str) -> dict:
    return {"field": field, "message": message}


def _errors(message: str) -> JsonResponse:
    # GraphQL answers a request it cannot run with HTTP 200 and a top-level `errors`.
    return JsonResponse({"errors": [{"message": message}]})


def _throttled() -> JsonResponse:
    cost = {"requestedQueryCost": 752, "actualQueryCost": None,
            "throttleStatus": {"maximumAvailable": 2000.0, "currentlyAvailable": 751,
                               "restoreRate": 100.0}}
    return JsonResponse({"errors": [{"message": "Throttled", "extensions": {
        "code": "THROTTLED", "documentation": "https://shopify.dev/api/usage/rate-limits"}}],
        "extensions": {"cost": cost}})


def _shopify_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
