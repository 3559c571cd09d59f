"""What stands in front of every operation: Amazon's usage plans, and the faults tests and the
demo switch on (directly, or through the sandbox's control endpoint)."""

import time
import uuid

import pytest
import requests
from sp_api.base.exceptions import (
    SellingApiRequestThrottledException,
    SellingApiServerException,
    SellingApiTemporarilyUnavailableException,
)

from sandbox.spapi.faults import fault_add
from sandbox.spapi.throttling import TokenBucket
from tests.sandbox.spapi_client import official_fixture

PAST_HOUR = {"createdAfter": "2024-06-01T00:00:00Z", "createdBefore": "2024-06-01T01:00:00Z"}
QUOTA_EXCEEDED = [
    {
        "code": "QuotaExceeded",
        "message": "You exceeded your quota for the requested resource.",
        "details": "",
    }
]
CONTROL = {"X-Sandbox-Control": "1"}
PROCESSING_EXAMPLE = official_fixture("getTransaction.processing.response.json")
PROCESSING_ID = PROCESSING_EXAMPLE["payload"]["transactionStatus"]["transactionId"]


def answered_before_throttling(
    call, attempts: int
) -> tuple[int, SellingApiRequestThrottledException]:
    for answered in range(attempts):
        try:
            call()
        except SellingApiRequestThrottledException as throttled:
            return answered, throttled
    raise AssertionError(f"not throttled after {attempts} requests")


def test_vendor_orders_burst_of_ten_then_quota_exceeded(vendor_orders):
    answered, throttled = answered_before_throttling(
        lambda: vendor_orders.get_purchase_orders(**PAST_HOUR, limit=1), attempts=40
    )

    assert answered >= 10
    assert throttled.error == QUOTA_EXCEEDED
    assert uuid.UUID(throttled.headers["x-amzn-RequestId"])


def test_get_transaction_bursts_to_twenty(vendor_transactions):
    answered, _ = answered_before_throttling(
        lambda: vendor_transactions.get_transaction(PROCESSING_ID), attempts=60
    )

    assert answered >= 20


def test_throttled_operation_leaves_the_others_alone(vendor_orders, vendor_transactions):
    answered_before_throttling(lambda: vendor_orders.get_purchase_orders(**PAST_HOUR, limit=1), 40)

    assert (
        vendor_transactions.get_transaction(PROCESSING_ID).payload == PROCESSING_EXAMPLE["payload"]
    )


def test_bucket_refills_at_the_rate_up_to_the_burst():
    now = [0.0]
    bucket = TokenBucket(rate=10, burst=10, clock=lambda: now[0])

    spent = sum(bucket.take() for _ in range(12))
    now[0] += 0.25
    refilled = sum(bucket.take() for _ in range(5))
    now[0] += 60
    after_a_minute = sum(bucket.take() for _ in range(15))

    assert (spent, refilled, after_a_minute) == (10, 2, 10)


def test_successful_answers_carry_request_id_and_rate_limit(vendor_orders, vendor_transactions):
    listing = vendor_orders.get_purchase_orders(**PAST_HOUR, limit=1)
    polled = vendor_transactions.get_transaction(PROCESSING_ID)

    for response in (listing, polled):
        assert uuid.UUID(response.headers["x-amzn-RequestId"])
        assert response.rate_limit == "10.0"


def test_throttle_fault_answers_429_for_its_count_then_lets_requests_through(vendor_orders):
    fault_add("getPurchaseOrders", "429", count=2)

    for _ in range(2):
        with pytest.raises(SellingApiRequestThrottledException):
            vendor_orders.get_purchase_orders(**PAST_HOUR, limit=1)
    assert vendor_orders.get_purchase_orders(**PAST_HOUR, limit=1).payload["orders"]


@pytest.mark.parametrize(
    ("kind", "raised", "code"),
    [
        ("500", SellingApiServerException, "InternalFailure"),
        ("503", SellingApiTemporarilyUnavailableException, "ServiceUnavailable"),
    ],
)
def test_server_error_faults_raise_the_librarys_exceptions(vendor_orders, kind, raised, code):
    fault_add("*", kind)

    with pytest.raises(raised) as failed:
        vendor_orders.get_purchase_orders(**PAST_HOUR, limit=1)

    assert failed.value.amzn_code == code


def test_html_fault_gives_the_librarys_empty_response_without_raising(vendor_orders):
    fault_add("getPurchaseOrders", "html")

    response = vendor_orders.get_purchase_orders(**PAST_HOUR, limit=1)

    assert response.payload == {}
    assert response.errors is None
    assert response.headers["content-type"].startswith("text/html")


def test_slow_fault_delays_the_answer(vendor_orders):
    fault_add("getPurchaseOrders", "slow", seconds=1)

    started = time.monotonic()
    response = vendor_orders.get_purchase_orders(**PAST_HOUR, limit=1)

    assert time.monotonic() - started >= 1
    assert response.payload["orders"]


def test_fault_for_one_operation_spares_the_others(vendor_orders, vendor_transactions):
    fault_add("getPurchaseOrders", "500")

    assert (
        vendor_transactions.get_transaction(PROCESSING_ID).payload == PROCESSING_EXAMPLE["payload"]
    )
    with pytest.raises(SellingApiServerException):
        vendor_orders.get_purchase_orders(**PAST_HOUR, limit=1)


def test_unknown_fault_kind_or_operation_is_refused():
    with pytest.raises(ValueError, match="Unknown fault kind"):
        fault_add("*", "teapot")
    with pytest.raises(ValueError, match="Unknown operation"):
        fault_add("getPurchaseOrderz", "500")


def test_control_endpoint_requires_its_header(sandbox_url):
    response = requests.post(
        f"{sandbox_url}/_control/faults", json={"operation": "*", "kind": "500"}, timeout=10
    )

    assert response.status_code == 403
    assert requests.get(f"{sandbox_url}/_control/faults", headers=CONTROL, timeout=10).json() == {
        "faults": []
    }


def test_control_endpoint_switches_faults_on_and_off(sandbox_url, vendor_orders):
    url = f"{sandbox_url}/_control/faults"
    spec = {"operation": "getPurchaseOrders", "kind": "503", "count": 3}

    created = requests.post(url, json=spec, headers=CONTROL, timeout=10)
    listed = requests.get(url, headers=CONTROL, timeout=10).json()["faults"]
    with pytest.raises(SellingApiTemporarilyUnavailableException):
        vendor_orders.get_purchase_orders(**PAST_HOUR, limit=1)
    deleted = requests.delete(url, headers=CONTROL, timeout=10).json()

    assert created.status_code == 201
    assert [(f["kind"], f["remaining"]) for f in listed] == [("503", 3)]
    assert deleted == {"deleted": 1}
    assert vendor_orders.get_purchase_orders(**PAST_HOUR, limit=1).payload["orders"]


def test_control_endpoint_explains_a_bad_fault(sandbox_url):
    response = requests.post(
        f"{sandbox_url}/_control/faults", json={"kind": "teapot"}, headers=CONTROL, timeout=10
    )

    assert response.status_code == 400
    assert "Unknown fault kind" in response.json()["error"]
