"""EDIFACT DESADV (D96A, EAN005) despatch advices to Amazon, the twin of the X12 856.

Minimal on purpose: BGM 351, the message and despatch dates, bill of lading, ship-from and
delivery party, carrier; one packing level (CPS+1) holding each item as LIN/PIA, QTY+12
(despatched) and the PO it belongs to (RFF+ON, RFF+LI for the PO's line number).
"""

from edi.amazon.documents import ShipmentInput, ShippedItem
from edi.amazon.values import day_text, edifact_item_segments
from edi.codec.edifact_writer import Element, Envelope, OutboundMessage, encode, write_interchange

IDENTIFIER = ("DESADV", "D", "96A", "UN", "EAN005")


def write_desadv(shipment: ShipmentInput, envelope: Envelope) -> bytes:
    body = _heading(shipment, envelope)
    body.append(["CPS", "1"])
    for number, item in enumerate(shipment.items, start=1):
        body += _item(item, number)
    body.append(["CNT", ["2", str(len(shipment.items))]])
    text = write_interchange(envelope, [OutboundMessage(IDENTIFIER, body)])
    return encode(text, envelope.syntax_identifier)


def _heading(shipment: ShipmentInput, envelope: Envelope) -> list[list[Element]]:
    heading: list[list[Element]] = [
        ["BGM", "351", shipment.identifier, "9"],
        ["DTM", ["137", day_text(envelope.created_at.date()), "102"]],
        ["DTM", ["11", shipment.shipped_at.strftime("%Y%m%d%H%M"), "203"]]]
    if shipment.bill_of_lading:
        heading.append(["RFF", ["BM", shipment.bill_of_lading]])
    heading += [["NAD", "SF", [shipment.ship_from_party_id, "", "9"]],
                ["NAD", "DP", [shipment.ship_to_party_id, "", "9"]]]
    if shipment.carrier:
        heading.append(["TDT", "20", "", "", "", ["", "", "", shipment.carrier]])
    return heading


def _item(item: ShippedItem, number: int) -> list[list[Element]]:
    segments = edifact_item_segments(str(number), "", item.amazon_product_id,
                                     item.vendor_product_id)
    return segments + [["QTY", ["12", str(item.shipped_quantity)]],
                       ["RFF", ["ON", item.po_number]], ["RFF", ["LI", item.item_sequence]]]
