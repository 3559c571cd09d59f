"""getPurchaseOrders' query parameters: validated as Amazon documents them, then answered from
the generated orders.

Error messages are partner-facing (Amazon's API speaks English), so they are not translated.
"""

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sandbox.catalog import DEMO_VENDOR_CODE
from sandbox.spapi.orders import (
    iso_datetime,
    purchase_order,
    purchase_order_summary,
    slot_starts,
)

MAX_WINDOW = timedelta(days=7)
MAX_LIMIT = 100
SORT_ORDERS = ("ASC", "DESC")
BOOLEANS = {"true": True, "false": False}
PURCHASE_ORDER_STATES = ("New", "Acknowledged", "Closed")
GENERATED_STATE = "New"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class InvalidQuery(Exception):
    def __init__(self, message: str, details: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.details = details


@dataclass(frozen=True)
class PurchaseOrdersQuery:
    created_after: datetime
    created_before: datetime
    limit: int
    descending: bool
    include_details: bool
    offset: int
    # True when a filter asks for something generated orders never are (changed, cancelled,
    # acknowledged, another vendor's): the answer is an empty list, not an error.
    matches_nothing: bool


def purchase_orders_query(params: Mapping[str, str], *, now: datetime) -> PurchaseOrdersQuery:
    """Validate getPurchaseOrders' parameters; raises InvalidQuery with the fix in its details."""
    created_after, created_before = _created_window(params, now)
    _changed_window(params)
    offset, created_before = _page_position(params, created_before)
    return PurchaseOrdersQuery(
        created_after=created_after,
        created_before=created_before,
        limit=_limit(params),
        descending=_choice(params, "sortOrder", SORT_ORDERS, default="ASC") == "DESC",
        include_details=BOOLEANS[_choice(params, "includeDetails", tuple(BOOLEANS), "true")],
        offset=offset,
        matches_nothing=_excludes_generated_orders(params),
    )


def purchase_orders_page(query: PurchaseOrdersQuery) -> dict:
    """The OrderList payload for one page of `query`."""
    slots = _matching_slots(query)
    end = query.offset + query.limit
    describe = purchase_order if query.include_details else purchase_order_summary
    payload = {"orders": [describe(slot) for slot in slots[query.offset : end]]}
    if end < len(slots):
        payload = {"pagination": {"nextToken": page_token(end, query.created_before)}, **payload}
    return payload


def page_token(offset: int, created_before: datetime) -> str:
    # The token pins the window's end: a client that leaves createdBefore to default to "now"
    # would otherwise see later pages shift as new orders arrive.
    end = (created_before - EPOCH) // timedelta(microseconds=1)
    return base64.urlsafe_b64encode(f"{offset:010d}:{end}".encode()).decode()


def _matching_slots(query: PurchaseOrdersQuery) -> list[datetime]:
    if query.matches_nothing:
        return []
    slots = slot_starts(created_after=query.created_after, created_before=query.created_before)
    return slots[::-1] if query.descending else slots


def _page_position(params: Mapping[str, str], created_before: datetime) -> tuple[int, datetime]:
    token = params.get("nextToken")
    if not token:
        return 0, created_before
    try:
        return _decode_page_token(token)
    except (binascii.Error, UnicodeDecodeError, ValueError, OverflowError, OSError) as error:
        raise InvalidQuery(
            "Invalid nextToken.",
            "Pass payload.pagination.nextToken from the previous page unchanged, together with "
            "the same filters as the first request.",
        ) from error


def _decode_page_token(token: str) -> tuple[int, datetime]:
    offset, end = base64.urlsafe_b64decode(token.encode()).decode().split(":")
    if not offset.isdigit() or not end.isdigit():
        raise ValueError(token)
    return int(offset), EPOCH + timedelta(microseconds=int(end))


def _created_window(params: Mapping[str, str], now: datetime) -> tuple[datetime, datetime]:
    requested_before = _datetime(params, "createdBefore") or now
    created_after = _datetime(params, "createdAfter") or requested_before - MAX_WINDOW
    _check_window("createdAfter", created_after, "createdBefore", requested_before)
    # Orders exist only up to now: a window reaching into the future ends now.
    return created_after, min(requested_before, now)


def _changed_window(params: Mapping[str, str]) -> None:
    changed_after = _datetime(params, "changedAfter")
    changed_before = _datetime(params, "changedBefore")
    if changed_after and changed_before:
        _check_window("changedAfter", changed_after, "changedBefore", changed_before)


def _check_window(after_name: str, after: datetime, before_name: str, before: datetime) -> None:
    if before < after:
        raise InvalidQuery(
            f"{before_name} must not be earlier than {after_name}.",
            f"{after_name}={iso_datetime(after)} is later than "
            f"{before_name}={iso_datetime(before)}; swap them.",
        )
    if before - after > MAX_WINDOW:
        raise InvalidQuery(
            f"The date range between {after_name} and {before_name} must not exceed 7 days.",
            f"{after_name}={iso_datetime(after)} and {before_name}={iso_datetime(before)} span "
            f"{(before - after) / timedelta(days=1):.2f} days; "
            "split the query into windows of at most 7 days.",
        )


def _datetime(params: Mapping[str, str], name: str) -> datetime | None:
    value = params.get(name)
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as error:
        raise InvalidQuery(
            f"Invalid {name}.",
            f"{name}={value!r} is not an ISO-8601 date-time; use e.g. 2024-08-20T14:00:00Z.",
        ) from error
    # Amazon's own sandbox examples carry no time zone and mean UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _limit(params: Mapping[str, str]) -> int:
    value = params.get("limit", str(MAX_LIMIT))
    if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= MAX_LIMIT:
        raise InvalidQuery(
            "Invalid limit.", f"limit={value!r} must be a whole number from 1 to {MAX_LIMIT}."
        )
    return int(value)


def _choice(params: Mapping[str, str], name: str, allowed: tuple[str, ...], default: str) -> str:
    value = params.get(name, default)
    if value not in allowed:
        raise InvalidQuery(
            f"Invalid {name}.", f"{name}={value!r} must be one of: {', '.join(allowed)}."
        )
    return value


def _optional_choice(params: Mapping[str, str], name: str, allowed: tuple[str, ...]) -> str | None:
    return _choice(params, name, allowed, default="") if name in params else None


def _excludes_generated_orders(params: Mapping[str, str]) -> bool:
    state = _optional_choice(params, "purchaseOrderState", PURCHASE_ORDER_STATES)
    cancelled_items = _optional_choice(params, "poItemState", ("Cancelled",))
    changed_only = BOOLEANS[_choice(params, "isPOChanged", tuple(BOOLEANS), default="false")]
    return any(
        (
            state not in (None, GENERATED_STATE),
            cancelled_items is not None,
            changed_only,
            "changedAfter" in params or "changedBefore" in params,
            params.get("orderingVendorCode", DEMO_VENDOR_CODE) != DEMO_VENDOR_CODE,
        )
    )
