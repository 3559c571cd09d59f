"""Reads for drop-shipping: the sources that could ship each sales-order line."""

from collections import defaultdict

from distributors.models import DistributorItem
from distributors.routing import OWN_STOCK, Candidate
from orders.models import SalesOrderLine
from skurules.models import Sku


def _item_candidate(item: DistributorItem) -> Candidate:
    warehouse, distributor = item.warehouse, item.warehouse.distributor
    fee = item.dropship_fee if item.dropship_fee is not None else distributor.dropship_fee
    cutoff = warehouse.price_cutoff
    fast = warehouse.lead_time_days <= 1 or (
        cutoff is not None and item.cost is not None and item.cost > cutoff)
    return Candidate(key=f"item:{item.pk}", distributor=distributor.name,
                     warehouse=warehouse.code, part_number=item.part_number, cost=item.cost,
                     fee=fee, stock=max(item.quantity - warehouse.stock_buffer, 0),
                     capped=item.quantity_is_capped, lead_time_days=warehouse.lead_time_days,
                     preferred=distributor.is_preferred, distributor_id=distributor.pk,
                     item_id=item.pk, within_a_day=fast)


def _own_candidate(sku: Sku) -> Candidate:
    return Candidate(key=OWN_STOCK, distributor="Our stock", warehouse="", part_number=sku.sku,
                     cost=None, fee=0, stock=max(sku.unallocated, 0), capped=False,
                     lead_time_days=0)


def line_candidates(lines: list[SalesOrderLine]) -> dict[int, list[Candidate]]:
    """Line id → every source of its SKU: our stock, then each distributor warehouse that
    lists it (available, not excluded, distributor enabled). Two queries."""
    skus = Sku.objects.in_bulk({line.sku_id for line in lines if line.sku_id})
    items = defaultdict(list)
    for item in DistributorItem.objects.filter(
            sku__in=skus, is_available=True, warehouse__is_excluded=False,
            warehouse__distributor__enabled=True).select_related("warehouse__distributor"):
        items[item.sku_id].append(_item_candidate(item))
    candidates = {}
    for line in lines:
        sku = skus.get(line.sku_id)
        own = [_own_candidate(sku)] if sku is not None and sku.unallocated > 0 else []
        candidates[line.pk] = own + sorted(items.get(line.sku_id, []),
                                           key=lambda c: (c.distributor, c.warehouse))
    return candidates
