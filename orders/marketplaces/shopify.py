"""Shopify GraphQL Admin API: the open orders we still have to ship and their tracking
(research §7).

Every call POSTs one GraphQL operation to /admin/api/{API_VERSION}/graphql.json, with the
Admin API access token in X-Shopify-Access-Token. Shopify throttles by query cost and says
so with a THROTTLED error (or HTTP 429); that, 5xx and failed connections are retried with
backoff. Our line ids are line item GIDs; Shopify ships them through the fulfillment order
line items that hold them, so a push first reads the order's fulfillment orders. Shopify
records every fulfillmentCreate as a new fulfillment, so before creating one, and again
before retrying one whose answer may have been lost, the order's fulfillments are read and
one with the same tracking number is taken as the push already made.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

import requests

from orders.marketplaces.base import (
    BuyerAddress,
    MarketplaceLine,
    MarketplaceOrder,
    MarketplaceRefused,
    MarketplaceUnavailable,
    TrackingPush,
    utc,
)
from orders.marketplaces.carriers import shopify_tracking_company
from orders.marketplaces.http import Failure, RetryingClient

API_VERSION = "2025-01"
# A query's requested cost must stay under Shopify's 1,000 points: a page of orders costs
# about 2 + orders × (4 + 3 × lines), so 10 orders of up to 30 lines; an order with more
# lines has the rest read on their own.
MAX_PAGE_SIZE = 10
LINES_PER_ORDER = 30
MORE_LINES_PER_PAGE = 250
FULFILLABLE = ("OPEN", "IN_PROGRESS")  # fulfillment order statuses that take a fulfillment
SHIPPED = ("FULFILLED", "RESTOCKED")  # an order's displayFulfillmentStatus with nothing left
LINE_FIELDS = """
fragment LineFields on LineItem {
  id sku title quantity originalUnitPriceSet { shopMoney { amount currencyCode } }
}"""


@dataclass(frozen=True)
class _Operation:
    name: str
    text: str


OPEN_ORDERS = _Operation("OpenOrders", """
query OpenOrders($first: Int!, $after: String, $query: String!, $lines: Int!) {
  orders(first: $first, after: $after, query: $query, sortKey: CREATED_AT) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id name createdAt email cancelledAt displayFulfillmentStatus
      shippingAddress { name address1 address2 city provinceCode zip countryCodeV2 phone }
      lineItems(first: $lines) { pageInfo { hasNextPage endCursor } nodes { ...LineFields } }
    }
  }
}""" + LINE_FIELDS)
ORDER_LINE_ITEMS = _Operation("OrderLineItems", """
query OrderLineItems($id: ID!, $first: Int!, $after: String) {
  order(id: $id) {
    lineItems(first: $first, after: $after) {
      pageInfo { hasNextPage endCursor } nodes { ...LineFields }
    }
  }
}""" + LINE_FIELDS)
# Up to 25 packages and 5 fulfillment orders of 50 line items each: about 670 points.
ORDER_FULFILLMENTS = _Operation("OrderFulfillments", """
query OrderFulfillments($id: ID!) {
  order(id: $id) {
    id email
    fulfillments(first: 25) { id status trackingInfo(first: 5) { number } }
    fulfillmentOrders(first: 5) {
      nodes { id status lineItems(first: 50) { nodes { id remainingQuantity lineItem { id } } } }
    }
  }
}""")
CREATE_FULFILLMENT = _Operation("CreateFulfillment", """
mutation CreateFulfillment($fulfillment: FulfillmentInput!) {
  fulfillmentCreate(fulfillment: $fulfillment) {
    fulfillment { id status trackingInfo { number company url } }
    userErrors { field message }
  }
}""")


@dataclass
class _Holder:
    """A fulfillment order line item: what one fulfillment order has left of one line item."""

    fulfillment_order_id: str
    item_id: str
    remaining: int


class ShopifyClient(RetryingClient):
    marketplace = "Shopify"

    def __init__(self, *, base_url: str, token: str, page_size: int = MAX_PAGE_SIZE,
                 timeout: float = 30.0, max_attempts: int = 4, retry_base_seconds: float = 1.0,
                 sleep: Callable[[float], None] = time.sleep):
        self.url = f"{base_url.rstrip('/')}/admin/api/{API_VERSION}/graphql.json"
        self.token = token
        self.page_size = max(1, min(page_size, MAX_PAGE_SIZE))
        self.timeout, self.max_attempts = timeout, max(1, max_attempts)
        self.retry_base_seconds, self.sleep = retry_base_seconds, sleep
        self.session = requests.Session()
        self.session.headers.update({"X-Shopify-Access-Token": token,
                                     "Accept": "application/json"})

    def orders(self, since: datetime) -> list[MarketplaceOrder]:
        """Open orders created since `since` with something left to fulfil."""
        found, after = [], None
        while True:
            page = self._query(OPEN_ORDERS, {"first": self.page_size, "after": after,
                                             "query": orders_search(since),
                                             "lines": LINES_PER_ORDER}).get("orders") or {}
            batch = _nodes(page)
            found += [self._order(node) for node in batch if is_open(node)]
            info = page.get("pageInfo") or {}
            if not info.get("hasNextPage") or not batch:
                return found
            after = info.get("endCursor")

    def push_tracking(self, push: TrackingPush) -> str:
        """Creates the package's fulfillment; returns the GID of Shopify's fulfillment."""
        order = self._order_to_fulfil(push.order_id)
        existing = fulfillment_with(order, push.tracking_number)
        if existing:
            return existing
        variables, failure = {"fulfillment": fulfillment_input(push, order)}, None
        for attempt in range(1, self.max_attempts + 1):
            outcome = self._attempt(CREATE_FULFILLMENT, variables)
            if not isinstance(outcome, Failure):
                return self._created(outcome, push)
            failure = outcome
            if attempt == self.max_attempts:
                break
            self._pause(attempt, failure)
            if failure.may_have_arrived:  # the answer may be what was lost, not the push
                existing = fulfillment_with(self._order_to_fulfil(push.order_id),
                                            push.tracking_number)
                if existing:
                    return existing
        raise self._unavailable(failure)

    def _order(self, node: dict) -> MarketplaceOrder:
        lines = node.get("lineItems") or {}
        items, info = _nodes(lines), lines.get("pageInfo") or {}
        while info.get("hasNextPage"):
            more = ((self._query(ORDER_LINE_ITEMS, {
                "id": node["id"], "first": MORE_LINES_PER_PAGE, "after": info.get("endCursor"),
            }).get("order") or {}).get("lineItems") or {})
            items, info = items + _nodes(more), more.get("pageInfo") or {}
        return order_from_shopify(node, items)

    def _order_to_fulfil(self, order_id: str) -> dict:
        order = self._query(ORDER_FULFILLMENTS, {"id": order_id}).get("order")
        if not order:
            raise MarketplaceRefused(f"Shopify has no order {order_id}; a Shopify order id is "
                                     "its GID, e.g. gid://shopify/Order/6100000000001.")
        return order

    def _created(self, data: dict, push: TrackingPush) -> str:
        payload = data.get("fulfillmentCreate") or {}
        errors = payload.get("userErrors") or []
        if errors:
            raise MarketplaceRefused(
                f"Shopify refused the fulfillment of order {push.order_id}: "
                + self._masked(" ".join(str(error.get("message") or "") for error in errors)))
        created = str((payload.get("fulfillment") or {}).get("id") or "")
        return created or fulfillment_with(self._order_to_fulfil(push.order_id),
                                           push.tracking_number)

    def _query(self, operation: _Operation, variables: dict) -> dict:
        failure = None
        for attempt in range(1, self.max_attempts + 1):
            outcome = self._attempt(operation, variables)
            if not isinstance(outcome, Failure):
                return outcome
            failure = outcome
            if attempt < self.max_attempts:
                self._pause(attempt, failure)
        raise self._unavailable(failure)

    def _attempt(self, operation: _Operation, variables: dict) -> dict | Failure:
        """Shopify's `data`, or why to try again; raises MarketplaceRefused when Shopify says
        no in a way that resending will not change."""
        try:
            response = self.session.post(
                self.url, json={"query": operation.text, "operationName": operation.name,
                                "variables": variables}, timeout=self.timeout)
        except requests.RequestException as exc:
            return self._transport_failure(exc)
        failure = self._status_failure(response, lambda: self._messages(_body(response)))
        if failure is not None:
            return failure
        if response.status_code >= 400:
            raise MarketplaceRefused(self._refusal(operation, response))
        return self._data(operation, response)

    def _data(self, operation: _Operation, response: requests.Response) -> dict | Failure:
        body = _body(response)
        if body is None:
            raise MarketplaceUnavailable(f"Shopify answered HTTP {response.status_code} with a "
                                         "body that is not a JSON object; try again later.")
        codes = {str((error.get("extensions") or {}).get("code") or "")
                 for error in _errors(body)}
        if "THROTTLED" in codes:
            # Shopify ran nothing: the query's cost exceeded what the bucket held.
            return Failure("Shopify is throttling our requests (THROTTLED).", False,
                            _throttle_wait(body))
        if "INTERNAL_SERVER_ERROR" in codes:
            return Failure(f"Shopify failed: {self._messages(body)}", True)
        if body.get("errors"):
            raise MarketplaceRefused(f"Shopify refused {operation.name}: "
                                     f"{self._messages(body)}")
        return body.get("data") or {}

    def _refusal(self, operation: _Operation, response: requests.Response) -> str:
        sentence = (f"Shopify refused {operation.name} (HTTP {response.status_code}): "
                    f"{self._messages(_body(response))}")
        if response.status_code == 401:
            sentence += " Renew the Admin API access token of this channel."
        return sentence

    def _messages(self, body: dict | None) -> str:
        errors = (body or {}).get("errors")
        # Shopify's errors are a sentence (HTTP errors) or GraphQL's list of {message, …}.
        text = errors if isinstance(errors, str) else " ".join(
            str(error.get("message") or "") for error in _errors(body or {}))
        return self._masked(text.strip() or "no error message.")




def orders_search(since: datetime) -> str:
    """Shopify's search syntax; terms side by side must all match."""
    created = utc(since).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"status:open fulfillment_status:unfulfilled created_at:>='{created}'"


def is_open(order: dict) -> bool:
    """Still ours to ship, should Shopify's search let a shipped or cancelled order through."""
    return not order.get("cancelledAt") and order.get("displayFulfillmentStatus") not in SHIPPED


def order_from_shopify(order: dict, items: list[dict]) -> MarketplaceOrder:
    address = order.get("shippingAddress") or {}  # none for an order of nothing to ship
    return MarketplaceOrder(
        order_id=str(order["id"]),
        ordered_at=datetime.fromisoformat(order["createdAt"]),
        ship_to=BuyerAddress(
            name=address.get("name") or "", address1=address.get("address1") or "",
            address2=address.get("address2") or "", city=address.get("city") or "",
            state=address.get("provinceCode") or "", postal_code=address.get("zip") or "",
            country=address.get("countryCodeV2") or "", phone=address.get("phone") or "",
            email=order.get("email") or ""),
        lines=[line_from_shopify(item) for item in items],
        raw={**order, "lineItems": {"nodes": items}},
    )


def line_from_shopify(item: dict) -> MarketplaceLine:
    # originalUnitPriceSet is the price of one unit, before discounts, in the shop's currency.
    money = (item.get("originalUnitPriceSet") or {}).get("shopMoney") or {}
    return MarketplaceLine(
        line_id=str(item["id"]), sku=item.get("sku") or "", title=item.get("title") or "",
        quantity=int(item.get("quantity") or 0),
        unit_price=Decimal(str(money.get("amount") or "0")),
        currency=money.get("currencyCode") or "")


def fulfillment_input(push: TrackingPush, order: dict) -> dict:
    """The FulfillmentInput of the package (research §7)."""
    return {"lineItemsByFulfillmentOrder": by_fulfillment_order(push, order),
            "trackingInfo": {"number": push.tracking_number,
                             "company": shopify_tracking_company(push.carrier)},
            # Shopify's shipping confirmation goes by e-mail: without one there is no one to tell.
            "notifyCustomer": bool(order.get("email"))}


def by_fulfillment_order(push: TrackingPush, order: dict) -> list[dict]:
    """The push's lines as the fulfillment order line items holding them, grouped by
    fulfillment order. Units beyond what Shopify shows as remaining stay on a line's last
    holder, for Shopify to refuse in its own words."""
    holders, groups = holders_by_line(order), {}
    for line_id, quantity in push.lines:
        if not holders.get(line_id):
            raise MarketplaceRefused(
                f"Line item {line_id} is in no open fulfillment order of Shopify order "
                f"{push.order_id}: it is fulfilled already, on hold, or not of this order. "
                "Check the order in Shopify before pushing this package again.")
        for holder, units in allotted(holders[line_id], quantity):
            groups.setdefault(holder.fulfillment_order_id, []).append(
                {"id": holder.item_id, "quantity": units})
    return [{"fulfillmentOrderId": fulfillment_order_id, "fulfillmentOrderLineItems": items}
            for fulfillment_order_id, items in groups.items()]


def holders_by_line(order: dict) -> dict[str, list[_Holder]]:
    """Line item GID → the fulfillment order line items that still have some of it to ship."""
    found: dict[str, list[_Holder]] = {}
    for fulfillment_order in _nodes(order.get("fulfillmentOrders")):
        if fulfillment_order.get("status") not in FULFILLABLE:
            continue
        for item in _nodes(fulfillment_order.get("lineItems")):
            line_id = str((item.get("lineItem") or {}).get("id") or "")
            remaining = int(item.get("remainingQuantity") or 0)
            if line_id and remaining > 0:
                found.setdefault(line_id, []).append(
                    _Holder(str(fulfillment_order["id"]), str(item["id"]), remaining))
    return found


def allotted(holders: list[_Holder], quantity: int) -> list[tuple[_Holder, int]]:
    """Spread `quantity` over the holders, each taking what it has left; takes it off them so
    a line named twice is not shipped from the same units twice."""
    shares, left = [], quantity
    for position, holder in enumerate(holders):
        units = left if position == len(holders) - 1 else min(left, holder.remaining)
        if units > 0:
            shares.append((holder, units))
            holder.remaining -= units
            left -= units
    return shares


def fulfillment_with(order: dict, tracking_number: str) -> str:
    """The GID of the order's fulfillment with that tracking number; "" when none."""
    return next((str(fulfillment["id"]) for fulfillment in order.get("fulfillments") or []
                 # A cancelled fulfillment ships nothing any more: the package is pushed anew.
                 if fulfillment.get("status") != "CANCELLED"
                 and any(info.get("number") == tracking_number
                         for info in fulfillment.get("trackingInfo") or [])), "")


def _nodes(connection: Any) -> list[dict]:
    return list((connection or {}).get("nodes") or []) if isinstance(connection, dict) else []


def _body(response: requests.Response) -> dict | None:
    try:
        body = response.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def _errors(body: dict) -> list[dict]:
    errors = body.get("errors")
    if not isinstance(errors, list):
        return []
    return [error for error in errors if isinstance(error, dict)]


def _throttle_wait(body: dict) -> float | None:
    """Seconds until the bucket holds the query's cost again, from Shopify's cost report."""
    cost = (body.get("extensions") or {}).get("cost") or {}
    status = cost.get("throttleStatus") or {}
    try:
        needed = float(cost["requestedQueryCost"]) - float(status["currentlyAvailable"])
        return max(0.0, needed / float(status["restoreRate"]))
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return None


