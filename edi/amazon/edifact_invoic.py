"""EDIFACT INVOIC (D96A, EAN008) invoices to Amazon, the twin of the X12 810.

Minimal on purpose: BGM 380, the invoice date, the PO (RFF+ON), the supplier, the currency
(CUX, 4 = invoicing currency); per line LIN/PIA, QTY+47 (invoiced), MOA+203 (line amount) and
PRI+AAA (net cost); then CNT+2 and MOA+77, the invoice total. No tax segments yet.
"""

from edi.amazon.documents import InvoicedLine, InvoiceInput
from edi.amazon.values import day_text, edifact_item_segments
from edi.codec.edifact_segments import ServiceCharacters
from edi.codec.edifact_writer import (
    Element,
    Envelope,
    OutboundMessage,
    decimal_text,
    encode,
    write_interchange,
)

IDENTIFIER = ("INVOIC", "D", "96A", "UN", "EAN008")


def write_invoic(invoice: InvoiceInput, envelope: Envelope) -> bytes:
    characters = envelope.characters
    body: list[list[Element]] = [
        ["BGM", "380", invoice.number, "9"],
        ["DTM", ["137", day_text(invoice.issued_on), "102"]],
        ["RFF", ["ON", invoice.po_number]],
        ["NAD", "SU", [invoice.remit_to_party_id, "", "9"]],
        ["CUX", ["2", invoice.currency, "4"]]]
    for line in invoice.lines:
        body += _invoice_line(line, characters)
    body += [["UNS", "S"], ["CNT", ["2", str(len(invoice.lines))]],
             ["MOA", ["77", decimal_text(invoice.total, characters)]]]
    text = write_interchange(envelope, [OutboundMessage(IDENTIFIER, body)])
    return encode(text, envelope.syntax_identifier)


def _invoice_line(line: InvoicedLine, characters: ServiceCharacters) -> list[list[Element]]:
    segments = edifact_item_segments(line.item_sequence, "", line.amazon_product_id,
                             line.vendor_product_id)
    return segments + [
        ["QTY", ["47", str(line.quantity)]],
        ["MOA", ["203", decimal_text(line.net_cost * line.quantity, characters)]],
        ["PRI", ["AAA", decimal_text(line.net_cost, characters)]]]
