"""Tracking from the distributors to the marketplaces, with nobody touching it.

Every placed purchase order is asked for its shipments; each new tracking number is stored and
its push to the marketplace queued in the same transaction (the outbox sends it). A purchase
order with tracking is shipped; a sales order is shipped once all its drop-ships are.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from distributors.adapters import DistributorRefused, DistributorUnavailable, Shipped
from distributors.models import DropshipOrder, DropshipStatus, DropshipTracking
from distributors.services.dropship import distributor_adapter
from orders.services.tracking_push import tracking_push_add


@dataclass
class TrackingPull:
    orders: int = 0
    new_tracking: int = 0
    failures: list[str] | None = None


def _store(order: DropshipOrder, shipped: list[Shipped]) -> list[DropshipTracking]:
    known = set(order.trackings.values_list("tracking_number", flat=True))
    fresh = [DropshipTracking(order=order, tracking_number=s.tracking_number,
                              carrier=s.carrier, shipped_at=s.shipped_at, reply=s.raw)
             for s in shipped if s.tracking_number and s.tracking_number not in known]
    return DropshipTracking.objects.bulk_create(fresh)


@transaction.atomic
def dropship_tracking_record(order: DropshipOrder, shipped: list[Shipped]) -> int:
    """Store the new tracking numbers of `order` and queue their pushes; returns how many."""
    fresh = _store(order, shipped)
    if fresh:
        DropshipOrder.objects.filter(pk=order.pk).update(status=DropshipStatus.SHIPPED,
                                                         shipped_at=timezone.now())
        for tracking in fresh:
            tracking_push_add(tracking)
    return len(fresh)


def dropship_tracking_pull() -> TrackingPull:
    """Ask the distributors about every placed purchase order that has no tracking yet."""
    result = TrackingPull(failures=[])
    for order in DropshipOrder.objects.filter(status=DropshipStatus.PLACED).select_related(
            "distributor"):
        result.orders += 1
        try:
            shipped = distributor_adapter(order.distributor).shipments(
                order.po_number, order.distributor_order_number)
        except (DistributorRefused, DistributorUnavailable) as error:
            result.failures.append(f"{order.po_number}: {error}")
            continue
        result.new_tracking += dropship_tracking_record(order, shipped)
    return result
