"""The inbound endpoint: suppliers' confirmations, ship notices and invoices, through HTTP."""

import base64
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from punchout.cxml.reading import status_read
from punchout.models import (
    DocumentKind,
    DocumentStatus,
    InboundDocument,
    InvoiceMatch,
    OrderStatus,
    ProcurementOrderLine,
    ShipNotice,
    SupplierInvoice,
)
from punchout.services.inbound import document_reprocess
from punchout.services.orders import order_place
from tests.punchout.orders.conftest import FIXTURES, dtd, fixture_document

URL = "/punchout/cxml/"
CONFIRMATION = "09_confirmation_request_detail.xml"
REJECTION = "10_confirmation_request_reject_order.xml"
SHIP_NOTICE = "11_ship_notice_request.xml"
INVOICE = "12_invoice_detail_request.xml"


def post(client, body: bytes, **headers):
    return client.post(URL, data=body, content_type="text/xml; charset=UTF-8", **headers)


def answered(response):
    assert response["Content-Type"] == "text/xml; charset=UTF-8"
    document = etree.fromstring(response.content)
    assert dtd().validate(document), dtd().error_log
    return status_read(document.find("Response/Status"))


def send(client, name: str, order, **replace) -> InboundDocument:
    response = post(client, fixture_document(name, order=order.number, **replace))
    assert (response.status_code, answered(response).code) == (200, 200)
    return InboundDocument.objects.latest("id")


def quantities(order) -> list[tuple]:
    return list(order.lines.values_list("line_number", "accepted_quantity",
                                        "backordered_quantity", "rejected_quantity",
                                        "shipped_quantity", "invoiced_quantity"))


def test_the_url_is_named_for_the_other_helpers():
    assert reverse("punchout:cxml-inbound") == URL


def test_a_get_is_the_cxml_service_ping(client):
    response = client.get(URL)

    assert response.status_code == 200
    assert answered(response).code == 200


def test_a_line_level_confirmation_sets_each_lines_quantities(client, order):
    document = send(client, CONFIRMATION, order)

    order.refresh_from_db()
    assert (document.kind, document.status, document.supplier) == (
        DocumentKind.CONFIRMATION, DocumentStatus.APPLIED, order.supplier)
    assert quantities(order) == [(1, 2, 0, 0, 0, 0), (2, 6, 4, 0, 0, 0), (3, 0, 0, 1, 0, 0)]
    assert order.status == OrderStatus.PARTLY_CONFIRMED
    assert order.supplier_order_id == "SYNTH-ORD-302-1234567-7654321"
    line2 = order.lines.get(line_number=2)
    assert (line2.expected_delivery.isoformat(), line2.supplier_comment) == (
        "2025-03-24", "Temporarily out of stock.")
    assert order.cart.events.filter(kind="confirmation").exists()


def test_the_requisitioner_reads_which_lines_were_accepted_backordered_and_rejected(
        client, order, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send(client, CONFIRMATION, order)

    [mail] = mailoutbox
    assert mail.to == ["marie.durand@example.com"]
    assert mail.subject == f"{order.number}: Partly confirmed by Amazon Business"
    assert mail.body.startswith("Hello Marie Durand,\n\nAmazon Business answered your purchase "
                                f"order {order.number}")
    accepted, backordered, rejected = mail.body.split("\n\n")[3:6]
    assert accepted.splitlines() == [
        "Accepted:",
        '- Line 1, B0EXAMPLE01 Moniteur 24" IPS: 2 of 2 EA, delivery expected 2025-03-10',
        "- Line 2, B0EXAMPLE02 Ramette papier A4: 6 of 10 PK"]
    assert backordered.splitlines() == [
        "Backordered:",
        "- Line 2, B0EXAMPLE02 Ramette papier A4: 4 of 10 PK, delivery expected 2025-03-24. "
        "The supplier says: “Temporarily out of stock.”"]
    assert rejected.startswith("Rejected:\n- Line 3, B0EXAMPLE03 Bürostuhl-Armlehnen: 1 of 1 "
                               "PR. The supplier says: “Unit price increased")
    assert "punch out again and order them in a new cart" in mail.body


def test_a_whole_order_rejection_replaces_the_earlier_confirmation(client, order):
    send(client, CONFIRMATION, order)

    send(client, REJECTION, order, fixture_order="PO-2025-000043")

    order.refresh_from_db()
    assert quantities(order) == [(1, 0, 0, 2, 0, 0), (2, 0, 0, 10, 0, 0), (3, 0, 0, 1, 0, 0)]
    assert order.status == OrderStatus.REJECTED
    assert order.lines.get(line_number=1).expected_delivery is None
    assert "only new orders are supported" in order.lines.get(line_number=1).supplier_comment


def test_a_ship_notice_records_carrier_tracking_and_what_shipped(
        client, order, mailoutbox, django_capture_on_commit_callbacks):
    send(client, CONFIRMATION, order)

    with django_capture_on_commit_callbacks(execute=True):
        document = send(client, SHIP_NOTICE, order)

    order.refresh_from_db()
    notice = ShipNotice.objects.get()
    assert (notice.order, notice.document, notice.shipment_id, notice.carrier,
            notice.tracking_number) == (order, document, "SYNTH-SHIP-0001",
                                        "Example Parcel Service", "EPS123456789FR")
    assert [row[4] for row in quantities(order)] == [2, 6, 0]
    assert order.status == OrderStatus.PARTLY_SHIPPED
    mail = mailoutbox[-1]
    assert mail.subject == f"{order.number} has shipped: tracking EPS123456789FR"
    assert "Carrier: Example Parcel Service\nTracking number: EPS123456789FR" in mail.body
    assert "The rest of the order follows in later shipments." in mail.body


def test_a_ship_notice_without_items_ships_everything_not_rejected(client, order):
    send(client, CONFIRMATION, order)
    body = re.sub(rb"<ShipNoticeItem .*?</ShipNoticeItem>", b"",
                  fixture_document(SHIP_NOTICE, order=order.number), flags=re.DOTALL)

    assert post(client, body).status_code == 200

    order.refresh_from_db()
    assert [row[4] for row in quantities(order)] == [2, 10, 0]
    assert order.status == OrderStatus.SHIPPED


def test_an_invoice_after_confirmation_and_shipment_matches(client, order):
    for name in (CONFIRMATION, SHIP_NOTICE, INVOICE):
        send(client, name, order)

    order.refresh_from_db()
    invoice = SupplierInvoice.objects.get()
    assert (invoice.invoice_id, invoice.match, invoice.differences) == (
        "SYNTH-INV-2025-0001", InvoiceMatch.MATCHED, "")
    assert (invoice.subtotal, invoice.tax, invoice.shipping, invoice.total) == (
        Decimal("135.30"), Decimal("27.06"), Decimal("4.99"), Decimal("167.35"))
    assert [row[5] for row in quantities(order)] == [2, 6, 0]
    assert order.status == OrderStatus.INVOICED


def test_an_invoice_for_goods_not_shipped_yet_shows_the_differences(client, order):
    send(client, CONFIRMATION, order)

    send(client, INVOICE, order)

    invoice = SupplierInvoice.objects.get()
    assert invoice.match == InvoiceMatch.DIFFERENCES
    assert invoice.differences.splitlines() == [
        "Invoice line 1 bills 2 of order line 1, but only 0 have shipped.",
        "Invoice line 2 bills 6 of order line 2, but only 0 have shipped."]
    assert invoice.lines.get(invoice_line_number=1).problem == invoice.differences.splitlines()[0]


def test_the_same_invoice_number_twice_is_a_conflict(client, order):
    send(client, INVOICE, order)
    body = fixture_document(INVOICE, order=order.number).replace(
        b"1741400000.0009.supplier", b"1741400000.0010.supplier")

    response = post(client, body)

    assert (response.status_code, answered(response).code) == (409, 409)
    assert InboundDocument.objects.latest("id").status == DocumentStatus.FAILED


def without_secret(body: bytes) -> bytes:
    return re.sub(rb"<SharedSecret>.*?</SharedSecret>", b"", body)


def test_http_basic_authenticates_a_document_without_a_shared_secret(client, order):
    order.supplier.inbound_username, order.supplier.inbound_password = "amazon", "b4sic-pw"
    order.supplier.save()
    credentials = base64.b64encode(b"amazon:b4sic-pw").decode()

    response = post(client, without_secret(fixture_document(CONFIRMATION, order=order.number)),
                    HTTP_AUTHORIZATION=f"Basic {credentials}")

    assert response.status_code == 200
    assert InboundDocument.objects.get().status == DocumentStatus.APPLIED


@pytest.mark.parametrize("body", [
    pytest.param(lambda number: fixture_document(CONFIRMATION, order=number, secret="guess"),
                 id="wrong secret"),
    pytest.param(lambda number: without_secret(fixture_document(CONFIRMATION, order=number)),
                 id="no secret"),
    pytest.param(lambda number: fixture_document(CONFIRMATION, order=number).replace(
        b"<Identity>Amazon</Identity>", b"<Identity>Someone</Identity>"), id="another sender"),
])
def test_wrong_or_missing_credentials_are_refused_and_change_nothing(client, order, body):
    response = post(client, body(order.number),
                    HTTP_AUTHORIZATION="Basic " + base64.b64encode(b"amazon:nope").decode())

    assert (response.status_code, answered(response).code) == (401, 401)
    assert response["WWW-Authenticate"].startswith("Basic")
    document = InboundDocument.objects.get()
    assert (document.status, document.supplier) == (DocumentStatus.REJECTED, None)
    assert "credentials are wrong or missing" in document.error
    assert quantities(order)[0] == (1, 0, 0, 0, 0, 0)


MALICIOUS = sorted((FIXTURES / "malicious").iterdir())


@pytest.mark.parametrize("path", MALICIOUS, ids=[path.name for path in MALICIOUS])
def test_every_hostile_document_is_refused_and_only_its_raw_record_stays(client, order, path):
    response = post(client, path.read_bytes())

    assert 400 <= response.status_code < 500
    assert 400 <= answered(response).code < 500
    assert b"root:" not in response.content  # no /etc/passwd, whatever the parser did
    document = InboundDocument.objects.get()
    assert document.status == DocumentStatus.REJECTED
    assert bytes(document.body) == path.read_bytes()
    assert not ShipNotice.objects.exists()
    assert not SupplierInvoice.objects.exists()
    assert not ProcurementOrderLine.objects.exclude(accepted_quantity=0, rejected_quantity=0,
                                                    backordered_quantity=0).exists()


def test_a_document_over_the_size_limit_is_refused_before_it_is_stored(client, order,
                                                                       settings):
    settings.PUNCHOUT_MAX_DOCUMENT_BYTES = 1000

    response = post(client, fixture_document(CONFIRMATION, order=order.number))

    assert (response.status_code, answered(response).code) == (413, 413)
    assert not InboundDocument.objects.exists()


def test_a_payload_id_applied_before_is_answered_ok_and_changes_nothing(client, order):
    send(client, CONFIRMATION, order)
    ProcurementOrderLine.objects.filter(order=order).update(accepted_quantity=0)

    response = post(client, fixture_document(CONFIRMATION, order=order.number))

    assert (response.status_code, answered(response).code) == (200, 200)
    assert "Already received" in answered(response).detail
    assert InboundDocument.objects.latest("id").status == DocumentStatus.DUPLICATE
    assert [row[1] for row in quantities(order)] == [0, 0, 0]


def test_a_document_we_do_not_take_is_refused(client, order):
    body = fixture_document(SHIP_NOTICE, order=order.number).replace(
        b"ShipNoticeRequest", b"StatusUpdateRequest")

    response = post(client, body)

    assert answered(response).code == 450
    assert response.status_code == 400
    assert InboundDocument.objects.get().status == DocumentStatus.REJECTED


def test_a_line_the_order_does_not_have_fails_the_document(client, order):
    body = fixture_document(CONFIRMATION, order=order.number).replace(
        b'lineNumber="3"', b'lineNumber="7"')

    response = post(client, body)

    assert (response.status_code, answered(response).code) == (417, 417)
    document = InboundDocument.objects.get()
    assert document.status == DocumentStatus.FAILED
    assert document.error == f"{order.number} has no line 7; it has lines 1 to 3."
    assert quantities(order)[0] == (1, 0, 0, 0, 0, 0)  # nothing of it applied


def test_an_unknown_order_fails_and_applies_once_reprocessed_after_the_order_exists(
        client, approved_cart, defaults, approver):
    number = f"PO-{timezone.localdate().year}-000001"
    response = post(client, fixture_document(CONFIRMATION, order=number))

    assert (response.status_code, answered(response).code) == (417, 417)
    assert f"no order {number}" in answered(response).detail
    document = InboundDocument.objects.get()
    assert (document.status, document.kind) == (DocumentStatus.FAILED,
                                                DocumentKind.CONFIRMATION)

    order = order_place(cart=approved_cart, actor=approver)
    document = document_reprocess(document=document)

    assert (order.number, document.status, document.error) == (number, DocumentStatus.APPLIED,
                                                               "")
    assert [row[1] for row in quantities(order)] == [2, 6, 0]


def test_only_failed_documents_are_reprocessed(client, order):
    document = send(client, CONFIRMATION, order)

    with pytest.raises(ValidationError, match="Only failed documents can be reprocessed"):
        document_reprocess(document=document)



def test_suppliers_post_without_a_csrf_token(order):
    client = Client(enforce_csrf_checks=True)

    response = post(client, fixture_document(CONFIRMATION, order=order.number))

    assert response.status_code == 200


def test_a_post_larger_than_django_reads_into_memory_is_still_answered_413(client, db):
    response = post(client, b"<cXML>" + b" " * 3_000_000 + b"</cXML>")

    assert (response.status_code, answered(response).code) == (413, 413)
    assert not InboundDocument.objects.exists()


def another(body: bytes, payload: bytes) -> bytes:
    """The same document sent again as a new one (its own payloadID)."""
    return re.sub(rb'payloadID="[^"]*supplier[^"]*"', b'payloadID="' + payload + b'"', body,
                  count=1)


def test_a_cancelled_ship_notice_takes_its_quantities_back(client, order):
    send(client, SHIP_NOTICE, order)
    body = fixture_document(SHIP_NOTICE, order=order.number).replace(
        b'operation="new"', b'operation="delete"')

    assert post(client, another(body, b"cancel-1@supplier")).status_code == 200

    assert not ShipNotice.objects.exists()
    assert [row[4] for row in quantities(order)] == [0, 0, 0]


def test_a_cancelled_invoice_takes_its_quantities_back(client, order):
    send(client, INVOICE, order)
    body = fixture_document(INVOICE, order=order.number).replace(
        b'operation="new"', b'operation="delete"')

    assert post(client, another(body, b"cancel-2@supplier")).status_code == 200

    assert not SupplierInvoice.objects.exists()
    assert [row[5] for row in quantities(order)] == [0, 0, 0]
