"""Reading EDIFACT: UNA or its defaults, the release character, every envelope defect named."""

import pytest

from edi.codec import edifact
from edi.codec.edifact_segments import ServiceCharacters
from edi.codec.problems import EdiError
from tests.edi.codec.oracles import fixture, our_segments, pydifact_segments

ORDERS = fixture("synthetic/SYNTHETIC_amazon_style_ORDERS_D96A_3lines.edi").decode()
EDIFACT_FIXTURES = ["synthetic/SYNTHETIC_amazon_style_ORDERS_D96A_3lines.edi",
                    "synthetic/SYNTHETIC_amazon_style_ORDRSP_D96A_response.edi",
                    "third_party/pydifact_order.edi"]


def messages(text: str | bytes) -> list[str]:
    return [problem.message for problem in edifact.read_interchange(text).problems]


def refusal(text: str | bytes) -> list[str]:
    with pytest.raises(EdiError) as error:
        edifact.read_interchange(text)
    return [problem.message for problem in error.value.problems]


def test_the_amazon_style_orders_reads_as_one_message():
    interchange = edifact.read_interchange(ORDERS)
    assert interchange.problems == []
    assert (interchange.syntax_identifier, interchange.syntax_version) == ("UNOA", "2")
    assert interchange.sender == ("2000000001005", "14")
    assert interchange.control_reference == "SYN0001"
    assert interchange.acknowledgement_requested
    [message] = interchange.messages
    assert message.identifier == ("ORDERS", "D", "96A", "UN", "EAN008")
    assert message.body[1].value(1, 2) == "20260512"
    assert message.body[1].position == 5  # UNA is segment 1, as it is line 1


def test_without_una_the_default_service_characters_apply():
    interchange = edifact.read_interchange(ORDERS.removeprefix("UNA:+.? '\n"))
    assert interchange.characters == ServiceCharacters()
    assert interchange.problems == []
    assert interchange.header.position == 1


def test_the_una_declares_the_decimal_mark():
    interchange = edifact.read_interchange(fixture("third_party/pydifact_order.edi"))
    assert interchange.characters.decimal_mark == ","


def test_other_service_characters_are_honoured():
    text = "UNA|*.# !" + ORDERS.removeprefix("UNA:+.? '").replace(":", "|").replace(
        "+", "*").replace("'", "!")
    interchange = edifact.read_interchange(text)
    assert interchange.problems == []
    assert interchange.messages[0].body[0].value(2) == "4SYNTH02"


@pytest.mark.parametrize(("written", "value"), [
    ("A?+B", "A+B"), ("A?:B", "A:B"), ("A?'B", "A'B"), ("A??", "A?"), ("A???'B", "A?'B"),
    ("?? ", "? "),
])
def test_the_release_character_makes_the_next_character_plain(written, value):
    text = ORDERS.replace("RFF+CR:EXVND'", f"RFF+CR:{written}'")
    interchange = edifact.read_interchange(text)
    assert interchange.problems == []
    assert interchange.messages[0].body[4].value(1, 2) == value


@pytest.mark.parametrize("line_break", ["\r\n", "\n", ""])
def test_line_breaks_between_segments_do_not_matter(line_break):
    assert messages(ORDERS.replace("'\n", "'" + line_break)) == []


def test_a_utf8_byte_order_mark_is_skipped():
    assert messages(b"\xef\xbb\xbf" + ORDERS.encode()) == []


def test_unoc_files_are_read_as_latin_1():
    text = ORDERS.replace("UNOA:2", "UNOC:3").replace("EXVND", "MÜNCHEN")
    interchange = edifact.read_interchange(text.encode("latin_1"))
    assert interchange.messages[0].body[4].value(1, 2) == "MÜNCHEN"


def test_trailer_counts_and_references_are_checked():
    text = ORDERS.replace("UNT+25+1'", "UNT+26+9'").replace("UNZ+1+SYN0001'", "UNZ+2+SYN9'")
    assert messages(text) == [
        "Segment 27 (UNT): UNT01 says 26 segments, the message has 25.",
        "Segment 27 (UNT): UNT02 reference 9 does not match UNH01 1.",
        "Segment 28 (UNZ): UNZ01 says 2 messages, the interchange has 1.",
        "Segment 28 (UNZ): UNZ02 reference SYN9 does not match UNB05 SYN0001."]


def test_a_file_without_unz_is_named_as_possibly_cut_off():
    assert messages(fixture("third_party/pydifact_order.edi")) == [
        "Segment 2 (UNB): the interchange has no UNZ trailer; the file may be cut off."]


def test_a_truncated_file_names_every_missing_trailer():
    cut = ORDERS[:ORDERS.index("QTY+21:1") + 5]
    assert messages(cut) == [
        "Segment 2 (UNB): the interchange has no UNZ trailer; the file may be cut off.",
        "Segment 3 (UNH): message 1 has no UNT trailer.",
        "Segment 19 (QTY): the file ends inside this segment; it was probably cut off."]


def test_functional_groups_are_refused():
    text = ORDERS.replace("UNH+1+", "UNG+ORDERS+A+B+260512:0930+1+UN+D:96A'\nUNH+1+")
    assert messages(text)[0] == (
        "Segment 3 (UNG): functional groups (UNG … UNE) are not supported; send the messages "
        "directly in the interchange.")


def test_a_segment_with_other_separators_is_named():
    text = ORDERS.replace("BGM+220+4SYNTH02+9", "BGM*220*4SYNTH02*9")
    assert messages(text) == [
        "Segment 4: 'BGM*220*4SYNTH02*9' does not begin with a segment tag and '+'; the file "
        "mixes separators or is damaged."]


@pytest.mark.parametrize(("content", "expected"), [
    (b"", "The file is empty; it holds no EDIFACT interchange."),
    (b"ISA*00*", "The file starts with 'ISA*00*', not UNA or UNB: it is not an EDIFACT "
                 "interchange."),
    (b"UNA:+", "Segment 1 (UNA): the service string advice is cut short; it needs six "
               "characters after UNA."),
    (b"UNA:+.? 'UNH+1'", "Segment 2: the interchange must begin with UNB; it begins with "
                         "\"UNH+1'\"."),
    (b"UNA::.? '", "Segment 1 (UNA): the characters it declares (\"::.? '\") must be "
                   "distinct, and neither letters, digits nor spaces."),
    (b"UNB+UNOA:2\x00\x01", "Character 0x00 at offset 10 is a control character and not one "
                            "of the file's separators; the file looks binary or damaged."),
    (b"UNB+UNOA:2+\xff\xfe", "Byte 0xff at offset 11 is not utf-8 text; an EDIFACT file holds "
                             "text only (is it binary or compressed?)."),
])
def test_files_that_are_not_edifact_are_refused_with_one_sentence(content, expected):
    assert refusal(content) == [expected]


@pytest.mark.parametrize("name", EDIFACT_FIXTURES)
def test_pydifact_reads_the_same_segments(name):
    text = fixture(name).decode()
    assert pydifact_segments(text) == our_segments(edifact.read_interchange(text))
