"""Every kind of bad file ends in error with a sentence naming where, loses nothing, imports
no order from what was rejected, and is answered negatively when its envelope can be read."""

import pytest

from edi.codec import edifact, x12
from edi.models import Direction, Interchange, InterchangeStatus
from edi.services.inbound import edi_receive
from orders.models import PurchaseOrder
from tests.edi.codec.oracles import fixture
from tests.edi.routes.conftest import ORDERS, x12_850_bytes


def x12_variant(old: bytes, new: bytes) -> bytes:
    content = x12_850_bytes()
    assert old in content
    return content.replace(old, new, 1)


def orders_variant(old: bytes, new: bytes) -> bytes:
    content = fixture(ORDERS)
    assert old in content
    return content.replace(old, new, 1)


X12_CASES = {
    "truncated": (x12_850_bytes()[:-60], "IEA"),
    "wrong segment count": (x12_variant(b"SE*13*0001", b"SE*12*0001"), "Segment 15 (SE)"),
    "wrong group count": (x12_variant(b"GE*1*101", b"GE*2*101"), "(GE)"),
    "unknown product qualifier": (x12_variant(b"**EN*2000000000015", b"**ZZ*2000000000015"),
                                  "Segment 11 (PO1)"),
    "unknown unit": (x12_variant(b"PO1*2*6*EA", b"PO1*2*6*XX"), "Segment 12 (PO1)"),
    "non-numeric quantity": (x12_variant(b"PO1*1*12*EA", b"PO1*1*1O*EA"), "Segment 11 (PO1)"),
    "mixed separators": (x12_variant(b"PO1*3*2*EA*5.10**BP", b"PO1|3|2|EA|5.10||BP"),
                         "Segment 13"),
    "line count": (x12_variant(b"CTT*3*20", b"CTT*4*20"), "(CTT)"),
}
EDIFACT_CASES = {
    "truncated": (fixture(ORDERS)[:-40], "UNZ"),
    "wrong message count": (orders_variant(b"UNT+", b"UNT+9"), "(UNT)"),
    "non-numeric quantity": (orders_variant(b"QTY+21:5'", b"QTY+21:five'"), "(QTY)"),
    "unknown item qualifier": (orders_variant(b"EXV-0003:SA", b"EXV-0003:QQ"), "(PIA)"),
}


def negative_answer_of(interchange: Interchange) -> str:
    answer = Interchange.objects.get(direction=Direction.OUTBOUND, answers=interchange)
    return answer.text


@pytest.mark.parametrize("case", list(X12_CASES))
def test_a_bad_850_is_in_error_and_answered_by_a_negative_997(x12_partner, case):
    content, where = X12_CASES[case]

    interchange = edi_receive(file_name=f"{case}.x12", content=content)

    assert interchange.status == InterchangeStatus.ERROR
    assert where in interchange.error, interchange.error
    assert bytes(Interchange.objects.get(pk=interchange.pk).content) == content
    assert not PurchaseOrder.objects.exists()
    answer = x12.read_interchange(negative_answer_of(interchange))
    statuses = [s.element(1) for g in answer.groups for ts in g.transaction_sets
                for s in ts.body if s.tag in ("AK5", "AK9")]
    rejected_interchange = any(s.element(4) == "R" for s in answer.acknowledgements)
    assert rejected_interchange or "R" in statuses, answer


@pytest.mark.parametrize("case", list(EDIFACT_CASES))
def test_a_bad_orders_is_in_error_and_answered_by_a_negative_contrl(edifact_partner, case):
    content, where = EDIFACT_CASES[case]

    interchange = edi_receive(file_name=f"{case}.edi", content=content)

    assert interchange.status == InterchangeStatus.ERROR
    assert where in interchange.error, interchange.error
    assert not PurchaseOrder.objects.exists()
    contrl = edifact.read_interchange(negative_answer_of(interchange))
    body = contrl.messages[0].body
    uci = body[0]
    rejected = uci.value(4) == "4" or any(s.tag == "UCM" and s.value(3) == "4" for s in body)
    assert rejected, [s.tag for s in body]
