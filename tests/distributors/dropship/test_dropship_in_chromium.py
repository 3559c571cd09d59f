"""Staff press Dropship on a sales order, swap to another distributor, confirm, and find the
purchase order on the purchase orders page."""

import pytest

from distributors.models import DropshipOrder
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_swap_the_distributor_and_confirm(live_server, page, artifacts_dir,
                                                three_distributors, sales_order):
    UserFactory(username="ops", is_superuser=True, password="a-browser-password")
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "ops")
    page.fill("#id_password", "a-browser-password")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/orders/salesorder/{sales_order.pk}/change/")

    page.get_by_role("link", name="Dropship").first.click()
    line = sales_order.lines.get()
    form = page.locator(f"#line-{line.pk}")
    assert "Lowest landed cost: 7.02" in form.inner_text()
    assert form.locator("input[type=radio]:checked").get_attribute("value") == \
        f"item:{three_distributors['pu'].pk}"
    form.get_by_label("Western Power Sports").check()
    page.screenshot(path=artifacts_dir / "dropship_swap.png", full_page=True)
    page.get_by_role("button", name="Confirm and place").click()

    po = DropshipOrder.objects.get()
    assert po.distributor.code == "wps"
    assert f"Purchase order {po.po_number} placed with Western Power Sports" in \
        page.inner_text(".messagelist")
    page.goto(f"{live_server.url}/admin/distributors/dropshiporder/?q={po.po_number}")
    assert "87-9204" not in page.inner_text("#result_list")  # lines are on the detail page
    page.get_by_role("link", name=po.po_number).click()
    assert "87-9204" in page.inner_text("#content-main")
