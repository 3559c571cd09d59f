"""Deciding with `acknowledge=True` queues each batch's acknowledgements from the lines it has
just decided, in the batch's transaction: the same messages as acknowledging afterwards."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from orders.models import OutboxMessage
from orders.models import PurchaseOrderStatus as S
from orders.services.acknowledgements import acknowledgements_queue
from orders.services.deciding import purchase_orders_decide
from tests.factories import AutoConfirmRuleFactory, PurchaseOrderFactory, PurchaseOrderLineFactory

pytestmark = pytest.mark.django_db


def stocked(on_hand: int) -> str:
    """A SKU with an enabled rule; returns its EAN, which the lines order by."""
    return AutoConfirmRuleFactory(sku__on_hand=on_hand, min_cost=Decimal("1"),
                                  min_inventory=0).sku.ean


def order_with(*lines: dict, hours_ago: int, po: str):
    order = PurchaseOrderFactory(po_number=po, ordered_at=timezone.now() - timedelta(hours=hours_ago))
    for number, line in enumerate(lines, start=1):
        PurchaseOrderLineFactory(order=order, sku=None, item_sequence=str(number),
                                 amazon_product_id="", **line)
    return order


@pytest.fixture
def orders() -> dict:
    """Every kind of line across batches of two orders: accepted, short and backordered, short
    and rejected, cases, unknown product, cancelled; a whole cancelled order; one for review."""
    short, plenty = stocked(on_hand=4), stocked(on_hand=1000)
    return {
        "mixed": order_with(
            {"vendor_product_id": plenty, "ordered_quantity": 5},
            {"vendor_product_id": short, "ordered_quantity": 6, "is_backorder_allowed": True},
            {"vendor_product_id": "0000000000000", "ordered_quantity": 2},
            hours_ago=5, po="MIXED"),
        "rejected": order_with(
            {"vendor_product_id": short, "ordered_quantity": 3},
            {"vendor_product_id": plenty, "ordered_quantity": 2, "unit_of_measure": "Cases",
             "unit_size": 6},
            {"vendor_product_id": plenty, "ordered_quantity": 0},
            hours_ago=4, po="REJECTED"),
        "cancelled": order_with({"vendor_product_id": plenty, "ordered_quantity": 0},
                                hours_ago=3, po="CANCELLED"),
        "review": order_with({"vendor_product_id": plenty, "ordered_quantity": 1,
                              "net_cost": Decimal("0.50")}, hours_ago=2, po="REVIEW"),
    }


def acknowledged_items(order) -> list[tuple]:
    payload = OutboxMessage.objects.get(purchase_order=order).payload
    return [(item["itemSequenceNumber"],
             [(entry["acknowledgementCode"], entry["acknowledgedQuantity"]["amount"],
               entry.get("rejectionReason")) for entry in item["itemAcknowledgements"]])
            for item in payload["items"]]


EXPECTED = {
    "mixed": [("1", [("Accepted", 5, None)]),
              ("2", [("Accepted", 4, None), ("Backordered", 2, None)]),
              ("3", [("Rejected", 2, "InvalidProductIdentifier")])],
    # Line 1 finds none of the 4 left: the mixed order, older, took them.
    "rejected": [("1", [("Rejected", 3, "TemporarilyUnavailable")]),
                 ("2", [("Accepted", 2, None)])],
}


def decide_then_acknowledge(*, in_the_batch: bool) -> int:
    result = purchase_orders_decide(acknowledge=in_the_batch, batch_size=2)
    return result.acknowledged if in_the_batch else len(acknowledgements_queue())


@pytest.mark.parametrize("in_the_batch", [True, False], ids=["in the batch", "afterwards"])
def test_the_acknowledgements_carry_the_decisions_either_way(orders, in_the_batch):
    assert decide_then_acknowledge(in_the_batch=in_the_batch) == 2
    for name, items in EXPECTED.items():
        assert acknowledged_items(orders[name]) == items, name
    statuses = {name: type(order).objects.get(pk=order.pk).status
                for name, order in orders.items()}
    assert statuses == {"mixed": S.ACKNOWLEDGING, "rejected": S.ACKNOWLEDGING,
                        "cancelled": S.CANCELLED, "review": S.NEEDS_REVIEW}
    assert not OutboxMessage.objects.filter(purchase_order__in=[
        orders["cancelled"], orders["review"]]).exists()


def test_a_dry_run_queues_nothing_even_when_asked_to_acknowledge(orders):
    result = purchase_orders_decide(acknowledge=True, dry_run=True)
    assert (result.acknowledged, OutboxMessage.objects.count()) == (0, 0)
    assert len(result.lines) == 8
    assert {order.status for order in type(orders["mixed"]).objects.all()} == {S.NEW}


def test_a_real_run_keeps_no_decided_lines_in_its_result(orders):
    assert purchase_orders_decide(acknowledge=True).lines == []
