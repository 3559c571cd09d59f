from decimal import Decimal

import pytest

from orders.models import Marketplace
from sandbox.catalog import DEMO_CATALOG, DEMO_VENDOR_CODE
from skurules.models import AutoConfirmRule, Sku
from tests.factories import VendorAccountFactory


@pytest.fixture
def account(db):
    return VendorAccountFactory(code=DEMO_VENDOR_CODE, selling_party_id=DEMO_VENDOR_CODE)


@pytest.fixture
def italian_account(db):
    return VendorAccountFactory(code="DEMOIT", selling_party_id="DEMOIT",
                                marketplace=Marketplace.IT)


@pytest.fixture
def stocked_catalog(db):
    """Every demo product with plenty of stock and a rule that accepts any cost."""
    for product in DEMO_CATALOG:
        sku = Sku.objects.create(sku=product.sku, asin=product.asin, ean=product.ean,
                                 on_hand=1000)
        AutoConfirmRule.objects.create(sku=sku, min_cost=Decimal("0.01"))
