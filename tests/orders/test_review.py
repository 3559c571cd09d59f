from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from orders.models import OrderSource, OutboxMessage, OutboxStatus
from orders.models import PurchaseOrderStatus as S
from orders.services.acknowledgements import acknowledgements_queue
from orders.services.deciding import purchase_orders_decide
from tests.factories import (
    AutoConfirmRuleFactory,
    PurchaseOrderFactory,
    PurchaseOrderLineFactory,
    SkuFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def review_case():
    """An order held for review: its cost is under the SKU's minimum."""
    sku = AutoConfirmRuleFactory(sku=SkuFactory(on_hand=40), min_cost=Decimal("10"),
                                 min_inventory=0).sku
    order = PurchaseOrderFactory(ordered_at=timezone.now())
    line = PurchaseOrderLineFactory(order=order, sku=None, vendor_product_id=sku.ean,
                                    ordered_quantity=10, net_cost=Decimal("7.90"),
                                    is_backorder_allowed=True)
    purchase_orders_decide()
    order.refresh_from_db()
    assert order.status == S.NEEDS_REVIEW
    return order, line, sku


def post(client, order, line, accepted, backordered, rejected, reason=""):
    return client.post(reverse("admin:orders_purchaseorder_review", args=[order.pk]), {
        f"accepted_{line.pk}": accepted, f"backordered_{line.pk}": backordered,
        f"rejected_{line.pk}": rejected, f"rejection_reason_{line.pk}": reason})


def test_the_review_page_shows_each_lines_reason(admin_client, review_case):
    order, _, _ = review_case
    page = admin_client.get(reverse("admin:orders_purchaseorder_review", args=[order.pk]))
    assert "below the minimum cost" in page.content.decode()


def test_deciding_by_hand_allocates_and_queues_the_acknowledgement(admin_client, review_case):
    order, line, sku = review_case
    response = post(admin_client, order, line, 6, 2, 2, "TemporarilyUnavailable")
    assert response.status_code == 302
    order.refresh_from_db()
    line.refresh_from_db()
    sku.refresh_from_db()
    assert order.status == S.ACKNOWLEDGING
    assert (line.accepted_quantity, line.backordered_quantity, line.rejected_quantity) == (6, 2, 2)
    assert "Decided by admin" in line.decision_reason
    assert sku.allocated == 6
    entries = OutboxMessage.objects.get(purchase_order=order).payload["items"][0][
        "itemAcknowledgements"]
    assert [e["acknowledgementCode"] for e in entries] == ["Accepted", "Backordered", "Rejected"]


def test_quantities_that_do_not_add_up_change_nothing(admin_client, review_case):
    order, line, sku = review_case
    page = post(admin_client, order, line, 6, 0, 0).content.decode()
    assert "add up to 6, but 10 were ordered" in page
    order.refresh_from_db()
    assert order.status == S.NEEDS_REVIEW
    assert not OutboxMessage.objects.exists()


def test_a_rejection_needs_a_reason(admin_client, review_case):
    order, line, _ = review_case
    page = post(admin_client, order, line, 8, 0, 2).content.decode()
    assert "choose why the rejected quantity is rejected" in page


def test_a_correction_within_48_hours_resubmits(admin_client, review_case):
    order, line, sku = review_case
    post(admin_client, order, line, 10, 0, 0)
    OutboxMessage.objects.update(status=OutboxStatus.ACCEPTED, sent_at=timezone.now())
    order.status = S.ACKNOWLEDGED
    order.save()
    post(admin_client, order, line, 4, 0, 6, "TemporarilyUnavailable")
    order.refresh_from_db()
    sku.refresh_from_db()
    assert order.status == S.ACKNOWLEDGING
    assert OutboxMessage.objects.filter(purchase_order=order).count() == 2
    assert sku.allocated == 4


def test_after_48_hours_the_order_cannot_be_corrected(admin_client, review_case):
    order, line, _ = review_case
    post(admin_client, order, line, 10, 0, 0)
    OutboxMessage.objects.update(status=OutboxStatus.ACCEPTED,
                                 sent_at=timezone.now() - timedelta(hours=49))
    order.status = S.ACKNOWLEDGED
    order.save()
    page = post(admin_client, order, line, 4, 0, 6, "TemporarilyUnavailable").content.decode()
    assert "correction window is closed" in page.replace("&#x27;", "'")


def test_orders_from_a_file_are_not_acknowledged_through_the_api():
    order = PurchaseOrderFactory(source=OrderSource.SPREADSHEET, status=S.DECIDED)
    assert acknowledgements_queue() == []
    order.refresh_from_db()
    assert order.status == S.DECIDED
