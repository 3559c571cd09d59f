"""A requisitioner's browser on the simulated supplier's catalog: add two items, submit, and
the cart lands on the buyer's return URL as the browser's own form post."""

import base64

import pytest

from tests.sandbox.punchout.buyer import dtd_errors, parse, setup_request, start_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_two_items_added_and_submitted_reach_the_return_url(sandbox_url, buyer_server, page,
                                                            artifacts_dir):
    root, setup = setup_request(return_url=buyer_server.url + "return/one-time/")
    page.goto(start_page(sandbox_url, root))

    page.fill("#quantity-B0SBX00002", "3")
    page.click("#add-B0SBX00002")
    page.wait_for_selector("#cart-line-B0SBX00002")
    page.click("#add-B0SBX00004")
    page.wait_for_selector("#cart-line-B0SBX00004")
    assert page.inner_text("#cart-total") == "472.46 USD"
    page.screenshot(path=artifacts_dir / "punchout_supplier_catalog.png", full_page=True)
    page.get_by_role("button", name="Submit These Items for Approval").click()

    (posted,) = buyer_server.wait_for(1)
    assert posted.path == "/punchout/cxml/return/one-time/"
    assert posted.content_type == "application/x-www-form-urlencoded"
    ((name, value),) = posted.form()
    assert name == "cXML-base64"
    message = parse(base64.b64decode(value))
    assert dtd_errors(message) == []
    poom = message.find("Message/PunchOutOrderMessage")
    assert poom.findtext("BuyerCookie") == setup.findtext("BuyerCookie")
    assert [(item.findtext("ItemID/SupplierPartID"), item.get("quantity"))
            for item in poom.findall("ItemIn")] == [("B0SBX00002", "3"), ("B0SBX00004", "1")]
    assert poom.findtext("PunchOutOrderMessageHeader/Total/Money") == "472.46"
