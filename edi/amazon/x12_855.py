"""X12 855 purchase-order acknowledgements to Amazon, from decided lines.

BAK02 is AD (acknowledge, no change) when every line is accepted in full, AC (with change)
otherwise. Each line echoes its PO1 and gets one ACK per outcome: IA accepted and IB backordered
with the quantity and the ship date (068), IR rejected with quantity 0 as the research fixture
has it; the ACK codes are standard X12 inferred for Amazon, not read in Amazon's guide.
"""

from datetime import date

from edi.amazon.documents import (
    AcknowledgementInput,
    DecidedLine,
    acknowledged_lines,
    decided_quantities,
)
from edi.amazon.values import day_text, price_text, x12_product_ids, x12_unit
from edi.codec.x12_writer import Envelope, OutboundSet, write_interchange


def write_855(acknowledgement: AcknowledgementInput, envelope: Envelope) -> bytes:
    lines = acknowledged_lines(acknowledgement)
    changed = any(decided_quantities(line)[0] != line.ordered_quantity for line in lines)
    body = [["BAK", "00", "AC" if changed else "AD", acknowledgement.po_number,
             day_text(acknowledgement.order_date)]]
    for line in lines:
        body.append(purchase_order_line(line))
        body += _acknowledgements(line, acknowledgement)
    body.append(["CTT", str(len(lines)), str(sum(line.ordered_quantity for line in lines))])
    return write_interchange(envelope, "PR", [OutboundSet("855", body)]).encode()


def purchase_order_line(line: DecidedLine) -> list[str]:
    """The PO1 as Amazon sent it: item number, quantity, unit, price, product ids."""
    price = price_text(line.net_cost) if line.net_cost is not None else ""
    return ["PO1", line.item_sequence, str(line.ordered_quantity),
            x12_unit(line.unit_of_measure), price, "",
            *x12_product_ids(line.amazon_product_id, line.vendor_product_id)]


def _acknowledgements(line: DecidedLine, acknowledgement: AcknowledgementInput) -> list[list[str]]:
    accepted, backordered, rejected = decided_quantities(line)
    unit, acks = x12_unit(line.unit_of_measure), []
    if accepted:
        acks.append(["ACK", "IA", str(accepted), unit, *_ship_date(acknowledgement.ship_date)])
    if backordered:
        acks.append(["ACK", "IB", str(backordered), unit,
                     *_ship_date(acknowledgement.backorder_date)])
    if rejected:
        acks.append(["ACK", "IR", "0", unit])
    return acks


def _ship_date(day: date | None) -> list[str]:
    return ["068", day_text(day)] if day else []
