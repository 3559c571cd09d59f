"""Finalized shipments from Amazon become shipment rows; each is confirmed by an ASN."""

import json
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from orders.models import (
    OutboxMessage,
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseOrderStatus,
    Shipment,
    ShipmentItem,
    ShipToLocation,
    VendorAccount,
)
from orders.parsed import OrderDataError
from orders.services.acknowledgements import quantity_of
from orders.services.outbox import outbox_add
from orders.services.pulling import PullResult, iso, pages_pull, windows
from orders.services.status import purchase_order_transition
from orders.spapi.calls import spapi_call
from orders.spapi.client import vendor_client
from orders.spapi.mapping import parse_moment

S = PurchaseOrderStatus
KIND = "spapi.shipment_confirmation"
LOOKBACK = timedelta(days=3)


def shipments_pull(*, account: VendorAccount, since: datetime | None = None,
                   now: datetime | None = None) -> PullResult:
    """Pull the shipments created in the last days (already known ones are skipped)."""
    now = now or timezone.now()
    client, result = vendor_client(account, "VendorShipments"), PullResult()
    for start, end in windows(since or now - LOOKBACK, now):
        query = {"createdAfter": iso(start), "createdBefore": iso(end),
                 "currentShipmentStatus": "Shipped"}
        result.add(pages_pull(client, account, query, operation="getShipmentDetails"))
    return result


def _lines_for(account: VendorAccount, shipment: dict) -> dict[tuple[str, str], PurchaseOrderLine]:
    numbers = [po["purchaseOrderNumber"] for po in shipment.get("purchaseOrders", [])]
    lines = PurchaseOrderLine.objects.filter(order__account=account,
                                             order__po_number__in=numbers).select_related("order")
    return {(line.order.po_number, line.item_sequence): line for line in lines}


def _shipment_items(account: VendorAccount, data: dict) -> list[ShipmentItem]:
    lines, items = _lines_for(account, data), []
    for po in data.get("purchaseOrders", []):
        for item in po.get("items", []):
            line = lines.get((po["purchaseOrderNumber"], str(item["itemSequenceNumber"])))
            if line is None:
                raise OrderDataError(
                    f"Shipment {data['vendorShipmentIdentifier']} names PO "
                    f"{po['purchaseOrderNumber']} item {item['itemSequenceNumber']}, which is "
                    "not a stored line of this account.")
            items.append(ShipmentItem(line=line,
                                      shipped_quantity=item["shippedQuantity"]["amount"]))
    return items


def shipment_receive(account: VendorAccount, data: dict) -> Shipment | None:
    """Store one shipment from Amazon's JSON and queue its ASN; None when already known."""
    identifier = data["vendorShipmentIdentifier"]
    if Shipment.objects.filter(account=account, identifier=identifier).exists():
        return None
    transport = data.get("transportationDetails") or {}
    carrier = transport.get("carrierDetails") or {}
    ship_to = (data.get("shipToParty") or {}).get("partyId", "")
    shipment = Shipment.objects.create(
        account=account, identifier=identifier, status=data.get("currentShipmentStatus", ""),
        ship_from_party_id=(data.get("shipFromParty") or {}).get("partyId", ""),
        ship_to=ShipToLocation.objects.filter(code=ship_to).first(),
        shipped_at=parse_moment(transport.get("shippedDate"), f"Shipment {identifier}"),
        estimated_delivery_at=parse_moment(transport.get("estimatedDeliveryDate"),
                                           f"Shipment {identifier}"),
        carrier=carrier.get("name", ""), carrier_reference=carrier.get("shipmentReferenceNumber",
                                                                       ""),
        bill_of_lading=transport.get("billOfLadingNumber", ""))
    items = _shipment_items(account, data)
    for item in items:
        item.shipment = shipment
    ShipmentItem.objects.bulk_create(items)
    outbox_add([OutboxMessage(kind=KIND, key=f"{KIND}:{shipment.pk}", account=account,
                              purchase_order=items[0].line.order if items else None,
                              payload=shipment_confirmation(shipment))])
    return shipment


def shipments_page_apply(page) -> PullResult:
    shipments = json.loads(page.body)["payload"].get("shipments", [])
    created = [s for s in (shipment_receive(page.account, data) for data in shipments) if s]
    return PullResult(pages=1, created=len(created), items=len(shipments))


def shipment_confirmation(shipment: Shipment) -> dict:
    """The ASN, built from our rows: what shipped, in the ordered unit, for which PO."""
    items = list(shipment.items.select_related("line__order").order_by("id"))
    confirmation = {
        "shipmentIdentifier": shipment.identifier, "shipmentConfirmationType": "Original",
        "shipmentConfirmationDate": iso(timezone.now()),
        "sellingParty": {"partyId": shipment.account.selling_party_id},
        "shipFromParty": {"partyId": shipment.ship_from_party_id},
        "shipToParty": {"partyId": shipment.ship_to.code if shipment.ship_to else ""},
        "shippedItems": [{
            "itemSequenceNumber": item.line.item_sequence,
            **({"amazonProductIdentifier": item.line.amazon_product_id}
               if item.line.amazon_product_id else {}),
            "shippedQuantity": quantity_of(item.line, item.shipped_quantity),
            "itemDetails": {"purchaseOrderNumber": item.line.order.po_number}}
            for item in items],
    }
    if shipment.shipped_at:
        confirmation["shippedDate"] = iso(shipment.shipped_at)
    return confirmation


def shipment_confirmation_send(message: OutboxMessage) -> str:
    client = vendor_client(message.account, "VendorShipments")
    response = spapi_call(client, "submit_shipment_confirmations",
                          shipmentConfirmations=[message.payload])
    return response.payload["transactionId"]


def _shipment_of(message: OutboxMessage) -> Shipment:
    return Shipment.objects.get(account=message.account,
                                identifier=message.payload["shipmentIdentifier"])


def _orders_of(shipment: Shipment) -> list[PurchaseOrder]:
    ids = shipment.items.values_list("line__order_id", flat=True).distinct()
    return list(PurchaseOrder.objects.select_for_update().filter(pk__in=list(ids)))


@transaction.atomic
def shipment_confirmation_accepted(message: OutboxMessage) -> None:
    from orders.services.invoices import invoice_queue

    shipment = _shipment_of(message)
    for order in _orders_of(shipment):
        if order.status == S.ACKNOWLEDGED:
            purchase_order_transition(order=order, to=S.SHIPPED,
                                      reason=f"ASN {shipment.identifier} accepted by Amazon.")
            invoice_queue(order=order, shipment=shipment)


def shipment_confirmation_failed(message: OutboxMessage) -> None:
    for order in _orders_of(_shipment_of(message)):
        order.status_reason = f"Amazon refused the ASN: {message.last_error}"
        order.save(update_fields=["status_reason"])
