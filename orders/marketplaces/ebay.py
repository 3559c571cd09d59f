"""eBay Sell Fulfillment API: the orders we still have to ship and their tracking (research §7).

The seller's OAuth user token travels as a Bearer token. Every call has a timeout; 429, 5xx
and failed connections are retried with backoff. A tracking push is made safe to repeat:
eBay records every POST as a new package, so before posting, and again before retrying a
POST whose answer may have been lost, the order's fulfillments are read and one with the same
tracking number is taken as the push already made.
"""

import time
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import requests

from orders.marketplaces.base import (
    BuyerAddress,
    MarketplaceLine,
    MarketplaceOrder,
    MarketplaceRefused,
    MarketplaceUnavailable,
    TrackingPush,
    unit_price,
    utc,
)
from orders.marketplaces.carriers import ebay_carrier_code
from orders.marketplaces.http import Failure, RetryingClient

API_PATH = "/sell/fulfillment/v1"
OPEN_STATUSES = ("NOT_STARTED", "IN_PROGRESS")
MAX_PAGE_SIZE = 200  # getOrders' largest limit


class EbayClient(RetryingClient):
    marketplace = "eBay"

    def __init__(self, *, base_url: str, token: str, page_size: int = MAX_PAGE_SIZE,
                 timeout: float = 30.0, max_attempts: int = 4, retry_base_seconds: float = 1.0,
                 sleep: Callable[[float], None] = time.sleep):
        self.base_url = base_url.rstrip("/") + API_PATH
        self.token = token
        self.page_size = max(1, min(page_size, MAX_PAGE_SIZE))
        self.timeout, self.max_attempts = timeout, max(1, max_attempts)
        self.retry_base_seconds, self.sleep = retry_base_seconds, sleep
        self.session = requests.Session()
        self.session.headers.update({"Authorization": f"Bearer {token}",
                                     "Accept": "application/json"})

    def orders(self, since: datetime) -> list[MarketplaceOrder]:
        """Orders created since `since` that are not yet fulfilled nor cancelled."""
        found, offset = [], 0
        while True:
            page = self._get("/order", params={"filter": orders_filter(since),
                                               "limit": self.page_size, "offset": offset})
            batch = page.get("orders") or []
            found += [order_from_ebay(order) for order in batch if is_open(order)]
            if not page.get("next") or not batch:
                return found
            offset += len(batch)

    def push_tracking(self, push: TrackingPush) -> str:
        """Creates the package's shipping fulfillment; returns eBay's fulfillmentId."""
        existing = self._fulfillment_with(push)
        if existing:
            return existing
        path = f"/order/{quote(push.order_id, safe='')}/shipping_fulfillment"
        body, failure = fulfillment_body(push), None
        for attempt in range(1, self.max_attempts + 1):
            outcome = self._attempt("POST", path, json=body)
            if isinstance(outcome, requests.Response):
                return _location_id(outcome) or self._fulfillment_with(push)
            failure = outcome
            if attempt == self.max_attempts:
                break
            self._pause(attempt, failure)
            existing = self._fulfillment_with(push) if failure.may_have_arrived else ""
            if existing:  # the answer was lost, not the push
                return existing
        raise self._unavailable(failure)

    def _fulfillment_with(self, push: TrackingPush) -> str:
        page = self._get(f"/order/{quote(push.order_id, safe='')}/shipping_fulfillment")
        return next((str(fulfillment.get("fulfillmentId") or "")
                     for fulfillment in page.get("fulfillments") or []
                     if fulfillment.get("shipmentTrackingNumber") == push.tracking_number), "")

    def _get(self, path: str, params: dict | None = None) -> dict:
        failure = None
        for attempt in range(1, self.max_attempts + 1):
            outcome = self._attempt("GET", path, params=params)
            if isinstance(outcome, requests.Response):
                return self._json(outcome)
            failure = outcome
            if attempt < self.max_attempts:
                self._pause(attempt, failure)
        raise self._unavailable(failure)

    def _attempt(self, method: str, path: str, *, params: dict | None = None,
                 json: Any = None) -> requests.Response | Failure:
        """eBay's 2xx answer, or why to try again; raises MarketplaceRefused on its 4xx."""
        try:
            response = self.session.request(method, self.base_url + path, params=params,
                                            json=json, timeout=self.timeout)
        except requests.RequestException as exc:
            return self._transport_failure(exc)
        failure = self._status_failure(response, lambda: self._messages(response))
        if failure is not None:
            return failure
        if response.status_code >= 400:
            raise MarketplaceRefused(self._refusal(method, path, response))
        return response

    def _refusal(self, method: str, path: str, response: requests.Response) -> str:
        sentence = (f"eBay refused {method} {path} (HTTP {response.status_code}): "
                    f"{self._messages(response)}")
        if response.status_code == 401:
            sentence += " Renew the eBay user token of this channel."
        return sentence

    def _messages(self, response: requests.Response) -> str:
        try:
            errors = response.json().get("errors") or []
        except (ValueError, AttributeError):
            errors = []
        text = " ".join(str(error.get("longMessage") or error.get("message") or "")
                        for error in errors if isinstance(error, dict)).strip()
        return self._masked(text or "no error message.")

    def _json(self, response: requests.Response) -> dict:
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise MarketplaceUnavailable(f"eBay answered HTTP {response.status_code} with a "
                                         "body that is not a JSON object; try again later.")
        return body




def orders_filter(since: datetime) -> str:
    return (f"creationdate:[{ebay_time(since)}..],"
            f"orderfulfillmentstatus:{{{'|'.join(OPEN_STATUSES)}}}")


def is_open(order: dict) -> bool:
    """Still ours to ship: not fulfilled (should eBay ignore the filter), not cancelled."""
    cancelled = (order.get("cancelStatus") or {}).get("cancelState") == "CANCELED"
    return order.get("orderFulfillmentStatus") in OPEN_STATUSES and not cancelled


def order_from_ebay(order: dict) -> MarketplaceOrder:
    instructions = (order.get("fulfillmentStartInstructions") or [{}])[0]
    ship_to = (instructions.get("shippingStep") or {}).get("shipTo") or {}
    address = ship_to.get("contactAddress") or {}
    return MarketplaceOrder(
        order_id=str(order["orderId"]),
        ordered_at=datetime.fromisoformat(order["creationDate"]),
        ship_to=BuyerAddress(
            name=ship_to.get("fullName", ""), address1=address.get("addressLine1", ""),
            address2=address.get("addressLine2", ""), city=address.get("city", ""),
            state=address.get("stateOrProvince", ""), postal_code=address.get("postalCode", ""),
            country=address.get("countryCode", ""),
            phone=(ship_to.get("primaryPhone") or {}).get("phoneNumber", ""),
            email=ship_to.get("email", "")),
        lines=[line_from_ebay(item) for item in order.get("lineItems") or []],
        raw=order,
    )


def line_from_ebay(item: dict) -> MarketplaceLine:
    cost = item.get("lineItemCost") or {}
    quantity = int(item.get("quantity") or 0)
    return MarketplaceLine(
        line_id=str(item["lineItemId"]), sku=item.get("sku", ""), title=item.get("title", ""),
        quantity=quantity,
        # lineItemCost is the price of all the line's units.
        unit_price=unit_price(Decimal(str(cost.get("value") or "0")), quantity),
        currency=cost.get("currency", ""))


def fulfillment_body(push: TrackingPush) -> dict:
    return {"lineItems": [{"lineItemId": line_id, "quantity": quantity}
                          for line_id, quantity in push.lines],
            "shippedDate": ebay_time(push.shipped_at),
            "shippingCarrierCode": ebay_carrier_code(push.carrier),
            "trackingNumber": push.tracking_number}


def ebay_time(moment: datetime) -> str:
    """eBay's timestamps: UTC with milliseconds, 2025-06-03T19:09:02.768Z."""
    moment = utc(moment)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _location_id(response: requests.Response) -> str:
    # Location: …/order/{orderId}/shipping_fulfillment/{fulfillmentId}
    return response.headers.get("Location", "").rstrip("/").rpartition("/")[2]


