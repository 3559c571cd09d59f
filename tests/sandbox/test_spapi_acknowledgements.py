"""submitAcknowledgement as the real client sees it: 202 with a transaction for a well-formed
body, then Success or a Failure naming the line that broke one of Amazon's rules."""

import re

import pytest
from sp_api.base.exceptions import SellingApiBadRequestException

from sandbox.models import Acknowledgement
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
from tests.sandbox.spapi_client import official_fixture, polled_statuses, submitted

TRANSACTION_ID = re.compile(r"\d{14}-[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}")


def no_backorder_on_line_one(order: dict) -> bool:
    return is_plain(order) and not lines(order)[0]["isBackOrderAllowed"]


def first_item(body: dict) -> dict:
    return acknowledged_items(body)[0]


def _unknown_order(body: dict, order: dict) -> None:
    body["acknowledgements"][0]["purchaseOrderNumber"] = "NOSUCHPO"


def _missing_last_line(body: dict, order: dict) -> None:
    acknowledged_items(body).pop()


def _more_than_ordered(body: dict, order: dict) -> None:
    first_item(body)["itemAcknowledgements"][0]["acknowledgedQuantity"]["amount"] += 1


def _zero_quantity(body: dict, order: dict) -> None:
    first_item(body)["itemAcknowledgements"].append(
        entry("Rejected", 0, lines(order)[0], rejectionReason="TemporarilyUnavailable")
    )


def _backordered_where_not_allowed(body: dict, order: dict) -> None:
    line = lines(order)[0]
    backordered = entry(
        "Backordered",
        line["orderedQuantity"]["amount"],
        line,
        scheduledShipDate="2030-01-01T00:00:00Z",
    )
    acknowledged_items(body)[0] = line_acknowledgement(line, backordered)


def _rejected_without_reason(body: dict, order: dict) -> None:
    line = lines(order)[0]
    rejected = entry("Rejected", line["orderedQuantity"]["amount"], line)
    acknowledged_items(body)[0] = line_acknowledgement(line, rejected)


def _net_cost_missing(body: dict, order: dict) -> None:
    del first_item(body)["netCost"]


def _net_cost_zero(body: dict, order: dict) -> None:
    first_item(body)["netCost"] = {**first_item(body)["netCost"], "amount": "0"}


def _net_cost_above_order(body: dict, order: dict) -> None:
    first_item(body)["netCost"] = {**first_item(body)["netCost"], "amount": "9999.99"}


def _enum_in_capitals(body: dict, order: dict) -> None:
    line = lines(order)[0]
    rejected = entry(
        "REJECTED",
        line["orderedQuantity"]["amount"],
        line,
        rejectionReason="TEMPORARILYUNAVAILABLE",
    )
    acknowledged_items(body)[0] = line_acknowledgement(line, rejected)


RULE_BREAKERS = {
    "INVALID_ORDER_ID": (_unknown_order, None),
    "ITEM_NOT_ACKNOWLEDGED": (_missing_last_line, -1),
    "QUANTITY_EXCEEDS_ORDERED": (_more_than_ordered, 0),
    "INVALID_QUANTITY": (_zero_quantity, 0),
    "BACKORDER_NOT_ALLOWED": (_backordered_where_not_allowed, 0),
    "MISSING_REJECTION_REASON": (_rejected_without_reason, 0),
    "MISSING_NET_COST": (_net_cost_missing, 0),
    "INVALID_NET_COST": (_net_cost_zero, 0),
    "INVALID_NET_COST-above-order": (_net_cost_above_order, 0),
    "INVALID_ENUM_VALUE": (_enum_in_capitals, 0),
}


def test_full_acceptance_is_processing_then_success(vendor_orders, vendor_transactions):
    body = full_acceptance(settled_order(is_plain))

    transaction_id = submitted(vendor_orders.submit_acknowledgement(**body))

    assert TRANSACTION_ID.fullmatch(transaction_id)
    statuses = polled_statuses(vendor_transactions, transaction_id, polls=3)
    assert [status["status"] for status in statuses] == ["Processing", "Success", "Success"]
    assert all("errors" not in status for status in statuses)


def test_submission_is_stored_as_received(vendor_orders):
    order = settled_order(is_plain)
    body = full_acceptance(order)

    transaction_id = submitted(vendor_orders.submit_acknowledgement(**body))

    stored = Acknowledgement.objects.get(transaction__transaction_id=transaction_id)
    assert stored.purchase_order_number == order["purchaseOrderNumber"]
    assert stored.vendor_code == "DEMO1"
    assert stored.body == body["acknowledgements"][0]


@pytest.mark.parametrize("rule", RULE_BREAKERS)
def test_broken_rule_fails_the_transaction_naming_the_line(
    vendor_orders, vendor_transactions, rule
):
    order = settled_order(no_backorder_on_line_one)
    breaker, line_index = RULE_BREAKERS[rule]
    body = with_changes(full_acceptance(order), lambda changed: breaker(changed, order))

    transaction_id = submitted(vendor_orders.submit_acknowledgement(**body))

    processing, final = polled_statuses(vendor_transactions, transaction_id)
    assert processing["status"] == "Processing"
    assert final["status"] == "Failure"
    assert {error["code"] for error in final["errors"]} == {rule.split("-")[0]}
    number = body["acknowledgements"][0]["purchaseOrderNumber"]
    assert all(f"Purchase order {number}" in error["message"] for error in final["errors"])
    if line_index is not None:
        sequence = lines(order)[line_index]["itemSequenceNumber"]
        assert all(f"item {sequence}" in error["message"] for error in final["errors"])


def test_partial_acceptance_with_rejected_rest_succeeds(vendor_orders, vendor_transactions):
    order = settled_order(lambda o: is_plain(o) and lines(o)[0]["orderedQuantity"]["amount"] > 1)
    line = lines(order)[0]
    ordered = line["orderedQuantity"]["amount"]
    split = line_acknowledgement(
        line,
        entry("Accepted", ordered - 1, line),
        entry("Rejected", 1, line, rejectionReason="TemporarilyUnavailable"),
    )
    body = with_first_item(full_acceptance(order), split)

    transaction_id = submitted(vendor_orders.submit_acknowledgement(**body))

    assert polled_statuses(vendor_transactions, transaction_id)[-1]["status"] == "Success"


def test_body_the_model_refuses_is_a_bad_request_in_amazons_words(vendor_orders):
    body = full_acceptance(settled_order(is_plain))
    del body["acknowledgements"][0]["acknowledgementDate"]

    with pytest.raises(SellingApiBadRequestException) as rejected:
        vendor_orders.submit_acknowledgement(**body)

    assert rejected.value.amzn_code == "InvalidInput"
    assert rejected.value.error[0]["message"] == (
        "The content of element 'acknowledgements' is not complete. "
        "One of '{acknowledgementDate}' is expected."
    )


def test_acknowledgement_code_that_is_no_value_at_all_is_a_bad_request(vendor_orders):
    order = settled_order(is_plain)
    line = lines(order)[0]
    body = with_first_item(
        full_acceptance(order), line_acknowledgement(line, entry("Confirmed", 1, line))
    )

    with pytest.raises(SellingApiBadRequestException) as rejected:
        vendor_orders.submit_acknowledgement(**body)

    assert [error["message"] for error in rejected.value.error] == [
        "Value 'Confirmed' is not valid with respect to enumeration "
        "'[Accepted, Backordered, Rejected]'. It must be a value from the enumeration.",
        "The value 'Confirmed' of element 'acknowledgementCode' is not valid.",
    ]


def test_body_wrapped_in_body_key_is_a_bad_request(vendor_orders):
    # The mistake of saleweaver#276: submit_acknowledgement(body=...) sends {"body": {...}}.
    body = full_acceptance(settled_order(is_plain))

    with pytest.raises(SellingApiBadRequestException) as rejected:
        vendor_orders.submit_acknowledgement(body=body)

    assert rejected.value.error[0]["message"] == (
        "Invalid content was found starting with element 'body'. "
        "One of '{acknowledgements}' is expected."
    )


def test_official_examples_get_the_official_responses(vendor_orders):
    accepted = vendor_orders.submit_acknowledgement(
        **official_fixture("submitAcknowledgement.request.json")
    )
    with pytest.raises(SellingApiBadRequestException) as rejected:
        vendor_orders.submit_acknowledgement(
            **official_fixture("submitAcknowledgement.400.request.json")
        )

    assert accepted.payload == official_fixture("submitAcknowledgement.response.json")["payload"]
    expected = official_fixture("submitAcknowledgement.400.response.json")["errors"]
    assert rejected.value.error == expected
