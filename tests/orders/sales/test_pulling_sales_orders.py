"""Sales orders pulled from the marketplaces, matched to our SKUs, never twice."""

import pytest
from django.core.management import CommandError, call_command

from orders.models import MarketplaceAccount, SalesOrder
from orders.tasks import pull_sales_orders
from sandbox.marketplaces.ebay import EBAY_USER_TOKEN
from sandbox.marketplaces.pushes import orders_reset
from tests.factories import SkuFactory


@pytest.fixture(autouse=True)
def _fresh_marketplaces():
    orders_reset()
    yield
    orders_reset()


def test_the_open_ebay_orders_become_sales_orders_with_our_skus(sandbox_url, db):
    plug = SkuFactory(sku="NGK-CR9E")
    account = MarketplaceAccount.objects.create(code="ebay", channel="ebay",
                                                base_url=sandbox_url, token=EBAY_USER_TOKEN)

    summary = pull_sales_orders()

    assert summary == "ebay: 3 new"
    order = SalesOrder.objects.get(marketplace_order_id="12-34567-89012")
    assert (order.account, order.channel, order.ship_country) == (account, "ebay", "US")
    lines = {line.sku_code: line for line in order.lines.all()}
    assert (lines["NGK-CR9E"].sku, lines["NGK-CR9E"].quantity) == (plug, 4)
    assert lines["HF-HF204"].line_id == "10000000000000"
    account.refresh_from_db()
    assert account.last_pull_at is not None
    assert pull_sales_orders() == "ebay: 0 new"


def test_a_refused_pull_is_recorded_on_the_account(sandbox_url, db):
    MarketplaceAccount.objects.create(code="ebay", channel="ebay", base_url=sandbox_url,
                                      token="revoked")
    with pytest.raises(CommandError, match="ebay:"):
        call_command("pull_sales_orders")
    account = MarketplaceAccount.objects.get()
    assert account.last_error
    assert account.last_pull_at is None
