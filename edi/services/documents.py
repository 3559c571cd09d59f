"""The inputs of the outbound writers, read from the stored orders, shipments and invoices,
and the writer of each document in the partner's standard."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from edi.amazon.documents import (
    AcknowledgementInput,
    InvoicedLine,
    InvoiceInput,
    ShipmentInput,
    ShippedItem,
)
from edi.amazon.edifact_desadv import write_desadv
from edi.amazon.edifact_invoic import write_invoic
from edi.amazon.edifact_ordrsp import write_ordrsp
from edi.amazon.x12_810 import write_810
from edi.amazon.x12_855 import write_855
from edi.amazon.x12_856 import write_856
from edi.models import EdiPartner
from edi.services.envelopes import ControlNumbers, edifact_envelope, x12_envelope
from orders.models import Invoice, PurchaseOrder, Shipment
from orders.services.lines import LineRow

# Backordered units ship after the ordered window, as on the API route.
BACKORDER_DELAY = timedelta(days=7)


@dataclass(frozen=True)
class DocumentKind:
    """One business document: its X12 and EDIFACT names and writers."""

    x12: str
    edifact: str
    write_x12: Callable
    write_edifact: Callable

    def name_for(self, partner: EdiPartner) -> str:
        return self.x12 if partner.is_x12 else self.edifact


ACKNOWLEDGEMENT = DocumentKind("855", "ORDRSP", write_855, write_ordrsp)
SHIP_NOTICE = DocumentKind("856", "DESADV", write_856, write_desadv)
INVOICE = DocumentKind("810", "INVOIC", write_810, write_invoic)
BY_X12_CODE = {kind.x12: kind for kind in (ACKNOWLEDGEMENT, SHIP_NOTICE, INVOICE)}


def document_write(kind: DocumentKind, document, partner: EdiPartner, numbers: ControlNumbers,
                   created_at: datetime) -> bytes:
    if partner.is_x12:
        return kind.write_x12(document, x12_envelope(partner, numbers, created_at))
    return kind.write_edifact(document, edifact_envelope(partner, numbers, created_at))


def _day(moment: datetime | None):
    return moment.date() if moment else None


def acknowledgement_input(order: PurchaseOrder, lines: list[LineRow],
                          partner: EdiPartner) -> AcknowledgementInput:
    backorder = order.ship_window_end + BACKORDER_DELAY if order.ship_window_end else None
    return AcknowledgementInput(
        po_number=order.po_number, order_date=_day(order.ordered_at or order.created_at),
        lines=lines, ship_date=_day(order.ship_window_start or order.delivery_window_start),
        backorder_date=_day(backorder), buyer_party_id=order.buying_party_id,
        supplier_party_id=partner.our_id, currency=order.currency)


def shipment_input(shipment: Shipment) -> ShipmentInput:
    items = [ShippedItem(po_number=item.line.order.po_number,
                         item_sequence=item.line.item_sequence,
                         amazon_product_id=item.line.amazon_product_id,
                         vendor_product_id=item.line.vendor_product_id,
                         shipped_quantity=item.shipped_quantity,
                         unit_of_measure=item.line.unit_of_measure)
             for item in shipment.items.select_related("line__order").order_by("id")]
    return ShipmentInput(
        identifier=shipment.identifier, shipped_at=shipment.shipped_at or shipment.created_at,
        ship_from_party_id=shipment.ship_from_party_id,
        ship_to_party_id=shipment.ship_to.code if shipment.ship_to else "", items=items,
        carrier=shipment.carrier, bill_of_lading=shipment.bill_of_lading)


def invoice_input(invoice: Invoice, partner: EdiPartner) -> InvoiceInput:
    lines = [InvoicedLine(item_sequence=line.line.item_sequence,
                          amazon_product_id=line.line.amazon_product_id,
                          vendor_product_id=line.line.vendor_product_id,
                          quantity=line.quantity, net_cost=line.net_cost,
                          unit_of_measure=line.line.unit_of_measure)
             for line in invoice.lines.select_related("line").order_by("id")]
    # The 810 names the remit-to party by vendor code, INVOIC by our GLN.
    remit_to = invoice.purchase_order.account.code if partner.is_x12 else partner.our_id
    return InvoiceInput(number=invoice.number, issued_on=invoice.issued_at.date(),
                        po_number=invoice.purchase_order.po_number, currency=invoice.currency,
                        total=invoice.total, remit_to_party_id=remit_to, lines=lines)
