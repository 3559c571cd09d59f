"""Reading the suppliers' documents into values, on the synthetic and third-party samples."""

from datetime import date
from decimal import Decimal

import pytest

from punchout.cxml.documents import confirmation_read, invoice_read, ship_notice_read
from punchout.cxml.parsing import CxmlRejected, cxml_parse
from punchout.cxml.values import ConfirmationStatusLine, ShipNoticeLine
from tests.punchout.orders.conftest import CXML, FIXTURES

THIRD_PARTY = FIXTURES / "third_party"


def parsed(path):
    return cxml_parse(path.read_bytes())


def test_a_line_level_confirmation_reads_accepted_backordered_and_rejected_parts():
    confirmation = confirmation_read(parsed(CXML / "09_confirmation_request_detail.xml"))

    assert (confirmation.type, confirmation.operation, confirmation.order_id) == (
        "detail", "new", "PO-2025-000042")
    assert confirmation.confirm_id == "SYNTH-ORD-302-1234567-7654321"
    assert confirmation.order_payload_id == "20250306T091200.5120.c0ffee@backoffice.example.com"
    assert confirmation.comment == "Partially confirmed."
    assert confirmation.notice_date.isoformat() == "2025-03-06T10:06:40+01:00"
    one, two, three = confirmation.lines
    assert (one.line_number, one.quantity, one.unit_of_measure) == (1, Decimal(2), "EA")
    assert one.statuses == (ConfirmationStatusLine(
        type="accept", quantity=Decimal(2), delivery_date=date(2025, 3, 10),
        shipment_date=date(2025, 3, 7)),)
    assert [(s.type, s.quantity, s.delivery_date, s.comment) for s in two.statuses] == [
        ("accept", Decimal(6), None, ""),
        ("backordered", Decimal(4), date(2025, 3, 24), "Temporarily out of stock.")]
    assert three.statuses[0].type == "reject"
    assert three.statuses[0].comment.startswith("Unit price increased above")


def test_a_whole_order_rejection_has_no_lines_and_says_why():
    confirmation = confirmation_read(parsed(CXML / "10_confirmation_request_reject_order.xml"))

    assert (confirmation.type, confirmation.order_id, confirmation.lines) == (
        "reject", "PO-2025-000043", ())
    assert "only new orders are supported" in confirmation.comment
    assert confirmation.confirm_id == ""


def test_a_ship_notice_reads_carrier_tracking_and_lines():
    notice = ship_notice_read(parsed(CXML / "11_ship_notice_request.xml"))

    assert (notice.shipment_id, notice.operation, notice.carrier) == (
        "SYNTH-SHIP-0001", "new", "Example Parcel Service")
    assert notice.tracking_numbers == ("EPS123456789FR",)
    assert notice.delivery_date.isoformat() == "2025-03-10T18:00:00+01:00"
    [portion] = notice.portions
    assert portion.order_id == "PO-2025-000042"
    assert portion.lines == (ShipNoticeLine(1, Decimal(2)), ShipNoticeLine(2, Decimal(6)))


def test_a_third_party_ship_notice_for_the_whole_order_prefers_the_carriers_name():
    notice = ship_notice_read(parsed(THIRD_PARTY / "friendsofcxml-cxml-php" /
                                     "ShipNoticeRequest.xml"))

    assert (notice.shipment_id, notice.carrier, notice.tracking_numbers) == (
        "S2-123", "Federal Express", ("8202 8261 1194",))
    [portion] = notice.portions
    assert (portion.order_id, portion.lines) == ("DO1234", ())  # no items: all of it shipped


def test_an_invoice_reads_its_lines_and_summary():
    invoice = invoice_read(parsed(CXML / "12_invoice_detail_request.xml"))

    assert (invoice.invoice_id, invoice.purpose, invoice.operation, invoice.order_id) == (
        "SYNTH-INV-2025-0001", "standard", "new", "PO-2025-000042")
    assert invoice.currency == "EUR"
    assert [(line.invoice_line_number, line.order_line_number, line.quantity,
             line.unit_price, line.subtotal) for line in invoice.lines] == [
        (1, 1, Decimal(2), Decimal("54.90"), Decimal("109.80")),
        (2, 2, Decimal(6), Decimal("4.25"), Decimal("25.50"))]
    assert (invoice.subtotal, invoice.tax, invoice.shipping, invoice.net_amount,
            invoice.due_amount) == (Decimal("135.30"), Decimal("27.06"), Decimal("4.99"),
                                    Decimal("167.35"), Decimal("167.35"))


def test_a_third_party_invoice_with_an_empty_net_amount_is_added_up():
    invoice = invoice_read(parsed(THIRD_PARTY / "officeluv-cxml" /
                                  "invoice_taxes_at_total.xml"))

    assert (invoice.invoice_id, invoice.order_id, invoice.currency) == ("3492", "", "USD")
    [line] = invoice.lines
    assert (line.order_line_number, line.quantity, line.subtotal) == (1, 1, 365)
    # Special handling (5) counts with shipping (30); the empty NetAmount is the sum.
    assert (invoice.subtotal, invoice.tax, invoice.shipping, invoice.net_amount,
            invoice.due_amount) == (365, 8, 35, 408, 408)


def test_a_number_that_is_not_one_is_refused_with_what_it_was():
    body = (CXML / "11_ship_notice_request.xml").read_bytes().replace(
        b'lineNumber="2" quantity="6"', b'lineNumber="2" quantity="six"')

    with pytest.raises(CxmlRejected, match="ShipNoticeItem quantity 'six' is not a number"):
        ship_notice_read(cxml_parse(body))
