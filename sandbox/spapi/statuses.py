"""getPurchaseOrdersStatus: the generated orders' OrderStatus, with each line's confirmation
taken from the acknowledgement in force (sandbox.spapi.acknowledgements) — also when its
transaction is stuck in Processing, which is why products verify here.

Orders stay OPEN and NOT_RECEIVED: the sandbox simulates no receiving. Filters apply within the
created window (the 7 days before createdBefore or now by default), or to the one order named by
purchaseOrderNumber.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sandbox.models import Acknowledgement
from sandbox.spapi.acknowledgements import LineConfirmation, acknowledgements_in_force
from sandbox.spapi.acknowledgements import line_confirmations as confirmations_of
from sandbox.spapi.changes import changed_at
from sandbox.spapi.lines import ordered_eaches, quantity_like_line
from sandbox.spapi.orders import ordered_quantity_history, purchase_order, purchase_order_slot
from sandbox.spapi.params import (
    MAX_WINDOW,
    iso_datetime,
    page_of,
    page_position,
    param_datetime,
    param_descending,
    param_limit,
    param_optional_choice,
    window_check,
)
from sandbox.spapi.slots import slot_starts

MAX_LIMIT = 100
FILTERS = {
    "purchaseOrderStatus": ("OPEN", "CLOSED"),
    "itemConfirmationStatus": ("ACCEPTED", "PARTIALLY_ACCEPTED", "REJECTED", "UNCONFIRMED"),
    "itemReceiveStatus": ("NOT_RECEIVED", "PARTIALLY_RECEIVED", "RECEIVED"),
}


@dataclass(frozen=True)
class StatusQuery:
    slots: list[datetime]
    updated_window: tuple[datetime, datetime] | None
    filters: dict[str, str]
    limit: int
    descending: bool
    offset: int
    as_of: datetime


def purchase_orders_status_query(params: Mapping[str, str], *, now: datetime) -> StatusQuery:
    """Validate getPurchaseOrdersStatus' parameters; raises InvalidQuery with the fix."""
    offset, as_of = page_position(params, now)
    filters = {
        name: param_optional_choice(params, name, allowed) for name, allowed in FILTERS.items()
    }
    filters.update({name: params.get(name) for name in ("orderingVendorCode", "shipToPartyId")})
    return StatusQuery(
        slots=_candidate_slots(params, as_of),
        updated_window=_updated_window(params, as_of),
        filters={name: value for name, value in filters.items() if value},
        limit=param_limit(params, MAX_LIMIT),
        descending=param_descending(params),
        offset=offset,
        as_of=as_of,
    )


def purchase_orders_status_page(query: StatusQuery) -> dict:
    """The OrderListStatus payload for one page of `query`."""
    since = query.slots[0] if query.slots else None
    in_force = acknowledgements_in_force(until=query.as_of, since=since)
    statuses = [order_status(slot, in_force, as_of=query.as_of) for slot in query.slots]
    matching = [status for status in statuses if _matches(status, query)]
    if query.descending:
        matching.reverse()
    page, pagination = page_of(matching, offset=query.offset, limit=query.limit, as_of=query.as_of)
    return {**pagination, "ordersStatus": page}


def order_status(slot: datetime, in_force: dict[str, Acknowledgement], *, as_of: datetime) -> dict:
    """The model's OrderStatus of the order of `slot` as it stands at `as_of`."""
    order = purchase_order(slot, as_of=as_of)
    details = order["orderDetails"]
    acknowledgement = in_force.get(order["purchaseOrderNumber"])
    confirmations = confirmations_of(acknowledgement.body, order) if acknowledgement else {}
    history = ordered_quantity_history(slot, as_of=as_of)
    moments = [slot, changed_at(slot, as_of=as_of), acknowledgement and acknowledgement.received_at]
    return {
        "purchaseOrderNumber": order["purchaseOrderNumber"],
        "purchaseOrderStatus": "OPEN",
        "purchaseOrderDate": details["purchaseOrderDate"],
        "lastUpdatedDate": iso_datetime(max(moment for moment in moments if moment)),
        "sellingParty": details["sellingParty"],
        "shipToParty": details["shipToParty"],
        "itemStatus": [
            _item_status(
                line,
                (details["purchaseOrderDate"], history[line["itemSequenceNumber"]]),
                confirmations.get(line["itemSequenceNumber"]),
                acknowledgement,
            )
            for line in details["items"]
        ],
    }


def _item_status(
    line: dict,
    history: tuple[str, list[tuple[datetime, int]]],
    confirmation: LineConfirmation | None,
    acknowledgement: Acknowledgement | None,
) -> dict:
    """OrderItemStatus; `history` is the order's creation date and the line's changes."""
    return {
        "itemSequenceNumber": line["itemSequenceNumber"],
        "buyerProductIdentifier": line["amazonProductIdentifier"],
        "vendorProductIdentifier": line["vendorProductIdentifier"],
        "netCost": line["netCost"],
        "listPrice": line["listPrice"],
        "orderedQuantity": {
            "orderedQuantity": line["orderedQuantity"],
            "orderedQuantityDetails": _ordered_quantity_details(line, *history),
        },
        "acknowledgementStatus": _acknowledgement_status(line, confirmation, acknowledgement),
        "receivingStatus": {
            "receiveStatus": "NOT_RECEIVED",
            "receivedQuantity": quantity_like_line(0, line),
        },
    }


def _ordered_quantity_details(
    line: dict, placed_on: str, changes: list[tuple[datetime, int]]
) -> list[dict]:
    """The quantity as placed, then one entry per change Amazon made (quantity added, or
    cancelled), newest first as in Amazon's example."""
    quantity = line["orderedQuantity"]
    placed = {**quantity, "amount": quantity["amount"] - sum(delta for _, delta in changes)}
    details = [{"updatedDate": placed_on, "orderedQuantity": placed}]
    for moment, delta in changes:
        field = "orderedQuantity" if delta > 0 else "cancelledQuantity"
        change = {"updatedDate": iso_datetime(moment), field: {**quantity, "amount": abs(delta)}}
        details.append(change)
    return details[::-1]


def _acknowledgement_status(
    line: dict, confirmation: LineConfirmation | None, acknowledgement: Acknowledgement | None
) -> dict:
    if confirmation is None or acknowledgement is None:
        return {"confirmationStatus": "UNCONFIRMED"}
    accepted = quantity_like_line(confirmation.accepted, line)
    rejected = quantity_like_line(confirmation.rejected, line)
    detail = {
        "acknowledgementDate": iso_datetime(acknowledgement.received_at),
        "acceptedQuantity": accepted,
        "rejectedQuantity": rejected,
    }
    return {
        "confirmationStatus": _confirmation_status(confirmation, ordered_eaches(line)),
        "acceptedQuantity": accepted,
        "rejectedQuantity": rejected,
        "acknowledgementStatusDetails": [detail],
    }


def _confirmation_status(confirmation: LineConfirmation, ordered: int) -> str:
    if confirmation.accepted == 0:
        return "REJECTED"
    return "ACCEPTED" if confirmation.accepted >= ordered else "PARTIALLY_ACCEPTED"


def _matches(status: dict, query: StatusQuery) -> bool:
    filters = query.filters
    items = status["itemStatus"]
    checks = {
        "purchaseOrderStatus": lambda value: status["purchaseOrderStatus"] == value,
        "itemConfirmationStatus": lambda value: any(
            item["acknowledgementStatus"]["confirmationStatus"] == value for item in items
        ),
        "itemReceiveStatus": lambda value: any(
            item["receivingStatus"]["receiveStatus"] == value for item in items
        ),
        "orderingVendorCode": lambda value: status["sellingParty"]["partyId"] == value,
        "shipToPartyId": lambda value: status["shipToParty"]["partyId"] == value,
    }
    if not all(checks[name](value) for name, value in filters.items()):
        return False
    return _updated_in_window(status, query.updated_window)


def _updated_in_window(status: dict, window: tuple[datetime, datetime] | None) -> bool:
    if window is None:
        return True
    return window[0] <= datetime.fromisoformat(status["lastUpdatedDate"]) <= window[1]


def _candidate_slots(params: Mapping[str, str], as_of: datetime) -> list[datetime]:
    number = params.get("purchaseOrderNumber")
    if number:
        slot = purchase_order_slot(number, now=as_of)
        return [slot] if slot else []
    created_before = param_datetime(params, "createdBefore") or as_of
    created_after = param_datetime(params, "createdAfter") or created_before - MAX_WINDOW
    window_check("createdAfter", created_after, "createdBefore", created_before)
    return slot_starts(created_after=created_after, created_before=min(created_before, as_of))


def _updated_window(params: Mapping[str, str], as_of: datetime) -> tuple[datetime, datetime] | None:
    updated_after = param_datetime(params, "updatedAfter")
    updated_before = param_datetime(params, "updatedBefore")
    if not (updated_after or updated_before):
        return None
    updated_before = updated_before or max(as_of, updated_after)
    updated_after = updated_after or updated_before - MAX_WINDOW
    window_check("updatedAfter", updated_after, "updatedBefore", updated_before)
    return updated_after, updated_before
