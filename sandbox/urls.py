"""Partner paths exactly as the partners publish them; whoever includes this adds the prefix
(`/sandbox/` in the back office's tests, nothing when `sandbox.settings` serves it alone).
`_control/` is the sandbox's own switchboard, not a partner's."""

from django.urls import path

from sandbox import control
from sandbox.distributors import automatic, parts_unlimited, tucker, wps
from sandbox.distributors import control as distributor_control
from sandbox.marketplaces import amazon, ebay, pushes, shopify
from sandbox.punchout import control as punchout_control
from sandbox.punchout import orders as punchout_orders
from sandbox.punchout import setup_request as punchout_setup
from sandbox.punchout import shop as punchout_shop
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
    # Distributors, each under its own prefix: the adapters' base URL is /sandbox/<prefix>.
    path("wps/items", wps.items, name="wps-items"),
    path("wps/carts", wps.carts, name="wps-carts"),
    path("wps/carts/<str:po_number>", wps.cart, name="wps-cart"),
    path("wps/carts/<str:po_number>/items", wps.cart_items, name="wps-cart-items"),
    path("wps/orders", wps.orders, name="wps-orders"),
    path("wps/orders/<str:po_number>", wps.order, name="wps-order"),
    path("pu/api/orders/dropship", parts_unlimited.dropship, name="pu-dropship"),
    # The distributors' file APIs: WPS dealer pricing; PU's dealer portal price file.
    path("wps/dealer-pricing", wps.dealer_pricing, name="wps-dealer-pricing"),
    path("wps/dealer-pricing/files/<str:name>", wps.dealer_pricing_file,
         name="wps-dealer-pricing-file"),
    path("pu/dealer/api/quotes/v2/pricefile", parts_unlimited.price_file, name="pu-price-file"),
    path("_control/distributors/feed-files", distributor_control.feed_files,
         name="control-distributor-feed-files"),
    path("tucker/bin/trws", tucker.trws, name="tucker-trws"),
    path("autodist/order/create", automatic.order_create, name="autodist-order-create"),
    path("autodist/order/lookup", automatic.order_lookup, name="autodist-order-lookup"),
    path("_control/distributors/faults", distributor_control.faults,
         name="control-distributor-faults"),
    path("_control/distributors/unavailable", distributor_control.unavailable,
         name="control-distributor-unavailable"),
    path("_control/distributors/shipping", distributor_control.shipping,
         name="control-distributor-shipping"),
    path("_control/distributors/reset", distributor_control.reset,
         name="control-distributor-reset"),
    # The marketplaces' orders and tracking uploads, at the marketplaces' own paths.
    path("sell/fulfillment/v1/order", ebay.orders, name="ebay-orders"),
    path("sell/fulfillment/v1/order/<str:order_id>", ebay.order, name="ebay-order"),
    path(
        "sell/fulfillment/v1/order/<str:order_id>/shipping_fulfillment",
        ebay.shipping_fulfillment,
        name="ebay-shipping-fulfillment",
    ),
    path(
        "sell/fulfillment/v1/order/<str:order_id>/shipping_fulfillment/<str:fulfillment_id>",
        ebay.shipping_fulfillment_detail,
        name="ebay-shipping-fulfillment-detail",
    ),
    path(
        "orders/v0/orders/<str:order_id>/shipmentConfirmation",
        amazon.shipment_confirmation,
        name="amazon-shipment-confirmation",
    ),
    path("orders/v0/orders", amazon.orders, name="amazon-orders"),
    path("orders/v0/orders/<str:order_id>/orderItems", amazon.order_items,
         name="amazon-order-items"),
    path("orders/v0/orders/<str:order_id>/address", amazon.order_address,
         name="amazon-order-address"),
    # Shopify's GraphQL Admin API: one endpoint per API version, every operation a POST.
    path("admin/api/<str:version>/graphql.json", shopify.graphql, name="shopify-graphql"),
    path("_control/marketplaces/pushes", pushes.pushes, name="control-marketplace-pushes"),
    path("_control/marketplaces/orders", pushes.orders, name="control-marketplace-orders"),
    # A PunchOut supplier (Amazon Business-like): cXML setup, its catalog pages, OCI's
    # catalog call and the order URL; it posts confirmations, ship notices and invoices back.
    path("punchout/setup", punchout_setup.punchout_setup, name="punchout-setup"),
    path("punchout/catalog/<str:session_id>", punchout_shop.catalog, name="punchout-catalog"),
    path("punchout/oci", punchout_shop.oci_entry, name="punchout-oci"),
    path("punchout/order", punchout_orders.punchout_order, name="punchout-order"),
    path("_control/punchout/orders", punchout_control.orders, name="control-punchout-orders"),
    path("_control/punchout/orders/<str:order_id>/send", punchout_control.order_send,
         name="control-punchout-order-send"),
    path("_control/punchout/sessions", punchout_control.sessions,
         name="control-punchout-sessions"),
    path("_control/punchout/settings", punchout_control.settings_switches,
         name="control-punchout-settings"),
    path("_control/punchout/reset", punchout_control.reset, name="control-punchout-reset"),
]
