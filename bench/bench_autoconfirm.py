"""Deciding purchase orders and building their acknowledgements, set-based, against a baseline.

    python bench/bench_autoconfirm.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/backoffice_bench python bench/...

10,000 POs of 10 lines (100,000 lines) are decided and acknowledged; the baseline is the naive
line-by-line way (a query per SKU lookup, a save per line, an update per allocation, a
transition per order), timed on a sample in the same run and extrapolated. The query count is
also measured at 10 and 20 lines per PO: it must not grow with the lines per PO.
"""

import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import QueryCounter, database_label, django_start, say

ORDERS, LINES, SKUS = 10_000, 10, 1_000
BASELINE_ORDERS = 200


def catalogue_create(skus: int) -> list:
    from skurules.models import AutoConfirmRule, Sku

    rows = Sku.objects.bulk_create([Sku(sku=f"B-{n:05d}", ean=f"{4100000000000 + n}",
                                        asin=f"B0{n:08d}", on_hand=10**6) for n in range(skus)],
                                   batch_size=500)
    AutoConfirmRule.objects.bulk_create([AutoConfirmRule(sku=sku, min_cost=Decimal("1"))
                                         for sku in rows], batch_size=500)
    return rows


def orders_create(account, skus: list, orders: int, lines: int, prefix: str) -> None:
    from django.utils import timezone

    from orders.models import PurchaseOrder, PurchaseOrderLine

    start = timezone.now() - timedelta(days=1)
    created = PurchaseOrder.objects.bulk_create(
        [PurchaseOrder(account=account, po_number=f"{prefix}{n:07d}", source="api",
                       ordered_at=start + timedelta(seconds=n), currency="USD")
         for n in range(orders)], batch_size=500)
    PurchaseOrderLine.objects.bulk_create(
        [PurchaseOrderLine(order=order, item_sequence=str(i + 1),
                           vendor_product_id=skus[(n * lines + i) % len(skus)].ean,
                           ordered_quantity=3, net_cost=Decimal("9.50"), currency="USD")
         for n, order in enumerate(created) for i in range(lines)], batch_size=1000)


def decide_and_acknowledge() -> tuple[float, int, int, int]:
    """Seconds, queries, POs decided, acknowledgements queued: as `vc_autoconfirm` runs."""
    from django.db import connection

    from orders.services.acknowledgements import acknowledgements_queue
    from orders.services.deciding import purchase_orders_decide

    queries = QueryCounter()
    with connection.execute_wrapper(queries):
        started = time.perf_counter()
        decided = purchase_orders_decide(acknowledge=True)
        queued = decided.acknowledged + len(acknowledgements_queue())
    return time.perf_counter() - started, queries.count, decided.decided, queued


def naive_decide(orders) -> None:
    """The baseline: everything per line and per order."""
    from django.db import transaction
    from django.db.models import F

    from orders.services.status import purchase_order_transition
    from skurules.models import Sku

    for order in orders:
        with transaction.atomic():
            for line in order.lines.all():
                sku = Sku.objects.select_for_update(of=("self",)).select_related("rule").get(
                    ean=line.vendor_product_id)
                line.sku, line.accepted_quantity = sku, line.ordered_quantity
                line.backordered_quantity = line.rejected_quantity = 0
                line.save()
                Sku.objects.filter(pk=sku.pk).update(allocated=F("allocated") + 3)
            purchase_order_transition(order=order, to="decided")


def baseline_seconds_per_order(account, skus) -> float:
    from orders.models import PurchaseOrder

    orders_create(account, skus, BASELINE_ORDERS, LINES, "N")
    sample = list(PurchaseOrder.objects.filter(po_number__startswith="N"))
    started = time.perf_counter()
    naive_decide(sample)
    seconds = time.perf_counter() - started
    PurchaseOrder.objects.filter(po_number__startswith="N").delete()
    return seconds / BASELINE_ORDERS


def queries_at(account, skus, lines: int, prefix: str) -> int:
    orders_create(account, skus, 500, lines, prefix)
    return decide_and_acknowledge()[1]


def main() -> None:
    sqlite_file = django_start("bench_autoconfirm")
    from orders.models import VendorAccount

    account = VendorAccount.objects.create(code="BENCH", selling_party_id="BENCH")
    skus = catalogue_create(SKUS)
    per_order = baseline_seconds_per_order(account, skus)
    orders_create(account, skus, ORDERS, LINES, "P")
    seconds, queries, decided, queued = decide_and_acknowledge()
    baseline = per_order * ORDERS
    say(f"autoconfirm on {database_label()}: {decided} POs x {LINES} lines decided and "
        f"{queued} acknowledgements queued in {seconds:.2f} s "
        f"({decided * LINES / seconds:,.0f} lines/s), {queries} queries")
    say(f"  baseline (line by line, {BASELINE_ORDERS}-PO sample, extrapolated): {baseline:.1f} s"
        f"  -> {baseline / seconds:.1f}x faster")
    say(f"  queries for 500 POs: {queries_at(account, skus, 10, 'Q')} at 10 lines/PO, "
        f"{queries_at(account, skus, 20, 'R')} at 20 lines/PO")
    if sqlite_file:
        sqlite_file.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
