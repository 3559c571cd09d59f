"""Writing EDIFACT: UNA, counts and references computed, any value released and read back."""

from datetime import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from edi.codec import edifact
from edi.codec.edifact_segments import ServiceCharacters
from edi.codec.edifact_writer import (
    Envelope,
    OutboundMessage,
    decimal_text,
    encode,
    write_interchange,
)
from edi.codec.problems import EdiError
from tests.edi.codec.oracles import our_segments, pydifact_segments

ENVELOPE = Envelope(sender_id="2000000002002", recipient_id="2000000001005",
                    control_reference="SYN0002", agreement_id="EANCOM",
                    created_at=datetime(2026, 5, 12, 10, 15))  # noqa: DTZ001 - UNB has no zone
IDENTIFIER = ("ORDRSP", "D", "96A", "UN", "EAN005")
SERVICE_TAGS = {"UNA", "UNB", "UNZ", "UNH", "UNT", "UNG", "UNE"}


def test_the_envelope_carries_the_given_parties_references_and_computed_counts():
    text = write_interchange(ENVELOPE, [OutboundMessage(IDENTIFIER, [["BGM", "231", "PO1"]]),
                                        OutboundMessage(IDENTIFIER, [["BGM", "231", "PO2"]])])
    assert text.split("'") == [
        "UNA:+.? ", "UNB+UNOA:2+2000000002002:14+2000000001005:14+260512:1015+SYN0002+++++EANCOM",
        "UNH+1+ORDRSP:D:96A:UN:EAN005", "BGM+231+PO1", "UNT+3+1",
        "UNH+2+ORDRSP:D:96A:UN:EAN005", "BGM+231+PO2", "UNT+3+2", "UNZ+2+SYN0002", ""]


def test_syntax_version_4_writes_four_digit_years_and_flags():
    envelope = Envelope(**{**ENVELOPE.__dict__, "syntax_identifier": "UNOC",
                           "syntax_version": "4", "acknowledgement_requested": True,
                           "is_test": True})
    header = edifact.read_interchange(write_interchange(envelope, [])).header
    assert header.value(4) == "20260512"
    assert (header.value(9), header.value(11)) == ("1", "1")


def test_separators_and_the_release_character_in_values_are_released():
    text = write_interchange(ENVELOPE, [OutboundMessage(IDENTIFIER, [
        ["FTX", "AAI", "", "", ["O'Neil + Sons: 50% off?"]]])])
    assert "FTX+AAI+++O?'Neil ?+ Sons?: 50% off??'" in text


def test_trailing_empty_components_and_elements_are_left_out():
    text = write_interchange(ENVELOPE, [OutboundMessage(IDENTIFIER, [
        ["NAD", "BY", ["2000000001005", "", "9", ""], "", ""]])])
    assert "'NAD+BY+2000000001005::9'" in text


@pytest.mark.parametrize(("value", "mark", "expected"), [
    (Decimal("27.5000"), ".", "27.5"), (Decimal("10"), ".", "10"), (Decimal("10.87"), ",", "10,87"),
])
def test_decimals_are_written_without_padding_in_the_interchange_mark(value, mark, expected):
    characters = ServiceCharacters(decimal_mark=mark)
    assert decimal_text(value, characters) == expected


def test_unoc_is_encoded_as_latin_1():
    assert encode("MÜNCHEN", "UNOC") == "MÜNCHEN".encode("latin_1")


def test_a_character_outside_the_syntax_character_set_is_refused():
    with pytest.raises(EdiError) as error:
        encode("5 €", "UNOC")
    assert str(error.value) == ("'€' cannot be written in UNOC (latin_1); choose a syntax "
                                "identifier that holds it, such as UNOC or UNOW.")


def test_pydifact_reads_what_we_write():
    text = write_interchange(ENVELOPE, [OutboundMessage(IDENTIFIER, [
        ["BGM", "231", "PO?1", "29"], ["FTX", "AAI", "", "", ["a+b", "c:d'e"]]])])
    assert pydifact_segments(text) == our_segments(edifact.read_interchange(text))


def _elements():
    values = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=8)
    return st.lists(st.one_of(values, st.lists(values, min_size=1, max_size=4)), max_size=6)


@given(st.lists(st.tuples(st.from_regex(r"[A-Z]{3}", fullmatch=True).filter(
    lambda tag: tag not in SERVICE_TAGS), _elements()), min_size=1, max_size=6))
def test_any_printable_values_come_back_as_written(segments):
    text = write_interchange(ENVELOPE, [OutboundMessage(IDENTIFIER, [
        [tag, *elements] for tag, elements in segments])])
    interchange = edifact.read_interchange(text)
    assert interchange.problems == []
    read = interchange.messages[0].body
    assert [(s.tag, s.elements) for s in read] == [(tag, _as_read(elements))
                                                   for tag, elements in segments]


def _as_read(elements: list[str | list[str]]) -> list[tuple[str, ...]]:
    """What reading gives back: components as tuples, trailing empty parts dropped."""
    read = []
    for element in elements:
        components = [element] if isinstance(element, str) else list(element)
        while components and components[-1] == "":
            components.pop()
        read.append(tuple(components) or ("",))
    while read and read[-1] == ("",):
        read.pop()
    return read
