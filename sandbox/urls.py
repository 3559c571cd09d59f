"""Partner paths exactly as the partners publish them; whoever includes this adds the prefix
(`/sandbox/` in the back office's tests, nothing when `sandbox.settings` serves it alone)."""

from django.urls import path

from sandbox.spapi import views as spapi

app_name = "sandbox"

urlpatterns = [
    path("auth/o2/token", spapi.lwa_token, name="lwa-token"),
    path(
        "vendor/orders/v1/purchaseOrders",
        spapi.purchase_orders,
        name="spapi-purchase-orders",
    ),
    path(
        "vendor/orders/v1/purchaseOrders/<str:purchase_order_number>",
        spapi.purchase_order,
        name="spapi-purchase-order",
    ),
]
