"""getPurchaseOrdersStatus reflects the acknowledgement in force, also when its transaction is
stuck in Processing: what a product checks to know an acknowledgement landed."""

from datetime import UTC, datetime, timedelta

import pytest
from sp_api.base.exceptions import SellingApiBadRequestException

from sandbox.spapi.faults import fault_add
from tests.sandbox.documents import (
    acknowledged_items,
    entry,
    full_acceptance,
    is_plain,
    line_acknowledgement,
    lines,
    settled_order,
    with_changes,
    with_first_item,
)
from tests.sandbox.spapi_client import (
    model_validator,
    official_fixture,
    polled_statuses,
    strict_model_validator,
    submitted,
)


def status_of(vendor_orders, order: dict) -> dict:
    response = vendor_orders.get_purchase_orders_status(
        purchaseOrderNumber=order["purchaseOrderNumber"]
    )
    payload = {"payload": response.payload}
    model_validator("GetPurchaseOrdersStatusResponse").validate(payload)
    strict_model_validator("GetPurchaseOrdersStatusResponse").validate(payload)
    [status] = response.payload["ordersStatus"]
    return status


def confirmations(status: dict) -> list[str]:
    return [item["acknowledgementStatus"]["confirmationStatus"] for item in status["itemStatus"]]


def multi_unit_plain(order: dict) -> bool:
    return is_plain(order) and lines(order)[0]["orderedQuantity"]["amount"] > 1


def test_unacknowledged_order_is_open_and_unconfirmed(vendor_orders):
    order = settled_order(is_plain)

    status = status_of(vendor_orders, order)

    assert status["purchaseOrderStatus"] == "OPEN"
    assert set(confirmations(status)) == {"UNCONFIRMED"}
    assert status["purchaseOrderDate"] == order["orderDetails"]["purchaseOrderDate"]


def test_accepted_acknowledgement_shows_every_line_accepted(vendor_orders, vendor_transactions):
    order = settled_order(is_plain)
    transaction_id = submitted(vendor_orders.submit_acknowledgement(**full_acceptance(order)))

    status = status_of(vendor_orders, order)

    assert set(confirmations(status)) == {"ACCEPTED"}
    for item, line in zip(status["itemStatus"], lines(order), strict=True):
        accepted = item["acknowledgementStatus"]["acceptedQuantity"]
        assert accepted["amount"] == line["orderedQuantity"]["amount"]
        assert item["acknowledgementStatus"]["rejectedQuantity"]["amount"] == 0
    assert polled_statuses(vendor_transactions, transaction_id)[-1]["status"] == "Success"


def test_partial_and_rejected_lines_show_as_such(vendor_orders):
    order = settled_order(multi_unit_plain)
    first, second = lines(order)[:2]
    partial = line_acknowledgement(
        first,
        entry("Accepted", 1, first),
        entry(
            "Rejected",
            first["orderedQuantity"]["amount"] - 1,
            first,
            rejectionReason="ObsoleteProduct",
        ),
    )
    rejected = line_acknowledgement(
        second,
        entry(
            "Rejected",
            second["orderedQuantity"]["amount"],
            second,
            rejectionReason="ObsoleteProduct",
        ),
    )
    body = full_acceptance(order)
    acknowledged_items(body)[:2] = [partial, rejected]
    submitted(vendor_orders.submit_acknowledgement(**body))

    status = status_of(vendor_orders, order)

    assert confirmations(status)[:2] == ["PARTIALLY_ACCEPTED", "REJECTED"]


def test_failed_acknowledgement_leaves_the_order_unconfirmed(vendor_orders):
    order = settled_order(is_plain)
    body = with_changes(full_acceptance(order), lambda b: b["acknowledgements"][0]["items"].pop())
    submitted(vendor_orders.submit_acknowledgement(**body))

    assert set(confirmations(status_of(vendor_orders, order))) == {"UNCONFIRMED"}


def test_later_acknowledgement_replaces_the_earlier_one(vendor_orders):
    order = settled_order(multi_unit_plain)
    first = lines(order)[0]
    submitted(vendor_orders.submit_acknowledgement(**full_acceptance(order)))
    fewer = line_acknowledgement(
        first,
        entry("Accepted", 1, first),
        entry(
            "Rejected",
            first["orderedQuantity"]["amount"] - 1,
            first,
            rejectionReason="TemporarilyUnavailable",
        ),
    )
    submitted(
        vendor_orders.submit_acknowledgement(**with_first_item(full_acceptance(order), fewer))
    )

    status = status_of(vendor_orders, order)

    assert confirmations(status)[0] == "PARTIALLY_ACCEPTED"
    assert status["itemStatus"][0]["acknowledgementStatus"]["acceptedQuantity"]["amount"] == 1


def test_stuck_transaction_still_shows_the_order_confirmed(vendor_orders, vendor_transactions):
    order = settled_order(is_plain)
    fault_add("submitAcknowledgement", "stuck_processing")
    transaction_id = submitted(vendor_orders.submit_acknowledgement(**full_acceptance(order)))

    statuses = polled_statuses(vendor_transactions, transaction_id, polls=3)
    status = status_of(vendor_orders, order)

    assert {s["status"] for s in statuses} == {"Processing"}
    assert set(confirmations(status)) == {"ACCEPTED"}


def test_confirmation_status_filter_finds_the_acknowledged_order(vendor_orders):
    order = settled_order(is_plain)
    submitted(vendor_orders.submit_acknowledgement(**full_acceptance(order)))
    placed = datetime.fromisoformat(order["orderDetails"]["purchaseOrderDate"])
    window = {
        "createdAfter": placed.isoformat(),
        "createdBefore": (placed + timedelta(hours=1)).isoformat(),
    }

    accepted = vendor_orders.get_purchase_orders_status(**window, itemConfirmationStatus="ACCEPTED")
    unconfirmed = vendor_orders.get_purchase_orders_status(
        **window, itemConfirmationStatus="UNCONFIRMED"
    )

    assert [s["purchaseOrderNumber"] for s in accepted.payload["ordersStatus"]] == [
        order["purchaseOrderNumber"]
    ]
    assert order["purchaseOrderNumber"] not in {
        s["purchaseOrderNumber"] for s in unconfirmed.payload["ordersStatus"]
    }


def test_listing_pages_with_next_token_and_stays_schema_valid(vendor_orders):
    window = {"createdAfter": "2024-06-01T00:00:00Z", "createdBefore": "2024-06-01T12:00:00Z"}
    pages = [vendor_orders.get_purchase_orders_status(**window, limit=20)]
    while pages[-1].next_token:
        pages.append(
            vendor_orders.get_purchase_orders_status(
                **window, limit=20, nextToken=pages[-1].next_token
            )
        )

    numbers = [s["purchaseOrderNumber"] for page in pages for s in page.payload["ordersStatus"]]
    assert len(pages) == 3
    assert len(numbers) == len(set(numbers)) == 48
    for page in pages:
        strict_model_validator("GetPurchaseOrdersStatusResponse").validate(
            {"payload": page.payload}
        )


def test_changed_order_status_lists_the_quantity_history(vendor_orders):
    # 2024-06-01T01:00Z is slot 1,908,004 = 7 × 272,572: item 1 changed an hour later.
    response = vendor_orders.get_purchase_orders_status(
        createdAfter="2024-06-01T01:00:00Z", createdBefore="2024-06-01T01:15:00Z"
    )

    [status] = response.payload["ordersStatus"]
    details = status["itemStatus"][0]["orderedQuantity"]["orderedQuantityDetails"]
    assert status["lastUpdatedDate"] == "2024-06-01T02:00:00Z"
    assert [detail["updatedDate"] for detail in details] == [
        "2024-06-01T02:00:00Z",
        "2024-06-01T01:00:00Z",
    ]


def test_official_example_request_gets_the_official_response(vendor_orders):
    query = official_fixture("getPurchaseOrdersStatus.request.json")["query"]

    response = vendor_orders.get_purchase_orders_status(**query)

    assert response.payload == official_fixture("getPurchaseOrdersStatus.response.json")["payload"]


def test_window_over_seven_days_is_a_bad_request(vendor_orders):
    now = datetime.now(UTC)

    with pytest.raises(SellingApiBadRequestException):
        vendor_orders.get_purchase_orders_status(
            createdAfter=(now - timedelta(days=8)).isoformat(), createdBefore=now.isoformat()
        )
