"""EDI files in: stored, read, recognised, imported as purchase orders and answered."""

from edi.codec import edifact, x12
from edi.models import Direction, Interchange, InterchangeStatus, Standard
from edi.services.inbound import edi_receive, edi_reprocess
from orders.models import OrderSource, PurchaseOrder
from tests.edi.codec.oracles import fixture, pyx12_read
from tests.edi.routes.conftest import MALFORMED_850, ORDERS, x12_850_bytes
from tests.factories import EdiPartnerFactory

S = InterchangeStatus


def answers_to(interchange: Interchange) -> list[Interchange]:
    return list(Interchange.objects.filter(direction=Direction.OUTBOUND, answers=interchange))


def test_an_850_becomes_an_edi_purchase_order_and_is_answered_by_a_positive_997(x12_partner):
    interchange = edi_receive(file_name="VEND850.I0001", content=x12_850_bytes())

    assert interchange.status == S.IMPORTED, interchange.error
    assert (interchange.partner, interchange.control_number) == (x12_partner, "000000101")
    assert (interchange.sender_id, interchange.document_types) == ("AMAZON", "850")
    order = PurchaseOrder.objects.get(po_number="4SYNTH01")
    assert (order.account, order.source, order.ship_to.code) == (
        x12_partner.account, OrderSource.EDI, "SYN1")
    assert list(order.lines.values_list("item_sequence", "ordered_quantity")) == [
        ("1", 12), ("2", 6), ("3", 2)]
    assert list(interchange.purchase_orders.all()) == [order]
    [answer] = answers_to(interchange)
    assert (answer.document_types, answer.status, answer.receiver_id) == ("997", S.PENDING,
                                                                           "AMAZON")
    segments, errors = pyx12_read(answer.text)
    assert errors == []
    assert "AK1*PO*101~" in segments
    assert "AK5*A~" in segments
    assert "AK9*A*1*1*1~" in segments


def test_an_orders_message_becomes_a_purchase_order_answered_by_a_contrl(edifact_partner):
    interchange = edi_receive(file_name="ORDERS_0001.edi", content=fixture(ORDERS))

    assert interchange.status == S.IMPORTED, interchange.error
    assert interchange.standard == Standard.EDIFACT
    order = PurchaseOrder.objects.get(po_number="4SYNTH02")
    assert order.lines.count() == 3
    [answer] = answers_to(interchange)
    contrl = edifact.read_interchange(bytes(answer.content))
    assert contrl.problems == []
    uci = contrl.messages[0].body[0]
    assert (uci.tag, uci.value(1), uci.value(4)) == ("UCI", "SYN0001", "7")


def test_the_same_file_twice_is_a_duplicate_and_creates_nothing(x12_partner):
    first = edi_receive(file_name="a.x12", content=x12_850_bytes())
    second = edi_receive(file_name="b.x12", content=x12_850_bytes())

    assert second.status == S.DUPLICATE
    assert second.duplicate_of == first
    assert PurchaseOrder.objects.count() == 1
    assert answers_to(second) == []


def test_the_same_control_number_from_the_same_partner_is_a_duplicate(x12_partner):
    edi_receive(file_name="a.x12", content=x12_850_bytes())
    resent = x12_850_bytes().replace(b"4SYNTH01", b"4SYNTH99")

    second = edi_receive(file_name="b.x12", content=resent)

    assert second.status == S.DUPLICATE
    assert "control number 000000101 from AMAZONUS was received before" in second.error
    assert not PurchaseOrder.objects.filter(po_number="4SYNTH99").exists()


def test_the_malformed_850_is_in_error_with_every_defect_and_a_negative_997(x12_partner):
    interchange = edi_receive(file_name="bad.x12", content=fixture(MALFORMED_850))

    assert interchange.status == S.ERROR
    errors = interchange.error.splitlines()
    assert any("Segment 15 (SE)" in e for e in errors), errors
    assert any("(IEA)" in e and "000000999" in e for e in errors), errors
    assert any("PO1" in e and "quantity" in e for e in errors), errors
    assert any("CTT" in e for e in errors), errors
    assert not PurchaseOrder.objects.exists()
    [answer] = answers_to(interchange)
    read = x12.read_interchange(bytes(answer.content))
    assert read.problems == []
    assert any(s.tag == "TA1" and s.element(4) == "R" for s in read.acknowledgements)


def test_a_file_from_an_unknown_sender_waits_in_error_until_the_partner_exists(db):
    interchange = edi_receive(file_name="a.x12", content=x12_850_bytes())
    assert interchange.status == S.ERROR
    assert "No EDI partner has the interchange id AMAZON" in interchange.error
    assert not PurchaseOrder.objects.exists()

    EdiPartnerFactory(code="AMAZONUS")
    reprocessed = edi_reprocess(interchange)

    assert reprocessed.status == S.IMPORTED, reprocessed.error
    assert PurchaseOrder.objects.filter(po_number="4SYNTH01").exists()


def test_files_that_are_not_edi_keep_their_bytes_and_say_why(x12_partner):
    cases = {"empty.x12": b"", "binary.x12": b"\x89PNG\r\n\x1a\n\x00\x00\x00",
             "letter.txt": b"Dear vendor, please ship."}
    for name, content in cases.items():
        interchange = edi_receive(file_name=name, content=content, partner=x12_partner)
        assert interchange.status == S.ERROR, name
        assert interchange.standard == Standard.UNKNOWN
        assert bytes(Interchange.objects.get(pk=interchange.pk).content) == content
    errors = dict(Interchange.objects.values_list("file_name", "error"))
    assert "empty" in errors["empty.x12"]
    assert "neither X12" in errors["letter.txt"]
    assert not PurchaseOrder.objects.exists()


def test_a_truncated_file_names_the_missing_trailers(x12_partner):
    truncated = x12_850_bytes().split(b"CTT")[0]

    interchange = edi_receive(file_name="cut.x12", content=truncated)

    assert interchange.status == S.ERROR
    assert "SE" in interchange.error
    assert "IEA" in interchange.error
    assert not PurchaseOrder.objects.exists()
