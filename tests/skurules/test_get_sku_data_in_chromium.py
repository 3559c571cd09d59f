"""Staff change a SKU's minimum cost in Get SKU Data, and the next decision follows it."""

from decimal import Decimal

import pytest

from orders.services.deciding import purchase_orders_decide
from tests.factories import (
    AutoConfirmRuleFactory,
    PurchaseOrderFactory,
    PurchaseOrderLineFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EAN = "4006381333931"


def test_staff_raise_the_minimum_cost_and_cheaper_lines_go_to_review(live_server, page,
                                                                     artifacts_dir):
    UserFactory(username="boss", is_superuser=True, password="a-browser-password")
    AutoConfirmRuleFactory(sku__sku="ABC-1", sku__ean=EAN, sku__title="Blue widget",
                           sku__on_hand=60, sku__allocated=8, min_cost=Decimal("5.00"),
                           min_inventory=10)

    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "boss")
    page.fill("#id_password", "a-browser-password")
    page.click("input[type=submit]")
    page.get_by_role("link", name="SKUs", exact=True).click()
    page.get_by_role("link", name="Get SKU Data").click()

    page.fill("#id_q", EAN)
    page.get_by_role("button", name="Get SKU Data").click()
    assert "Blue widget" in page.inner_text("#sku-data")
    assert page.inner_text("#stock-on-hand") == "60"
    assert page.inner_text("#stock-available") == "42"
    assert page.input_value("#id_min_cost") == "5.00"

    page.fill("#id_min_cost", "12.50")
    page.get_by_role("button", name="Save rule").click()
    assert "Saved the auto-confirm rule of SKU ABC-1: minimum cost 12.50" in page.inner_text(
        ".messagelist")
    assert page.input_value("#id_min_cost") == "12.50"
    page.screenshot(path=artifacts_dir / "get_sku_data.png", full_page=True)

    # The next order follows the saved rule: a line at 12.00 now needs review.
    order = PurchaseOrderFactory(po_number="NEXT0001")
    PurchaseOrderLineFactory(order=order, sku=None, vendor_product_id=EAN, ordered_quantity=5,
                             net_cost=Decimal("12.00"))
    purchase_orders_decide()
    page.goto(f"{live_server.url}/admin/orders/purchaseorder/{order.pk}/change/")
    assert "Needs review" in page.inner_text("#content-main")
    assert "Unit cost 12.00 is below the minimum cost 12.50" in page.inner_text("#content-main")
