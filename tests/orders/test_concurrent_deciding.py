"""Two workers decide at the same time: row locks keep them from promising the same stock."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from orders.models import PurchaseOrderEvent, PurchaseOrderLine
from orders.models import PurchaseOrderStatus as S
from orders.services.deciding import purchase_orders_decide
from tests.factories import (
    AutoConfirmRuleFactory,
    PurchaseOrderFactory,
    PurchaseOrderLineFactory,
    SkuFactory,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="row locks need PostgreSQL (SQLite serialises all writers)"),
]
WORKERS, ORDERS, STOCK = 4, 40, 105


def worker(start: threading.Barrier, errors: list) -> None:
    try:
        start.wait()
        purchase_orders_decide(batch_size=3)
    except Exception as exc:
        errors.append(exc)
    finally:
        connection.close()


def test_concurrent_workers_never_allocate_the_same_stock():
    skus = [AutoConfirmRuleFactory(sku=SkuFactory(on_hand=STOCK), min_inventory=0).sku
            for _ in range(2)]
    for n in range(ORDERS):
        order = PurchaseOrderFactory(ordered_at=timezone.now() - timedelta(minutes=n))
        for sku in skus[:: 1 if n % 2 else -1]:  # opposite SKU order in alternate orders
            PurchaseOrderLineFactory(order=order, sku=None, vendor_product_id=sku.ean,
                                     ordered_quantity=10)
    start, errors = threading.Barrier(WORKERS), []
    threads = [threading.Thread(target=worker, args=(start, errors)) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert errors == []
    for sku in skus:
        sku.refresh_from_db()
        accepted = PurchaseOrderLine.objects.filter(sku=sku).aggregate(
            n=Sum("accepted_quantity"))["n"]
        assert sku.allocated == accepted == STOCK
    assert not PurchaseOrderLine.objects.filter(decided_at__isnull=True).exists()
    assert PurchaseOrderEvent.objects.filter(to_status=S.DECIDED).count() == ORDERS
