"""X12 810 invoices to Amazon: one PO, its invoiced lines at the acknowledged net cost.

Minimal on purpose: BIG (date, number, PO), CUR, the remit-to party, an IT1 per line echoing
the PO1's item number and product ids, TDS (the total in cents) and CTT. Amazon's Retail 810
guide also asks for ITD payment terms and a bill-to N1, which we do not hold yet.
"""

from decimal import Decimal

from edi.amazon.documents import InvoicedLine, InvoiceInput
from edi.amazon.values import day_text, price_text, x12_product_ids, x12_unit
from edi.codec.x12_writer import Envelope, OutboundSet, write_interchange


def write_810(invoice: InvoiceInput, envelope: Envelope) -> bytes:
    body = [["BIG", day_text(invoice.issued_on), invoice.number, "", invoice.po_number],
            ["CUR", "SE", invoice.currency],
            ["N1", "RI", "", "92", invoice.remit_to_party_id]]
    body += [_invoice_line(line) for line in invoice.lines]
    body += [["TDS", cents(invoice.total)], ["CTT", str(len(invoice.lines))]]
    return write_interchange(envelope, "IN", [OutboundSet("810", body)]).encode()


def _invoice_line(line: InvoicedLine) -> list[str]:
    return ["IT1", line.item_sequence, str(line.quantity), x12_unit(line.unit_of_measure),
            price_text(line.net_cost), "",
            *x12_product_ids(line.amazon_product_id, line.vendor_product_id)]


def cents(total: Decimal) -> str:
    """TDS01 has two implied decimals: 1234.50 is written 123450."""
    return str(int((total * 100).to_integral_value()))
