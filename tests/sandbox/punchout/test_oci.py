"""OCI: the catalog call with USERNAME, PASSWORD and HOOK_URL, and the cart posted back to
HOOK_URL as NEW_ITEM-*[n] fields."""

import pytest
import requests
from lxml import html

from sandbox.punchout.catalog import auxiliary_id_for
from tests.sandbox.punchout.buyer import add_to_cart, checkout

pytestmark = pytest.mark.django_db(transaction=True)
HOOK_URL = "https://buyer.example.com/punchout/oci/return/one-time-token/"
CALL = {"USERNAME": "BACKOFFICE-DEMO", "PASSWORD": "sandbox-shared-secret",
        "HOOK_URL": HOOK_URL, "~OkCode": "ADDI", "~TARGET": "_top", "~CALLER": "CTLG"}


def test_the_oci_call_opens_the_catalog_of_a_new_session(sandbox_url):
    browser = requests.Session()

    page = browser.post(f"{sandbox_url}/punchout/oci", data=CALL, timeout=5)

    assert page.status_code == 200
    assert page.history[0].status_code == 303
    assert f"{sandbox_url}/punchout/catalog/" in page.url
    assert html.fromstring(page.content).get_element_by_id("submit-cart") is not None


def test_the_oci_call_also_works_by_get(sandbox_url):
    page = requests.Session().get(f"{sandbox_url}/punchout/oci", params=CALL, timeout=5)

    assert page.status_code == 200
    assert "/punchout/catalog/" in page.url


@pytest.mark.parametrize("wrong", [{"PASSWORD": "guess"}, {"USERNAME": "someone"}])
def test_wrong_oci_credentials_are_refused(sandbox_url, wrong):
    page = requests.post(f"{sandbox_url}/punchout/oci", data={**CALL, **wrong}, timeout=5)

    assert page.status_code == 401
    assert "USERNAME and PASSWORD" in page.text


def test_an_oci_call_without_hook_url_is_refused(sandbox_url):
    call = {name: value for name, value in CALL.items() if name != "HOOK_URL"}

    page = requests.post(f"{sandbox_url}/punchout/oci", data=call, timeout=5)

    assert page.status_code == 400


def test_the_oci_cart_goes_to_hook_url_as_new_item_fields(sandbox_url):
    browser = requests.Session()
    catalog_url = browser.post(f"{sandbox_url}/punchout/oci", data=CALL, timeout=5).url
    add_to_cart(browser, catalog_url, "B0SBX00003", 2)
    add_to_cart(browser, catalog_url, "B0SBX00001", 5)

    form = checkout(browser, catalog_url)

    assert (form.get("action"), form.get("target")) == (HOOK_URL, "_top")
    fields = dict(form.form_values())
    session_id = catalog_url.rsplit("/", 1)[1]
    assert {name: value for name, value in fields.items() if name.endswith("[1]")} == {
        "NEW_ITEM-DESCRIPTION[1]": "27-inch 4K monitor",
        "NEW_ITEM-QUANTITY[1]": "2.000",
        "NEW_ITEM-UNIT[1]": "PCE",
        "NEW_ITEM-PRICE[1]": "289.00",
        "NEW_ITEM-PRICEUNIT[1]": "1",
        "NEW_ITEM-CURRENCY[1]": "USD",
        "NEW_ITEM-VENDORMAT[1]": "B0SBX00003",
        "NEW_ITEM-EXT_PRODUCT_ID[1]": auxiliary_id_for("B0SBX00003", session_id=session_id),
        "NEW_ITEM-MATGROUP[1]": "43211902",
        "NEW_ITEM-LEADTIME[1]": "3",
    }
    assert fields["NEW_ITEM-LONGTEXT_1:132[]"].startswith("27″ IPS monitor")
    assert (fields["NEW_ITEM-VENDORMAT[2]"], fields["NEW_ITEM-QUANTITY[2]"]) == (
        "B0SBX00001", "5.000")
    assert "NEW_ITEM-VENDORMAT[3]" not in fields


def test_cancelling_an_oci_session_posts_no_items(sandbox_url):
    browser = requests.Session()
    catalog_url = browser.post(f"{sandbox_url}/punchout/oci", data=CALL, timeout=5).url
    add_to_cart(browser, catalog_url, "B0SBX00003", 2)

    form = checkout(browser, catalog_url, action="cancel")

    assert form.get("action") == HOOK_URL
    assert form.form_values() == []
