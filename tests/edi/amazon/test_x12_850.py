"""Amazon's 850 as purchase orders: every field mapped, every defect named with its place."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edi.amazon.x12_850 import parse_850, read_850
from edi.codec.problems import EdiError, Fault, Problem
from orders.parsed import ParsedAddress, ParsedLine
from tests.edi.codec.oracles import fixture

GOOD = fixture("synthetic/SYNTHETIC_amazon_style_850_3lines.x12").decode()


def problems_of(text: str) -> list[str]:
    return [problem.message for problem in read_850(text).problems]


def with_se_count(text: str) -> str:
    """The same 850 with SE01 recounted, so that only the defect under test remains."""
    lines = text.split("~\n")
    start, end = lines.index("ST*850*0001"), next(i for i, x in enumerate(lines)
                                                   if x.startswith("SE*"))
    lines[end] = f"SE*{end - start + 1}*0001"
    return "~\n".join(lines)


def test_the_amazon_style_850_becomes_one_purchase_order():
    [order] = parse_850(GOOD)
    day = datetime(2026, 5, 12, tzinfo=UTC)
    assert (order.po_number, order.amazon_state, order.order_type) == ("4SYNTH01", "New",
                                                                       "RegularOrder")
    assert order.has_details
    assert order.ordered_at == day
    assert order.delivery_window == (datetime(2026, 5, 19, tzinfo=UTC),
                                     datetime(2026, 5, 26, tzinfo=UTC))
    assert order.selling_party_id == "EXVND"
    assert order.ship_to == ParsedAddress(party_id="SYN1")
    assert order.currency == "USD"


def test_each_po1_becomes_a_line_with_its_product_ids_quantity_and_price():
    lines = parse_850(GOOD)[0].lines
    common = {"unit_of_measure": "Eaches", "unit_size": 1, "is_backorder_allowed": False,
              "list_price": None, "currency": "USD"}
    assert lines == [
        ParsedLine("1", "", "2000000000015", 12, net_cost=Decimal("8.25"), **common),
        ParsedLine("2", "", "200000000028", 6, net_cost=Decimal("21.00"), **common),
        ParsedLine("3", "B0SYNTH003", "", 2, net_cost=Decimal("5.10"), **common)]


def test_the_malformed_850_reports_each_of_its_four_defects_where_it_is():
    order_file = read_850(fixture("synthetic/SYNTHETIC_MALFORMED_850.x12"))
    assert order_file.orders == []
    assert [(p.segment_id, p.position, p.element, p.message) for p in order_file.problems] == [
        ("PO1", 12, 2, "Segment 12 (PO1): PO102 (quantity ordered) is empty."),
        ("CTT", 14, 1, "Segment 14 (CTT): CTT01 says 4 line items, the purchase order has 3 PO1 "
                       "segments."),
        ("SE", 15, 1, "Segment 15 (SE): SE01 says 99 segments, the transaction set has 13."),
        ("IEA", 17, 2, "Segment 17 (IEA): IEA02 control number 000000999 does not match ISA13 "
                       "000000102.")]


def test_parse_850_raises_one_error_listing_every_problem():
    with pytest.raises(EdiError) as error:
        parse_850(fixture("synthetic/SYNTHETIC_MALFORMED_850.x12"))
    assert len(error.value.problems) == 4
    assert str(error.value).splitlines()[0] == ("Segment 12 (PO1): PO102 (quantity ordered) is "
                                                "empty.")


@pytest.mark.parametrize(("old", "new", "expected", "fault"), [
    ("PO1*2*6*", "PO1*2*six*", "Segment 12 (PO1): PO102 (quantity ordered) 'six' is not a whole "
                               "number.", Fault.INVALID_NUMBER),
    ("PO1*2*6*", "PO1*2*1.5*", "Segment 12 (PO1): PO102 (quantity ordered) '1.5' is not a whole "
                               "number.", Fault.INVALID_NUMBER),
    ("*21.00**UP*", "*21,00**UP*", "Segment 12 (PO1): PO104 (unit price) '21,00' is not an "
                                   "amount.", Fault.INVALID_NUMBER),
    ("**UP*", "**ZZ*", "Segment 12 (PO1): PO106 product id qualifier 'ZZ' is not one Amazon uses "
                       "(BP, VN, VP, EN, UP, UK, IB).", Fault.INVALID_CODE),
    ("**UP*200000000028", "", "Segment 12 (PO1): the line names no product (PO106 and PO107 "
                              "are empty).", Fault.MISSING_ELEMENT),
    ("**UP*200000000028", "**UP*", "Segment 12 (PO1): PO107 is empty though PO106 announces the "
                                   "UPC.", Fault.MISSING_ELEMENT),
    ("*6*EA*", "*6*BX*", "Segment 12 (PO1): PO103 unit 'BX' is not EA (each) or CA (case).",
     Fault.INVALID_CODE),
    ("*6*EA*", "*6*CA*", "Segment 12 (PO1): the line is ordered in cases (CA) but no PO4 "
                         "follows to say how many units a case holds.", Fault.MISSING_SEGMENT),
    ("BEG*00*NE*", "BEG*00*SA*", "Segment 4 (BEG): BEG02 order type 'SA' is not one Amazon "
                                 "sends (NE, CN, NP, RO).", Fault.INVALID_CODE),
    ("BEG*00*", "BEG*05*", "Segment 4 (BEG): BEG01 '05' is not 00 (original); only original "
                           "orders are read.", Fault.INVALID_CODE),
    ("**20260512~", "**2026-05-12~", "Segment 4 (BEG): BEG05 '2026-05-12' is not a date written "
                                     "CCYYMMDD.", Fault.INVALID_DATE),
    ("N1*ST**92*", "N1*ST**9*", "Segment 10 (N1): N103 '9' is not 92 (assigned by buyer), the "
                                "code Amazon gives its fulfilment centres.", Fault.INVALID_CODE),
    ("PO1*3*", "PO1*2*", "Segment 13 (PO1): PO101 line item number 2 repeats the line of "
                         "segment 12; each line needs its own number.", Fault.INVALID_CODE),
    ("CTT*3*", "CTT*three*", "Segment 14 (CTT): CTT01 'three' is not a count of line items.",
     Fault.INVALID_NUMBER),
])
def test_a_bad_value_is_named_with_its_segment_and_element(old, new, expected, fault):
    [problem] = read_850(GOOD.replace(old, new, 1)).problems
    assert (problem.message, problem.fault) == (expected, fault)


def test_cases_take_their_size_from_po4():
    text = with_se_count(GOOD.replace("PO1*2*6*EA*", "PO1*2*6*CA*").replace(
        "PO1*3*", "PO4*12~\nPO1*3*"))
    line = parse_850(text)[0].lines[1]
    assert (line.ordered_quantity, line.unit_of_measure, line.unit_size) == (6, "Cases", 12)


def test_currency_backorder_list_price_and_ship_window_are_read_when_sent():
    text = with_se_count(GOOD.replace("CSH*N", "CSH*Y~\nCUR*BY*CAD~\nDTM*037*20260515").replace(
        "PO1*2*", "CTP**LPR*29.99~\nPO1*2*"))
    [order] = parse_850(text)
    assert order.currency == "CAD"
    assert order.ship_window == (datetime(2026, 5, 15, tzinfo=UTC), None)
    assert order.lines[0].is_backorder_allowed
    assert order.lines[0].list_price == Decimal("29.99")


def test_a_transaction_set_without_beg_names_the_missing_segment():
    problem = read_850(with_se_count(GOOD.replace("BEG*00*NE*4SYNTH01**20260512~\n", ""))
                       ).problems[0]
    assert problem.message == ("Segment 3 (ST): transaction set 0001 has no BEG segment, so it "
                               "names no purchase order.")
    assert (problem.segment_id, problem.fault) == ("BEG", Fault.MISSING_SEGMENT)


def test_a_file_of_another_transaction_set_is_refused():
    order_file = read_850(fixture("synthetic/SYNTHETIC_amazon_style_855_response.x12"))
    assert order_file.orders == []
    assert [p.message for p in order_file.problems] == [
        "Segment 3 (ST): transaction set 855 is not a purchase order (850)."]


def test_only_the_sound_orders_of_a_file_are_kept():
    first = GOOD.split("ST*850*0001~\n")[1].split("GE*")[0]
    second = first.replace("0001", "0002").replace("4SYNTH01", "4SYNTH02").replace(
        "PO1*2*6*", "PO1*2*x*")
    text = GOOD.replace("GE*1*101", "GE*2*101").replace(first, first + "ST*850*0002~\n" + second)
    order_file = read_850(text)
    assert [order.po_number for order in order_file.orders] == ["4SYNTH01"]
    assert [p.message for p in order_file.problems] == [
        "Segment 25 (PO1): PO102 (quantity ordered) 'x' is not a whole number."]


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_damaged_files_raise_our_error_or_report_problems_never_anything_else(data):
    content = bytearray(GOOD.encode())
    for _ in range(data.draw(st.integers(1, 4))):
        position = data.draw(st.integers(0, len(content) - 1))
        content[position] = data.draw(st.integers(0, 255))
    content = content[:data.draw(st.integers(0, len(content)))]
    assert all(isinstance(problem, Problem) for problem in problems_or_refusal(bytes(content)))


def problems_or_refusal(content: bytes) -> tuple[Problem, ...]:
    try:
        return tuple(read_850(content).problems)
    except EdiError as error:
        return error.problems
