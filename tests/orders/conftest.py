from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from orders.services.acknowledgements import acknowledgements_queue
from orders.services.deciding import purchase_orders_decide
from orders.services.outbox import outbox_send_due
from orders.services.pulling import orders_pull
from orders.spapi import client as spapi_client
from sandbox.catalog import DEMO_CATALOG, DEMO_VENDOR_CODE
from skurules.models import AutoConfirmRule, Sku
from tests.factories import VendorAccountFactory


@pytest.fixture(autouse=True)
def _fresh_token_cache():
    spapi_client._tokens.clear()


@pytest.fixture
def spapi_sandbox(settings, sandbox_url) -> str:
    """Points the real SP-API client at the simulator on the live test server."""
    settings.SP_API_ENDPOINT = sandbox_url
    settings.SP_API_LWA_ENDPOINT = f"{sandbox_url}/auth/o2/token"
    return sandbox_url


@pytest.fixture
def demo_account(spapi_sandbox):
    return VendorAccountFactory(code=DEMO_VENDOR_CODE, selling_party_id=DEMO_VENDOR_CODE)


@pytest.fixture
def stocked_catalog():
    for product in DEMO_CATALOG:
        sku = Sku.objects.create(sku=product.sku, asin=product.asin, ean=product.ean,
                                 on_hand=1000)
        AutoConfirmRule.objects.create(sku=sku, min_cost=Decimal("0.01"))


@pytest.fixture
def acknowledged(demo_account, stocked_catalog):
    orders_pull(account=demo_account, since=timezone.now() - timedelta(hours=3))
    purchase_orders_decide()
    messages = acknowledgements_queue()
    outbox_send_due()
    return messages
