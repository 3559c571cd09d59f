"""The supplier's catalog page behind the start page, and the cart it posts back through the
browser as a PunchOutOrderMessage."""

from datetime import timedelta
from decimal import Decimal

import pytest
import requests
from django.utils import timezone
from lxml import html

from sandbox.punchout import state
from sandbox.punchout.catalog import auxiliary_id_for
from tests.sandbox.punchout.buyer import (
    CONTROL,
    RETURN_URL,
    add_to_cart,
    checkout,
    document,
    dtd_errors,
    order_message,
    setup_request,
    start_page,
)

pytestmark = pytest.mark.django_db(transaction=True)
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def cell(tree, row_id: str, css_class: str) -> str:
    """The text of the cell with `css_class` in the row `row_id`."""
    (node,) = tree.xpath(f'//*[@id="{row_id}"]/*[contains(concat(" ", @class, " "), '
                         f'" {css_class} ")]')
    return node.text_content()


def opened_catalog(sandbox_url: str, **setup) -> tuple[requests.Session, str, object]:
    """A browser (with its cookies) on the catalog of a new session, the catalog URL, and
    the setup request's PunchOutSetupRequest element."""
    query = setup.pop("query", "")
    root, request = setup_request(**setup)
    url = start_page(sandbox_url, root, query)
    browser = requests.Session()
    page = browser.get(url, timeout=5)
    assert page.status_code == 200, page.text
    return browser, url.split("?")[0], request


def test_the_catalog_lists_four_items_with_prices_and_categories(sandbox_url):
    root, _ = setup_request()
    page = requests.get(start_page(sandbox_url, root), timeout=5)

    tree = html.fromstring(page.content)
    rows = tree.xpath('//*[@id="catalog"]/tbody/tr')
    assert [row.get("id") for row in rows] == [f"item-B0SBX0000{n}" for n in range(1, 5)]
    assert cell(tree, "item-B0SBX00001", "price") == "14.99 USD / PK"
    assert cell(tree, "item-B0SBX00003", "unspsc") == "43211902"
    assert tree.get_element_by_id("add-B0SBX00002").text_content() == "Add to cart"
    assert tree.get_element_by_id("submit-cart").text_content() == (
        "Submit These Items for Approval")
    assert tree.get_element_by_id("cancel-return").text_content() == "Cancel and return"
    assert tree.get_element_by_id("user-email").text_content() == "marie@example.com"
    assert not tree.xpath("//link | //script[@src] | //img")


def test_the_start_page_works_once(sandbox_url):
    root, _ = setup_request()
    url = start_page(sandbox_url, root)

    first = requests.get(url, timeout=5)
    again = requests.get(url, timeout=5)

    assert first.status_code == 200
    assert again.status_code == 403
    assert "already used" in again.text


def test_the_start_page_expires_after_a_few_minutes(sandbox_url):
    url = start_page(sandbox_url, setup_request()[0])
    session = state.session_find(url.split("?")[0].rsplit("/", 1)[1])
    session.start_expires_at = timezone.now() - timedelta(seconds=1)

    answer = requests.get(url, timeout=5)

    assert answer.status_code == 403


def test_the_browser_that_opened_the_start_page_keeps_shopping(sandbox_url):
    browser, catalog_url, _ = opened_catalog(sandbox_url)

    answer = add_to_cart(browser, catalog_url, "B0SBX00002", 3)
    stranger = requests.post(catalog_url, data={"action": "add", "part_id": "B0SBX00001"},
                             timeout=5)

    tree = html.fromstring(answer.content)
    assert cell(tree, "cart-line-B0SBX00002", "quantity") == "3"
    assert tree.get_element_by_id("cart-total").text_content() == "22.47 USD"
    assert stranger.status_code == 403


def test_an_unknown_session_is_not_found(sandbox_url):
    answer = requests.get(f"{sandbox_url}/punchout/catalog/0123456789abcdef", timeout=5)

    assert answer.status_code == 404


def test_submitting_the_cart_renders_a_self_posting_page_with_the_base64_message(sandbox_url):
    browser, catalog_url, setup = opened_catalog(sandbox_url)
    add_to_cart(browser, catalog_url, "B0SBX00001", 2)
    add_to_cart(browser, catalog_url, "B0SBX00003", 1)
    add_to_cart(browser, catalog_url, "B0SBX00001", 1)

    form = checkout(browser, catalog_url)

    assert form.get("action") == RETURN_URL
    assert form.get("method").lower() == "post"
    assert [name for name, _ in form.form_values()] == ["cXML-base64"]
    message = order_message(form)
    assert dtd_errors(message) == []
    assert message.find("Header/Sender/Credential/SharedSecret") is None
    assert message.findtext("Header/From/Credential/Identity") == "Amazon"
    assert message.findtext("Header/To/Credential/Identity") == "BACKOFFICE-DEMO"
    assert message.find("Message").get("deploymentMode") == "test"
    poom = message.find("Message/PunchOutOrderMessage")
    assert poom.findtext("BuyerCookie") == setup.findtext("BuyerCookie")
    header = poom.find("PunchOutOrderMessageHeader")
    assert header.get("operationAllowed") == "edit"
    assert header.find("Total/Money").text == "333.97"
    items = poom.findall("ItemIn")
    assert [(item.get("quantity"), item.findtext("ItemID/SupplierPartID")) for item in items] == [
        ("3", "B0SBX00001"), ("1", "B0SBX00003")]
    session_id = catalog_url.rsplit("/", 1)[1]
    assert [item.findtext("ItemID/SupplierPartAuxiliaryID") for item in items] == [
        auxiliary_id_for("B0SBX00001", session_id=session_id),
        auxiliary_id_for("B0SBX00003", session_id=session_id)]
    detail = items[1].find("ItemDetail")
    assert detail.findtext("UnitPrice/Money") == "289.00"
    assert detail.find("UnitPrice/Money").get("currency") == "USD"
    assert detail.findtext("Description/ShortName") == "27-inch 4K monitor"
    assert "3840×2160" in "".join(detail.find("Description").itertext())
    assert detail.findtext("UnitOfMeasure") == "EA"
    assert detail.find("Classification").get("domain") == "UNSPSC"
    assert detail.findtext("Classification") == "43211902"
    page_body = html.fromstring(browser.post(catalog_url, timeout=5).content)
    assert "ended" in page_body.text_content()


def test_aux_ids_differ_from_session_to_session(sandbox_url):
    ids = []
    for _ in range(2):
        browser, catalog_url, _ = opened_catalog(sandbox_url)
        add_to_cart(browser, catalog_url, "B0SBX00004", 1)
        ids.append(order_message(checkout(browser, catalog_url)).findtext(
            ".//ItemIn/ItemID/SupplierPartAuxiliaryID"))

    assert ids[0] != ids[1]
    assert all(aux.startswith("SBX-AUX-") for aux in ids)


def test_a_session_set_up_for_urlencoded_gets_an_ascii_urlencoded_message(sandbox_url):
    browser, catalog_url, _ = opened_catalog(sandbox_url, query="?cart_encoding=urlencoded")
    add_to_cart(browser, catalog_url, "B0SBX00002", 1)

    form = checkout(browser, catalog_url)

    ((name, value),) = form.form_values()
    assert name == "cXML-urlencoded"
    assert value.isascii()
    assert "g/m&#178;" in value
    message = order_message(form)
    assert dtd_errors(message) == []
    assert "g/m²" in "".join(message.find(".//ItemIn/ItemDetail/Description").itertext())


def test_the_control_switch_makes_every_new_session_urlencoded(sandbox_url):
    requests.post(f"{sandbox_url}/_control/punchout/settings",
                  json={"cart_encoding": "urlencoded"}, headers=CONTROL,
                  timeout=5).raise_for_status()
    browser, catalog_url, _ = opened_catalog(sandbox_url)
    add_to_cart(browser, catalog_url, "B0SBX00001", 1)

    form = checkout(browser, catalog_url)

    assert [name for name, _ in form.form_values()] == ["cXML-urlencoded"]


def test_cancel_and_return_posts_an_empty_cart(sandbox_url):
    browser, catalog_url, setup = opened_catalog(sandbox_url)
    add_to_cart(browser, catalog_url, "B0SBX00001", 2)

    message = order_message(checkout(browser, catalog_url, action="cancel"))

    assert dtd_errors(message) == []
    poom = message.find("Message/PunchOutOrderMessage")
    assert poom.findall("ItemIn") == []
    assert poom.findtext("PunchOutOrderMessageHeader/Total/Money") == "0.00"
    assert poom.findtext("BuyerCookie") == setup.findtext("BuyerCookie")
    assert message.find("Message/Status") is None


def test_an_edit_session_starts_with_the_cart_the_buyer_sent(sandbox_url):
    auxiliary_id = auxiliary_id_for("B0SBX00002", session_id="feedface" * 4)
    browser, catalog_url, _ = opened_catalog(
        sandbox_url, operation="edit", items=(("B0SBX00002", auxiliary_id, 10),))
    add_to_cart(browser, catalog_url, "B0SBX00002", 2)

    items = order_message(checkout(browser, catalog_url)).findall(".//ItemIn")

    assert [(item.get("quantity"), item.findtext("ItemID/SupplierPartAuxiliaryID"))
            for item in items] == [("12", auxiliary_id)]


def test_an_edit_session_with_an_aux_id_not_handed_out_is_refused(sandbox_url):
    root, _ = setup_request(operation="edit", items=(("B0SBX00002", "MADE-UP", 1),))

    answer = requests.post(f"{sandbox_url}/punchout/setup", data=document(root), timeout=5)

    assert answer.status_code == 400
    assert "SupplierPartAuxiliaryID" in answer.text


def test_an_inspect_session_is_read_only_and_changes_nothing_on_return(sandbox_url):
    auxiliary_id = auxiliary_id_for("B0SBX00001", session_id="feedface" * 4)
    browser, catalog_url, _ = opened_catalog(
        sandbox_url, operation="inspect", items=(("B0SBX00001", auxiliary_id, 4),))

    page = html.fromstring(browser.get(catalog_url, timeout=5).content)
    add_to_cart(browser, catalog_url, "B0SBX00003", 1)
    message = order_message(checkout(browser, catalog_url, action="cancel"))

    assert cell(page, "cart-line-B0SBX00001", "quantity") == "4"
    assert not page.xpath('//*[@id="submit-cart" or @id="add-B0SBX00001" '
                          'or @id="remove-B0SBX00001"]')
    assert dtd_errors(message) == []
    assert message.find("Message/Status").get("code") == "204"
    assert message.findall(".//ItemIn") == []


def test_quantities_out_of_range_are_not_added(sandbox_url):
    browser, catalog_url, _ = opened_catalog(sandbox_url)

    answer = add_to_cart(browser, catalog_url, "B0SBX00001", 0)

    tree = html.fromstring(answer.content)
    assert "whole quantity" in tree.get_element_by_id("message").text_content()
    assert tree.get_element_by_id("cart-empty") is not None
    assert Decimal(tree.get_element_by_id("cart-total").text_content().split()[0]) == 0
