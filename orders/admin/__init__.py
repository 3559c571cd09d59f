"""Orders in the admin: the purchase orders we receive, and the sales orders we drop-ship."""

from orders.admin import purchase_orders, sales_orders

__all__ = ["purchase_orders", "sales_orders"]
