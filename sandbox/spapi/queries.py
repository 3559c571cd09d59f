"""getPurchaseOrders' query parameters: validated as Amazon documents them, then answered from
the generated orders (their creation, change and cancellation rules: sandbox.spapi.changes).

Error messages are partner-facing (Amazon's API speaks English), so they are not translated.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sandbox.catalog import DEMO_VENDOR_CODE
from sandbox.spapi.changes import LATEST_CHANGE_DELAY, changed_at, has_cancelled_item
from sandbox.spapi.orders import purchase_order, purchase_order_summary
from sandbox.spapi.params import (
    MAX_WINDOW,
    page_of,
    page_position,
    param_boolean,
    param_datetime,
    param_descending,
    param_limit,
    param_optional_choice,
    window_check,
)
from sandbox.spapi.slots import slot_starts

MAX_LIMIT = 100
PURCHASE_ORDER_STATES = ("New", "Acknowledged", "Closed")
GENERATED_STATE = "New"


@dataclass(frozen=True)
class PurchaseOrdersQuery:
    created_after: datetime
    created_before: datetime
    # Set when changedAfter/changedBefore filter on purchaseOrderChangedDate.
    changed_window: tuple[datetime, datetime] | None
    changed_only: bool
    cancelled_only: bool
    limit: int
    descending: bool
    include_details: bool
    offset: int
    # The moment the listing describes: now on a first page, pinned by nextToken after.
    as_of: datetime
    # True when a filter asks for something generated orders never are (acknowledged or
    # closed, another vendor's): the answer is an empty list, not an error.
    matches_nothing: bool


def purchase_orders_query(params: Mapping[str, str], *, now: datetime) -> PurchaseOrdersQuery:
    """Validate getPurchaseOrders' parameters; raises InvalidQuery with the fix in its details."""
    offset, as_of = page_position(params, now)
    changed_window = _changed_window(params, as_of)
    created_after, created_before = _created_window(params, as_of, changed_window)
    return PurchaseOrdersQuery(
        created_after=created_after,
        created_before=created_before,
        changed_window=changed_window,
        changed_only=param_boolean(params, "isPOChanged", default="false"),
        cancelled_only=param_optional_choice(params, "poItemState", ("Cancelled",)) is not None,
        limit=param_limit(params, MAX_LIMIT),
        descending=param_descending(params),
        include_details=param_boolean(params, "includeDetails", default="true"),
        offset=offset,
        as_of=as_of,
        matches_nothing=_excludes_generated_orders(params),
    )


def purchase_orders_page(query: PurchaseOrdersQuery) -> dict:
    """The OrderList payload for one page of `query`."""
    slots, pagination = page_of(
        _matching_slots(query), offset=query.offset, limit=query.limit, as_of=query.as_of
    )
    if query.include_details:
        orders = [purchase_order(slot, as_of=query.as_of) for slot in slots]
    else:
        orders = [purchase_order_summary(slot) for slot in slots]
    return {**pagination, "orders": orders}


def _matching_slots(query: PurchaseOrdersQuery) -> list[datetime]:
    if query.matches_nothing:
        return []
    slots = slot_starts(created_after=query.created_after, created_before=query.created_before)
    slots = [slot for slot in slots if _matches_change_filters(slot, query)]
    return slots[::-1] if query.descending else slots


def _matches_change_filters(slot: datetime, query: PurchaseOrdersQuery) -> bool:
    changed = changed_at(slot, as_of=query.as_of)
    if query.changed_only and changed is None:
        return False
    if query.cancelled_only and not has_cancelled_item(slot, as_of=query.as_of):
        return False
    if query.changed_window is None:
        return True
    after, before = query.changed_window
    return changed is not None and after <= changed <= before


def _created_window(
    params: Mapping[str, str], as_of: datetime, changed_window: tuple[datetime, datetime] | None
) -> tuple[datetime, datetime]:
    requested_before = param_datetime(params, "createdBefore")
    requested_after = param_datetime(params, "createdAfter")
    if changed_window and not (requested_after or requested_before):
        # Orders changed in the window were created at most LATEST_CHANGE_DELAY before it.
        return changed_window[0] - LATEST_CHANGE_DELAY, min(changed_window[1], as_of)
    created_before = requested_before or as_of
    created_after = requested_after or created_before - MAX_WINDOW
    window_check("createdAfter", created_after, "createdBefore", created_before)
    # Orders exist only up to now: a window reaching into the future ends now.
    return created_after, min(created_before, as_of)


def _changed_window(params: Mapping[str, str], as_of: datetime) -> tuple[datetime, datetime] | None:
    changed_after = param_datetime(params, "changedAfter")
    changed_before = param_datetime(params, "changedBefore")
    if not (changed_after or changed_before):
        return None
    changed_before = changed_before or max(as_of, changed_after)
    changed_after = changed_after or changed_before - MAX_WINDOW
    window_check("changedAfter", changed_after, "changedBefore", changed_before)
    return changed_after, changed_before


def _excludes_generated_orders(params: Mapping[str, str]) -> bool:
    state = param_optional_choice(params, "purchaseOrderState", PURCHASE_ORDER_STATES)
    vendor_code = params.get("orderingVendorCode", DEMO_VENDOR_CODE)
    return state not in (None, GENERATED_STATE) or vendor_code != DEMO_VENDOR_CODE
