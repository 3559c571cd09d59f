import re
from decimal import Decimal
from urllib.parse import quote, urlencode

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from config import roles
from punchout.models import CartStatus, InboundDocument, Protocol, PunchOutSession
from tests.factories import CartFactory, SupplierFactory, UserFactory
from tests.punchout.sessions.conftest import (
    cart_form,
    fixture_bytes,
    fixture_form,
    shopper,
    shopping_session,
)

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"
CART = "synthetic/cxml/05_punchout_order_message_cart.xml"
START_PAGE = "https://supplier.example.net/punchout/start?session=4c1f0e2a9b7d&ts=1741083301"


@pytest.fixture
def ok_endpoint(supplier_endpoint):
    supplier_endpoint.body = fixture_bytes("synthetic/cxml/03_punchout_setup_response_200.xml")
    return supplier_endpoint


def logged_in(client, user):
    client.force_login(user)
    return client


def test_the_shop_page_lists_suppliers_with_their_mode_and_a_button(client):
    SupplierFactory(name="Amazon Business", code="amazon")
    SupplierFactory(name="Office OCI", code="office", protocol=Protocol.OCI,
                    deployment_mode="production")
    SupplierFactory(name="Not set up", setup_url="")
    page = logged_in(client, shopper()).get(reverse("punchout:shop"))

    assert page.status_code == 200
    content = page.content.decode()
    assert 'id="supplier-amazon"' in content
    assert 'id="supplier-office"' in content
    assert "Not set up" not in content
    assert re.search(r'punchout-mode-test[^>]*>Test<', content)
    assert re.search(r'punchout-mode-production[^>]*>Active<', content)
    assert f'action="{reverse("punchout:start", args=["amazon"])}"' in content
    assert 'value="Shop at Amazon Business"' in content
    assert "admin/css/base.css" in content  # it looks like the admin


def test_the_shop_page_needs_a_login_and_the_permission(client):
    page = client.get(reverse("punchout:shop"))
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("admin:login"))
    assert logged_in(client, UserFactory()).get(reverse("punchout:shop")).status_code == 403


def test_every_punchout_role_that_shops_can_open_the_shop(client):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=roles.ADMINISTRATOR))
    assert logged_in(client, user).get(reverse("punchout:shop")).status_code == 200


def test_start_redirects_the_browser_to_the_start_page(client, cxml_supplier, ok_endpoint):
    answer = logged_in(client, shopper()).post(
        reverse("punchout:start", args=[cxml_supplier.code]))
    assert (answer.status_code, answer["Location"]) == (302, START_PAGE)
    assert "no-store" in answer["Cache-Control"]
    (_headers, body), = ok_endpoint.received
    session = PunchOutSession.objects.get()
    token_url = re.search(rb"<URL>(http://testserver/punchout/return/[^<]+/)</URL>", body)
    assert token_url, body
    assert session.token_hash  # only the hash: the URL's token is nowhere in the database
    assert token_url[1].decode().split("/")[-2] not in session.setup_request


def test_start_is_a_post(client, cxml_supplier):
    answer = logged_in(client, shopper()).get(
        reverse("punchout:start", args=[cxml_supplier.code]))
    assert answer.status_code == 405


def test_a_failed_start_says_why_on_the_shop_page(client, cxml_supplier, supplier_endpoint):
    supplier_endpoint.body = fixture_bytes("malicious/setup_response_javascript_start_page.xml")
    answer = logged_in(client, shopper()).post(
        reverse("punchout:start", args=[cxml_supplier.code]), follow=True)
    assert answer.redirect_chain == [(reverse("punchout:shop"), 302)]
    assert "start page we do not open" in answer.content.decode()


def test_an_oci_start_renders_a_form_that_posts_itself_to_the_catalog(client):
    SupplierFactory(protocol=Protocol.OCI, code="office",
                    setup_url="https://catalog.example.com/oci",
                    from_identity="EXAMPLECORP_OCI", shared_secret="oci-password")
    page = logged_in(client, shopper()).post(reverse("punchout:start", args=["office"]))

    assert page.status_code == 200
    content = page.content.decode()
    assert '<form method="post" action="https://catalog.example.com/oci" id="oci-form"' in content
    assert '<input type="hidden" name="~OkCode" value="ADDI">' in content
    assert '<input type="hidden" name="USERNAME" value="EXAMPLECORP_OCI">' in content
    hook = re.search(r'name="HOOK_URL" value="(http://testserver/punchout/return/[^"]+/)"',
                     content)
    assert hook
    oci_form = re.search(r'<form[^>]*id="oci-form".*?</form>', content, re.S)[0]
    assert "csrfmiddlewaretoken" not in oci_form  # our token must not go to the supplier
    assert 'document.getElementById("oci-form").submit()' in content


def test_the_owner_reopens_a_cart_for_edit(client, cxml_supplier, ok_endpoint):
    user = shopper()
    cart = CartFactory(supplier=cxml_supplier, requisitioner=user, status=CartStatus.RETURNED,
                       operation_allowed="edit")
    answer = logged_in(client, user).post(
        reverse("punchout:cart-punchout", args=[cart.pk, "edit"]))
    assert (answer.status_code, answer["Location"]) == (302, START_PAGE)
    assert cart.sessions.get().operation == "edit"


def test_nobody_else_reopens_the_cart(client, cxml_supplier, ok_endpoint):
    cart = CartFactory(supplier=cxml_supplier, status=CartStatus.RETURNED,
                       operation_allowed="edit")
    answer = logged_in(client, shopper()).post(
        reverse("punchout:cart-punchout", args=[cart.pk, "edit"]))
    assert answer.status_code == 404
    assert ok_endpoint.received == []


def test_an_unknown_operation_is_not_found(client, cxml_supplier):
    user = shopper()
    cart = CartFactory(supplier=cxml_supplier, requisitioner=user)
    answer = logged_in(client, user).post(
        reverse("punchout:cart-punchout", args=[cart.pk, "create"]))
    assert answer.status_code == 404


def test_a_refused_reopening_shows_on_the_cart_page(client, cxml_supplier, ok_endpoint):
    user = shopper()
    cart = CartFactory(supplier=cxml_supplier, requisitioner=user, status=CartStatus.RETURNED,
                       operation_allowed="create")
    answer = logged_in(client, user).post(
        reverse("punchout:cart-punchout", args=[cart.pk, "edit"]))
    assert answer["Location"] == reverse("admin:punchout_cart_change", args=[cart.pk])


@pytest.mark.parametrize("name", ["synthetic/forms/poom_cxml_base64.body.txt",
                                  "synthetic/forms/poom_cxml_urlencoded.body.txt"])
def test_the_return_needs_no_session_cookie_nor_csrf_token_and_answers_303(name):
    session, token = shopping_session(supplier=SupplierFactory())
    browser = Client(enforce_csrf_checks=True)  # a cross-site POST: no cookie, no CSRF token
    answer = browser.post(reverse("punchout:return", args=[token]),
                          data=fixture_form(name, cookie=session.buyer_cookie),
                          content_type=FORM)

    cart_url = reverse("admin:punchout_cart_change", args=[session.cart_id])
    assert (answer.status_code, answer["Location"]) == (303, cart_url)
    session.cart.refresh_from_db()
    assert (session.cart.status, session.cart.total) == (CartStatus.RETURNED, Decimal("187.38"))
    # The owner, logged in as usual, lands on the cart page with the news.
    page = logged_in(browser, session.user).get(cart_url)
    assert page.status_code == 200
    assert "Your cart from" in page.content.decode()


def test_the_return_is_a_post():
    _session, token = shopping_session(supplier=SupplierFactory())
    assert Client().get(reverse("punchout:return", args=[token])).status_code == 405


def refused_page(token: str, body: bytes, status: int) -> str:
    answer = Client(enforce_csrf_checks=True).post(reverse("punchout:return", args=[token]),
                                                   data=body, content_type=FORM)
    assert answer.status_code == status
    return answer.content.decode()


def test_a_refused_cart_shows_what_was_wrong():
    session, token = shopping_session(supplier=SupplierFactory())
    document = fixture_bytes("malicious/poom_tampered_business_rules.xml").replace(
        b"00000000-0000-0000-0000-000000000000", session.buyer_cookie.encode())
    content = refused_page(token, cart_form(document), 400)
    assert "Line 1: the quantity -3 is not above zero" in content
    assert "Your cart was not changed" in content
    assert "The cart was not taken" in content
    assert reverse("punchout:shop") in content


def test_a_used_token_answers_410_and_an_unknown_one_403():
    session, token = shopping_session(supplier=SupplierFactory())
    body = cart_form(fixture_bytes(CART), cookie=session.buyer_cookie)
    assert Client().post(reverse("punchout:return", args=[token]), data=body,
                         content_type=FORM).status_code == 303
    assert "already been used" in refused_page(token, body, 410)
    assert "not one we gave out" in refused_page("no-such-token", body, 403)


def test_a_wrong_cookie_answers_403():
    _session, token = shopping_session(supplier=SupplierFactory())
    content = refused_page(token, cart_form(fixture_bytes(CART)), 403)
    assert "another punch-out" in content


def test_an_empty_cart_redirects_to_the_cancelled_cart():
    session, token = shopping_session(supplier=SupplierFactory())
    body = cart_form(fixture_bytes("synthetic/cxml/06_punchout_order_message_empty_cancel.xml"),
                     cookie=session.buyer_cookie)
    answer = Client().post(reverse("punchout:return", args=[token]), data=body,
                           content_type=FORM)
    assert answer.status_code == 303
    session.cart.refresh_from_db()
    assert session.cart.status == CartStatus.CANCELLED


def oci_lines(count: int) -> list[tuple[str, str]]:
    fields = []
    for n in range(1, count + 1):
        fields += [(f"NEW_ITEM-DESCRIPTION[{n}]", f"Item {n}"), (f"NEW_ITEM-QUANTITY[{n}]", "1"),
                   (f"NEW_ITEM-UNIT[{n}]", "PCE"), (f"NEW_ITEM-PRICE[{n}]", "2.00"),
                   (f"NEW_ITEM-CURRENCY[{n}]", "EUR"), (f"NEW_ITEM-VENDORMAT[{n}]", f"P-{n}"),
                   *[(f"NEW_ITEM-{name}[{n}]", "") for name in (
                       "PRICEUNIT", "LEADTIME", "MANUFACTMAT", "MATGROUP", "EXT_PRODUCT_ID",
                       "VENDOR", "CONTRACT", "CONTRACT_ITEM", "SERVICE", "EXT_QUOTE_ID",
                       "EXT_QUOTE_ITEM")]]
    return fields


def test_a_large_oci_cart_passes_djangos_field_limit():
    session, token = shopping_session(supplier=SupplierFactory(protocol=Protocol.OCI))
    body = urlencode(oci_lines(80)).encode()  # 1,360 fields
    answer = Client().post(reverse("punchout:return", args=[token]), data=body,
                           content_type=FORM)
    assert answer.status_code == 303
    session.cart.refresh_from_db()
    assert (session.cart.lines.count(), session.cart.total) == (80, Decimal("160.00"))


def test_an_oci_cart_in_iso_8859_1_is_read():
    session, token = shopping_session(supplier=SupplierFactory(protocol=Protocol.OCI))
    body = urlencode(oci_lines(1)).replace("Item+1", quote("Ramette 80 g/m²",
                                                            encoding="iso-8859-1"))
    answer = Client().post(reverse("punchout:return", args=[token]), data=body.encode(),
                           content_type=FORM)
    assert answer.status_code == 303
    assert session.cart.lines.get().description == "Ramette 80 g/m²"


def test_the_hostile_oci_cart_is_refused_with_400():
    session, token = shopping_session(supplier=SupplierFactory(protocol=Protocol.OCI))
    content = refused_page(token, fixture_bytes("malicious/oci_cart_hostile.body.txt").strip(),
                           400)
    assert "OCI numbers lines from 1" in content
    assert "&lt;script&gt;" not in content
    assert "<script>alert" not in content
    assert session.cart.lines.count() == 0
    assert InboundDocument.objects.get().status == "rejected"
