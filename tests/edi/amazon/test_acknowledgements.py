"""855 and ORDRSP from decided lines: the research fixtures reproduced, every outcome coded."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from edi.amazon.documents import AcknowledgementInput
from edi.amazon.edifact_ordrsp import write_ordrsp
from edi.amazon.x12_855 import write_855
from edi.codec import edifact, edifact_writer, x12, x12_writer
from orders.services.lines import LineRow
from tests.edi.codec.oracles import (
    fixture,
    our_segments,
    our_x12_segments,
    pydifact_segments,
    pyx12_read,
)

X12_ENVELOPE = x12_writer.Envelope(
    sender_id="EXAMPLEVENDOR", receiver_id="AMAZON", interchange_control_number=201,
    group_control_number=201, created_at=datetime(2026, 5, 12, 9, 30),  # noqa: DTZ001
    is_test=True)
EDIFACT_ENVELOPE = edifact_writer.Envelope(
    sender_id="2000000002002", recipient_id="2000000001005", control_reference="SYN0002",
    created_at=datetime(2026, 5, 12, 10, 15), agreement_id="EANCOM")  # noqa: DTZ001


def decided(item: str, ordered: int, accepted: int = 0, backordered: int = 0, rejected: int = 0,
            *, asin: str = "", vendor_id: str = "", net_cost: str | None = "8.2500",
            unit: str = "Eaches", unit_size: int = 1) -> LineRow:
    return LineRow(pk=int(item), order_id=1, item_sequence=item, amazon_product_id=asin,
                   vendor_product_id=vendor_id, ordered_quantity=ordered, unit_of_measure=unit,
                   unit_size=unit_size, is_backorder_allowed=True,
                   net_cost=Decimal(net_cost) if net_cost else None, currency="USD",
                   accepted_quantity=accepted, backordered_quantity=backordered,
                   rejected_quantity=rejected, rejection_reason="")


def x12_acknowledgement(*lines: LineRow) -> AcknowledgementInput:
    return AcknowledgementInput(po_number="4SYNTH01", order_date=date(2026, 5, 12), lines=lines,
                                ship_date=date(2026, 5, 18), backorder_date=date(2026, 6, 2))


def body_of_855(*lines: LineRow) -> list[str]:
    interchange = x12.read_interchange(write_855(x12_acknowledgement(*lines), X12_ENVELOPE))
    return our_x12_segments(interchange)[3:-3]


def test_the_855_for_the_synthetic_850_is_the_synthetic_855():
    written = write_855(x12_acknowledgement(
        decided("1", 12, accepted=12, vendor_id="2000000000015", net_cost="8.2500"),
        decided("2", 6, backordered=6, vendor_id="200000000028", net_cost="21.0000"),
        decided("3", 2, rejected=2, asin="B0SYNTH003", net_cost="5.1000")), X12_ENVELOPE)
    assert written == fixture("synthetic/SYNTHETIC_amazon_style_855_response.x12").replace(
        b"\n", b"")


def test_bak02_says_no_change_when_every_line_is_accepted_in_full():
    assert body_of_855(decided("1", 4, accepted=4, vendor_id="2000000000015"))[0] == (
        "BAK*00*AD*4SYNTH01*20260512~")


def test_a_line_split_three_ways_gets_an_ack_for_each_outcome():
    assert body_of_855(decided("7", 10, 5, 3, 2, asin="B0SYNTH007", vendor_id="ABC-7")) == [
        "BAK*00*AC*4SYNTH01*20260512~", "PO1*7*10*EA*8.25**BP*B0SYNTH007*VN*ABC-7~",
        "ACK*IA*5*EA*068*20260518~", "ACK*IB*3*EA*068*20260602~", "ACK*IR*0*EA~",
        "CTT*1*10~"]


def test_cases_are_acknowledged_in_cases():
    assert body_of_855(decided("1", 2, accepted=2, vendor_id="2000000000015", unit="Cases",
                               unit_size=12))[1:3] == [
        "PO1*1*2*CA*8.25**EN*2000000000015~", "ACK*IA*2*CA*068*20260518~"]


def test_lines_amazon_cancelled_have_nothing_to_acknowledge():
    assert body_of_855(decided("1", 0, vendor_id="2000000000015"),
                       decided("2", 1, accepted=1, vendor_id="2000000000015"))[-1] == "CTT*1*1~"


def test_a_line_not_decided_in_full_cannot_be_acknowledged():
    with pytest.raises(ValueError, match=r"^Line 1: accepted 5 \+ backordered 0 \+ rejected 0 "
                                         r"= 5, but 6 were ordered; decide the whole line"):
        write_855(x12_acknowledgement(decided("1", 6, accepted=5, vendor_id="EXV")),
                  X12_ENVELOPE)


def test_pyx12_reads_our_855_without_envelope_errors():
    written = write_855(x12_acknowledgement(decided("1", 6, 3, 3, vendor_id="EXV")),
                        X12_ENVELOPE).decode()
    segments, errors = pyx12_read(written)
    assert errors == []
    assert segments == our_x12_segments(x12.read_interchange(written))


def edifact_acknowledgement(*lines: LineRow) -> AcknowledgementInput:
    return AcknowledgementInput(po_number="4SYNTH02", order_date=date(2026, 5, 12), lines=lines,
                                backorder_date=date(2026, 6, 2), buyer_party_id="2000000001005",
                                supplier_party_id="2000000002002", currency="EUR")


def test_the_ordrsp_for_the_synthetic_orders_is_the_synthetic_ordrsp():
    written = write_ordrsp(edifact_acknowledgement(
        decided("1", 5, accepted=5, vendor_id="2000000000107", net_cost="27.5000"),
        decided("2", 1, backordered=1, vendor_id="2000000000206", net_cost="10.8700"),
        decided("3", 3, rejected=3, vendor_id="EXV-0003", net_cost="3.8500")), EDIFACT_ENVELOPE)
    assert written == fixture(
        "synthetic/SYNTHETIC_amazon_style_ORDRSP_D96A_response.edi").replace(b"\n", b"")


@pytest.mark.parametrize(("lines", "function"), [
    ([decided("1", 5, accepted=5, vendor_id="2000000000107")], "29"),
    ([decided("1", 5, rejected=5, vendor_id="2000000000107")], "27"),
    ([decided("1", 5, accepted=4, rejected=1, vendor_id="2000000000107")], "4"),
])
def test_the_ordrsp_message_function_says_how_much_was_accepted(lines, function):
    written = write_ordrsp(edifact_acknowledgement(*lines), EDIFACT_ENVELOPE)
    bgm = edifact.read_interchange(written).messages[0].body[0]
    assert bgm.value(3) == function


def test_the_asin_travels_in_pia_as_the_buyers_part_number():
    written = write_ordrsp(edifact_acknowledgement(
        decided("1", 2, accepted=2, asin="B0SYNTH001", vendor_id="EXV-1")), EDIFACT_ENVELOPE)
    assert b"'LIN+1+5'PIA+5+EXV-1:SA+B0SYNTH001:BP'" in written


def test_pydifact_reads_our_ordrsp_as_we_do():
    written = write_ordrsp(edifact_acknowledgement(
        decided("1", 6, 3, 2, 1, asin="B0?+:'", vendor_id="EXV-1")), EDIFACT_ENVELOPE).decode()
    interchange = edifact.read_interchange(written)
    assert interchange.problems == []
    assert pydifact_segments(written) == our_segments(interchange)
