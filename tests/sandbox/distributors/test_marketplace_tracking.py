"""The marketplaces' tracking uploads: eBay's shipping_fulfillment and Amazon's
confirmShipment for merchant-fulfilled orders, validated and recorded."""

import pytest
import requests

from sandbox.distributors import state
from sandbox.marketplaces.ebay import EBAY_USER_TOKEN
from sandbox.marketplaces.pushes import pushes_received
from sandbox.spapi.tokens import access_token_issue
from tests.sandbox.distributors.conftest import CONTROL

pytestmark = pytest.mark.django_db(transaction=True)
EBAY_AUTH = {"Authorization": f"Bearer {EBAY_USER_TOKEN}"}
EBAY_FULFILLMENT = {"lineItems": [{"lineItemId": "10000000000000", "quantity": 1}],
                    "shippedDate": "2025-06-03T19:09:02.768Z", "shippingCarrierCode": "UPS",
                    "trackingNumber": "1ZSBXWPS0300000001"}
AMAZON_ORDER = "902-3159896-1390916"
CONFIRMATION = {"marketplaceId": "ATVPDKIKX0DER", "packageDetail": {
    "packageReferenceId": "1", "carrierCode": "UPS", "carrierName": None,
    "shippingMethod": "Ground", "trackingNumber": "1ZSBXWPS0300000001",
    "shipDate": "2025-06-03T18:00:00Z", "shipFromSupplySourceId": None,
    "orderItems": [{"orderItemId": "12345678901234", "quantity": 1, "transparencyCodes": []}]}}


def ebay_push(sandbox_url: str, body: dict, headers: dict = EBAY_AUTH) -> requests.Response:
    return requests.post(
        f"{sandbox_url}/sell/fulfillment/v1/order/12-34567-89012/shipping_fulfillment",
        json=body, headers=headers, timeout=5)


def amazon_push(sandbox_url: str, body: dict, order_id: str = AMAZON_ORDER,
                token: str | None = None) -> requests.Response:
    return requests.post(f"{sandbox_url}/orders/v0/orders/{order_id}/shipmentConfirmation",
                         json=body, headers={"x-amz-access-token": token or access_token_issue()},
                         timeout=5)


def test_an_ebay_fulfillment_is_recorded_and_can_be_read_back(sandbox_url):
    answer = ebay_push(sandbox_url, EBAY_FULFILLMENT)

    assert answer.status_code == 201
    [push] = pushes_received("ebay", "12-34567-89012")
    assert push.body == EBAY_FULFILLMENT
    read_back = requests.get(answer.headers["Location"], headers=EBAY_AUTH, timeout=5).json()
    assert read_back["fulfillmentId"] == push.reference
    assert read_back["shipmentTrackingNumber"] == "1ZSBXWPS0300000001"


@pytest.mark.parametrize(("change", "message"), [
    ({"trackingNumber": ""}, "trackingNumber is required."),
    ({"shippingCarrierCode": None}, "shippingCarrierCode is required."),
    ({"lineItems": []}, "lineItems is required: list the line items this package fulfils."),
    ({"shippedDate": "June 3rd"}, "shippedDate must be an ISO 8601 UTC timestamp"),
])
def test_an_ebay_fulfillment_missing_a_field_is_refused(sandbox_url, change, message):
    answer = ebay_push(sandbox_url, {**EBAY_FULFILLMENT, **change})

    assert answer.status_code == 400
    assert answer.json()["errors"][0]["message"].startswith(message)
    assert pushes_received() == []


def test_an_ebay_push_with_a_bad_token_is_answered_like_ebay(sandbox_url):
    answer = ebay_push(sandbox_url, EBAY_FULFILLMENT, headers={"Authorization": "Bearer x"})

    assert answer.status_code == 401
    assert answer.json()["errors"][0]["errorId"] == 1001


def test_an_amazon_shipment_confirmation_is_recorded(sandbox_url):
    answer = amazon_push(sandbox_url, CONFIRMATION)

    assert answer.status_code == 204
    [push] = pushes_received("amazon", AMAZON_ORDER)
    assert push.reference == "1"
    assert push.body["packageDetail"]["trackingNumber"] == "1ZSBXWPS0300000001"


def test_resending_a_package_reference_edits_that_package(sandbox_url):
    amazon_push(sandbox_url, CONFIRMATION)
    corrected = {**CONFIRMATION, "packageDetail": {
        **CONFIRMATION["packageDetail"], "trackingNumber": "1ZSBXWPS0300000002"}}

    amazon_push(sandbox_url, corrected)

    [push] = pushes_received("amazon")
    assert push.body["packageDetail"]["trackingNumber"] == "1ZSBXWPS0300000002"


def test_carrier_other_needs_a_carrier_name(sandbox_url):
    package = {**CONFIRMATION["packageDetail"], "carrierCode": "Other"}

    answer = amazon_push(sandbox_url, {**CONFIRMATION, "packageDetail": package})

    assert answer.status_code == 400
    assert answer.json()["errors"][0] == {
        "code": "InvalidInput", "details": "",
        "message": "packageDetail.carrierName is required when carrierCode is Other."}


def test_an_amazon_push_needs_a_valid_order_id_and_access_token(sandbox_url):
    assert amazon_push(sandbox_url, CONFIRMATION, order_id="12345").status_code == 400
    denied = amazon_push(sandbox_url, CONFIRMATION, token="Atza|forged")
    assert denied.status_code == 403
    assert denied.json()["errors"][0]["code"] == "Unauthorized"


def test_a_marketplace_fault_makes_the_push_fail_without_recording_it(sandbox_url):
    state.fault_add("amazon", "500", operation="confirmShipment")

    assert amazon_push(sandbox_url, CONFIRMATION).status_code == 500
    assert pushes_received() == []


def test_the_control_endpoint_lists_and_forgets_the_pushes(sandbox_url):
    ebay_push(sandbox_url, EBAY_FULFILLMENT)
    amazon_push(sandbox_url, CONFIRMATION)
    url = f"{sandbox_url}/_control/marketplaces/pushes"

    listed = requests.get(url, params={"marketplace": "amazon"}, headers=CONTROL, timeout=5)
    forgotten = requests.delete(url, headers=CONTROL, timeout=5)

    assert [push["order_id"] for push in listed.json()["pushes"]] == [AMAZON_ORDER]
    assert forgotten.json() == {"deleted": 2}
    assert requests.get(url, timeout=5).status_code == 403
