"""Reading X12: separators from the ISA, tolerance of line breaks, every envelope defect named."""

import pytest

from edi.codec import x12
from edi.codec.problems import EdiError, Fault
from edi.codec.x12_segments import Separators
from tests.edi.codec.oracles import fixture, our_x12_segments, pyx12_read

GOOD_850 = fixture("synthetic/SYNTHETIC_amazon_style_850_3lines.x12").decode()
X12_FIXTURES = ["synthetic/SYNTHETIC_amazon_style_850_3lines.x12",
                "synthetic/SYNTHETIC_MALFORMED_850.x12",
                "synthetic/SYNTHETIC_amazon_style_855_response.x12",
                "third_party/node-x12_855.edi"]


def messages(text: str | bytes) -> list[str]:
    return [problem.message for problem in x12.read_interchange(text).problems]


def refusal(text: str | bytes) -> list[str]:
    with pytest.raises(EdiError) as error:
        x12.read_interchange(text)
    return [problem.message for problem in error.value.problems]


def test_the_amazon_style_850_reads_as_one_group_with_one_purchase_order():
    interchange = x12.read_interchange(GOOD_850)
    assert interchange.problems == []
    assert (interchange.sender_id, interchange.receiver_id) == ("AMAZON", "EXAMPLEVENDOR")
    assert interchange.control_number == "000000101"
    assert interchange.document_types == ["850"]
    [group] = interchange.groups
    [purchase_order] = group.transaction_sets
    assert (group.code, group.control_number, group.version) == ("PO", "101", "004010")
    assert purchase_order.body[0].tag == "BEG"
    assert purchase_order.body[0].element(3) == "4SYNTH01"
    assert purchase_order.body[0].position == 4


def test_separators_come_from_the_isa_not_from_convention():
    text = GOOD_850.replace("*", "|").replace("~\n", "!\r\n").replace("|>", "|^")
    interchange = x12.read_interchange(text)
    assert interchange.separators == Separators("|", "^", "!")
    assert interchange.problems == []
    assert interchange.groups[0].transaction_sets[0].body[0].element(3) == "4SYNTH01"


@pytest.mark.parametrize("line_break", ["\r\n", "\n", ""])
def test_line_breaks_after_terminators_do_not_matter(line_break):
    interchange = x12.read_interchange(GOOD_850.replace("~\n", "~" + line_break))
    assert interchange.problems == []
    assert len(interchange.groups[0].transaction_sets[0].body) == 11


def test_a_utf8_byte_order_mark_is_skipped():
    assert messages(b"\xef\xbb\xbf" + GOOD_850.encode()) == []


def test_005010_reads_the_repetition_separator_from_isa11():
    text = GOOD_850.replace("*U*00401*", "*^*00501*").replace("*X*004010~", "*X*005010~")
    interchange = x12.read_interchange(text)
    assert interchange.separators.repetition == "^"
    assert interchange.problems == []


def test_the_malformed_850_names_its_two_envelope_defects():
    assert messages(fixture("synthetic/SYNTHETIC_MALFORMED_850.x12")) == [
        "Segment 15 (SE): SE01 says 99 segments, the transaction set has 13.",
        "Segment 17 (IEA): IEA02 control number 000000999 does not match ISA13 000000102."]


def test_group_trailer_count_and_control_number_are_checked():
    text = GOOD_850.replace("GE*1*101", "GE*2*999")
    assert messages(text) == [
        "Segment 16 (GE): GE01 says 2 transaction sets, the functional group has 1.",
        "Segment 16 (GE): GE02 control number 999 does not match GS06 101."]


def test_a_count_that_is_not_a_number_is_named():
    problem = x12.read_interchange(GOOD_850.replace("SE*13*", "SE*1X*")).problems[0]
    assert problem.message == "Segment 15 (SE): SE01 '1X' is not a count of segments."
    assert (problem.fault, problem.element) == (Fault.INVALID_NUMBER, 1)


def test_a_truncated_file_names_every_missing_trailer():
    cut = GOOD_850[:GOOD_850.index("PO1*2") + 12]
    assert messages(cut) == [
        "Segment 1 (ISA): the interchange has no IEA trailer; the file may be cut off.",
        "Segment 2 (GS): functional group 101 has no GE trailer.",
        "Segment 3 (ST): transaction set 0001 has no SE trailer.",
        "Segment 12 (PO1): the file ends inside this segment; it was probably cut off."]


def test_a_missing_last_terminator_after_iea_is_harmless():
    assert messages(GOOD_850.rstrip().removesuffix("~")) == []


def test_segments_outside_a_transaction_set_are_named_once_per_run():
    text = GOOD_850.replace("ST*850*0001~\n", "")
    assert messages(text)[:2] == [
        "Segment 3 (BEG): is outside any transaction set (ST … SE); so are the segments after "
        "it up to the next envelope.",
        "Segment 14 (SE): closes a transaction set that was never opened (no ST before it)."]


def test_a_segment_with_other_separators_is_named():
    text = GOOD_850.replace("BEG*00*NE*4SYNTH01**20260512", "BEG|00|NE|4SYNTH01||20260512")
    problem = x12.read_interchange(text).problems[0]
    assert problem.message == ("Segment 4: 'BEG|00|NE|4SYNTH01||20260512' does not begin with a "
                               "segment id and '*'; the file mixes separators or is damaged.")
    assert (problem.fault, problem.segment_id) == (Fault.UNRECOGNIZED_SEGMENT, "BEG")


def test_a_second_interchange_in_the_same_file_is_refused():
    problem = x12.read_interchange(GOOD_850 + GOOD_850).problems[-1]
    assert problem.message == ("Segment 18 (ISA): comes after the IEA trailer; a file holds one "
                               "interchange.")


def test_an_unknown_interchange_version_is_named():
    assert messages(fixture("third_party/node-x12_850.edi")) == [
        "Segment 1 (ISA): ISA12 version 00400 is not supported; this route reads 00401 (4010) "
        "and 00501 (5010)."]


@pytest.mark.parametrize(("content", "expected"), [
    (b"", "The file is empty; it holds no X12 interchange."),
    (b" \r\n\t", "The file is empty; it holds no X12 interchange."),
    (b"UNA:+.? 'UNB+UNOA:2", "The file starts with \"UNA:+.? 'UNB+UNOA:2\", not ISA: it is not "
                            "an X12 interchange."),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "Byte 0x89 at offset 0 is not utf-8 text; an X12 file holds "
                                   "text only (is it binary or compressed?)."),
    (b"ISA*00*", "Segment 1 (ISA): the ISA header is cut short: it needs 16 elements and a "
                 "segment terminator after ISA16."),
])
def test_files_that_are_not_x12_are_refused_with_one_sentence(content, expected):
    assert refusal(content) == [expected]


def test_control_characters_inside_an_interchange_are_refused():
    assert refusal(GOOD_850.replace("4SYNTH01", "4SY\x00TH01")) == [
        "Character 0x00 at offset 188 is a control character and not one of the file's "
        "separators; the file looks binary or damaged."]


def test_separators_that_clash_are_refused():
    text = GOOD_850.replace("*T*>~", "*T**~", 1)
    assert refusal(text)[0].startswith("Segment 1 (ISA): the separators it declares")


@pytest.mark.parametrize("name", X12_FIXTURES)
def test_pyx12_reads_the_same_segments(name):
    text = fixture(name).decode()
    assert pyx12_read(text)[0] == our_x12_segments(x12.read_interchange(text))


@pytest.mark.parametrize("name", X12_FIXTURES)
def test_pyx12_finds_envelope_errors_exactly_where_we_do(name):
    text = fixture(name).decode()
    assert len(pyx12_read(text)[1]) == len(x12.read_interchange(text).problems)
