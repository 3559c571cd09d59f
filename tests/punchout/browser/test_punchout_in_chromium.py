"""The whole PunchOut route in a real browser: a requisitioner punches out to the supplier
simulator, fills a cart there and brings it back, submits it; another person approves; the
purchase order reaches the supplier as a DTD-valid OrderRequest, and the supplier's
confirmation, ship notice and invoice come back through our inbound endpoint."""

import time
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail
from lxml import etree

from config import roles
from punchout.models import ApprovalRule, OrderStatus, ProcurementOrder, ProcurementSettings
from tests.factories import AddressFactory, SupplierFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CONTROL = {"X-Sandbox-Control": "1"}
PASSWORD = "a-browser-password"
DTD = Path(settings.BASE_DIR) / "sandbox" / "fixtures" / "punchout" / "dtd" / "cXML-1.2.063.dtd"


def person(username: str, role: str):
    user = UserFactory(username=username, email=f"{username}@example.com", is_staff=True,
                       password=PASSWORD)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def amazon_business(sandbox_url):
    return SupplierFactory(
        code="amazon-business", name="Amazon Business", from_domain="NetworkId",
        from_identity="BACKOFFICE-DEMO", to_domain="NetworkId", to_identity="Amazon",
        sender_domain="NetworkId", sender_identity="BACKOFFICE-DEMO",
        shared_secret="sandbox-shared-secret", allowed_hosts="localhost, 127.0.0.1",
        setup_url=f"{sandbox_url}/punchout/setup", order_url=f"{sandbox_url}/punchout/order")


@pytest.fixture
def procurement_defaults():
    row, _ = ProcurementSettings.objects.get_or_create(pk=1)
    row.bill_to = AddressFactory(code="hq", name="Demo Brands Inc.")
    row.default_ship_to = AddressFactory(code="warehouse", name="Warehouse")
    row.save()
    ApprovalRule.objects.create(name="Department approval",
                                approvers=Group.objects.get(name=roles.APPROVER))


def supplier_replies_to(live_server, sandbox_url: str) -> None:
    # A short delay: the answer to our OrderRequest must be back before the confirmation.
    requests.post(f"{sandbox_url}/_control/punchout/settings", headers=CONTROL, timeout=5,
                  json={"buyer_url": f"{live_server.url}/punchout/cxml/", "auto_reply": True,
                        "reply_seconds": 1}).raise_for_status()


def log_in(page, live_server, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


def order_reaches(status: str, timeout: float = 20) -> ProcurementOrder:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        order = ProcurementOrder.objects.first()
        if order is not None and order.status == status:
            return order
        time.sleep(0.2)
    raise AssertionError(f"the order did not become {status}: {order and order.status}")


def test_punch_out_return_approve_order_and_hear_back(live_server, sandbox_url, page,
                                                     artifacts_dir, amazon_business,
                                                     procurement_defaults):
    person("buyer", roles.PUNCHOUT_USER)
    person("approver", roles.APPROVER)
    supplier_replies_to(live_server, sandbox_url)

    log_in(page, live_server, "buyer")
    page.goto(f"{live_server.url}/punchout/shop/")
    page.get_by_role("button", name="Shop at Amazon Business").click()
    page.fill("#quantity-B0SBX00001", "2")
    page.click("#add-B0SBX00001")
    page.click("#add-B0SBX00002")
    page.screenshot(path=artifacts_dir / "punchout_supplier_cart.png", full_page=True)
    page.click("#submit-cart")

    page.wait_for_url("**/admin/punchout/cart/*/change/")
    assert "B0SBX00001" in page.inner_text("#content-main")
    assert "TEST" in page.inner_text("#cart-workflow h2")  # the mode badge
    page.fill("#justification", "Pencils and paper for the warehouse office.")
    page.get_by_role("button", name="Submit for approval").click()
    assert "Department approval" in page.inner_text("#active-step")
    cart_url = page.url

    log_in(page, live_server, "approver")
    page.goto(cart_url)
    page.fill("#decision-comment", "Fine.")
    page.get_by_role("button", name="Approve").click()
    page.screenshot(path=artifacts_dir / "punchout_approved.png", full_page=True)

    order = order_reaches(OrderStatus.INVOICED)
    taken = requests.get(f"{sandbox_url}/_control/punchout/orders", headers=CONTROL,
                         timeout=5).json()["orders"]
    assert [(o["order_id"], o["dtd_valid"], o["deployment_mode"]) for o in taken] == [
        (order.number, True, "test")]
    assert etree.DTD(str(DTD)).validate(etree.fromstring(taken[0]["raw"].encode()))
    assert [d["http_status"] for d in taken[0]["documents"]] == [200, 200, 200]
    lines = list(order.lines.order_by("line_number"))
    assert [(line.accepted_quantity, line.backordered_quantity) for line in lines] == [(2, 0),
                                                                                        (0, 1)]
    assert order.ship_notices.get().tracking_number
    assert any("accepted" in message.body.lower() and message.to == ["buyer@example.com"]
               for message in mail.outbox)

    page.goto(f"{live_server.url}/admin/punchout/procurementorder/{order.pk}/change/")
    assert order.number in page.inner_text("#content")
    page.screenshot(path=artifacts_dir / "punchout_order.png", full_page=True)
