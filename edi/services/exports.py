"""One EDI document for a purchase order, on request, in its partner's standard."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edi.models import EdiPartner
from edi.services.documents import (
    ACKNOWLEDGEMENT,
    BY_X12_CODE,
    INVOICE,
    SHIP_NOTICE,
    acknowledgement_input,
    document_write,
    invoice_input,
    shipment_input,
)
from edi.services.envelopes import control_numbers_take
from edi.services.outbound import order_partner, outbound_file_name
from orders.models import Invoice, PurchaseOrder, Shipment
from orders.services.lines import line_rows_by_order


@dataclass(frozen=True)
class ExportedDocument:
    file_name: str
    content: bytes


def _inputs(order: PurchaseOrder, document_type: str, partner: EdiPartner) -> list:
    kind = BY_X12_CODE[document_type]
    if kind is ACKNOWLEDGEMENT:
        lines = line_rows_by_order([order]).get(order.pk, [])
        if any(line.accepted_quantity is None for line in lines):
            raise ValidationError(_("Purchase order %(po)s is not decided yet, so there is no "
                                    "acknowledgement to write.") % {"po": order.po_number})
        return [acknowledgement_input(order, lines, partner)]
    if kind is SHIP_NOTICE:
        shipments = Shipment.objects.filter(items__line__order=order).distinct()
        return [shipment_input(shipment) for shipment in shipments.order_by("id")]
    invoices = Invoice.objects.filter(purchase_order=order).select_related(
        "purchase_order__account")
    return [invoice_input(invoice, partner) for invoice in invoices.order_by("id")]


@transaction.atomic
def document_export(*, order: PurchaseOrder, document_type: str) -> list[ExportedDocument]:
    """The 855, 856 or 810 (ORDRSP, DESADV, INVOIC) of `order`; each takes control numbers."""
    partner = order_partner(order)
    kind = BY_X12_CODE[document_type]
    inputs = _inputs(order, document_type, partner)
    if not inputs:
        noun = {SHIP_NOTICE: _("shipment"), INVOICE: _("invoice")}[kind]
        raise ValidationError(_("Purchase order %(po)s has no %(noun)s yet.")
                              % {"po": order.po_number, "noun": noun})
    documents, now = [], timezone.now()
    for document in inputs:
        numbers = control_numbers_take(partner)
        documents.append(ExportedDocument(
            outbound_file_name(partner, kind.name_for(partner), numbers, now),
            document_write(kind, document, partner, numbers, now)))
    return documents
