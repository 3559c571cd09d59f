"""Acknowledgements to Amazon: built from the decided lines, sent through the outbox.

Amazon wants every line of the PO in one acknowledgement, enum values in their exact case, the
ordered unit, netCost as ordered, and no zero quantities; a line is split into Accepted,
Backordered and Rejected entries by the decided quantities.
"""

from collections import defaultdict
from datetime import datetime, timedelta
from typing import NamedTuple

from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.module_loading import import_string

from config.bulk import collector_paused
from orders.models import (
    OrderSource,
    OutboxMessage,
    PurchaseOrder,
    PurchaseOrderStatus,
    VendorAccount,
)
from orders.services.lines import LineRow, line_rows_by_order
from orders.services.outbox import outbox_add
from orders.services.pulling import iso
from orders.services.status import purchase_order_transition, purchase_orders_transition
from orders.spapi.calls import spapi_call
from orders.spapi.client import vendor_client

S = PurchaseOrderStatus
KIND = "spapi.acknowledgement"
# Backordered units ship after the ordered window; Amazon wants a date different from it.
BACKORDER_DELAY = timedelta(days=7)
# Each route answers by the way the order came; spreadsheet orders are answered by the
# confirmation file that staff upload to Vendor Central, so they have no entry here.
ANSWERED_BY = {OrderSource.API: "orders.services.acknowledgements.api_acknowledgements_add",
               OrderSource.EDI: "edi.services.outbound.acknowledgement_files_add"}
# The outbox kinds that carry an order's acknowledgement (an EDI file names its order only
# when it is the order's 855 or ORDRSP).
ACKNOWLEDGEMENT_KINDS = (KIND, "edi.file")


def quantity_of(line: LineRow, amount: int) -> dict:
    quantity = {"amount": amount, "unitOfMeasure": line.unit_of_measure}
    return {**quantity, "unitSize": line.unit_size} if line.unit_of_measure == "Cases" \
        else quantity


def _dates(ship: datetime | None, delivery: datetime | None, delay: timedelta) -> dict:
    return {key: iso(value + delay) for key, value in
            (("scheduledShipDate", ship), ("scheduledDeliveryDate", delivery)) if value}


class Schedule(NamedTuple):
    """The scheduled dates of an order's Accepted and Backordered entries, the same on every
    line, so worked out once per order."""

    accepted: dict
    backordered: dict


def schedule_of(order: PurchaseOrder) -> Schedule:
    return Schedule(
        accepted=_dates(order.ship_window_start, order.delivery_window_start, timedelta(0)),
        backordered=_dates(order.ship_window_end, order.delivery_window_end, BACKORDER_DELAY))


def item_acknowledgements(line: LineRow, schedule: Schedule) -> list[dict]:
    entries = []
    if line.accepted_quantity:
        entries.append({"acknowledgementCode": "Accepted",
                        "acknowledgedQuantity": quantity_of(line, line.accepted_quantity),
                        **schedule.accepted})
    if line.backordered_quantity:
        entries.append({"acknowledgementCode": "Backordered",
                        "acknowledgedQuantity": quantity_of(line, line.backordered_quantity),
                        **schedule.backordered})
    if line.rejected_quantity:
        entries.append({"acknowledgementCode": "Rejected",
                        "acknowledgedQuantity": quantity_of(line, line.rejected_quantity),
                        "rejectionReason": line.rejection_reason or "TemporarilyUnavailable"})
    return entries


def acknowledgement_item(order: PurchaseOrder, line: LineRow, schedule: Schedule) -> dict:
    item = {"itemSequenceNumber": line.item_sequence,
            "orderedQuantity": quantity_of(line, line.ordered_quantity),
            "itemAcknowledgements": item_acknowledgements(line, schedule)}
    if line.amazon_product_id:
        item["amazonProductIdentifier"] = line.amazon_product_id
    if line.vendor_product_id:
        item["vendorProductIdentifier"] = line.vendor_product_id
    if line.net_cost is not None:
        item["netCost"] = {"amount": str(line.net_cost.normalize()),
                           "currencyCode": line.currency or order.currency}
    return item


def acknowledgement_payload(order: PurchaseOrder, lines: list[LineRow],
                            acknowledged_at: datetime) -> dict:
    """One OrderAcknowledgement. Lines Amazon cancelled (ordered 0) have nothing to confirm."""
    schedule = schedule_of(order)
    return {"purchaseOrderNumber": order.po_number,
            "sellingParty": {"partyId": order.account.selling_party_id},
            "acknowledgementDate": iso(acknowledged_at),
            "items": [acknowledgement_item(order, line, schedule) for line in lines
                      if line.ordered_quantity > 0]}


def _previous_counts(orders: list[PurchaseOrder]) -> dict[int, int]:
    ids = [order.pk for order in orders]
    return dict(OutboxMessage.objects.filter(purchase_order_id__in=ids, kind=KIND)
                .values("purchase_order").annotate(n=Count("id"))
                .values_list("purchase_order", "n"))


def _ready_orders(account: VendorAccount | None, only: list[PurchaseOrder] | None
                  ) -> list[PurchaseOrder]:
    # prefetch_related: one instance per account, not one built (and decrypted) per order.
    orders = PurchaseOrder.objects.select_for_update(skip_locked=True, of=("self",)).filter(
        status=S.DECIDED, source__in=ANSWERED_BY).prefetch_related("account").order_by(
        F("ordered_at").asc(nulls_last=True), "id")
    if account is not None:
        orders = orders.filter(account=account)
    if only is not None:
        orders = orders.filter(pk__in=[order.pk for order in only])
    return list(orders)


def api_acknowledgements_add(orders: list[PurchaseOrder], lines: dict[int, list[LineRow]]
                             ) -> list[OutboxMessage]:
    """Write each order's acknowledgement, built from its decided lines, to the outbox."""
    previous, now = _previous_counts(orders), timezone.now()
    return outbox_add(OutboxMessage(
        kind=KIND, key=f"{KIND}:{order.pk}:{previous.get(order.pk, 0) + 1}",
        account=order.account, purchase_order=order,
        payload=acknowledgement_payload(order, lines[order.pk], now)) for order in orders)


def acknowledgements_add(orders: list[PurchaseOrder], lines: dict[int, list[LineRow]]
                         ) -> list[OutboxMessage]:
    """Each order's acknowledgement, by the route it came by, to the outbox; `lines` are
    the orders' decided lines (`line_rows_by_order`)."""
    by_source = defaultdict(list)
    for order in orders:
        by_source[order.source].append(order)
    return [message for source, same in by_source.items()
            for message in import_string(ANSWERED_BY[source])(same, lines)]


@transaction.atomic
@collector_paused()
def acknowledgements_queue(*, account: VendorAccount | None = None,
                           orders: list[PurchaseOrder] | None = None) -> list[OutboxMessage]:
    """Every decided PO (of `account`, or among `orders`) gets its acknowledgement queued."""
    ready = _ready_orders(account, orders)
    return decided_orders_acknowledge(ready, line_rows_by_order(ready))


def decided_orders_acknowledge(orders: list[PurchaseOrder], lines: dict[int, list[LineRow]]
                               ) -> list[OutboxMessage]:
    """Queue the acknowledgements of these DECIDED orders, which the caller's transaction has
    locked, from their decided `lines`; an order Amazon cancelled whole is closed instead."""
    cancelled = {order.pk for order in orders
                 if not any(line.ordered_quantity > 0 for line in lines.get(order.pk, ()))}
    answered = [order for order in orders if order.pk not in cancelled]
    messages = acknowledgements_add(answered, lines)
    # An order the route could not answer has already gone to review, with the reason.
    purchase_orders_transition(moves=[
        *((order, S.ACKNOWLEDGING, "Acknowledgement queued.")
          for order in answered if order.status == S.DECIDED),
        *((order, S.CANCELLED, "Amazon cancelled every item of this order: there is nothing "
                               "to acknowledge.") for order in orders if order.pk in cancelled)])
    return messages


def acknowledgement_send(message: OutboxMessage) -> str:
    client = vendor_client(message.account, "VendorOrders")
    response = spapi_call(client, "submit_acknowledgement", acknowledgements=[message.payload])
    return response.payload["transactionId"]


def _move_if_allowed(message: OutboxMessage, to: str, reason: str) -> None:
    order = PurchaseOrder.objects.select_for_update().get(pk=message.purchase_order_id)
    if order.status == S.ACKNOWLEDGING and order.can_move_to(to):
        purchase_order_transition(order=order, to=to, reason=reason)


def acknowledgement_accepted(message: OutboxMessage) -> None:
    _move_if_allowed(message, S.ACKNOWLEDGED,
                     f"Amazon accepted the acknowledgement (transaction {message.transaction_id}).")


def acknowledgement_failed(message: OutboxMessage) -> None:
    _move_if_allowed(message, S.NEEDS_REVIEW,
                     f"Amazon refused the acknowledgement: {message.last_error}")
