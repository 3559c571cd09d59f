"""X12 856 ship notices (ASN) to Amazon: shipment, then each PO, then each item, as HL levels.

Minimal on purpose: BSN, the shipped date, carrier (TD5, SCAC) and bill of lading when known,
ship-from and ship-to, then per PO a PRF and per item LIN (item number and product ids) and SN1.
Amazon's Retail 856 guide adds cartons (SSCC) and TD1 packaging, which we do not track yet.
"""

from edi.amazon.documents import ShipmentInput, ShippedItem
from edi.amazon.values import day_text, x12_product_ids, x12_unit
from edi.codec.x12_writer import Envelope, OutboundSet, write_interchange


def write_856(shipment: ShipmentInput, envelope: Envelope) -> bytes:
    shipped = shipment.shipped_at
    body = [["BSN", "00", shipment.identifier, day_text(shipped), shipped.strftime("%H%M")],
            ["HL", "1", "", "S"], *_transport(shipment),
            ["DTM", "011", day_text(shipped), shipped.strftime("%H%M")],
            ["N1", "SF", "", "92", shipment.ship_from_party_id],
            ["N1", "ST", "", "92", shipment.ship_to_party_id]]
    levels, by_order = 1, {}
    for item in shipment.items:
        by_order.setdefault(item.po_number, []).append(item)
    for po_number, items in by_order.items():
        order_level = levels = levels + 1
        body += [["HL", str(order_level), "1", "O"], ["PRF", po_number]]
        for item in items:
            levels += 1
            body += _item(item, levels, order_level)
    body.append(["CTT", str(levels)])
    return write_interchange(envelope, "SH", [OutboundSet("856", body)]).encode()


def _transport(shipment: ShipmentInput) -> list[list[str]]:
    segments = [["TD5", "", "2", shipment.carrier]] if shipment.carrier else []
    if shipment.bill_of_lading:
        segments.append(["REF", "BM", shipment.bill_of_lading])
    return segments


def _item(item: ShippedItem, level: int, parent: int) -> list[list[str]]:
    return [["HL", str(level), str(parent), "I"],
            ["LIN", item.item_sequence,
             *x12_product_ids(item.amazon_product_id, item.vendor_product_id)],
            ["SN1", "", str(item.shipped_quantity), x12_unit(item.unit_of_measure)]]
