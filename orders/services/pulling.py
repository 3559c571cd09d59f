"""Pulling purchase orders from the Selling Partner API: windows, pages, raw storage, intake."""

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from orders.models import ApiPage, OrderSource, PageStatus, VendorAccount
from orders.parsed import OrderDataError
from orders.services.intake import purchase_orders_receive
from orders.spapi.calls import spapi_call
from orders.spapi.client import SpApiError, SpApiThrottled, vendor_client
from orders.spapi.mapping import parse_order

# Amazon allows at most 7 days per request and keeps 6 months.
MAX_WINDOW = timedelta(days=7)
MAX_LOOKBACK = timedelta(days=180)
FIRST_PULL_LOOKBACK = timedelta(days=7)
# Orders become visible with a delay; re-reading a little of the last window loses none.
OVERLAP = timedelta(minutes=10)
THROTTLE_PAUSE = timedelta(minutes=5)
PAGE_SIZE = 100


@dataclass
class PullResult:
    pages: int = 0
    created: int = 0
    changed: int = 0
    items: int = 0
    page_errors: list[str] = field(default_factory=list)

    def add(self, other: "PullResult") -> None:
        self.pages += other.pages
        self.created += other.created
        self.changed += other.changed
        self.items += other.items
        self.page_errors += other.page_errors


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def windows(start: datetime, end: datetime, size: timedelta = MAX_WINDOW
            ) -> Iterator[tuple[datetime, datetime]]:
    while start < end:
        yield start, min(start + size, end)
        start += size


def window_queries(account: VendorAccount, start: datetime, end: datetime) -> list[dict]:
    """New orders, orders Amazon changed, and orders with cancelled items, in one window.

    The vendor code is always named: one authorisation can cover several vendor codes, and
    each account must see only its own orders.
    """
    vendor = {"orderingVendorCode": account.selling_party_id, "includeDetails": "true"}
    created = {**vendor, "createdAfter": iso(start), "createdBefore": iso(end)}
    changed = {**vendor, "changedAfter": iso(start), "changedBefore": iso(end)}
    return [created, {**changed, "isPOChanged": "true"},
            {**changed, "poItemState": "Cancelled"}]


def orders_page_apply(page: ApiPage) -> PullResult:
    orders = [parse_order(o) for o in json.loads(page.body)["payload"].get("orders", [])]
    intake = purchase_orders_receive(account=page.account, orders=orders,
                                     source=OrderSource.API)
    return PullResult(pages=1, created=len(intake.created), changed=len(intake.changed),
                      items=len(orders))


# Operation → (client method, page size, dotted path of the function that applies a page).
OPERATIONS = {
    "getPurchaseOrders": ("get_purchase_orders", PAGE_SIZE,
                          "orders.services.pulling.orders_page_apply"),
    "getShipmentDetails": ("get_shipment_details", 50,
                           "orders.services.shipments.shipments_page_apply"),
}


def page_apply(page: ApiPage) -> PullResult:
    """Apply one stored page in one transaction; a bad page is marked with its reason."""
    try:
        with transaction.atomic():
            result = import_string(OPERATIONS[page.operation][2])(page)
    except (OrderDataError, ValueError, KeyError, TypeError) as exc:
        page.status, page.error = PageStatus.ERROR, f"{type(exc).__name__}: {exc}"
        page.save(update_fields=["status", "error"])
        return PullResult(pages=1, page_errors=[f"page {page.pk}: {page.error}"])
    page.status, page.error, page.applied_at = PageStatus.APPLIED, "", timezone.now()
    page.order_count = result.items
    page.save(update_fields=["status", "error", "applied_at", "order_count"])
    return result


def pages_pull(client, account: VendorAccount, query: dict,
               operation: str = "getPurchaseOrders") -> PullResult:
    """Every page of one query, each stored raw before it is applied."""
    method, page_size, _ = OPERATIONS[operation]
    result, token = PullResult(), None
    while True:
        params = {**query, "limit": page_size, **({"nextToken": token} if token else {})}
        response = spapi_call(client, method, **params)
        page = ApiPage.objects.create(account=account, operation=operation, query=params,
                                      body=response.raw_text)
        result.add(page_apply(page))
        token = response.next_token
        if not token:
            return result


def _pull_failed(account: VendorAccount, exc: SpApiError, now: datetime) -> None:
    account.last_error = str(exc)
    account.throttled_until = now + THROTTLE_PAUSE if isinstance(exc, SpApiThrottled) else None
    account.save(update_fields=["last_error", "throttled_until"])


def orders_pull(*, account: VendorAccount, since: datetime | None = None,
                now: datetime | None = None) -> PullResult:
    """Pull every order created or changed since `since` (default: the last pull).

    Progress is saved after each window, so a long catch-up that fails resumes where it stopped.
    """
    now = now or timezone.now()
    start = since or (account.last_pull_at - OVERLAP if account.last_pull_at
                      else now - FIRST_PULL_LOOKBACK)
    client, result = vendor_client(account, "VendorOrders"), PullResult()
    try:
        for window_start, window_end in windows(max(start, now - MAX_LOOKBACK), now):
            for query in window_queries(account, window_start, window_end):
                result.add(pages_pull(client, account, query))
            account.last_pull_at = window_end
            account.save(update_fields=["last_pull_at"])
    except SpApiError as exc:
        _pull_failed(account, exc, now)
        raise
    account.last_error = _page_errors_summary(result)
    account.throttled_until = None
    account.save(update_fields=["last_error", "throttled_until"])
    return result


def _page_errors_summary(result: PullResult) -> str:
    if not result.page_errors:
        return ""
    return (f"{len(result.page_errors)} page(s) could not be applied; open API pages to see "
            f"why and reprocess: {result.page_errors[0]}")
