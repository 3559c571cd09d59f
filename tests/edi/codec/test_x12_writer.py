"""Writing X12: fixed-width ISA, counts and control numbers computed, values read back unchanged."""

from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from edi.codec import x12
from edi.codec.problems import EdiError
from edi.codec.x12_segments import Separators
from edi.codec.x12_writer import Envelope, OutboundSet, write_interchange
from tests.edi.codec.oracles import pyx12_read

ENVELOPE = Envelope(sender_id="EXAMPLEVENDOR", receiver_id="AMAZON",
                    interchange_control_number=42, group_control_number=7,
                    created_at=datetime(2026, 5, 12, 9, 30))  # noqa: DTZ001 - ISA has no zone
SEPARATOR_CHOICES = [Separators("*", ">", "~"), Separators("|", "^", "!"),
                     Separators("+", ":", "\n")]
ENVELOPE_TAGS = {"ISA", "IEA", "GS", "GE", "ST", "SE"}


def test_the_envelope_carries_the_given_ids_control_numbers_and_computed_counts():
    text = write_interchange(ENVELOPE, "PR", [OutboundSet("855", [["BAK", "00", "AD", "PO1"]]),
                                              OutboundSet("855", [["BAK", "00", "AC", "PO2"]])])
    assert text.split("~") == [
        "ISA*00*          *00*          *ZZ*EXAMPLEVENDOR  *ZZ*AMAZON         *260512*0930*U*"
        "00401*000000042*0*P*>",
        "GS*PR*EXAMPLEVENDOR*AMAZON*20260512*0930*7*X*004010",
        "ST*855*0001", "BAK*00*AD*PO1", "SE*3*0001",
        "ST*855*0002", "BAK*00*AC*PO2", "SE*3*0002",
        "GE*2*7", "IEA*1*000000042", ""]
    assert len(text.split("~")[0]) + 1 == 106  # the ISA is fixed width, terminator included


def test_005010_writes_a_repetition_separator_in_isa11():
    envelope = Envelope(**{**ENVELOPE.__dict__, "version": "00501", "is_test": True})
    interchange = x12.read_interchange(write_interchange(envelope, "PR", []))
    assert interchange.header.element(11) == "^"
    assert interchange.header.element(15) == "T"
    assert interchange.problems == []


def test_trailing_empty_elements_are_left_out():
    text = write_interchange(ENVELOPE, "PR", [OutboundSet("855", [["ACK", "IR", "0", "EA", ""]])])
    assert "~ACK*IR*0*EA~" in text


def test_a_value_holding_a_separator_is_refused_with_its_place():
    with pytest.raises(EdiError) as error:
        write_interchange(ENVELOPE, "PR", [OutboundSet("855", [["REF", "ZZ", "A*B"]])])
    assert str(error.value) == (
        "Segment 4 (REF): REF02 'A*B' contains the separator '*'; X12 has no escape character, "
        "so the value cannot be sent as it is.")


@pytest.mark.parametrize(("change", "expected"), [
    ({"sender_id": "A" * 16}, "The sender id must be 1 to 15 characters long."),
    ({"interchange_control_number": 0}, "The interchange control number must be 1 to 999999999."),
    ({"version": "00400"}, "X12 version '00400' is not one we write; use 00401 or 00501."),
])
def test_an_envelope_that_cannot_be_written_is_refused(change, expected):
    with pytest.raises(ValueError, match="^" + expected.replace("(", r"\(").replace(")", r"\)")):
        write_interchange(Envelope(**{**ENVELOPE.__dict__, **change}), "PR", [])


def test_pyx12_reads_what_we_write_without_envelope_errors():
    text = write_interchange(ENVELOPE, "PR", [OutboundSet("855", [["BAK", "00", "AD", "PO1"]])])
    segments, errors = pyx12_read(text)
    assert errors == []
    assert segments[2:5] == ["ST*855*0001~", "BAK*00*AD*PO1~", "SE*3*0001~"]


def _segments(separators: Separators):
    tags = st.from_regex(r"[A-Z][A-Z0-9]{1,2}", fullmatch=True).filter(
        lambda tag: tag not in ENVELOPE_TAGS)
    values = st.text(st.characters(min_codepoint=32, max_codepoint=126,
                                   exclude_characters=separators.characters + "^"), max_size=10)
    return st.lists(st.tuples(tags, st.lists(values, max_size=6)), min_size=1, max_size=8)


@given(st.sampled_from(SEPARATOR_CHOICES).flatmap(
    lambda separators: st.tuples(st.just(separators), _segments(separators))))
def test_any_printable_values_come_back_as_written(case):
    separators, segments = case
    envelope = Envelope(**{**ENVELOPE.__dict__, "separators": separators})
    body = [[tag, *values] for tag, values in segments]
    interchange = x12.read_interchange(write_interchange(envelope, "PO", [OutboundSet("850",
                                                                                      body)]))
    assert interchange.problems == []
    read = interchange.groups[0].transaction_sets[0].body
    assert [(s.tag, s.elements) for s in read] == [(tag, _trimmed(values))
                                                   for tag, values in segments]


def _trimmed(values: list[str]) -> list[str]:
    while values and values[-1] == "":
        values = values[:-1]
    return values
