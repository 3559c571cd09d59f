"""What the simulated supplier sends back after an order, caught by a throwaway buyer server:
ConfirmationRequest, ShipNoticeRequest and InvoiceDetailRequest, each DTD-valid."""

import time
from decimal import Decimal

import pytest
import requests

from tests.sandbox.punchout.buyer import (
    CONTROL,
    Line,
    document,
    dtd_errors,
    order_request,
    parse,
)

pytestmark = pytest.mark.django_db(transaction=True)
THREE_LINES = [Line("B0SBX00001", 2), Line("B0SBX00002", 10), Line("B0SBX00003", 1)]
DTDS = {"ConfirmationRequest": "Fulfill-1.2.063.dtd", "ShipNoticeRequest": "Fulfill-1.2.063.dtd",
        "InvoiceDetailRequest": "InvoiceDetail-1.2.037.dtd"}


def switch(sandbox_url: str, **settings) -> dict:
    answer = requests.post(f"{sandbox_url}/_control/punchout/settings", json=settings,
                           headers=CONTROL, timeout=5)
    answer.raise_for_status()
    return answer.json()["settings"]


def place(sandbox_url: str, lines=THREE_LINES, order_id: str = "PO-2026-000042"):
    root, _ = order_request(lines, order_id=order_id)
    answer = requests.post(f"{sandbox_url}/punchout/order", data=document(root),
                           headers={"Content-Type": "text/xml"}, timeout=5)
    answer.raise_for_status()
    return root


def send(sandbox_url: str, order_id: str, document_name: str, variant: str | None = None):
    return requests.post(f"{sandbox_url}/_control/punchout/orders/{order_id}/send",
                         json={"document": document_name, "variant": variant},
                         headers=CONTROL, timeout=10)


def request_of(received) -> object:
    """The Request's only child of a received document, checked against its DTD."""
    root = parse(received.body)
    (body,) = root.find("Request")
    assert dtd_errors(root, DTDS[body.tag]) == [], body.tag
    return body


def test_after_an_order_the_confirmation_ship_notice_and_invoice_follow(sandbox_url,
                                                                        buyer_server):
    switch(sandbox_url, buyer_url=buyer_server.url, auto_reply=True, reply_seconds=0.05)
    order = place(sandbox_url)

    arrived = buyer_server.wait_for(3)

    assert [request_of(doc).tag for doc in arrived] == list(DTDS)
    assert {doc.path for doc in arrived} == {"/punchout/cxml/"}
    assert all(doc.content_type.startswith("text/xml") for doc in arrived)
    roots = [parse(doc.body) for doc in arrived]
    assert len({root.get("payloadID") for root in roots}) == 3
    for root in roots:
        assert root.findtext("Header/From/Credential/Identity") == "Amazon"
        assert root.findtext("Header/To/Credential/Identity") == "BACKOFFICE-DEMO"
        assert root.findtext("Header/Sender/Credential/SharedSecret") == "sandbox-shared-secret"
        assert root.find("Request").get("deploymentMode") == "test"
        reference = root.find(".//OrderReference")
        assert reference.get("orderID") == "PO-2026-000042"
        assert reference.get("orderDate") == "2026-03-06T09:11:58+01:00"
        assert reference.find("DocumentReference").get("payloadID") == order.get("payloadID")
    documents = requests.get(f"{sandbox_url}/_control/punchout/orders", headers=CONTROL,
                             timeout=5).json()["orders"][0]["documents"]
    assert [(d["document"], d["http_status"], d["cxml_status"]) for d in documents] == [
        ("confirmation", 200, "200"), ("ship_notice", 200, "200"), ("invoice", 200, "200")]


def test_the_detail_confirmation_accepts_splits_and_rejects_lines(sandbox_url, buyer_server):
    switch(sandbox_url, buyer_url=buyer_server.url)
    place(sandbox_url)

    sent = send(sandbox_url, "PO-2026-000042", "confirmation")

    assert sent.json()["document"]["http_status"] == 200
    confirmation = request_of(buyer_server.received[0])
    header = confirmation.find("ConfirmationHeader")
    assert (header.get("type"), header.get("operation")) == ("detail", "new")
    assert header.get("confirmID")
    statuses = {item.get("lineNumber"): [(status.get("type"), status.get("quantity"))
                                         for status in item.findall("ConfirmationStatus")]
                for item in confirmation.findall("ConfirmationItem")}
    assert statuses == {"1": [("accept", "2")], "2": [("accept", "5"), ("backordered", "5")],
                        "3": [("reject", "1")]}
    line_2 = confirmation.findall("ConfirmationItem")[1].findall("ConfirmationStatus")
    assert line_2[1].get("deliveryDate") > line_2[0].get("deliveryDate")
    rejected = confirmation.findall("ConfirmationItem")[2].find("ConfirmationStatus")
    assert "price" in rejected.findtext("Comments")


@pytest.mark.parametrize("variant", ["accept", "reject"])
def test_whole_order_confirmations(sandbox_url, buyer_server, variant):
    switch(sandbox_url, buyer_url=buyer_server.url)
    place(sandbox_url)

    send(sandbox_url, "PO-2026-000042", "confirmation", variant).raise_for_status()

    confirmation = request_of(buyer_server.received[0])
    assert confirmation.find("ConfirmationHeader").get("type") == variant
    assert confirmation.findall("ConfirmationItem") == []


def test_the_ship_notice_ships_what_was_accepted_with_ups_tracking(sandbox_url, buyer_server):
    switch(sandbox_url, buyer_url=buyer_server.url)
    place(sandbox_url)
    send(sandbox_url, "PO-2026-000042", "confirmation")

    send(sandbox_url, "PO-2026-000042", "ship_notice").raise_for_status()

    notice = request_of(buyer_server.received[1])
    header = notice.find("ShipNoticeHeader")
    assert header.get("shipmentID")
    assert header.get("fulfillmentType") == "partial"
    carriers = {node.get("domain"): node.text
                for node in notice.findall("ShipControl/CarrierIdentifier")}
    assert carriers == {"SCAC": "UPSN", "companyName": "UPS"}
    assert notice.findtext("ShipControl/ShipmentIdentifier").startswith("1ZSBX")
    assert [(item.get("lineNumber"), item.get("quantity"), item.findtext("UnitOfMeasure"))
            for item in notice.findall("ShipNoticePortion/ShipNoticeItem")] == [
        ("1", "2", "EA"), ("2", "5", "EA")]


def test_the_invoice_bills_the_shipped_quantities_at_the_ordered_prices(sandbox_url,
                                                                        buyer_server):
    switch(sandbox_url, buyer_url=buyer_server.url)
    place(sandbox_url)
    send(sandbox_url, "PO-2026-000042", "confirmation")

    send(sandbox_url, "PO-2026-000042", "invoice").raise_for_status()

    invoice = request_of(buyer_server.received[1])
    assert invoice.find("InvoiceDetailRequestHeader").get("invoiceID")
    items = invoice.findall("InvoiceDetailOrder/InvoiceDetailItem")
    assert [(item.find("InvoiceDetailItemReference").get("lineNumber"), item.get("quantity"),
             item.findtext("UnitPrice/Money"), item.findtext("SubtotalAmount/Money"))
            for item in items] == [("1", "2", "14.99", "29.98"), ("2", "5", "7.49", "37.45")]
    summary = invoice.find("InvoiceDetailSummary")
    subtotal, tax = (Decimal(summary.findtext(f"{tag}/Money")) for tag in ("SubtotalAmount",
                                                                           "Tax"))
    assert subtotal == Decimal("67.43")
    assert tax == Decimal("5.56")  # 8.25 %
    assert (Decimal(summary.findtext("NetAmount/Money"))
            == Decimal(summary.findtext("DueAmount/Money")) == subtotal + tax)


def test_the_price_difference_invoice_bills_line_1_above_its_ordered_price(sandbox_url,
                                                                            buyer_server):
    switch(sandbox_url, buyer_url=buyer_server.url)
    place(sandbox_url)

    send(sandbox_url, "PO-2026-000042", "invoice", "price_difference").raise_for_status()

    invoice = request_of(buyer_server.received[0])
    prices = [item.findtext("UnitPrice/Money")
              for item in invoice.findall("InvoiceDetailOrder/InvoiceDetailItem")]
    assert prices == ["16.49", "7.49", "289.00"]  # no confirmation: everything shipped
    assert invoice.findtext("InvoiceDetailSummary/SubtotalAmount/Money") == "396.88"


def test_nothing_ships_after_a_rejection(sandbox_url, buyer_server):
    switch(sandbox_url, buyer_url=buyer_server.url)
    place(sandbox_url)
    send(sandbox_url, "PO-2026-000042", "confirmation", "reject")

    answer = send(sandbox_url, "PO-2026-000042", "ship_notice")

    assert answer.status_code == 409
    assert "nothing to ship" in answer.json()["error"]


def test_automatic_replies_stop_after_a_rejection(sandbox_url, buyer_server):
    switch(sandbox_url, buyer_url=buyer_server.url, auto_reply=True, reply_seconds=0.05,
           confirmation_variant="reject")
    place(sandbox_url)

    buyer_server.wait_for(1)
    time.sleep(0.5)

    assert [request_of(doc).tag for doc in buyer_server.received] == ["ConfirmationRequest"]


def test_the_order_answer_does_not_wait_for_the_replies(sandbox_url, buyer_server):
    switch(sandbox_url, buyer_url=buyer_server.url, auto_reply=True, reply_seconds=1)

    started = time.monotonic()
    place(sandbox_url)
    answered_in = time.monotonic() - started
    switch(sandbox_url, auto_reply=False)
    time.sleep(1.3)

    assert answered_in < 1
    assert buyer_server.received == []


def test_a_reset_drops_the_pending_replies(sandbox_url, buyer_server):
    switch(sandbox_url, buyer_url=buyer_server.url, auto_reply=True, reply_seconds=0.5)
    place(sandbox_url)

    requests.post(f"{sandbox_url}/_control/punchout/reset", headers=CONTROL,
                  timeout=5).raise_for_status()
    time.sleep(0.8)

    assert buyer_server.received == []


def test_an_unreachable_buyer_is_recorded_as_an_error(sandbox_url):
    switch(sandbox_url, buyer_url="http://127.0.0.1:9/punchout/cxml/")
    place(sandbox_url)

    sent = send(sandbox_url, "PO-2026-000042", "confirmation").json()["document"]

    assert sent["http_status"] is None
    assert "ConnectionError" in sent["error"]


def test_sending_for_an_unknown_order_or_document_is_refused(sandbox_url):
    place(sandbox_url)

    unknown_order = send(sandbox_url, "PO-NOPE", "confirmation")
    unknown_document = send(sandbox_url, "PO-2026-000042", "packing_slip")
    unknown_variant = send(sandbox_url, "PO-2026-000042", "confirmation", "maybe")

    assert unknown_order.status_code == 404
    assert unknown_document.status_code == 400
    assert "confirmation, ship_notice, invoice" in unknown_document.json()["error"]
    assert unknown_variant.status_code == 400
