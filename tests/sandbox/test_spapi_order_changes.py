"""Amazon changes some generated orders after placing them: every 7th slot's item 1 quantity an
hour after creation, every 11th slot's last item cancelled two hours after."""

from datetime import UTC, datetime, timedelta

import pytest

from sandbox.spapi.orders import original_purchase_order, purchase_order
from sandbox.spapi.slots import slot_index, slot_starts
from tests.sandbox.documents import (
    entry,
    full_acceptance,
    line_acknowledgement,
    lines,
    settled_order,
    with_first_item,
)
from tests.sandbox.spapi_client import polled_statuses, strict_model_validator, submitted

JUNE_FIRST = {"createdAfter": "2024-06-01T00:00:00Z", "createdBefore": "2024-06-02T00:00:00Z"}
JUNE_FIRST_SLOTS = slot_starts(
    created_after=datetime(2024, 6, 1, tzinfo=UTC), created_before=datetime(2024, 6, 2, tzinfo=UTC)
)
QUANTITY_CHANGED = [slot for slot in JUNE_FIRST_SLOTS if slot_index(slot) % 7 == 0]
ITEM_CANCELLED = [slot for slot in JUNE_FIRST_SLOTS if slot_index(slot) % 11 == 0]


def numbers(response) -> list[str]:
    strict_model_validator("GetPurchaseOrdersResponse").validate({"payload": response.payload})
    return [order["purchaseOrderNumber"] for order in response.payload["orders"]]


def numbers_of(slots: list[datetime]) -> list[str]:
    return [purchase_order(slot, as_of=slot)["purchaseOrderNumber"] for slot in sorted(set(slots))]


def placed_slot(order: dict) -> datetime:
    return datetime.fromisoformat(order["orderDetails"]["purchaseOrderDate"])


def reduced_line_one(order: dict) -> bool:
    details = order["orderDetails"]
    if (
        "purchaseOrderChangedDate" not in details
        or lines(order)[-1]["orderedQuantity"]["amount"] == 0
    ):
        return False
    original = original_purchase_order(placed_slot(order))
    return (
        lines(original)[0]["orderedQuantity"]["amount"]
        > lines(order)[0]["orderedQuantity"]["amount"]
    )


def test_is_po_changed_returns_the_changed_and_cancelled_orders(vendor_orders):
    response = vendor_orders.get_purchase_orders(**JUNE_FIRST, isPOChanged="true")

    assert numbers(response) == numbers_of(QUANTITY_CHANGED + ITEM_CANCELLED)
    assert all("purchaseOrderChangedDate" in o["orderDetails"] for o in response.payload["orders"])


def test_changed_window_returns_orders_whose_change_falls_in_it(vendor_orders):
    # Changes of June 1st's orders happen from 01:00 (a 00:00 order) to 01:45 next day.
    response = vendor_orders.get_purchase_orders(
        changedAfter="2024-06-01T12:00:00Z", changedBefore="2024-06-01T18:00:00Z"
    )

    changed_at = {
        slot: slot + timedelta(hours=2 if slot in ITEM_CANCELLED else 1)
        for slot in QUANTITY_CHANGED + ITEM_CANCELLED
    }
    window = (datetime(2024, 6, 1, 12, tzinfo=UTC), datetime(2024, 6, 1, 18, tzinfo=UTC))
    expected = [slot for slot, moment in changed_at.items() if window[0] <= moment <= window[1]]
    assert numbers(response) == numbers_of(expected)
    for order in response.payload["orders"]:
        changed = datetime.fromisoformat(order["orderDetails"]["purchaseOrderChangedDate"])
        assert window[0] <= changed <= window[1]


def test_changed_window_without_changes_returns_an_empty_list(vendor_orders):
    # Changes happen on slot boundaries (creation + 1 h or + 2 h), never between them.
    response = vendor_orders.get_purchase_orders(
        changedAfter="2024-06-01T00:01:00Z", changedBefore="2024-06-01T00:14:00Z"
    )

    assert response.payload == {"orders": []}


def test_cancelled_item_state_returns_orders_with_a_zero_quantity_last_line(vendor_orders):
    response = vendor_orders.get_purchase_orders(**JUNE_FIRST, poItemState="Cancelled")

    assert numbers(response) == numbers_of(ITEM_CANCELLED)
    for order in response.payload["orders"]:
        assert lines(order)[-1]["orderedQuantity"]["amount"] == 0


def test_created_listing_returns_the_current_version_of_changed_orders(vendor_orders):
    response = vendor_orders.get_purchase_orders(**JUNE_FIRST)

    by_number = {order["purchaseOrderNumber"]: order for order in response.payload["orders"]}
    for slot in QUANTITY_CHANGED:
        listed = by_number[purchase_order(slot, as_of=slot)["purchaseOrderNumber"]]
        placed = original_purchase_order(slot)
        delta = (
            lines(listed)[0]["orderedQuantity"]["amount"]
            - lines(placed)[0]["orderedQuantity"]["amount"]
        )
        assert delta in (-1, 1) or slot in ITEM_CANCELLED
        assert listed["orderDetails"]["purchaseOrderChangedDate"]


@pytest.mark.parametrize(("minutes", "changed"), [(59, False), (60, True)])
def test_change_exists_only_once_its_moment_has_passed(minutes, changed):
    slot = QUANTITY_CHANGED[0]

    order = purchase_order(slot, as_of=slot + timedelta(minutes=minutes))

    assert ("purchaseOrderChangedDate" in order["orderDetails"]) is changed


def test_quantity_change_never_zeroes_a_line():
    slots = slot_starts(
        created_after=datetime(2024, 5, 1, tzinfo=UTC),
        created_before=datetime(2024, 6, 1, tzinfo=UTC),
    )
    changed = [slot for slot in slots if slot_index(slot) % 7 == 0 and slot_index(slot) % 11]

    for slot in changed:
        assert (
            lines(purchase_order(slot, as_of=slot + timedelta(hours=3)))[0]["orderedQuantity"][
                "amount"
            ]
            > 0
        )


def test_acknowledging_the_original_quantity_after_a_reduction_fails(
    vendor_orders, vendor_transactions
):
    order = settled_order(reduced_line_one)
    original_line = lines(original_purchase_order(placed_slot(order)))[0]
    stale = line_acknowledgement(original_line)

    transaction_id = submitted(
        vendor_orders.submit_acknowledgement(**with_first_item(full_acceptance(order), stale))
    )

    final = polled_statuses(vendor_transactions, transaction_id)[-1]
    assert final["status"] == "Failure"
    assert [error["code"] for error in final["errors"]] == ["QUANTITY_EXCEEDS_ORDERED"]


def test_cancelled_line_may_be_left_out_of_the_acknowledgement(vendor_orders, vendor_transactions):
    order = settled_order(
        lambda o: len(lines(o)) >= 2 and lines(o)[-1]["orderedQuantity"]["amount"] == 0
    )
    body = full_acceptance(order)

    transaction_id = submitted(vendor_orders.submit_acknowledgement(**body))

    assert len(body["acknowledgements"][0]["items"]) == len(lines(order)) - 1
    assert polled_statuses(vendor_transactions, transaction_id)[-1]["status"] == "Success"


def test_cancelled_line_acknowledged_with_a_quantity_fails(vendor_orders, vendor_transactions):
    order = settled_order(
        lambda o: len(lines(o)) >= 2 and lines(o)[-1]["orderedQuantity"]["amount"] == 0
    )
    cancelled = lines(order)[-1]
    body = full_acceptance(order)
    body["acknowledgements"][0]["items"].append(
        line_acknowledgement(cancelled, entry("Accepted", 1, cancelled))
    )

    transaction_id = submitted(vendor_orders.submit_acknowledgement(**body))

    final = polled_statuses(vendor_transactions, transaction_id)[-1]
    assert [error["code"] for error in final["errors"]] == ["QUANTITY_EXCEEDS_ORDERED"]
