"""Decided EDI orders are answered by an 855 or ORDRSP file through the outbox."""

from edi.codec import edifact, x12
from edi.models import Direction, Interchange, InterchangeStatus
from edi.services.inbound import edi_receive
from orders.models import OutboxMessage, OutboxStatus, PurchaseOrder, PurchaseOrderStatus
from orders.services.acknowledgements import acknowledgements_queue
from orders.services.deciding import purchase_orders_decide
from orders.services.outbox import outbox_send_due
from skurules.models import AutoConfirmRule
from tests.edi.codec.oracles import fixture, pydifact_segments, pyx12_read
from tests.edi.routes.conftest import ORDERS, x12_850_bytes

P = PurchaseOrderStatus


def decide_and_queue() -> None:
    purchase_orders_decide()
    acknowledgements_queue()


def acknowledgement_file(order: PurchaseOrder) -> Interchange:
    return Interchange.objects.get(direction=Direction.OUTBOUND, purchase_orders=order)


def test_a_decided_850_order_gets_an_855_answering_its_file(x12_partner, fixture_skus):
    inbound = edi_receive(file_name="in.x12", content=x12_850_bytes())

    decide_and_queue()

    order = PurchaseOrder.objects.get(po_number="4SYNTH01")
    assert order.status == P.ACKNOWLEDGING
    answer = acknowledgement_file(order)
    assert (answer.document_types, answer.answers, answer.status) == (
        "855", inbound, InterchangeStatus.PENDING)
    segments, errors = pyx12_read(answer.text)
    assert errors == []
    assert "BAK*00*AD*4SYNTH01*20260512~" in segments
    assert [s for s in segments if s.startswith("ACK")] == [
        "ACK*IA*12*EA*068*20260519~", "ACK*IA*6*EA*068*20260519~", "ACK*IA*2*EA*068*20260519~"]
    assert OutboxMessage.objects.filter(kind="edi.file", purchase_order=order).count() == 1


def test_control_numbers_follow_the_partners_sequences(x12_partner, fixture_skus):
    edi_receive(file_name="in.x12", content=x12_850_bytes())
    decide_and_queue()

    files = Interchange.objects.filter(direction=Direction.OUTBOUND).order_by("pk")
    numbers = [x12.read_interchange(bytes(f.content)).control_number for f in files]
    assert numbers == ["000000001", "000000002"]  # the 997, then the 855
    x12_partner.refresh_from_db()
    assert x12_partner.next_interchange_number == 3
    assert len({f.file_name for f in files}) == 2


def test_a_decided_orders_order_gets_an_ordrsp(edifact_partner, fixture_skus):
    edi_receive(file_name="in.edi", content=fixture(ORDERS))

    decide_and_queue()

    order = PurchaseOrder.objects.get(po_number="4SYNTH02")
    answer = acknowledgement_file(order)
    assert answer.document_types == "ORDRSP"
    assert edifact.read_interchange(bytes(answer.content)).problems == []
    tags = [tag for tag, _ in pydifact_segments(answer.text)]
    assert tags[:2] == ["UNH", "BGM"]
    assert tags.count("LIN") == 3


def test_an_order_needing_review_gets_no_file_until_it_is_decided(x12_partner, fixture_skus):
    AutoConfirmRule.objects.filter(sku__sku="SYN-2").update(enabled=False)
    edi_receive(file_name="in.x12", content=x12_850_bytes())

    decide_and_queue()

    order = PurchaseOrder.objects.get(po_number="4SYNTH01")
    assert order.status == P.NEEDS_REVIEW
    assert not Interchange.objects.filter(purchase_orders=order,
                                          direction=Direction.OUTBOUND).exists()


def test_unknown_products_are_rejected_in_the_855(x12_partner):
    edi_receive(file_name="in.x12", content=x12_850_bytes())  # no SKU matches any line

    decide_and_queue()

    answer = acknowledgement_file(PurchaseOrder.objects.get(po_number="4SYNTH01"))
    segments, _ = pyx12_read(answer.text)
    assert "BAK*00*AC*4SYNTH01*20260512~" in segments
    assert [s for s in segments if s.startswith("ACK")] == ["ACK*IR*0*EA~"] * 3


def test_without_an_sftp_channel_the_file_fails_visibly_and_the_order_goes_to_review(
        x12_partner, fixture_skus):
    edi_receive(file_name="in.x12", content=x12_850_bytes())
    decide_and_queue()

    outbox_send_due()

    order = PurchaseOrder.objects.get(po_number="4SYNTH01")
    assert order.status == P.NEEDS_REVIEW
    assert "has no SFTP channel" in order.status_reason
    message = OutboxMessage.objects.get(kind="edi.file", purchase_order=order)
    assert (message.status, message.attempts) == (OutboxStatus.FAILED, 1)
    assert acknowledgement_file(order).status == InterchangeStatus.ERROR
