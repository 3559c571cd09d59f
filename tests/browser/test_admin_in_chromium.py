import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_log_in_open_the_dashboard_and_a_changelist(live_server, page, artifacts_dir):
    call_command("seed_demo", password="demo-pass-123")
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "demo-pass-123")
    page.click("input[type=submit]")
    page.wait_for_selector("#content-main")
    assert "Orders" in page.text_content("#content-main")

    page.get_by_role("link", name="Purchase orders", exact=True).click()
    page.wait_for_selector("#result_list")
    assert "DEMO0001" in page.inner_text("#result_list")
    page.screenshot(path=artifacts_dir / "admin_purchase_orders.png", full_page=True)
    assert (artifacts_dir / "admin_purchase_orders.png").stat().st_size > 10_000
