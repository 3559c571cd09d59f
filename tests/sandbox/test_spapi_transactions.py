"""getTransaction: Amazon's example identifiers, malformed and unknown identifiers, and the
transaction that never leaves Processing."""

import pytest
from sp_api.base.exceptions import SellingApiBadRequestException, SellingApiNotFoundException

from sandbox.spapi.faults import fault_add
from tests.sandbox.documents import full_acceptance, is_plain, settled_order
from tests.sandbox.spapi_client import official_fixture, polled_statuses, submitted

EXAMPLES = ["getTransaction.processing", "getTransaction.failure"]


@pytest.mark.parametrize("example", EXAMPLES)
def test_official_transaction_ids_get_the_official_responses(vendor_transactions, example):
    expected = official_fixture(f"{example}.response.json")["payload"]
    transaction_id = expected["transactionStatus"]["transactionId"]

    assert polled_statuses(vendor_transactions, transaction_id)[-1] == expected["transactionStatus"]


def test_malformed_transaction_id_is_an_invalid_transmission(vendor_transactions):
    with pytest.raises(SellingApiBadRequestException) as rejected:
        vendor_transactions.get_transaction("Tran0904190535-eef8cad8-418e-4ed3-ac72-789e2ee6214a")

    assert rejected.value.error == [
        {"code": "InvalidInput", "message": "Invalid transmission ID.", "details": ""}
    ]


def test_well_formed_but_unknown_transaction_id_is_not_found(vendor_transactions):
    with pytest.raises(SellingApiNotFoundException) as missing:
        vendor_transactions.get_transaction("20240601120000-00000000-0000-4000-8000-000000000000")

    assert missing.value.amzn_code == "NotFound"


def test_stuck_processing_fault_keeps_the_transaction_processing(
    vendor_orders, vendor_transactions
):
    fault_add("submitAcknowledgement", "stuck_processing")
    stuck = submitted(
        vendor_orders.submit_acknowledgement(**full_acceptance(settled_order(is_plain)))
    )

    statuses = polled_statuses(vendor_transactions, stuck, polls=5)

    assert {status["status"] for status in statuses} == {"Processing"}


def test_stuck_processing_fault_is_used_up_by_one_submission(vendor_orders, vendor_transactions):
    fault_add("*", "stuck_processing")
    body = full_acceptance(settled_order(is_plain))
    submitted(vendor_orders.submit_acknowledgement(**body))

    later = submitted(vendor_orders.submit_acknowledgement(**body))

    assert polled_statuses(vendor_transactions, later)[-1]["status"] == "Success"


def test_official_acknowledgement_example_transaction_can_be_polled(
    vendor_orders, vendor_transactions
):
    response = vendor_orders.submit_acknowledgement(
        **official_fixture("submitAcknowledgement.request.json")
    )

    statuses = polled_statuses(vendor_transactions, response.payload["transactionId"])

    assert [status["status"] for status in statuses] == ["Processing", "Success"]
