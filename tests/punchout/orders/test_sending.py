"""Sending the OrderRequest through the outbox to the supplier simulator: its cXML answer is
read even under HTTP 200; a refusal is final, anything without a cXML answer is tried again
with the same bytes."""

import logging
import time
from decimal import Decimal

import pytest
import requests
from django.utils import timezone

from orders.models import OutboxMessage, OutboxStatus
from orders.services.outbox import MAX_ATTEMPTS, outbox_resend, outbox_send
from punchout.cxml.documents import secret_restored
from punchout.models import (
    CartStatus,
    DocumentStatus,
    InboundDocument,
    InvoiceMatch,
    OrderStatus,
)
from punchout.services.orders import order_place
from sandbox.punchout.catalog import auxiliary_id_for
from sandbox.punchout.state import supplier_reset
from tests.factories import CartFactory, CartLineFactory
from tests.punchout.orders.conftest import SECRET

CONTROL = {"X-Sandbox-Control": "1"}
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _fresh_supplier_simulator():
    supplier_reset(auto_reply=False)
    yield
    supplier_reset()


def switch(sandbox_url: str, **switches) -> None:
    requests.post(f"{sandbox_url}/_control/punchout/settings", json=switches, headers=CONTROL,
                  timeout=5).raise_for_status()


def received_orders(sandbox_url: str) -> list[dict]:
    return requests.get(f"{sandbox_url}/_control/punchout/orders", headers=CONTROL,
                        timeout=5).json()["orders"]


@pytest.fixture
def sandbox_cart(supplier, requisitioner, sandbox_url):
    """What a cart returned from the simulator holds: its items, its auxiliary ids."""
    supplier.order_url = f"{sandbox_url}/punchout/order"
    supplier.save()
    cart = CartFactory(supplier=supplier, requisitioner=requisitioner,
                       status=CartStatus.APPROVED, currency="USD")
    for number, part, quantity, price in ((1, "B0SBX00001", 3, "14.99"),
                                          (2, "B0SBX00003", 1, "289.00")):
        CartLineFactory(cart=cart, line_number=number, supplier_part_id=part,
                        supplier_part_auxiliary_id=auxiliary_id_for(
                            part, session_id="5e55101700000000"),
                        quantity=Decimal(quantity), unit_price=Decimal(price), currency="USD")
    return cart


def place(cart, approver):
    """Place the order; its commit queues the outbox message, sent at once (sync tasks)."""
    order = order_place(cart=cart, actor=approver)
    order.refresh_from_db()
    return order, OutboxMessage.objects.get(kind="punchout.order_request")


def again(message: OutboxMessage) -> OutboxMessage:
    """The retry, now rather than after the back-off."""
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=None)
    outbox_send(message.pk)
    message.refresh_from_db()
    return message


def test_the_supplier_takes_the_dtd_valid_order_and_the_order_is_sent(
        sandbox_url, sandbox_cart, defaults, approver, caplog):
    caplog.set_level(logging.DEBUG, logger="punchout.services.orders")

    order, message = place(sandbox_cart, approver)

    assert (message.status, message.attempts) == (OutboxStatus.ACCEPTED, 1)
    assert message.transaction_id  # the supplier's payloadID for its answer
    assert (order.status, order.supplier_status) == (OrderStatus.SENT, "200 OK")
    assert order.sent_at is not None
    assert order.cart.events.filter(kind="order_sent").exists()
    [taken] = received_orders(sandbox_url)
    assert (taken["order_id"], taken["payload_id"], taken["dtd_valid"]) == (
        order.number, order.payload_id, True)
    assert taken["raw"] == secret_restored(order.order_request, SECRET)  # the secret goes
    assert SECRET not in order.order_request  # on the wire, never into the database
    assert (taken["total"], taken["deployment_mode"]) == ("333.97", "test")
    assert SECRET not in caplog.text
    assert "<SharedSecret>***</SharedSecret>" in caplog.text


def test_a_cxml_401_under_http_200_is_final_and_the_requisitioner_is_told(
        sandbox_url, sandbox_cart, defaults, approver, mailoutbox):
    switch(sandbox_url, fault="401", fault_count=1)

    order, message = place(sandbox_cart, approver)

    assert (message.status, message.attempts) == (OutboxStatus.FAILED, 1)
    assert "cXML 401 Unauthorized Sender credentials were not recognized." in message.last_error
    assert order.status == OrderStatus.FAILED
    assert order.supplier_status == message.last_error
    assert received_orders(sandbox_url) == []
    [mail] = [m for m in mailoutbox if "could not be sent" in m.subject]
    assert mail.to == ["marie.durand@example.com"]
    assert "Sender credentials were not recognized" in mail.body
    assert order.cart.events.filter(kind="order_failed").exists()


def test_a_refusal_of_the_order_itself_is_final_with_the_suppliers_words(
        sandbox_url, sandbox_cart, defaults, approver):
    sandbox_cart.lines.filter(line_number=2).update(supplier_part_id="B0NOTSOLD")

    order, message = place(sandbox_cart, approver)

    assert message.status == OutboxStatus.FAILED
    assert "Line 2: item B0NOTSOLD is not sold here" in order.supplier_status


@pytest.mark.parametrize("fault", ["500", "html"])
def test_an_answer_without_cxml_is_tried_again_with_the_same_document(
        sandbox_url, sandbox_cart, defaults, approver, fault):
    switch(sandbox_url, fault=fault, fault_count=1)

    order, message = place(sandbox_cart, approver)

    assert (message.status, message.attempts) == (OutboxStatus.PENDING, 1)
    assert message.next_attempt_at > timezone.now()
    assert "without a cXML status" in message.last_error
    assert order.status == OrderStatus.SENDING
    assert received_orders(sandbox_url) == []

    message = again(message)

    assert (message.status, message.attempts) == (OutboxStatus.ACCEPTED, 2)
    order.refresh_from_db()
    assert order.status == OrderStatus.SENT
    [taken] = received_orders(sandbox_url)
    assert (taken["payload_id"], taken["raw"]) == (
        order.payload_id, secret_restored(order.order_request, SECRET))


def test_a_lost_answer_is_tried_again_and_the_supplier_takes_the_order_once(
        sandbox_url, sandbox_cart, defaults, approver, settings):
    settings.PUNCHOUT_TIMEOUT_SECONDS = 0.5
    switch(sandbox_url, fault="timeout", fault_count=1, fault_seconds=2)

    order, message = place(sandbox_cart, approver)

    assert message.status == OutboxStatus.PENDING
    assert "did not answer within 0.5 seconds" in message.last_error
    time.sleep(2)  # the simulator finishes its slow answer
    assert again(message).status == OutboxStatus.ACCEPTED
    assert [taken["payload_id"] for taken in received_orders(sandbox_url)] == [order.payload_id]


def test_an_unreachable_supplier_is_tried_again(sandbox_cart, defaults, approver):
    sandbox_cart.supplier.order_url = "http://127.0.0.1:9/punchout/order"
    sandbox_cart.supplier.save()

    order, message = place(sandbox_cart, approver)

    assert message.status == OutboxStatus.PENDING
    assert "failed (ConnectionError)" in message.last_error


def test_after_the_last_attempt_the_order_fails_and_a_resend_sends_it(
        sandbox_url, sandbox_cart, defaults, approver, mailoutbox):
    switch(sandbox_url, fault="500")
    order, message = place(sandbox_cart, approver)
    OutboxMessage.objects.filter(pk=message.pk).update(attempts=MAX_ATTEMPTS - 1)

    message = again(message)

    order.refresh_from_db()
    assert (message.status, order.status) == (OutboxStatus.FAILED, OrderStatus.FAILED)
    assert any("could not be sent" in mail.subject for mail in mailoutbox)

    switch(sandbox_url, fault=None)
    resent = outbox_resend(message)
    outbox_send(resent.pk)

    order.refresh_from_db()
    assert order.status == OrderStatus.SENT
    assert [taken["payload_id"] for taken in received_orders(sandbox_url)] == [order.payload_id]


def wait_for(condition, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_the_suppliers_confirmation_ship_notice_and_invoice_come_back_and_apply(
        live_server, sandbox_url, sandbox_cart, defaults, approver):
    # A second's pause: an in-memory SQLite test database is one connection for every thread.
    switch(sandbox_url, auto_reply=True, reply_seconds=1,
           buyer_url=f"{live_server.url}/punchout/cxml/")

    order, _message = place(sandbox_cart, approver)

    # Watched at the simulator, which records each document with our answer: no database.
    assert wait_for(lambda: len(received_orders(sandbox_url)[0]["documents"]) == 3)
    [taken] = received_orders(sandbox_url)
    assert [(d["document"], d["http_status"], d["cxml_status"]) for d in taken["documents"]] == [
        ("confirmation", 200, "200"), ("ship_notice", 200, "200"), ("invoice", 200, "200")]
    order.refresh_from_db()
    assert order.status == OrderStatus.INVOICED
    assert InboundDocument.objects.filter(status=DocumentStatus.APPLIED).count() == 3
    assert order.ship_notices.get().tracking_number
    assert order.invoices.get().match == InvoiceMatch.MATCHED
