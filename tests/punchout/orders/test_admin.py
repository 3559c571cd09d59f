"""The order pages: read-only, the mode it was sent in, the document with its secret masked,
its outbox messages; requisitioners see their own orders only; failed documents reprocess."""

import pytest
from django.urls import reverse
from django.utils import timezone

from config import roles
from punchout.models import DocumentStatus, InboundDocument, ShipNotice, SupplierInvoice
from punchout.services.orders import order_place
from tests.factories import CartFactory, CartLineFactory
from tests.punchout.orders.conftest import SECRET, fixture_document, user_in

URL = "/punchout/cxml/"


def change_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def changelist(model) -> str:
    return reverse(f"admin:punchout_{model._meta.model_name}_changelist")


def post_document(client, name, number):
    return client.post(URL, data=fixture_document(name, order=number),
                       content_type="text/xml")


@pytest.fixture
def documented_order(client, order):
    for name in ("09_confirmation_request_detail.xml", "11_ship_notice_request.xml",
                 "12_invoice_detail_request.xml"):
        assert post_document(client, name, order.number).status_code == 200
    return order


def test_the_order_page_shows_mode_lines_documents_and_the_masked_request(
        admin_client, documented_order):
    page = admin_client.get(change_url(documented_order)).content.decode()

    assert documented_order.number in page
    assert 'class="punchout-mode punchout-mode-test"' in page
    assert "EPS123456789FR" in page
    assert "SYNTH-INV-2025-0001" in page
    assert "&lt;SharedSecret&gt;***&lt;/SharedSecret&gt;" in page
    assert SECRET not in page
    assert f"punchout.order_request:{documented_order.number}" in page
    assert reverse("admin:orders_outboxmessage_changelist") in page
    assert admin_client.get(reverse("admin:punchout_procurementorder_add")).status_code == 403


def test_the_pages_of_notices_invoices_and_documents_render(admin_client, documented_order,
                                                            django_assert_max_num_queries):
    for obj in (documented_order, ShipNotice.objects.get(), SupplierInvoice.objects.get(),
                InboundDocument.objects.first()):
        with django_assert_max_num_queries(20):
            assert admin_client.get(change_url(obj)).status_code == 200
        with django_assert_max_num_queries(16):
            assert admin_client.get(changelist(type(obj))).status_code == 200
    page = admin_client.get(change_url(InboundDocument.objects.first())).content.decode()
    assert "&lt;SharedSecret&gt;***&lt;/SharedSecret&gt;" in page
    assert SECRET not in page


def test_requisitioners_see_their_own_orders_without_the_outbox(client, order, supplier,
                                                                defaults, approver):
    other_cart = CartFactory(supplier=supplier, status="approved")
    CartLineFactory(cart=other_cart)
    other = order_place(cart=other_cart, actor=approver)
    client.force_login(order.cart.requisitioner)

    listing = client.get(changelist(type(order))).content.decode()
    page = client.get(change_url(order))

    assert order.number in listing
    assert other.number not in listing
    assert page.status_code == 200
    assert "punchout.order_request:" not in page.content.decode()
    assert client.get(change_url(other)).status_code == 302  # "does not exist", back to index


def test_approvers_see_every_order(client, order, approver):
    client.force_login(approver)

    assert order.number in client.get(changelist(type(order))).content.decode()


def test_a_failed_document_is_reprocessed_from_the_admin(client, approved_cart, defaults,
                                                         approver):
    number = f"PO-{timezone.localdate().year}-000001"
    post_document(client, "09_confirmation_request_detail.xml", number)
    document = InboundDocument.objects.get()
    assert document.status == DocumentStatus.FAILED
    order_place(cart=approved_cart, actor=approver)
    client.force_login(user_in(roles.ADMINISTRATOR, username="ada"))

    response = client.post(changelist(InboundDocument), {
        "action": "reprocess", "_selected_action": [document.pk]}, follow=True)

    document.refresh_from_db()
    assert document.status == DocumentStatus.APPLIED
    assert "1 document applied." in response.content.decode()
