from dataclasses import replace
from decimal import Decimal

import pytest

from orders.models import OrderSource
from orders.models import PurchaseOrderStatus as S
from orders.parsed import ParsedAddress, ParsedLine, ParsedOrder
from orders.services.deciding import purchase_orders_decide
from orders.services.intake import purchase_orders_receive
from tests.factories import AutoConfirmRuleFactory, SkuFactory, VendorAccountFactory

pytestmark = pytest.mark.django_db


def parsed_order(sku, quantity=10, *, po="CHG00001") -> ParsedOrder:
    line = ParsedLine(item_sequence="1", amazon_product_id=sku.asin, vendor_product_id=sku.ean,
                      ordered_quantity=quantity, unit_of_measure="Eaches", unit_size=1,
                      is_backorder_allowed=False, net_cost=Decimal("9.00"), list_price=None,
                      currency="USD")
    return ParsedOrder(po_number=po, amazon_state="New", has_details=True,
                       ship_to=ParsedAddress(party_id="ABE8", city="Florence",
                                             country_code="US"), lines=[line])


@pytest.fixture
def decided_order():
    account = VendorAccountFactory()
    sku = AutoConfirmRuleFactory(sku=SkuFactory(on_hand=50), min_inventory=0).sku
    purchase_orders_receive(account=account, orders=[parsed_order(sku)], source=OrderSource.API)
    purchase_orders_decide()
    sku.refresh_from_db()
    assert sku.allocated == 10
    return account, sku


def test_receiving_the_same_order_twice_changes_nothing(decided_order):
    account, sku = decided_order
    result = purchase_orders_receive(account=account, orders=[parsed_order(sku)],
                                     source=OrderSource.API)
    assert (result.created, result.changed, result.unchanged) == ([], [], 1)


def test_a_change_releases_the_stock_and_reopens_the_decision(decided_order):
    account, sku = decided_order
    result = purchase_orders_receive(account=account, orders=[parsed_order(sku, quantity=4)],
                                     source=OrderSource.API)
    order = result.changed[0]
    assert order.status == S.NEW
    assert "item 1 ordered quantity 10 → 4" in order.status_reason
    assert order.lines.get().decided_at is None
    sku.refresh_from_db()
    assert sku.allocated == 0

    purchase_orders_decide()
    sku.refresh_from_db()
    assert sku.allocated == 4


def test_a_cancelled_item_says_so(decided_order):
    account, sku = decided_order
    order = purchase_orders_receive(account=account, orders=[parsed_order(sku, quantity=0)],
                                    source=OrderSource.API).changed[0]
    assert "item 1 cancelled (10 → 0)" in order.status_reason
    assert order.events.last().to_status == S.NEW


def test_an_added_item_is_listed_as_added(decided_order):
    account, sku = decided_order
    changed = parsed_order(sku)
    changed = replace(changed, lines=[*changed.lines, replace(changed.lines[0],
                                                              item_sequence="2")])
    order = purchase_orders_receive(account=account, orders=[changed],
                                    source=OrderSource.API).changed[0]
    assert "item 2 added" in order.status_reason
    assert order.lines.count() == 2
