"""Partner paths exactly as the partners publish them; whoever includes this adds the prefix
(`/sandbox/` in the back office's tests, nothing when `sandbox.settings` serves it alone).
`_control/` is the sandbox's own switchboard, not a partner's."""

from django.urls import path

from sandbox import control
from sandbox.spapi import views as spapi

app_name = "sandbox"

urlpatterns = [
    path("auth/o2/token", spapi.lwa_token, name="lwa-token"),
    path("vendor/orders/v1/purchaseOrders", spapi.purchase_orders, name="spapi-purchase-orders"),
    path(
        "vendor/orders/v1/purchaseOrders/<str:purchase_order_number>",
        spapi.purchase_order,
        name="spapi-purchase-order",
    ),
    path(
        "vendor/orders/v1/acknowledgements",
        spapi.acknowledgements,
        name="spapi-acknowledgements",
    ),
    path(
        "vendor/orders/v1/purchaseOrdersStatus",
        spapi.purchase_orders_status,
        name="spapi-purchase-orders-status",
    ),
    path(
        "vendor/transactions/v1/transactions/<str:transaction_id>",
        spapi.transaction,
        name="spapi-transaction",
    ),
    path("vendor/shipping/v1/shipments", spapi.shipments, name="spapi-shipments"),
    path(
        "vendor/shipping/v1/shipmentConfirmations",
        spapi.shipment_confirmations,
        name="spapi-shipment-confirmations",
    ),
    path("vendor/payments/v1/invoices", spapi.invoices, name="spapi-invoices"),
    path("_control/faults", control.faults, name="control-faults"),
]
