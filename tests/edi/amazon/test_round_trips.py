"""Write → parse → the same thing, for any order: Amazon's order files as the sandbox writes
them read back as the same lines, and our acknowledgements read back as the same decisions."""

from datetime import UTC, datetime
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from edi.amazon.documents import AcknowledgementInput
from edi.amazon.edifact_orders import read_orders
from edi.amazon.edifact_ordrsp import write_ordrsp
from edi.amazon.x12_850 import read_850
from edi.amazon.x12_855 import write_855
from edi.codec import edifact, edifact_writer, x12, x12_writer
from orders.services.lines import LineRow
from sandbox.catalog import DemoProduct
from sandbox.edi_files import OrderedItem, edifact_orders, x12_850

ORDERED_AT = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
X12_ENVELOPE = x12_writer.Envelope(sender_id="VENDOR", receiver_id="AMAZON",
                                   interchange_control_number=7, group_control_number=7,
                                   created_at=ORDERED_AT)
EDIFACT_ENVELOPE = edifact_writer.Envelope(sender_id="4012345000009",
                                           recipient_id="5450534000024",
                                           control_reference="7", created_at=ORDERED_AT)

products = st.builds(
    DemoProduct, sku=st.just("S"), asin=st.from_regex(r"B0[A-Z0-9]{8}", fullmatch=True),
    ean=st.from_regex(r"[0-9]{13}", fullmatch=True), title=st.just("T"),
    net_cost=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999.99"), places=2),
    list_price=st.just(Decimal("1")), case_size=st.just(1))
items = st.lists(st.builds(OrderedItem, products, st.integers(1, 99_999)), min_size=1,
                 max_size=30)


def expected_lines(ordered: list[OrderedItem]) -> list[tuple]:
    return [(str(n), item.product.asin, item.product.ean, item.quantity, item.product.net_cost)
            for n, item in enumerate(ordered, start=1)]


def read_lines(order) -> list[tuple]:
    return [(line.item_sequence, line.amazon_product_id, line.vendor_product_id,
             line.ordered_quantity, line.net_cost) for line in order.lines]


@settings(max_examples=60, deadline=None)
@given(items, st.from_regex(r"[A-Z0-9]{8}", fullmatch=True))
def test_any_850_reads_back_as_the_same_order(ordered, po_number):
    order_file = read_850(x12_850(po_number, 42, ordered, ORDERED_AT))
    assert order_file.problems == []
    [order] = order_file.orders
    assert order.po_number == po_number
    assert read_lines(order) == expected_lines(ordered)


@settings(max_examples=60, deadline=None)
@given(items, st.from_regex(r"[A-Z0-9]{8}", fullmatch=True))
def test_any_orders_reads_back_as_the_same_order(ordered, po_number):
    order_file = read_orders(edifact_orders(po_number, 42, ordered, ORDERED_AT))
    assert order_file.problems == []
    [order] = order_file.orders
    assert order.po_number == po_number
    assert read_lines(order) == expected_lines(ordered)


@st.composite
def decided_lines(draw) -> list[LineRow]:
    rows = []
    for number in range(1, draw(st.integers(1, 20)) + 1):
        accepted, backordered, rejected = (draw(st.integers(0, 500)) for _ in range(3))
        if accepted + backordered + rejected == 0:
            accepted = 1
        rows.append(LineRow(
            pk=number, order_id=1, item_sequence=str(number),
            amazon_product_id=draw(st.from_regex(r"B0[A-Z0-9]{8}", fullmatch=True)),
            vendor_product_id=draw(st.from_regex(r"[0-9]{13}", fullmatch=True)),
            ordered_quantity=accepted + backordered + rejected, unit_of_measure="Eaches",
            unit_size=1, is_backorder_allowed=True, net_cost=Decimal("12.50"), currency="EUR",
            accepted_quantity=accepted, backordered_quantity=backordered,
            rejected_quantity=rejected, rejection_reason=""))
    return rows


def acknowledgement(lines: list[LineRow]) -> AcknowledgementInput:
    return AcknowledgementInput(po_number="4ROUND01", order_date=ORDERED_AT.date(), lines=lines,
                                ship_date=ORDERED_AT.date(), backorder_date=ORDERED_AT.date(),
                                buyer_party_id="5450534000024",
                                supplier_party_id="4012345000009", currency="EUR")


def split_of(line: LineRow) -> tuple[int, int, int]:
    return (line.accepted_quantity, line.backordered_quantity, line.rejected_quantity)


@settings(max_examples=60, deadline=None)
@given(decided_lines())
def test_any_855_reads_back_as_the_same_decisions(lines):
    interchange = x12.read_interchange(write_855(acknowledgement(lines), X12_ENVELOPE))
    assert interchange.problems == []
    body = interchange.groups[0].transaction_sets[0].body
    decisions, item = {}, None
    for segment in body:
        if segment.tag == "PO1":
            item = segment.element(1)
            decisions[item] = [0, 0, 0]
        elif segment.tag == "ACK":
            index = {"IA": 0, "IB": 1, "IR": 2}[segment.element(1)]
            decisions[item][index] = int(segment.element(2)) if index < 2 else -1
    for line in lines:
        accepted, backordered, rejected = decisions[line.item_sequence]
        assert (accepted, backordered) == split_of(line)[:2]
        assert (rejected == -1) == bool(line.rejected_quantity)


@settings(max_examples=60, deadline=None)
@given(decided_lines())
def test_any_ordrsp_reads_back_as_the_same_decisions(lines):
    interchange = edifact.read_interchange(write_ordrsp(acknowledgement(lines),
                                                        EDIFACT_ENVELOPE))
    assert interchange.problems == []
    quantities, item = {}, None
    for segment in interchange.messages[0].body:
        if segment.tag == "LIN":
            item = segment.value(1)
            quantities[item] = {}
        elif segment.tag == "QTY" and item:
            quantities[item][segment.value(1, 1)] = int(segment.value(1, 2))
    for line in lines:
        found = quantities[line.item_sequence]
        assert found["21"] == line.ordered_quantity
        assert found.get("12", 0) == line.accepted_quantity
        assert found.get("83", 0) == line.backordered_quantity
