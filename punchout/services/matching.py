"""Matching a supplier's invoice to our order and to what was shipped (three-way match).

A pure function of its inputs: the service loads the order lines, this says what differs, in
sentences for the people who approve the payment.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from punchout.cxml.values import Invoice, InvoiceLine

CENT = Decimal("0.01")


@dataclass(frozen=True)
class OrderedLine:
    """What an invoice line is checked against."""

    line_number: int
    quantity: Decimal  # ordered
    accepted: Decimal | None  # what the supplier confirmed; None: no confirmation yet
    unit_price: Decimal  # the confirmed price, else the ordered one
    shipped: Decimal
    invoiced_before: Decimal = Decimal(0)  # on the supplier's earlier invoices


@dataclass(frozen=True)
class InvoiceCheck:
    line_problems: dict[int, str] = field(default_factory=dict)  # invoice line → sentences
    differences: tuple[str, ...] = ()  # every sentence: the lines', then the totals'

    @property
    def matched(self) -> bool:
        return not self.differences


def _n(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _money(value: Decimal) -> str:
    return f"{value.quantize(CENT, ROUND_HALF_UP):,}"


def _price(value: Decimal) -> str:
    """Cents always shown, finer prices as given: 54.90, 0.0425."""
    return _money(value) if value == value.quantize(CENT) else _n(value)


def _line_problems(line: InvoiceLine, ordered: OrderedLine | None) -> list[str]:
    n = line.invoice_line_number
    if ordered is None:
        return [_("Invoice line %(n)s names no order line.") % {"n": n}
                if line.order_line_number is None else
                _("Invoice line %(n)s bills order line %(line)s, which the order does not "
                  "have.") % {"n": n, "line": line.order_line_number}]
    problems = []
    billed = ordered.invoiced_before + line.quantity
    earlier = (_(" (%(q)s of them billed already)") % {"q": _n(ordered.invoiced_before)}
               if ordered.invoiced_before else "")
    if ordered.accepted is None and billed > ordered.quantity:
        problems.append(_("Invoice line %(n)s bills %(billed)s of order line %(line)s"
                          "%(earlier)s, but only %(allowed)s were ordered.")
                        % {"n": n, "billed": _n(billed), "line": ordered.line_number,
                           "earlier": earlier, "allowed": _n(ordered.quantity)})
    if ordered.accepted is not None and billed > ordered.accepted:
        problems.append(_("Invoice line %(n)s bills %(billed)s of order line %(line)s"
                          "%(earlier)s, but the supplier accepted only %(allowed)s.")
                        % {"n": n, "billed": _n(billed), "line": ordered.line_number,
                           "earlier": earlier, "allowed": _n(ordered.accepted)})
    if billed > ordered.shipped:
        problems.append(_("Invoice line %(n)s bills %(billed)s of order line %(line)s"
                          "%(earlier)s, but only %(shipped)s have shipped.")
                        % {"n": n, "billed": _n(billed), "line": ordered.line_number,
                           "earlier": earlier, "shipped": _n(ordered.shipped)})
    if line.unit_price != ordered.unit_price:
        problems.append(_("Invoice line %(n)s charges %(price)s each; the order says "
                          "%(expected)s.") % {"n": n, "price": _price(line.unit_price),
                                               "expected": _price(ordered.unit_price)})
    expected = (line.quantity * line.unit_price).quantize(CENT, ROUND_HALF_UP)
    if line.subtotal.quantize(CENT, ROUND_HALF_UP) != expected:
        problems.append(_("Invoice line %(n)s amounts to %(amount)s, but %(q)s × %(price)s is "
                          "%(expected)s.") % {"n": n, "amount": _money(line.subtotal),
                                               "q": _n(line.quantity),
                                               "price": _price(line.unit_price),
                                               "expected": _money(expected)})
    return problems


def _total_problems(invoice: Invoice, currency: str) -> list[str]:
    problems = []
    if invoice.currency and invoice.currency != currency:
        problems.append(_("The invoice is in %(invoice)s; the order is in %(order)s.")
                        % {"invoice": invoice.currency, "order": currency})
    lines = sum((line.subtotal for line in invoice.lines), Decimal(0))
    if invoice.lines and lines.quantize(CENT) != invoice.subtotal.quantize(CENT):
        problems.append(_("The invoice lines add up to %(lines)s, but its subtotal says "
                          "%(subtotal)s.") % {"lines": _money(lines),
                                              "subtotal": _money(invoice.subtotal)})
    net = invoice.subtotal + invoice.tax + invoice.shipping
    if net.quantize(CENT) != invoice.net_amount.quantize(CENT):
        problems.append(_("Subtotal %(subtotal)s + tax %(tax)s + shipping %(shipping)s is "
                          "%(net)s, but the invoice's net amount says %(stated)s.")
                        % {"subtotal": _money(invoice.subtotal), "tax": _money(invoice.tax),
                           "shipping": _money(invoice.shipping), "net": _money(net),
                           "stated": _money(invoice.net_amount)})
    return problems


def invoice_match(*, invoice: Invoice, currency: str,
                  lines: Iterable[OrderedLine]) -> InvoiceCheck:
    """Compare each invoice line to its order line (quantity ordered or accepted, price,
    quantity shipped, earlier invoices included) and the invoice's totals to its lines."""
    if invoice.purpose != "standard":
        return InvoiceCheck(differences=(_(
            "This invoice is a %(purpose)s, which is not matched automatically; check it "
            "against the order by hand.") % {"purpose": invoice.purpose},))
    if not invoice.lines:
        return InvoiceCheck(differences=(_(
            "The invoice has no lines to match (a header-level invoice); check it against the "
            "order by hand."),))
    by_number = {line.line_number: line for line in lines}
    line_problems, differences = {}, []
    for line in invoice.lines:
        ordered = by_number.get(line.order_line_number)
        problems = _line_problems(line, ordered)
        if problems:
            line_problems[line.invoice_line_number] = " ".join(problems)
            differences += problems
        if ordered is not None:  # a second invoice line for the same order line counts too
            by_number[ordered.line_number] = replace(
                ordered, invoiced_before=ordered.invoiced_before + line.quantity)
    return InvoiceCheck(line_problems=line_problems,
                        differences=(*differences, *_total_problems(invoice, currency)))
