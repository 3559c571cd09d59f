"""Following Amazon's transactions until an acknowledgement is known to have landed.

getTransaction can stay "Processing" for days although Vendor Central shows the PO confirmed
(a long-standing complaint of integrators), so after a few checks the PO's own status, from
getPurchaseOrdersStatus, settles it.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from orders.models import OutboxMessage, OutboxStatus
from orders.services.acknowledgements import KIND as ACK_KIND
from orders.services.outbox import outbox_finish
from orders.services.pulling import iso
from orders.spapi.calls import spapi_call
from orders.spapi.client import SpApiError, vendor_client

CHECKS_BEFORE_STATUS_LOOKUP = 3
UNCONFIRMED = "UNCONFIRMED"


@dataclass
class TrackResult:
    accepted: int = 0
    failed: int = 0
    processing: int = 0


def transaction_errors(status: dict) -> str:
    return "; ".join(f"{e.get('code')}: {e.get('message')}" + (f" ({e['details']})"
                     if e.get("details") else "") for e in status.get("errors") or [])


def acknowledgement_confirmed(message: OutboxMessage) -> bool:
    """Whether getPurchaseOrdersStatus shows every item of the PO acknowledged."""
    order = message.purchase_order
    window = timedelta(days=1)
    client = vendor_client(message.account, "VendorOrders")
    response = spapi_call(client, "get_purchase_orders_status",
                          purchaseOrderNumber=order.po_number,
                          createdAfter=iso(order.ordered_at - window),
                          createdBefore=iso(order.ordered_at + window))
    statuses = [s for s in response.payload.get("ordersStatus", [])
                if s.get("purchaseOrderNumber") == order.po_number]
    items = [item for status in statuses for item in status.get("itemStatus", [])]
    return bool(items) and all(
        (item.get("acknowledgementStatus") or {}).get("confirmationStatus", UNCONFIRMED)
        != UNCONFIRMED for item in items)


def transaction_check(message: OutboxMessage) -> str:
    """One look at a sent message's transaction; returns its status as Amazon says it."""
    client = vendor_client(message.account, "VendorTransactionStatus")
    status = spapi_call(client, "get_transaction", message.transaction_id
                        ).payload["transactionStatus"]
    message.checks += 1
    message.transaction_status = status["status"]
    message.save(update_fields=["checks", "transaction_status"])
    if status["status"] == "Success":
        outbox_finish(message, accepted=True)
    elif status["status"] == "Failure":
        outbox_finish(message, accepted=False, detail=transaction_errors(status))
    elif message.kind == ACK_KIND and message.checks >= CHECKS_BEFORE_STATUS_LOOKUP \
            and acknowledgement_confirmed(message):
        outbox_finish(message, accepted=True)
        return "Success"
    return status["status"]


def transactions_check(*, limit: int = 200) -> TrackResult:
    result = TrackResult()
    sent = OutboxMessage.objects.filter(status=OutboxStatus.SENT, kind__startswith="spapi.") \
        .exclude(transaction_id="").select_related("account", "purchase_order") \
        .order_by("sent_at")[:limit]
    for message in sent:
        try:
            outcome = transaction_check(message)
        except SpApiError as exc:
            message.last_error = f"Checking the transaction failed at {timezone.now():%H:%M}: {exc}"
            message.save(update_fields=["last_error"])
            continue
        result.accepted += outcome == "Success"
        result.failed += outcome == "Failure"
        result.processing += outcome == "Processing"
    return result
