"""The marketplaces of the demo: eBay, Amazon (merchant fulfilled) and Shopify on the
sandbox, whose open orders the task cluster pulls, and one order typed in by hand, ready for
Dropship."""

from django.conf import settings

from orders.models import MarketplaceAccount, SalesChannel, SalesOrder, SalesOrderLine
from sandbox.marketplaces.ebay import EBAY_USER_TOKEN
from sandbox.marketplaces.shopify import SHOPIFY_ACCESS_TOKEN
from skurules.models import Sku


def demo_marketplaces_create() -> None:
    sandbox = f"http://127.0.0.1:{settings.SANDBOX_PORT}"
    MarketplaceAccount.objects.get_or_create(code="ebay-demo", defaults={
        "channel": SalesChannel.EBAY, "base_url": sandbox, "token": EBAY_USER_TOKEN})
    MarketplaceAccount.objects.get_or_create(code="amazon-mfn-demo", defaults={
        "channel": SalesChannel.AMAZON, "base_url": sandbox,
        "lwa_app_id": "amzn1.application-oa2-client.sandbox",
        "lwa_client_secret": "sandbox-client-secret",
        "refresh_token": "Atzr|sandbox-refresh-token"})
    MarketplaceAccount.objects.get_or_create(code="shopify-demo", defaults={
        "channel": SalesChannel.SHOPIFY, "base_url": sandbox, "token": SHOPIFY_ACCESS_TOKEN})


def demo_sales_create() -> None:
    demo_marketplaces_create()
    order, created = SalesOrder.objects.get_or_create(
        channel=SalesChannel.OTHER, marketplace_order_id="SHOP-1001", defaults={
            "ship_name": "Wes Calloway", "ship_address1": "62 Quarry Rd", "ship_city": "Keene",
            "ship_state": "NH", "ship_postal_code": "03431", "ship_phone": "603-555-0102",
            "ship_email": "wes.calloway@example.com"})
    if created:
        SalesOrderLine.objects.create(order=order, line_id="1", sku=Sku.objects.get(
            sku="HF-HF204"), sku_code="HF-HF204", title="Hiflofiltro oil filter HF204",
            quantity=3)
