"""Purchase-order lines as light rows for the bulk paths (deciding, acknowledging).

Building a model instance per line costs more than deciding it; these rows carry just the
fields those paths read, with the same names, and the order they belong to.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from orders.models import PurchaseOrder, PurchaseOrderLine

FIELDS = ("pk", "order_id", "item_sequence", "amazon_product_id", "vendor_product_id",
          "ordered_quantity", "unit_of_measure", "unit_size", "is_backorder_allowed",
          "net_cost", "currency", "accepted_quantity", "backordered_quantity",
          "rejected_quantity", "rejection_reason")


@dataclass(slots=True)
class LineRow:
    pk: int
    order_id: int
    item_sequence: str
    amazon_product_id: str
    vendor_product_id: str
    ordered_quantity: int
    unit_of_measure: str
    unit_size: int
    is_backorder_allowed: bool
    net_cost: Decimal | None
    currency: str
    accepted_quantity: int | None
    backordered_quantity: int | None
    rejected_quantity: int | None
    rejection_reason: str
    order: PurchaseOrder | None = None


def line_rows_by_order(orders: list[PurchaseOrder]) -> dict[int, list[LineRow]]:
    """Each order's lines in item order, one query."""
    by_id, by_order = {order.pk: order for order in orders}, defaultdict(list)
    rows = PurchaseOrderLine.objects.filter(order_id__in=by_id).order_by("order_id", "id")
    for values in rows.values_list(*FIELDS):
        row = LineRow(*values)
        row.order = by_id[row.order_id]
        by_order[row.order_id].append(row)
    return by_order
