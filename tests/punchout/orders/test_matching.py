"""Three-way match, rule by rule: each case changes one thing on a matching invoice."""

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal as D

import pytest

from punchout.cxml.values import Invoice, InvoiceLine
from punchout.services.matching import OrderedLine, invoice_match

ORDERED = (OrderedLine(line_number=1, quantity=D(2), accepted=D(2), unit_price=D("54.90"),
                       shipped=D(2)),
           OrderedLine(line_number=2, quantity=D(10), accepted=D(6), unit_price=D("4.25"),
                       shipped=D(6)))
INVOICE = Invoice(
    payload_id="p", invoice_id="INV-1", invoice_date=datetime(2025, 3, 8, tzinfo=UTC),
    purpose="standard", operation="new", order_id="PO-1", currency="EUR",
    lines=(InvoiceLine(1, 1, D(2), D("54.90"), D("109.80")),
           InvoiceLine(2, 2, D(6), D("4.25"), D("25.50"))),
    subtotal=D("135.30"), tax=D("27.06"), shipping=D("4.99"), net_amount=D("167.35"),
    due_amount=D("167.35"))


def with_line(n: int, **changes) -> Invoice:
    """The invoice with line `n` changed, its totals still adding up."""
    lines = list(INVOICE.lines)
    lines[n - 1] = replace(lines[n - 1], **changes)
    subtotal = sum(line.subtotal for line in lines)
    return replace(INVOICE, lines=tuple(lines), subtotal=subtotal,
                   net_amount=subtotal + INVOICE.tax + INVOICE.shipping)


def with_ordered(n: int, **changes) -> tuple[OrderedLine, ...]:
    lines = list(ORDERED)
    lines[n - 1] = replace(lines[n - 1], **changes)
    return tuple(lines)


CASES = [
    ("matches", INVOICE, ORDERED, []),
    ("more than accepted", with_line(2, quantity=D(8), subtotal=D("34.00")), ORDERED,
     ["Invoice line 2 bills 8 of order line 2, but the supplier accepted only 6.",
      "Invoice line 2 bills 8 of order line 2, but only 6 have shipped."]),
    ("more than ordered, nothing confirmed", with_line(1, quantity=D(3), subtotal=D("164.70")),
     with_ordered(1, accepted=None, shipped=D(3)),
     ["Invoice line 1 bills 3 of order line 1, but only 2 were ordered."]),
    ("more than shipped", INVOICE, with_ordered(2, shipped=D(4)),
     ["Invoice line 2 bills 6 of order line 2, but only 4 have shipped."]),
    ("billed twice", INVOICE, with_ordered(1, invoiced_before=D(2), shipped=D(4)),
     ["Invoice line 1 bills 4 of order line 1 (2 of them billed already), but the "
      "supplier accepted only 2."]),
    ("another price", with_line(1, unit_price=D("55.90"), subtotal=D("111.80")), ORDERED,
     ["Invoice line 1 charges 55.90 each; the order says 54.90."]),
    ("the confirmed price counts", INVOICE, with_ordered(1, unit_price=D("54.90")), []),
    ("amount is not quantity times price", with_line(1, subtotal=D("110.00")), ORDERED,
     ["Invoice line 1 amounts to 110.00, but 2 × 54.90 is 109.80."]),
    ("no such order line", with_line(2, order_line_number=7), ORDERED,
     ["Invoice line 2 bills order line 7, which the order does not have."]),
    ("no order line named", with_line(2, order_line_number=None), ORDERED,
     ["Invoice line 2 names no order line."]),
    ("lines do not add up to the subtotal", replace(INVOICE, subtotal=D("140.00"),
                                                    net_amount=D("172.05")), ORDERED,
     ["The invoice lines add up to 135.30, but its subtotal says 140.00."]),
    ("net is not subtotal, tax and shipping", replace(INVOICE, net_amount=D("170.00")), ORDERED,
     ["Subtotal 135.30 + tax 27.06 + shipping 4.99 is 167.35, but the invoice's net amount "
      "says 170.00."]),
    ("another currency", replace(INVOICE, currency="USD"), ORDERED,
     ["The invoice is in USD; the order is in EUR."]),
    ("a credit memo", replace(INVOICE, purpose="creditMemo"), ORDERED,
     ["This invoice is a creditMemo, which is not matched automatically; check it against "
      "the order by hand."]),
    ("a header-level invoice", replace(INVOICE, lines=()), ORDERED,
     ["The invoice has no lines to match (a header-level invoice); check it against the order "
      "by hand."]),
]


@pytest.mark.parametrize(("invoice", "ordered", "differences"),
                         [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_invoice_matching(invoice, ordered, differences):
    check = invoice_match(invoice=invoice, currency="EUR", lines=ordered)

    assert list(check.differences) == differences
    assert check.matched == (not differences)


def test_two_invoice_lines_for_one_order_line_are_counted_together():
    invoice = replace(INVOICE, lines=(InvoiceLine(1, 1, D(1), D("54.90"), D("54.90")),
                                      InvoiceLine(2, 1, D(2), D("54.90"), D("109.80"))),
                      subtotal=D("164.70"), net_amount=D("196.75"))

    check = invoice_match(invoice=invoice, currency="EUR", lines=ORDERED)

    assert list(check.line_problems) == [2]
    assert check.line_problems[2].startswith("Invoice line 2 bills 3 of order line 1 (1 of them "
                                             "billed already)")
