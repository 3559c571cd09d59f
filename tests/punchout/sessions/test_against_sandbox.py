"""Punching out to the sandbox's supplier simulator, and the cart coming back the way a browser
brings it: the simulator's checkout form posted to our return URL."""

from decimal import Decimal

import pytest
import requests
from lxml import html

from punchout.models import CartStatus, Protocol, SessionStatus
from punchout.services.sessions import SessionFailed, session_start
from tests.factories import SupplierFactory
from tests.punchout.sessions.conftest import shopper

pytestmark = pytest.mark.django_db(transaction=True)

CONTROL = {"X-Sandbox-Control": "1"}
CREDENTIALS = {"from_domain": "NetworkId", "from_identity": "BACKOFFICE-DEMO",
               "sender_domain": "NetworkId", "sender_identity": "BACKOFFICE-DEMO",
               "to_domain": "NetworkId", "to_identity": "Amazon",
               "shared_secret": "sandbox-shared-secret"}


@pytest.fixture
def return_url_for(live_server):
    return lambda token: f"{live_server.url}/punchout/return/{token}/"


def simulator(sandbox_url: str, *, query: str = "", **changes):
    return SupplierFactory(name="Sandbox supplier",
                           setup_url=f"{sandbox_url}/punchout/setup{query}",
                           **{**CREDENTIALS, **changes})


def shop_and_send(start_url: str, items: dict[str, int], *, action: str = "submit"):
    """A browser on the supplier's site: add `items`, check out, and post the cart form the
    checkout page would submit by itself. Returns our answer to that POST."""
    browser = requests.Session()
    catalog = browser.get(start_url, timeout=5)
    assert catalog.status_code == 200, catalog.text
    catalog_url = start_url.split("?")[0] if "/catalog/" in start_url else catalog.url
    for part_id, quantity in items.items():
        browser.post(catalog_url, data={"action": "add", "part_id": part_id,
                                        "quantity": str(quantity)}, timeout=5)
    checkout = browser.post(catalog_url, data={"action": action}, timeout=5)
    form = html.fromstring(checkout.content).get_element_by_id("cart-transfer")
    return requests.post(form.action, data=form.form_values(), allow_redirects=False,
                         timeout=10)


def test_session_start_gets_the_simulators_start_page(sandbox_url, return_url_for):
    user = shopper(email="marie@example.com")
    started = session_start(supplier=simulator(sandbox_url), user=user,
                            return_url_for=return_url_for)

    assert started.url.startswith(f"{sandbox_url}/punchout/catalog/")
    assert started.session.status == SessionStatus.SHOPPING
    (seen,) = requests.get(f"{sandbox_url}/_control/punchout/sessions", headers=CONTROL,
                           timeout=5).json()["sessions"]
    assert (seen["buyer_cookie"], seen["user_email"], seen["deployment_mode"]) == (
        started.session.buyer_cookie, "marie@example.com", "test")


def test_the_simulator_refuses_a_wrong_shared_secret(sandbox_url, return_url_for):
    supplier = simulator(sandbox_url, shared_secret="not-the-secret")
    with pytest.raises(SessionFailed, match="did not accept our credentials .*cXML 401"):
        session_start(supplier=supplier, user=shopper(), return_url_for=return_url_for)
    assert supplier.sessions.get().status == SessionStatus.FAILED


@pytest.mark.parametrize("query", ["", "?cart_encoding=urlencoded"])
def test_a_cart_filled_at_the_simulator_comes_back_and_can_be_edited(
        sandbox_url, return_url_for, query):
    user = shopper(email="marie@example.com")
    supplier = simulator(sandbox_url, query=query)
    started = session_start(supplier=supplier, user=user, return_url_for=return_url_for)
    answer = shop_and_send(started.url, {"B0SBX00002": 3})

    cart = started.session.cart
    assert (answer.status_code, answer.headers["Location"]) == (
        303, f"/admin/punchout/cart/{cart.pk}/change/")
    cart.refresh_from_db()
    assert (cart.status, cart.total, cart.operation_allowed) == (
        CartStatus.RETURNED, Decimal("22.47"), "edit")
    (line,) = cart.lines.all()
    assert (line.supplier_part_id, line.quantity, line.unit_price) == (
        "B0SBX00002", 3, Decimal("7.49"))
    assert line.supplier_part_auxiliary_id

    # Edit: the simulator checks that our ItemOut lines echo its auxiliary ids.
    edit = session_start(supplier=supplier, user=user, operation="edit", cart=cart,
                         return_url_for=return_url_for)
    assert shop_and_send(edit.url, {"B0SBX00001": 1}).status_code == 303
    assert sorted(cart.lines.values_list("supplier_part_id", "quantity")) == [
        ("B0SBX00001", 1), ("B0SBX00002", 3)]


def test_cancelling_at_the_simulator_cancels_the_new_cart(sandbox_url, return_url_for):
    started = session_start(supplier=simulator(sandbox_url), user=shopper(),
                            return_url_for=return_url_for)
    assert shop_and_send(started.url, {"B0SBX00003": 1}, action="cancel").status_code == 303
    started.session.cart.refresh_from_db()
    assert started.session.cart.status == CartStatus.CANCELLED


def test_an_oci_cart_comes_back_from_the_simulators_catalog(sandbox_url, return_url_for):
    supplier = SupplierFactory(protocol=Protocol.OCI, setup_url=f"{sandbox_url}/punchout/oci",
                               from_identity="BACKOFFICE-DEMO",
                               shared_secret="sandbox-shared-secret")
    started = session_start(supplier=supplier, user=shopper(), return_url_for=return_url_for)
    # The browser posts the OCI form; the catalog follows.
    browser = requests.Session()
    catalog = browser.post(started.url, data=started.form_fields, timeout=5)
    assert catalog.status_code == 200, catalog.text
    browser.post(catalog.url, data={"action": "add", "part_id": "B0SBX00001", "quantity": "2"},
                 timeout=5)
    checkout = browser.post(catalog.url, data={"action": "submit"}, timeout=5)
    form = html.fromstring(checkout.content).get_element_by_id("cart-transfer")
    assert form.action == started.form_fields["HOOK_URL"]
    answer = requests.post(form.action, data=form.form_values(), allow_redirects=False,
                           timeout=10)

    assert answer.status_code == 303
    cart = started.session.cart
    cart.refresh_from_db()
    assert (cart.status, cart.total) == (CartStatus.RETURNED, Decimal("29.98"))
    assert cart.lines.get().supplier_part_id == "B0SBX00001"
