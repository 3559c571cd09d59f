"""The whole route against the simulator: pull, decide, acknowledge, follow the transaction."""

from datetime import timedelta

import pytest
from django.utils import timezone

from orders.models import OutboxMessage, OutboxStatus, PurchaseOrder
from orders.models import PurchaseOrderStatus as S
from orders.services.acknowledgements import acknowledgements_queue
from orders.services.deciding import purchase_orders_decide
from orders.services.outbox import outbox_send_due
from orders.services.pulling import orders_pull
from orders.services.transactions import transactions_check
from sandbox.models import Acknowledgement
from sandbox.spapi.faults import fault_add
from tests.sandbox.spapi_client import strict_model_validator

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_acknowledgement_amazon_receives_matches_the_decisions(acknowledged):
    validator = strict_model_validator("SubmitAcknowledgementRequest")
    decided = PurchaseOrder.objects.exclude(status__in=[S.NEEDS_REVIEW, S.CANCELLED])
    assert decided.exists()
    for order in decided:
        received = Acknowledgement.objects.filter(purchase_order_number=order.po_number).latest(
            "received_at").body
        validator.validate({"acknowledgements": [received]})
        items = {item["itemSequenceNumber"]: item for item in received["items"]}
        for line in order.lines.exclude(ordered_quantity=0):
            entries = {e["acknowledgementCode"]: e["acknowledgedQuantity"]["amount"]
                       for e in items[line.item_sequence]["itemAcknowledgements"]}
            assert entries.get("Accepted", 0) == line.accepted_quantity
            assert entries.get("Rejected", 0) == line.rejected_quantity


def test_followed_transactions_end_with_acknowledged_orders(acknowledged):
    assert {m.status for m in OutboxMessage.objects.all()} == {OutboxStatus.SENT}
    transactions_check()  # Amazon answers Processing at first
    transactions_check()
    assert {m.status for m in OutboxMessage.objects.all()} == {OutboxStatus.ACCEPTED}
    assert set(PurchaseOrder.objects.exclude(status__in=[S.NEEDS_REVIEW, S.CANCELLED])
               .values_list("status", flat=True)) == {S.ACKNOWLEDGED}


def test_a_transaction_stuck_in_processing_is_settled_by_the_order_status(
        demo_account, stocked_catalog):
    fault_add("submitAcknowledgement", "stuck_processing", count=100)
    orders_pull(account=demo_account, since=timezone.now() - timedelta(hours=1))
    purchase_orders_decide()
    acknowledgements_queue()
    outbox_send_due()
    for _ in range(4):
        transactions_check()
    message = OutboxMessage.objects.first()
    assert message.transaction_status == "Processing"
    assert message.status == OutboxStatus.ACCEPTED
    assert message.purchase_order.status == S.ACKNOWLEDGED


def test_amazons_refusal_shows_on_the_order(demo_account, stocked_catalog):
    orders_pull(account=demo_account, since=timezone.now() - timedelta(hours=1))
    purchase_orders_decide()
    message = acknowledgements_queue()[0]
    message.payload["items"] = message.payload["items"][:-1] if len(
        message.payload["items"]) > 1 else [{**message.payload["items"][0],
                                            "netCost": {"amount": "999999",
                                                        "currencyCode": "USD"}}]
    message.save()
    outbox_send_due()
    transactions_check()
    transactions_check()
    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED
    assert message.purchase_order.status == S.NEEDS_REVIEW
    assert "Amazon refused the acknowledgement" in message.purchase_order.status_reason
    assert message.purchase_order.po_number in message.last_error
