from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from orders.models import PurchaseOrderStatus as S
from orders.services.deciding import purchase_orders_decide
from tests.factories import (
    AutoConfirmRuleFactory,
    PurchaseOrderFactory,
    PurchaseOrderLineFactory,
    SkuFactory,
)

pytestmark = pytest.mark.django_db


def rule(on_hand=100, min_cost="5.00", min_inventory=0, enabled=True):
    return AutoConfirmRuleFactory(sku=SkuFactory(on_hand=on_hand), min_cost=Decimal(min_cost),
                                  min_inventory=min_inventory, enabled=enabled)


def order_for(sku, quantity, *, hours_ago=1, **line):
    order = PurchaseOrderFactory(ordered_at=timezone.now() - timedelta(hours=hours_ago))
    PurchaseOrderLineFactory(order=order, sku=None, vendor_product_id=sku.ean,
                             amazon_product_id="", ordered_quantity=quantity, **line)
    return order


def test_a_covered_line_is_accepted_matched_and_allocated():
    sku = rule(on_hand=50).sku
    order = order_for(sku, 10)
    assert purchase_orders_decide().decided == 1
    order.refresh_from_db()
    line = order.lines.get()
    assert (order.status, line.sku, line.accepted_quantity, line.rejected_quantity) == (
        S.DECIDED, sku, 10, 0)
    assert line.decision_reason
    assert line.decided_at
    sku.refresh_from_db()
    assert sku.allocated == 10
    assert order.events.get().to_status == S.DECIDED


def test_older_orders_take_the_stock_first():
    sku = rule(on_hand=12).sku
    newer = order_for(sku, 10, hours_ago=1)
    older = order_for(sku, 10, hours_ago=5)
    purchase_orders_decide()
    assert older.lines.get().accepted_quantity == 10
    assert newer.lines.get().accepted_quantity == 2


def test_an_order_with_a_line_under_review_allocates_nothing():
    good, disabled = rule(on_hand=50), rule(on_hand=50, enabled=False)
    order = order_for(good.sku, 5)
    PurchaseOrderLineFactory(order=order, sku=None, vendor_product_id=disabled.sku.ean,
                             amazon_product_id="", ordered_quantity=5)
    assert purchase_orders_decide().needs_review == 1
    order.refresh_from_db()
    assert order.status == S.NEEDS_REVIEW
    assert "disabled" in order.status_reason
    good.sku.refresh_from_db()
    assert good.sku.allocated == 0


def test_an_unknown_product_is_rejected_as_invalid_identifier():
    order = PurchaseOrderFactory()
    PurchaseOrderLineFactory(order=order, sku=None, vendor_product_id="0000000000000",
                             amazon_product_id="B0NOTHERE0", ordered_quantity=3)
    purchase_orders_decide()
    line = order.lines.get()
    assert (line.rejected_quantity, line.rejection_reason) == (3, "InvalidProductIdentifier")


def test_dry_run_prints_decisions_and_changes_nothing(capsys):
    sku = rule(on_hand=50).sku
    order = order_for(sku, 10)
    call_command("vc_autoconfirm", "--dry-run")
    out = capsys.readouterr().out
    assert f"{order.po_number} item" in out
    assert "nothing changed" in out
    order.refresh_from_db()
    sku.refresh_from_db()
    assert (order.status, sku.allocated, order.lines.get().decided_at) == (S.NEW, 0, None)


def decide_queries(lines_per_order: int) -> int:
    skus = [rule(on_hand=1000).sku for _ in range(lines_per_order)]
    for _ in range(5):
        order = PurchaseOrderFactory()
        for sku in skus:
            PurchaseOrderLineFactory(order=order, sku=None, vendor_product_id=sku.ean,
                                     ordered_quantity=1)
    with CaptureQueriesContext(connection) as queries:
        purchase_orders_decide()
    return len(queries)


def test_the_query_count_does_not_grow_with_lines_per_order():
    assert decide_queries(2) == decide_queries(20)
