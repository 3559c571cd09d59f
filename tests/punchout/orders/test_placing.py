"""The last approval places the order: our PO number, the lines, a DTD-valid OrderRequest."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from lxml import etree

from orders.models import OutboxMessage, OutboxStatus
from punchout.cxml.documents import secret_restored, secrets_masked
from punchout.cxml.orders import response_xml
from punchout.cxml.values import Status
from punchout.models import CartStatus, DeploymentMode, OrderStatus
from punchout.services.orders import order_place
from tests.factories import AddressFactory, CartFactory, CartLineFactory
from tests.punchout.orders.conftest import SECRET, dtd


def sent(order) -> etree._Element:
    """The document as it goes to the supplier."""
    restored = secret_restored(order.order_request, order.supplier.shared_secret)
    return etree.fromstring(restored.encode("utf-8"))


def test_the_order_request_is_valid_against_the_cxml_dtd(order):
    document = sent(order)

    assert dtd().validate(document), dtd().error_log
    assert document.getroottree().docinfo.system_url == \
        "http://xml.cxml.org/schemas/cXML/1.2.063/cXML.dtd"


def test_the_header_carries_our_po_number_date_total_and_addresses(order, defaults):
    header = sent(order).find("Request/OrderRequest/OrderRequestHeader")

    assert order.number == f"PO-{timezone.localdate().year}-000001"
    assert header.get("orderID") == order.number
    assert header.get("type") == "new"
    assert header.get("orderDate") == order.order_date.isoformat(timespec="seconds")
    assert header.findtext("Total/Money") == "187.38"
    assert header.find("Total/Money").get("currency") == "EUR"
    assert header.find("ShipTo/Address").get("addressID") == "warehouse"
    assert header.findtext("ShipTo/Address/PostalAddress/DeliverTo") == "Receiving dock 2"
    assert header.find("BillTo/Address").get("addressID") == "bill-hq"
    assert header.findtext("Contact/Name") == "Marie Durand"
    assert header.findtext("Contact/Email") == "marie.durand@example.com"
    assert {node.get("name"): node.text for node in header.findall("Extrinsic")} == {
        "UniqueName": "demo", "UserEmail": "marie.durand@example.com"}


def test_item_lines_echo_the_suppliers_ids_numbered_from_one(order):
    items = sent(order).findall("Request/OrderRequest/ItemOut")

    assert [(i.get("lineNumber"), i.get("quantity"), i.findtext("ItemID/SupplierPartID"),
             i.findtext("ItemID/SupplierPartAuxiliaryID"),
             i.findtext("ItemDetail/UnitPrice/Money")) for i in items] == [
        ("1", "2", "B0EXAMPLE01", "SYNTH-AUX-7Q2W-0001", "54.90"),
        ("2", "10", "B0EXAMPLE02", "SYNTH-AUX-7Q2W-0002", "4.25"),
        ("3", "1", "B0EXAMPLE03", "SYNTH-AUX-7Q2W-0003", "35.08")]
    assert items[2].findtext("ItemDetail/Description") == "Bürostuhl-Armlehnen"
    assert items[2].findtext("ItemDetail/Classification") == "56101504"


def test_the_envelope_sends_the_shared_secret_and_the_suppliers_mode(order):
    document = sent(order)

    assert document.findtext("Header/Sender/Credential/SharedSecret") == SECRET
    assert document.findtext("Header/To/Credential/Identity") == "Amazon"
    assert document.get("payloadID") == order.payload_id
    assert document.find("Request").get("deploymentMode") == "test"
    assert order.deployment_mode == DeploymentMode.TEST


def test_the_order_records_the_mode_the_supplier_is_in_when_it_is_placed(approved_cart,
                                                                          defaults, approver):
    approved_cart.supplier.deployment_mode = DeploymentMode.ACTIVE
    approved_cart.supplier.save()

    order = order_place(cart=approved_cart, actor=approver)

    assert order.deployment_mode == DeploymentMode.ACTIVE
    assert sent(order).find("Request").get("deploymentMode") == "production"


def test_the_cart_is_ordered_with_history_and_the_outbox_has_the_message(order, approver):
    cart = order.cart
    cart.refresh_from_db()
    message = OutboxMessage.objects.get(kind="punchout.order_request")

    assert (cart.status, cart.ordered_at is not None) == (CartStatus.ORDERED, True)
    event = cart.events.get(kind="ordered")
    assert event.actor == approver
    assert order.number in event.message
    assert (message.key, message.payload, message.status) == (
        f"punchout.order_request:{order.number}", {"order_id": order.pk}, OutboxStatus.PENDING)
    assert order.status == OrderStatus.SENDING
    assert [line.line_number for line in order.lines.all()] == [1, 2, 3]


def test_lines_are_numbered_one_to_n_whatever_the_cart_numbers(supplier, defaults, approver):
    cart = CartFactory(supplier=supplier, status=CartStatus.APPROVED)
    for number in (4, 9):
        CartLineFactory(cart=cart, line_number=number)

    order = order_place(cart=cart, actor=approver)

    assert list(order.lines.values_list("line_number", "cart_line__line_number")) == [
        (1, 4), (2, 9)]
    assert order.total == Decimal("79.96")


def test_the_carts_own_ship_to_wins_over_the_default(approved_cart, defaults, approver):
    approved_cart.ship_to = AddressFactory(code="paris", name="Paris office")
    approved_cart.save()

    order = order_place(cart=approved_cart, actor=approver)

    assert sent(order).find(".//ShipTo/Address").get("addressID") == "paris"
    assert sent(order).findtext(".//ShipTo//DeliverTo") == "Marie Durand"


def test_two_orders_never_share_a_payload_id(supplier, defaults, approver):
    orders = []
    for _ in range(2):
        cart = CartFactory(supplier=supplier, status=CartStatus.APPROVED)
        CartLineFactory(cart=cart)
        orders.append(order_place(cart=cart, actor=approver))

    assert orders[0].payload_id != orders[1].payload_id
    assert orders[0].number != orders[1].number


@pytest.mark.parametrize("status", [CartStatus.SUBMITTED, CartStatus.ORDERED,
                                    CartStatus.REJECTED])
def test_only_an_approved_cart_becomes_an_order(approved_cart, defaults, approver, status):
    approved_cart.status = status
    approved_cart.save()

    with pytest.raises(ValidationError, match="only an approved cart"):
        order_place(cart=approved_cart, actor=approver)
    assert not OutboxMessage.objects.exists()


def test_an_order_without_any_ship_to_is_refused_with_the_fix(approved_cart, defaults,
                                                              approver):
    defaults.default_ship_to = None
    defaults.save()

    with pytest.raises(ValidationError, match="Set a default ship-to in Procurement settings"):
        order_place(cart=approved_cart, actor=approver)
    approved_cart.refresh_from_db()
    assert approved_cart.status == CartStatus.APPROVED


def test_an_order_without_a_bill_to_is_refused_with_the_fix(approved_cart, defaults, approver):
    defaults.bill_to = None
    defaults.save()

    with pytest.raises(ValidationError, match="no bill-to address"):
        order_place(cart=approved_cart, actor=approver)


def test_our_answers_to_suppliers_are_valid_cxml_responses():
    document = etree.fromstring(response_xml(Status(417, "Expectation Failed", "No PO-1."),
                                             version="1.2.063"))

    assert dtd().validate(document), dtd().error_log
    assert document.find("Response/Status").get("code") == "417"
    assert document.findtext("Response/Status") == "No PO-1."
    assert "Z" not in document.get("timestamp")


def test_the_stored_order_request_holds_no_shared_secret(order):
    assert SECRET not in order.order_request
    assert "<SharedSecret>***</SharedSecret>" in order.order_request
    assert secrets_masked(order.order_request) == order.order_request
