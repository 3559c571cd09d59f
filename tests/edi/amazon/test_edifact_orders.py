"""Amazon's EDIFACT ORDERS as purchase orders: every field mapped, every defect named."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edi.amazon.edifact_orders import parse_orders, read_orders
from edi.codec.problems import EdiError, Fault, Problem
from orders.parsed import ParsedAddress, ParsedLine
from tests.edi.codec.oracles import fixture

GOOD = fixture("synthetic/SYNTHETIC_amazon_style_ORDERS_D96A_3lines.edi").decode()


def with_unt_count(text: str) -> str:
    """The same ORDERS with UNT01 recounted, so that only the defect under test remains."""
    segments = text.split("'\n")
    start = next(i for i, s in enumerate(segments) if s.startswith("UNH"))
    end = next(i for i, s in enumerate(segments) if s.startswith("UNT"))
    segments[end] = f"UNT+{end - start + 1}+1"
    return "'\n".join(segments)


def test_the_amazon_style_orders_becomes_one_purchase_order():
    [order] = parse_orders(GOOD)
    assert (order.po_number, order.amazon_state, order.order_type) == ("4SYNTH02", "New",
                                                                       "RegularOrder")
    assert order.ordered_at == datetime(2026, 5, 12, tzinfo=UTC)
    assert order.delivery_window == (datetime(2026, 5, 19, tzinfo=UTC),
                                     datetime(2026, 5, 26, tzinfo=UTC))
    assert (order.selling_party_id, order.buying_party_id) == ("EXVND", "2000000001005")
    assert order.ship_to == ParsedAddress(party_id="2000000003009", country_code="DE")
    assert order.currency == "EUR"


def test_each_lin_becomes_a_line_with_its_ids_quantity_and_net_price():
    common = {"unit_of_measure": "Eaches", "unit_size": 1, "is_backorder_allowed": False,
              "list_price": None, "currency": "EUR"}
    assert parse_orders(GOOD)[0].lines == [
        ParsedLine("1", "", "2000000000107", 5, net_cost=Decimal("27.5"), **common),
        ParsedLine("2", "", "2000000000206", 1, net_cost=Decimal("10.87"), **common),
        ParsedLine("3", "", "EXV-0003", 3, net_cost=Decimal("3.85"), **common)]


def test_the_buyers_part_number_is_the_asin():
    text = with_unt_count(GOOD.replace("PIA+5+EXV-0003:SA", "PIA+5+EXV-0003:SA+B0SYNTH003:BP"))
    line = parse_orders(text)[0].lines[2]
    assert (line.amazon_product_id, line.vendor_product_id) == ("B0SYNTH003", "EXV-0003")


def test_the_pydifact_order_reads_with_its_decimal_comma_and_minute_dates_once_closed():
    [order] = parse_orders(fixture("third_party/pydifact_order.edi") + b"UNZ+1+807'")
    assert order.ordered_at == datetime(2015, 8, 3, tzinfo=UTC)
    assert order.delivery_window == (datetime(2015, 8, 6, tzinfo=UTC),) * 2
    assert [(line.vendor_product_id, line.ordered_quantity) for line in order.lines] == [
        ("5020436373085", 8), ("5020436373108", 8)]


def test_the_pydifact_order_without_unz_is_kept_out():
    order_file = read_orders(fixture("third_party/pydifact_order.edi"))
    assert order_file.orders == []
    assert [p.message for p in order_file.problems] == [
        "Segment 2 (UNB): the interchange has no UNZ trailer; the file may be cut off."]


def test_prices_use_the_decimal_mark_the_una_declares():
    text = GOOD.replace("UNA:+.? '", "UNA:+,? '").replace("PRI+AAA:27.5", "PRI+AAA:27,5")
    assert parse_orders(text)[0].lines[0].net_cost == Decimal("27.5")


def test_cases_take_their_size_from_qty_59():
    text = with_unt_count(GOOD.replace("QTY+21:5'", "QTY+21:5:CS'\nQTY+59:12'"))
    line = parse_orders(text)[0].lines[0]
    assert (line.ordered_quantity, line.unit_of_measure, line.unit_size) == (5, "Cases", 12)


@pytest.mark.parametrize(("old", "new", "expected", "fault"), [
    ("QTY+21:1'", "QTY+21:one'", "Segment 19 (QTY): QTY+21 quantity 'one' is not a whole "
                                 "number.", Fault.INVALID_NUMBER),
    ("QTY+21:1'", "QTY+21:'", "Segment 19 (QTY): QTY element 1 (quantity) is empty.",
     Fault.MISSING_ELEMENT),
    ("QTY+21:1'", "QTY+12:1'", "Segment 18 (LIN): line 2 has no QTY+21 (ordered quantity).",
     Fault.MISSING_SEGMENT),
    ("PRI+AAA:10.87", "PRI+AAA:ten", "Segment 20 (PRI): PRI+AAA price 'ten' is not an amount.",
     Fault.INVALID_NUMBER),
    ("2000000000206:EN", "2000000000206:XX", "Segment 18 (LIN): item number type 'XX' is not one "
                                             "Amazon uses (BP, IN, SA, VN, MF, EN, SRV, UP, IB).",
     Fault.INVALID_CODE),
    ("LIN+2++2000000000206:EN", "LIN+2", "Segment 18 (LIN): line 2 names no product, neither in "
                                         "LIN nor in PIA.", Fault.MISSING_ELEMENT),
    ("QTY+21:1'", "QTY+21:1:KGM'", "Segment 19 (QTY): unit 'KGM' is not pieces (C62, EA, PCE) "
                                   "or cases (CA, CS, CT).", Fault.INVALID_CODE),
    ("BGM+220+", "BGM+105+", "Segment 4 (BGM): document name code '105' is not one Amazon sends "
                             "(220, 224, 227).", Fault.INVALID_CODE),
    ("4SYNTH02+9'", "4SYNTH02+5'", "Segment 4 (BGM): message function '5' is not 9 (original); "
                                   "only original orders are read.", Fault.INVALID_CODE),
    ("DTM+137:20260512:102", "DTM+137:20261312:102", "Segment 5 (DTM): DTM+137 '20261312' is not "
                                                     "a date written CCYYMMDD.",
     Fault.INVALID_DATE),
    ("DTM+137:20260512:102", "DTM+137:260512:101", "Segment 5 (DTM): DTM+137 format '101' is not "
                                                   "102 (CCYYMMDD) or 203 (CCYYMMDDHHMM).",
     Fault.INVALID_CODE),
    ("LIN+3'", "LIN+2'", "Segment 21 (LIN): line number 2 repeats the line of segment 18; each "
                         "line needs its own number.", Fault.INVALID_CODE),
    ("CNT+2:3", "CNT+2:4", "Segment 26 (CNT): CNT+2 says 4 line items, the order has 3 LIN "
                           "segments.", Fault.COUNT_MISMATCH),
])
def test_a_bad_value_is_named_with_its_segment_and_element(old, new, expected, fault):
    [problem] = read_orders(GOOD.replace(old, new, 1)).problems
    assert (problem.message, problem.fault) == (expected, fault)


def test_a_message_of_another_type_is_refused():
    order_file = read_orders(fixture("synthetic/SYNTHETIC_amazon_style_ORDRSP_D96A_response.edi"))
    assert order_file.orders == []
    assert [p.message for p in order_file.problems] == [
        "Segment 3 (UNH): message 1 is ORDRSP:D:96A:UN:EAN005, not ORDERS:D:96A."]


def test_parse_orders_raises_one_error_listing_every_problem():
    text = GOOD.replace("QTY+21:1'", "QTY+21:x'").replace("UNT+25+1", "UNT+30+1")
    with pytest.raises(EdiError) as error:
        parse_orders(text)
    assert str(error.value) == (
        "Segment 19 (QTY): QTY+21 quantity 'x' is not a whole number.\n"
        "Segment 27 (UNT): UNT01 says 30 segments, the message has 25.")


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
        return tuple(read_orders(content).problems)
    except EdiError as error:
        return error.problems
