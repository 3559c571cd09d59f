"""Invoices to Amazon: what a shipment delivered, at the acknowledged costs, via the outbox."""

from decimal import Decimal

from django.db.models import Count
from django.utils import timezone

from orders.models import (
    Invoice,
    InvoiceLine,
    OutboxMessage,
    PurchaseOrder,
    PurchaseOrderStatus,
    Shipment,
)
from orders.services.acknowledgements import quantity_of
from orders.services.outbox import outbox_add
from orders.services.pulling import iso
from orders.services.status import purchase_order_transition
from orders.spapi.calls import spapi_call
from orders.spapi.client import vendor_client

S = PurchaseOrderStatus
KIND = "spapi.invoice"
CENT = Decimal("0.01")


def invoice_create(*, order: PurchaseOrder, shipment: Shipment) -> Invoice:
    items = shipment.items.filter(line__order=order).select_related("line")
    count = order.invoices.aggregate(n=Count("id"))["n"]
    invoice = Invoice.objects.create(
        purchase_order=order, shipment=shipment,
        number=f"{order.account.code}-{order.po_number}-{count + 1}", issued_at=timezone.now(),
        currency=order.currency, total=sum((i.shipped_quantity * i.line.net_cost
                                            for i in items), Decimal("0")).quantize(CENT))
    InvoiceLine.objects.bulk_create([InvoiceLine(invoice=invoice, line=i.line,
                                                 quantity=i.shipped_quantity,
                                                 net_cost=i.line.net_cost) for i in items])
    return invoice


def invoice_payload(invoice: Invoice) -> dict:
    order = invoice.purchase_order
    return {
        "invoiceType": "Invoice", "id": invoice.number, "date": iso(invoice.issued_at),
        "remitToParty": {"partyId": order.account.selling_party_id},
        "invoiceTotal": {"currencyCode": invoice.currency, "amount": str(invoice.total)},
        "items": [{
            "itemSequenceNumber": int(line.line.item_sequence),
            **({"amazonProductIdentifier": line.line.amazon_product_id}
               if line.line.amazon_product_id else {}),
            **({"vendorProductIdentifier": line.line.vendor_product_id}
               if line.line.vendor_product_id else {}),
            "invoicedQuantity": quantity_of(line.line, line.quantity),
            "netCost": {"currencyCode": invoice.currency,
                        "amount": str(line.net_cost.normalize())},
            "purchaseOrderNumber": order.po_number,
        } for line in invoice.lines.select_related("line").order_by("id")],
    }


def invoice_queue(*, order: PurchaseOrder, shipment: Shipment) -> OutboxMessage:
    invoice = invoice_create(order=order, shipment=shipment)
    return outbox_add([OutboxMessage(kind=KIND, key=f"{KIND}:{invoice.number}",
                                     account=order.account, purchase_order=order,
                                     payload=invoice_payload(invoice))])[0]


def invoice_send(message: OutboxMessage) -> str:
    client = vendor_client(message.account, "VendorInvoices")
    response = spapi_call(client, "submit_invoices", {"invoices": [message.payload]})
    return response.payload["transactionId"]


def invoice_accepted(message: OutboxMessage) -> None:
    order = PurchaseOrder.objects.select_for_update().get(pk=message.purchase_order_id)
    if order.status == S.SHIPPED:
        purchase_order_transition(order=order, to=S.INVOICED,
                                  reason=f"Invoice {message.payload['id']} accepted by Amazon.")


def invoice_failed(message: OutboxMessage) -> None:
    order = message.purchase_order
    order.status_reason = f"Amazon refused invoice {message.payload['id']}: {message.last_error}"
    order.save(update_fields=["status_reason"])
