"""How Amazon changes a generated purchase order after placing it.

The rule, by the index n of the order's 15-minute slot (its start in seconds since the epoch
divided by 900), so that it is as stateless and repeatable as the orders themselves:

* n % 7 == 0 — one hour after creation Amazon changes the order: item 1's
  orderedQuantity.amount drops by one (or rises by one when it was 1, since 0 would mean
  cancelled), and orderDetails.purchaseOrderChangedDate becomes that moment.
* n % 11 == 0 — two hours after creation Amazon cancels the last item: its
  orderedQuantity.amount becomes 0 and purchaseOrderChangedDate becomes that moment.
* n % 77 == 0 — both, in that order (a one-item order then ends with its only line cancelled).

A change exists only once its moment has passed: every answer describes the order as it stands
at the moment of the request (the first page's moment, for later pages of a listing).
"""

import copy
from dataclasses import dataclass
from datetime import datetime, timedelta

from sandbox.spapi.slots import slot_index

CHANGE_EVERY_NTH_SLOT = 7
CHANGE_DELAY = timedelta(hours=1)
CANCEL_EVERY_NTH_SLOT = 11
CANCEL_DELAY = timedelta(hours=2)
# The longest time between an order's creation and its last change.
LATEST_CHANGE_DELAY = CANCEL_DELAY

QUANTITY_CHANGE = "quantity"
CANCELLATION = "cancellation"


@dataclass(frozen=True)
class OrderChange:
    at: datetime
    kind: str


def changes_made(slot: datetime, *, as_of: datetime) -> list[OrderChange]:
    """The changes to the order of `slot` that have happened by `as_of`, oldest first."""
    index = slot_index(slot)
    scheduled = []
    if index % CHANGE_EVERY_NTH_SLOT == 0:
        scheduled.append(OrderChange(at=slot + CHANGE_DELAY, kind=QUANTITY_CHANGE))
    if index % CANCEL_EVERY_NTH_SLOT == 0:
        scheduled.append(OrderChange(at=slot + CANCEL_DELAY, kind=CANCELLATION))
    return [change for change in scheduled if change.at <= as_of]


def changed_at(slot: datetime, *, as_of: datetime) -> datetime | None:
    """The order's purchaseOrderChangedDate as of `as_of`, None while it is unchanged."""
    changes = changes_made(slot, as_of=as_of)
    return changes[-1].at if changes else None


def has_cancelled_item(slot: datetime, *, as_of: datetime) -> bool:
    return any(change.kind == CANCELLATION for change in changes_made(slot, as_of=as_of))


def items_changed(
    items: list[dict], changes: list[OrderChange]
) -> tuple[list[dict], dict[str, list[tuple[datetime, int]]]]:
    """`items` after `changes`, and per itemSequenceNumber the (moment, quantity delta) of
    each change to that line."""
    current = copy.deepcopy(items)
    history: dict[str, list[tuple[datetime, int]]] = {i["itemSequenceNumber"]: [] for i in items}
    for change in changes:
        line = current[0] if change.kind == QUANTITY_CHANGE else current[-1]
        before = line["orderedQuantity"]["amount"]
        after = _amount_after(change.kind, before)
        line["orderedQuantity"]["amount"] = after
        history[line["itemSequenceNumber"]].append((change.at, after - before))
    return current, history


def _amount_after(kind: str, before: int) -> int:
    if kind == CANCELLATION:
        return 0
    return before - 1 if before > 1 else before + 1
