"""Every shared fixture reads, or fails, the way fixtures/SOURCES.md says it should."""

import pytest

from edi.codec import edifact, x12
from tests.edi.codec.oracles import FIXTURES, fixture

EXPECTED = {
    "synthetic/SYNTHETIC_amazon_style_850_3lines.x12": [],
    "synthetic/SYNTHETIC_amazon_style_855_response.x12": [],
    "synthetic/SYNTHETIC_MALFORMED_850.x12": [
        "Segment 15 (SE): SE01 says 99 segments, the transaction set has 13.",
        "Segment 17 (IEA): IEA02 control number 000000999 does not match ISA13 000000102."],
    "synthetic/SYNTHETIC_amazon_style_ORDERS_D96A_3lines.edi": [],
    "synthetic/SYNTHETIC_amazon_style_ORDRSP_D96A_response.edi": [],
    "third_party/node-x12_850.edi": [
        "Segment 1 (ISA): ISA12 version 00400 is not supported; this route reads 00401 (4010) "
        "and 00501 (5010)."],
    "third_party/node-x12_855.edi": [],
    "third_party/pydifact_order.edi": [
        "Segment 2 (UNB): the interchange has no UNZ trailer; the file may be cut off."],
}


@pytest.mark.parametrize(("name", "problems"), EXPECTED.items())
def test_each_fixture_has_exactly_its_documented_envelope_problems(name, problems):
    content = fixture(name)
    codec = x12 if content.startswith(b"ISA") else edifact
    interchange = codec.read_interchange(content)
    assert [problem.message for problem in interchange.problems] == problems


def test_every_fixture_file_is_covered():
    files = {path.relative_to(FIXTURES).as_posix()
             for path in FIXTURES.rglob("*.*") if path.suffix != ".md"}
    assert files == set(EXPECTED)
