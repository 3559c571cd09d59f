"""856/DESADV and 810/INVOIC: what shipped and what is billed, in envelopes both oracles read."""

from datetime import date, datetime
from decimal import Decimal

from edi.amazon.documents import InvoicedLine, InvoiceInput, ShipmentInput, ShippedItem
from edi.amazon.edifact_desadv import write_desadv
from edi.amazon.edifact_invoic import write_invoic
from edi.amazon.x12_810 import write_810
from edi.amazon.x12_856 import write_856
from edi.codec import edifact, edifact_writer, x12, x12_writer
from tests.edi.codec.oracles import our_segments, our_x12_segments, pydifact_segments, pyx12_read

X12_ENVELOPE = x12_writer.Envelope(
    sender_id="EXAMPLEVENDOR", receiver_id="AMAZON", interchange_control_number=401,
    group_control_number=401, created_at=datetime(2026, 5, 18, 14, 5))  # noqa: DTZ001
EDIFACT_ENVELOPE = edifact_writer.Envelope(
    sender_id="2000000002002", recipient_id="2000000001005", control_reference="SHP0001",
    created_at=datetime(2026, 5, 18, 14, 5), agreement_id="EANCOM")  # noqa: DTZ001
SHIPMENT = ShipmentInput(
    identifier="SHIP-1", shipped_at=datetime(2026, 5, 18, 14, 0),  # noqa: DTZ001
    ship_from_party_id="WH1", ship_to_party_id="ABE8", carrier="UPSN", bill_of_lading="BOL9",
    items=[ShippedItem("4SYNTH01", "1", "", "2000000000015", 12),
           ShippedItem("4SYNTH03", "1", "B0SYNTH009", "", 1),
           ShippedItem("4SYNTH01", "3", "B0SYNTH003", "", 2)])
INVOICE = InvoiceInput(
    number="INV-4SYNTH01-1", issued_on=date(2026, 5, 19), po_number="4SYNTH01", currency="USD",
    total=Decimal("109.20"), remit_to_party_id="EXVND",
    lines=[InvoicedLine("1", "", "2000000000015", 12, Decimal("8.2500")),
           InvoicedLine("3", "B0SYNTH003", "", 2, Decimal("5.1000"))])


def x12_body(written: bytes) -> list[str]:
    interchange = x12.read_interchange(written)
    assert interchange.problems == []
    assert pyx12_read(written.decode()) == (our_x12_segments(interchange), [])
    return our_x12_segments(interchange)[3:-3]


def edifact_body(written: bytes) -> list[str]:
    interchange = edifact.read_interchange(written)
    assert interchange.problems == []
    assert pydifact_segments(written.decode()) == our_segments(interchange)
    return written.decode().split("'")[3:-3]


def test_the_856_nests_items_under_their_po_under_the_shipment():
    assert x12_body(write_856(SHIPMENT, X12_ENVELOPE)) == [
        "BSN*00*SHIP-1*20260518*1400~", "HL*1**S~", "TD5**2*UPSN~", "REF*BM*BOL9~",
        "DTM*011*20260518*1400~", "N1*SF**92*WH1~", "N1*ST**92*ABE8~",
        "HL*2*1*O~", "PRF*4SYNTH01~",
        "HL*3*2*I~", "LIN*1*EN*2000000000015~", "SN1**12*EA~",
        "HL*4*2*I~", "LIN*3*BP*B0SYNTH003~", "SN1**2*EA~",
        "HL*5*1*O~", "PRF*4SYNTH03~",
        "HL*6*5*I~", "LIN*1*BP*B0SYNTH009~", "SN1**1*EA~",
        "CTT*6~"]


def test_the_810_bills_each_line_at_its_net_cost_with_the_total_in_cents():
    assert x12_body(write_810(INVOICE, X12_ENVELOPE)) == [
        "BIG*20260519*INV-4SYNTH01-1**4SYNTH01~", "CUR*SE*USD~", "N1*RI**92*EXVND~",
        "IT1*1*12*EA*8.25**EN*2000000000015~", "IT1*3*2*EA*5.10**BP*B0SYNTH003~",
        "TDS*10920~", "CTT*2~"]


def test_the_desadv_lists_each_item_with_its_po_and_line():
    assert edifact_body(write_desadv(SHIPMENT, EDIFACT_ENVELOPE)) == [
        "BGM+351+SHIP-1+9", "DTM+137:20260518:102", "DTM+11:202605181400:203", "RFF+BM:BOL9",
        "NAD+SF+WH1::9", "NAD+DP+ABE8::9", "TDT+20++++:::UPSN", "CPS+1",
        "LIN+1++2000000000015:EN", "QTY+12:12", "RFF+ON:4SYNTH01", "RFF+LI:1",
        "LIN+2", "PIA+5+B0SYNTH009:BP", "QTY+12:1", "RFF+ON:4SYNTH03", "RFF+LI:1",
        "LIN+3", "PIA+5+B0SYNTH003:BP", "QTY+12:2", "RFF+ON:4SYNTH01", "RFF+LI:3",
        "CNT+2:3"]


def test_the_invoic_bills_each_line_with_its_amount_and_the_total():
    assert edifact_body(write_invoic(INVOICE, EDIFACT_ENVELOPE)) == [
        "BGM+380+INV-4SYNTH01-1+9", "DTM+137:20260519:102", "RFF+ON:4SYNTH01",
        "NAD+SU+EXVND::9", "CUX+2:USD:4",
        "LIN+1++2000000000015:EN", "QTY+47:12", "MOA+203:99", "PRI+AAA:8.25",
        "LIN+3", "PIA+5+B0SYNTH003:BP", "QTY+47:2", "MOA+203:10.2", "PRI+AAA:5.1",
        "UNS+S", "CNT+2:2", "MOA+77:109.2"]


def test_005010_shipment_notices_carry_the_repetition_separator():
    envelope = x12_writer.Envelope(**{**X12_ENVELOPE.__dict__, "version": "00501"})
    written = write_856(SHIPMENT, envelope)
    interchange = x12.read_interchange(written)
    assert pyx12_read(written.decode())[1] == []
    assert interchange.separators.repetition == "^"
    assert interchange.groups[0].version == "005010"
    assert interchange.problems == []
