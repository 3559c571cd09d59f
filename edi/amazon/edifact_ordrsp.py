"""EDIFACT ORDRSP (D96A, EAN005) order responses to Amazon, from decided lines.

Codes follow the research fixture, inferred from the UN/EDIFACT and GS1 code lists rather than
an Amazon guide: BGM 231 with function 29 (accepted as ordered), 27 (nothing accepted) or
4 (changed); LIN action 5 (accepted), 7 (not accepted) or 3 (changed); QTY+21 ordered,
QTY+12 confirmed and QTY+83 backordered with the backorder date in DTM+2.
"""

from edi.amazon.documents import (
    AcknowledgementInput,
    DecidedLine,
    acknowledged_lines,
    decided_quantities,
)
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

IDENTIFIER = ("ORDRSP", "D", "96A", "UN", "EAN005")


def write_ordrsp(acknowledgement: AcknowledgementInput, envelope: Envelope) -> bytes:
    lines = acknowledged_lines(acknowledgement)
    body = _heading(acknowledgement, lines, envelope)
    for line in lines:
        body += _line(line, acknowledgement, envelope.characters)
    body += [["UNS", "S"], ["CNT", ["2", str(len(lines))]]]
    text = write_interchange(envelope, [OutboundMessage(IDENTIFIER, body)])
    return encode(text, envelope.syntax_identifier)


def _heading(acknowledgement: AcknowledgementInput, lines: list[DecidedLine],
             envelope: Envelope) -> list[list[Element]]:
    heading: list[list[Element]] = [
        ["BGM", "231", acknowledgement.po_number, _message_function(lines)],
        ["DTM", ["137", day_text(envelope.created_at.date()), "102"]],
        ["RFF", ["ON", acknowledgement.po_number]]]
    for qualifier, party in (("BY", acknowledgement.buyer_party_id),
                             ("SU", acknowledgement.supplier_party_id)):
        if party:
            heading.append(["NAD", qualifier, [party, "", "9"]])
    if acknowledgement.currency:
        heading.append(["CUX", ["2", acknowledgement.currency, "9"]])
    return heading


def _message_function(lines: list[DecidedLine]) -> str:
    actions = {_line_action(line) for line in lines}
    if actions <= {"5"}:
        return "29"
    return "27" if actions == {"7"} else "4"


def _line_action(line: DecidedLine) -> str:
    accepted, backordered, _ = decided_quantities(line)
    if accepted == line.ordered_quantity:
        return "5"
    return "3" if accepted + backordered else "7"


def _line(line: DecidedLine, acknowledgement: AcknowledgementInput,
          characters: ServiceCharacters) -> list[list[Element]]:
    accepted, backordered, _ = decided_quantities(line)
    action = _line_action(line)
    segments = edifact_item_segments(line.item_sequence, action, line.amazon_product_id,
                                     line.vendor_product_id)
    segments += [["QTY", ["21", str(line.ordered_quantity)]], ["QTY", ["12", str(accepted)]]]
    if backordered:
        segments.append(["QTY", ["83", str(backordered)]])
        if acknowledgement.backorder_date:
            segments.append(["DTM", ["2", day_text(acknowledgement.backorder_date), "102"]])
    if action != "7" and line.net_cost is not None:
        segments.append(["PRI", ["AAA", decimal_text(line.net_cost, characters)]])
    return segments
