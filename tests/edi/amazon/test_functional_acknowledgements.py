"""997 and CONTRL for inbound order files: accepted as a whole, in part, or rejected with why."""

from datetime import datetime

import pytest

from edi.amazon.edifact_contrl import write_contrl
from edi.amazon.edifact_orders import read_orders
from edi.amazon.x12_850 import read_850
from edi.amazon.x12_997 import write_997
from edi.codec import edifact, edifact_writer, x12, x12_writer
from tests.edi.codec.oracles import (
    fixture,
    our_segments,
    our_x12_segments,
    pydifact_segments,
    pyx12_997_maps,
    pyx12_read,
    pyx12_validates,
)

GOOD_850 = fixture("synthetic/SYNTHETIC_amazon_style_850_3lines.x12").decode()
MALFORMED_850 = fixture("synthetic/SYNTHETIC_MALFORMED_850.x12").decode()
GOOD_ORDERS = fixture("synthetic/SYNTHETIC_amazon_style_ORDERS_D96A_3lines.edi").decode()
X12_ENVELOPE = x12_writer.Envelope(
    sender_id="EXAMPLEVENDOR", receiver_id="AMAZON", interchange_control_number=301,
    group_control_number=301, created_at=datetime(2026, 5, 12, 9, 31))  # noqa: DTZ001
EDIFACT_ENVELOPE = edifact_writer.Envelope(
    sender_id="2000000002002", recipient_id="2000000001005", control_reference="ACK0001",
    created_at=datetime(2026, 5, 12, 9, 31))  # noqa: DTZ001


@pytest.fixture(scope="module")
def maps(tmp_path_factory):
    return pyx12_997_maps(tmp_path_factory.mktemp("pyx12"))


def acknowledgement_997(text: str) -> str:
    order_file = read_850(text)
    return write_997(order_file.interchange, order_file.problems, X12_ENVELOPE).decode()


def body_of(written: str) -> list[str]:
    """Everything between ISA and IEA, once our reader has found nothing wrong with it."""
    interchange = x12.read_interchange(written)
    assert interchange.problems == []
    return our_x12_segments(interchange)[1:-1]


def test_a_sound_850_is_accepted_and_pyx12_validates_the_997(maps):
    written = acknowledgement_997(GOOD_850)
    assert body_of(written) == [
        "GS*FA*EXAMPLEVENDOR*AMAZON*20260512*0931*301*X*004010~", "ST*997*0001~",
        "AK1*PO*101~", "AK2*850*0001~", "AK5*A~", "AK9*A*1*1*1~", "SE*6*0001~", "GE*1*301~"]
    assert pyx12_validates(written, maps)


def test_the_malformed_850_is_rejected_with_each_defect_coded():
    written = acknowledgement_997(MALFORMED_850)
    assert body_of(written) == [
        "TA1*000000102*260512*0930*R*001~",
        "GS*FA*EXAMPLEVENDOR*AMAZON*20260512*0931*301*X*004010~", "ST*997*0001~",
        "AK1*PO*102~", "AK2*850*0001~",
        "AK3*PO1*10**8~", "AK4*2**1~",  # PO102 missing
        "AK3*CTT*12**8~", "AK4*1**7~",  # CTT01 wrong
        "AK5*R*4*5~",  # SE01 wrong; segments in error
        "AK9*R*1*1*0~", "SE*10*0001~", "GE*1*301~"]
    assert pyx12_read(written)[1] == []


def test_pyx12_validates_a_negative_997_with_segment_and_element_errors(maps):
    written = acknowledgement_997(MALFORMED_850.replace("000000999", "000000102"))
    assert "AK5*R*4*5~" in written
    assert pyx12_validates(written, maps)


def test_a_group_with_one_sound_and_one_broken_order_is_accepted_in_part(maps):
    first = GOOD_850.split("ST*850*0001~\n")[1].split("GE*")[0]
    second = first.replace("0001", "0002").replace("SE*13", "SE*14")
    text = GOOD_850.replace("GE*1*101", "GE*2*101").replace(first, first + "ST*850*0002~\n"
                                                            + second)
    written = acknowledgement_997(text)
    assert body_of(written)[3:9] == ["AK2*850*0001~", "AK5*A~", "AK2*850*0002~", "AK5*R*4~",
                                     "AK9*P*2*2*1~", "SE*8*0001~"]
    assert pyx12_validates(written, maps)


def test_a_missing_mandatory_segment_is_coded_at_its_expected_place():
    written = acknowledgement_997(GOOD_850.replace("BEG*00*NE*4SYNTH01**20260512~\n", "").replace(
        "SE*13", "SE*12"))
    assert "AK2*850*0001~AK3*BEG*1**3~AK5*R*5~" in written


def test_a_missing_group_trailer_is_coded_in_ak9():
    written = acknowledgement_997(GOOD_850.replace("GE*1*101~\n", ""))
    assert "AK9*R*1*1*0*3~" in written


def acknowledgement_contrl(text: str | bytes) -> str:
    order_file = read_orders(text)
    return write_contrl(order_file.interchange, order_file.problems, EDIFACT_ENVELOPE).decode()


def contrl_body(written: str) -> list[str]:
    """The segments between UNH and UNT."""
    return written.split("'")[3:-3]


def test_a_sound_orders_is_acknowledged_with_uci_7():
    written = acknowledgement_contrl(GOOD_ORDERS)
    assert contrl_body(written) == ["UCI+SYN0001+2000000001005:14+2000000002002:14+7"]
    assert "UNH+1+CONTRL:D:3:UN'" in written


def test_a_broken_message_is_rejected_with_segment_and_element_errors():
    text = GOOD_ORDERS.replace("QTY+21:1'", "QTY+21:x'").replace("UNT+25+1", "UNT+26+1")
    assert contrl_body(acknowledgement_contrl(text)) == [
        "UCI+SYN0001+2000000001005:14+2000000002002:14+7",
        "UCM+1+ORDERS:D:96A:UN:EAN008+4+29+UNT",  # UNT01 wrong
        "UCS+17", "UCD+12+1:2"]  # QTY+21 value not a number, 17th segment from UNH


def test_an_interchange_without_unz_is_rejected_as_a_whole():
    written = acknowledgement_contrl(fixture("third_party/pydifact_order.edi"))
    assert contrl_body(written) == ["UCI+807+12345678:8+WBDZDD:ZZ+4+13+UNZ"]


@pytest.mark.parametrize("text", [GOOD_ORDERS, GOOD_ORDERS.replace("QTY+21:1'", "QTY+21:x'")])
def test_pydifact_reads_our_contrl_as_we_do(text):
    written = acknowledgement_contrl(text)
    interchange = edifact.read_interchange(written)
    assert interchange.problems == []
    assert pydifact_segments(written) == our_segments(interchange)
