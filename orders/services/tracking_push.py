"""Pushing a drop-ship's tracking number to the marketplace the buyer ordered on.

A push is an outbox message written with the tracking row; the marketplace's answer is final
(its own reference, or its refusal shown on the message)."""

from datetime import datetime

from django.utils import timezone

from distributors.models import DropshipOrder, DropshipStatus, DropshipTracking
from orders.marketplaces import MarketplaceRefused, TrackingPush
from orders.models import OutboxMessage, SalesOrder, SalesOrderStatus
from orders.services.outbox import outbox_add
from orders.services.sales_orders import marketplace_client_for

KIND = "marketplace.tracking"


class PushRefused(Exception):
    retryable = False


def _lines(tracking: DropshipTracking) -> list[tuple[str, int]]:
    return [(line.sales_line.line_id, line.quantity)
            for line in tracking.order.lines.select_related("sales_line")]


def tracking_push_add(tracking: DropshipTracking) -> OutboxMessage | None:
    """Queue the push of a DropshipTracking; orders typed in by hand have no marketplace."""
    sales_order = tracking.order.sales_order
    if sales_order.account_id is None:
        return None
    shipped = tracking.shipped_at or timezone.now()
    return outbox_add([OutboxMessage(
        kind=KIND, key=f"{KIND}:{tracking.pk}", payload={
            "tracking": tracking.pk, "sales_order": sales_order.pk,
            "order_id": sales_order.marketplace_order_id, "lines": _lines(tracking),
            "carrier": tracking.carrier, "tracking_number": tracking.tracking_number,
            "shipped_at": shipped.isoformat()})])[0]


def tracking_push_send(message: OutboxMessage) -> str:
    payload = message.payload
    sales_order = SalesOrder.objects.select_related("account").get(pk=payload["sales_order"])
    push = TrackingPush(order_id=payload["order_id"],
                        lines=[tuple(line) for line in payload["lines"]],
                        carrier=payload["carrier"], tracking_number=payload["tracking_number"],
                        shipped_at=datetime.fromisoformat(payload["shipped_at"]),
                        # One per package: Amazon edits the package a reference names again.
                        package_reference=str(payload["tracking"]))
    try:
        return marketplace_client_for(sales_order.account).push_tracking(push)
    except MarketplaceRefused as refused:
        raise PushRefused(str(refused)) from refused


def tracking_push_accepted(message: OutboxMessage) -> None:
    DropshipTracking.objects.filter(pk=message.payload["tracking"]).update(
        pushed_at=timezone.now(), marketplace_reference=message.transaction_id)
    order_id = message.payload["sales_order"]
    unshipped = DropshipOrder.objects.filter(sales_order=order_id).exclude(
        status=DropshipStatus.SHIPPED)
    unpushed = DropshipTracking.objects.filter(order__sales_order=order_id,
                                               pushed_at__isnull=True)
    if not (unshipped.exists() or unpushed.exists()):
        SalesOrder.objects.filter(pk=order_id).update(status=SalesOrderStatus.SHIPPED)


def tracking_push_failed(message: OutboxMessage) -> None:
    """The marketplace refused: the message shows why, for staff to correct and resend."""
