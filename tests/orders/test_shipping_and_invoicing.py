"""After the acknowledgement: Amazon's finalized shipment, our ASN, our invoice."""

from datetime import timedelta

import pytest
from django.utils import timezone

from orders.models import Invoice, OutboxMessage, OutboxStatus, PurchaseOrder, Shipment
from orders.models import PurchaseOrderStatus as S
from orders.services.outbox import outbox_send_due
from orders.services.shipments import shipments_pull
from orders.services.transactions import transactions_check
from sandbox.models import Acknowledgement
from sandbox.spapi.shipments import SHIPMENT_DELAY
from tests.sandbox.spapi_client import strict_model_validator

pytestmark = pytest.mark.django_db(transaction=True)


def settle() -> None:
    outbox_send_due()
    transactions_check()  # Processing at first
    transactions_check()


@pytest.fixture
def shipped(acknowledged, demo_account):
    settle()
    Acknowledgement.objects.update(received_at=timezone.now() - SHIPMENT_DELAY
                                   - timedelta(minutes=1))
    return shipments_pull(account=demo_account)


def test_finalized_shipments_become_rows_linked_to_the_order_lines(shipped):
    assert shipped.created == Shipment.objects.count() > 0
    shipment = Shipment.objects.first()
    assert shipment.carrier
    assert shipment.ship_to is not None
    line = shipment.items.first().line
    assert line.accepted_quantity == shipment.items.first().shipped_quantity


def test_a_second_pull_adds_no_shipment(shipped, demo_account):
    assert shipments_pull(account=demo_account).created == 0


def test_the_asn_and_the_invoice_are_accepted_and_the_order_is_invoiced(shipped):
    asn = OutboxMessage.objects.filter(kind="spapi.shipment_confirmation").first()
    strict_model_validator("SubmitShipmentConfirmationsRequest", "vendorShipments.json"
                           ).validate({"shipmentConfirmations": [asn.payload]})
    settle()
    order = asn.purchase_order
    order.refresh_from_db()
    assert order.status == S.SHIPPED
    invoice = Invoice.objects.get(purchase_order=order)
    message = OutboxMessage.objects.get(kind="spapi.invoice", purchase_order=order)
    strict_model_validator("SubmitInvoicesRequest", "vendorInvoices.json").validate(
        {"invoices": [message.payload]})
    assert invoice.total == sum(line.quantity * line.net_cost for line in invoice.lines.all())
    settle()
    message.refresh_from_db()
    order.refresh_from_db()
    assert (message.status, order.status) == (OutboxStatus.ACCEPTED, S.INVOICED)
    assert not PurchaseOrder.objects.filter(status=S.SHIPPED).exists()
