"""Shipments: GetShipmentDetails lists a shipment for each acknowledged order once it has
shipped, and SubmitShipmentConfirmations refuses the body the unpatched library sends."""

from datetime import timedelta

import pytest
from sp_api.base.exceptions import SellingApiBadRequestException

from sandbox.models import Acknowledgement
from sandbox.spapi.shipments import SHIPMENT_DELAY
from tests.sandbox.documents import (
    entry,
    full_acceptance,
    is_plain,
    line_acknowledgement,
    lines,
    settled_order,
    settled_orders,
    shipment_confirmation_for,
)
from tests.sandbox.spapi_client import (
    official_fixture,
    polled_statuses,
    strict_model_validator,
    submitted,
)

CONFIRMATIONS_PATH = "/vendor/shipping/v1/shipmentConfirmations"


def acknowledged(
    vendor_orders, order: dict, body: dict | None = None, *, shipped: bool = True
) -> None:
    """Acknowledge `order`; with `shipped`, as long ago as a shipment takes to appear."""
    transaction_id = submitted(
        vendor_orders.submit_acknowledgement(**(body or full_acceptance(order)))
    )
    if shipped:
        stored = Acknowledgement.objects.filter(transaction__transaction_id=transaction_id)
        stored.update(received_at=stored.get().received_at - SHIPMENT_DELAY - timedelta(minutes=1))


def shipments(vendor_shipments, **query) -> list[dict]:
    response = vendor_shipments.get_shipment_details(**query)
    strict_model_validator("GetShipmentDetailsResponse", "vendorShipments.json").validate(
        {"payload": response.payload}
    )
    return response.payload["shipments"]


def confirm_shipments(vendor_shipments, body: dict):
    # What a product must do with python-amazon-sp-api 2.1.35: submit_shipment_confirmations
    # puts MarketplaceIds into the body, so call the endpoint without them.
    return vendor_shipments._request(
        CONFIRMATIONS_PATH, data={**body, "method": "POST"}, add_marketplace=False
    )


def test_acknowledged_order_ships_its_accepted_quantities(vendor_orders, vendor_shipments):
    order = settled_order(is_plain)
    acknowledged(vendor_orders, order)

    [shipment] = shipments(
        vendor_shipments, vendorShipmentIdentifier=f"ASN-{order['purchaseOrderNumber']}"
    )

    assert shipment["transactionType"] == "New"
    assert shipment["currentShipmentStatus"] == "Shipped"
    assert shipment["shipmentFreightTerm"] == "Collect"
    assert shipment["shipToParty"]["partyId"] == order["orderDetails"]["shipToParty"]["partyId"]
    [purchase_order] = shipment["purchaseOrders"]
    assert purchase_order["purchaseOrderNumber"] == order["purchaseOrderNumber"]
    shipped = {
        item["itemSequenceNumber"]: item["shippedQuantity"] for item in purchase_order["items"]
    }
    assert shipped == {line["itemSequenceNumber"]: line["orderedQuantity"] for line in lines(order)}
    assert shipment["transportationDetails"]["carrierDetails"]["shipmentReferenceNumber"]


def test_order_ships_only_after_the_shipment_delay(vendor_orders, vendor_shipments):
    order = settled_order(is_plain)
    acknowledged(vendor_orders, order, shipped=False)

    assert (
        shipments(vendor_shipments, vendorShipmentIdentifier=f"ASN-{order['purchaseOrderNumber']}")
        == []
    )


def test_rejected_lines_are_not_shipped(vendor_orders, vendor_shipments):
    order = settled_order(is_plain)
    body = full_acceptance(order)
    first = lines(order)[0]
    body["acknowledgements"][0]["items"][0] = line_acknowledgement(
        first,
        entry(
            "Rejected", first["orderedQuantity"]["amount"], first, rejectionReason="ObsoleteProduct"
        ),
    )
    acknowledged(vendor_orders, order, body)

    [shipment] = shipments(
        vendor_shipments, vendorShipmentIdentifier=f"ASN-{order['purchaseOrderNumber']}"
    )

    shipped = [item["itemSequenceNumber"] for item in shipment["purchaseOrders"][0]["items"]]
    assert shipped == [line["itemSequenceNumber"] for line in lines(order)[1:]]


def test_failed_acknowledgement_ships_nothing(vendor_orders, vendor_shipments):
    order = settled_order(is_plain)
    body = full_acceptance(order)
    body["acknowledgements"][0]["items"].pop()
    acknowledged(vendor_orders, order, body)

    assert shipments(vendor_shipments) == []


def test_shipments_page_with_next_token(vendor_orders, vendor_shipments):
    for order in settled_orders(is_plain, count=2):
        acknowledged(vendor_orders, order)

    first = vendor_shipments.get_shipment_details(limit=1)
    second = vendor_shipments.get_shipment_details(limit=1, nextToken=first.next_token)

    assert first.next_token
    assert second.next_token is None
    pages = (first, second)
    identifiers = {page.payload["shipments"][0]["vendorShipmentIdentifier"] for page in pages}
    assert len(identifiers) == 2


def test_shipments_filter_by_dates_status_and_warehouse(vendor_orders, vendor_shipments):
    acknowledged(vendor_orders, settled_order(is_plain))
    [shipment] = shipments(vendor_shipments)
    created = shipment["shipmentCreateDate"]
    warehouse = shipment["shipToParty"]["partyId"]

    assert shipments(vendor_shipments, createdAfter=created, createdBefore=created) == [shipment]
    assert shipments(vendor_shipments, buyerWarehouseCode=warehouse) == [shipment]
    assert shipments(vendor_shipments, shipmentConfirmedBefore="2020-01-01T00:00:00Z") == []
    assert shipments(vendor_shipments, currentShipmentStatus="Created") == []


def test_limit_over_fifty_is_a_bad_request(vendor_shipments):
    with pytest.raises(SellingApiBadRequestException) as rejected:
        vendor_shipments.get_shipment_details(limit=51)

    assert rejected.value.amzn_code == "InvalidInput"


def test_shipment_confirmation_sent_by_the_unpatched_library_is_a_bad_request(vendor_shipments):
    body = shipment_confirmation_for(settled_order(is_plain), "SHIP-0001")

    with pytest.raises(SellingApiBadRequestException) as rejected:
        vendor_shipments.submit_shipment_confirmations(**body)

    assert rejected.value.error == [
        {
            "code": "InvalidInput",
            "message": "Invalid content was found starting with element 'marketplaceIds'. "
            "One of '{shipmentConfirmations}' is expected.",
            "details": "",
        },
        {"code": "InvalidInput", "message": "MarketplaceIds", "details": ""},
    ]


def test_shipment_confirmation_without_marketplace_ids_succeeds(
    vendor_shipments, vendor_transactions
):
    body = shipment_confirmation_for(settled_order(is_plain), "SHIP-0002")

    transaction_id = submitted(confirm_shipments(vendor_shipments, body), "vendorShipments.json")

    assert [s["status"] for s in polled_statuses(vendor_transactions, transaction_id)] == [
        "Processing",
        "Success",
    ]


def test_reused_shipment_identifier_fails_the_transaction(vendor_shipments, vendor_transactions):
    body = shipment_confirmation_for(settled_order(is_plain), "SHIP-0003")
    submitted(confirm_shipments(vendor_shipments, body), "vendorShipments.json")

    again = submitted(confirm_shipments(vendor_shipments, body), "vendorShipments.json")

    final = polled_statuses(vendor_transactions, again)[-1]
    assert [error["code"] for error in final["errors"]] == ["DUPLICATE_SHIPMENT_IDENTIFIER"]
    assert "SHIP-0003" in final["errors"][0]["message"]


def test_shipment_of_an_unknown_order_fails_the_transaction(vendor_shipments, vendor_transactions):
    body = shipment_confirmation_for(settled_order(is_plain), "SHIP-0004")
    for item in body["shipmentConfirmations"][0]["shippedItems"]:
        item["itemDetails"]["purchaseOrderNumber"] = "NOSUCHPO"

    transaction_id = submitted(confirm_shipments(vendor_shipments, body), "vendorShipments.json")

    final = polled_statuses(vendor_transactions, transaction_id)[-1]
    assert [error["code"] for error in final["errors"]] == ["INVALID_ORDER_ID"]
    assert "NOSUCHPO" in final["errors"][0]["message"]


def test_official_confirmation_example_gets_the_official_response(vendor_shipments):
    response = confirm_shipments(
        vendor_shipments, official_fixture("submitShipmentConfirmations.request.json")
    )

    assert (
        response.payload == official_fixture("submitShipmentConfirmations.response.json")["payload"]
    )
