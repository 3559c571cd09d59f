"""Staff change a SKU's minimum cost in Get SKU Data, and the decision engine follows it."""

from decimal import Decimal

import pytest

from skurules.decisions import LineFacts, Outcome, decide_line
from skurules.models import Sku
from skurules.selectors import stock_facts_from
from tests.factories import AutoConfirmRuleFactory, UserFactory

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

    # Stands in for the orders pipeline: the saved rule now sends a cheaper line to review.
    stock = stock_facts_from(Sku.objects.select_related("rule").get(sku="ABC-1"))
    cheaper = LineFacts(ordered_quantity=5, unit_of_measure="Eaches", unit_size=1,
                        is_backorder_allowed=False, net_cost=Decimal("12.00"))
    decision = decide_line(cheaper, stock)
    assert decision.outcome == Outcome.NEEDS_REVIEW
    assert decision.reason.startswith("Unit cost 12.00 is below the minimum cost 12.50 ")
    at_minimum = LineFacts(ordered_quantity=5, unit_of_measure="Eaches", unit_size=1,
                           is_backorder_allowed=False, net_cost=Decimal("12.50"))
    assert decide_line(at_minimum, stock).outcome == Outcome.DECIDED
