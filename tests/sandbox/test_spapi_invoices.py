"""submitInvoices: an Invoice bills what the acknowledgement in force accepted, at its cost."""

import pytest
from sp_api.base.exceptions import SellingApiBadRequestException

from tests.sandbox.documents import full_acceptance, invoice_for, is_plain, lines, settled_order
from tests.sandbox.spapi_client import official_fixture, polled_statuses, submitted


def outcome(vendor_invoices, vendor_transactions, body: dict) -> dict:
    transaction_id = submitted(vendor_invoices.submit_invoices(body), "vendorInvoices.json")
    return polled_statuses(vendor_transactions, transaction_id)[-1]


def error_codes(status: dict) -> list[str]:
    return [error["code"] for error in status.get("errors", [])]


@pytest.fixture
def accepted_order(vendor_orders) -> dict:
    order = settled_order(is_plain)
    submitted(vendor_orders.submit_acknowledgement(**full_acceptance(order)))
    return order


def test_invoice_of_accepted_quantities_at_acknowledged_cost_succeeds(
    vendor_invoices, vendor_transactions, accepted_order
):
    status = outcome(vendor_invoices, vendor_transactions, invoice_for(accepted_order, "INV-1"))

    assert status["status"] == "Success"


def test_invoice_of_an_unacknowledged_order_fails(vendor_invoices, vendor_transactions):
    order = settled_order(is_plain)

    status = outcome(vendor_invoices, vendor_transactions, invoice_for(order, "INV-2"))

    assert set(error_codes(status)) == {"QUANTITY_EXCEEDS_ACCEPTED"}
    assert f"purchase order {order['purchaseOrderNumber']} item 1" in status["errors"][0]["message"]


def test_invoice_above_the_accepted_quantity_fails(
    vendor_invoices, vendor_transactions, accepted_order
):
    ordered = lines(accepted_order)[0]["orderedQuantity"]
    body = invoice_for(
        accepted_order,
        "INV-3",
        item1={"invoicedQuantity": {**ordered, "amount": ordered["amount"] + 1}},
    )

    status = outcome(vendor_invoices, vendor_transactions, body)

    assert error_codes(status) == ["QUANTITY_EXCEEDS_ACCEPTED"]
    assert "Invoice INV-3 item 1" in status["errors"][0]["message"]


def test_invoice_at_another_cost_fails(vendor_invoices, vendor_transactions, accepted_order):
    cost = lines(accepted_order)[1]["netCost"]
    body = invoice_for(accepted_order, "INV-4", item2={"netCost": {**cost, "amount": "0.01"}})

    status = outcome(vendor_invoices, vendor_transactions, body)

    assert error_codes(status) == ["NET_COST_MISMATCH"]
    assert "Invoice INV-4 item 2" in status["errors"][0]["message"]


def test_billing_the_same_quantities_twice_fails(
    vendor_invoices, vendor_transactions, accepted_order
):
    outcome(vendor_invoices, vendor_transactions, invoice_for(accepted_order, "INV-5"))

    status = outcome(vendor_invoices, vendor_transactions, invoice_for(accepted_order, "INV-6"))

    assert set(error_codes(status)) == {"QUANTITY_EXCEEDS_ACCEPTED"}


def test_reused_invoice_number_fails(vendor_invoices, vendor_transactions, accepted_order):
    body = invoice_for(accepted_order, "INV-7")
    outcome(vendor_invoices, vendor_transactions, body)

    status = outcome(vendor_invoices, vendor_transactions, body)

    assert "DUPLICATE_INVOICE" in error_codes(status)


@pytest.mark.parametrize(
    ("reference", "code"),
    [
        ({"purchaseOrderNumber": "NOSUCHPO"}, "INVALID_ORDER_ID"),
        ({"purchaseOrderNumber": ""}, "MISSING_PURCHASE_ORDER_NUMBER"),
    ],
)
def test_item_without_a_known_purchase_order_fails(
    vendor_invoices, vendor_transactions, accepted_order, reference, code
):
    body = invoice_for(accepted_order, "INV-8", item1=reference)

    status = outcome(vendor_invoices, vendor_transactions, body)

    assert error_codes(status)[0] == code


def test_invoice_type_misspelt_is_a_bad_request_as_in_amazons_example(vendor_invoices):
    with pytest.raises(SellingApiBadRequestException) as rejected:
        vendor_invoices.submit_invoices({"invoices": [{"invoiceType": "Invoic"}]})

    model = official_fixture("vendorInvoices.json")
    example = model["paths"]["/vendor/payments/v1/invoices"]["post"]["responses"]["400"]
    assert rejected.value.error == example["x-amzn-api-sandbox"]["static"][0]["response"]["errors"]


def test_official_invoice_example_gets_the_official_response(vendor_invoices):
    response = vendor_invoices.submit_invoices(official_fixture("submitInvoices.request.json"))

    assert response.payload == official_fixture("submitInvoices.response.json")["payload"]
