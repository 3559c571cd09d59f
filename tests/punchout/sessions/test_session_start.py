import hashlib
from decimal import Decimal

import pytest
from lxml import etree

from punchout.cxml.parsing import cxml_parse
from punchout.models import (
    Address,
    BuyerProfile,
    CartStatus,
    Department,
    DeploymentMode,
    ProcurementSettings,
    Protocol,
    PunchOutSession,
    SessionStatus,
)
from punchout.services.sessions import SessionFailed, session_start, start_page_allowed
from tests.factories import CartFactory, CartLineFactory, SupplierFactory
from tests.punchout.sessions.conftest import DTD, fixture_bytes, shopper

pytestmark = pytest.mark.django_db

START_PAGE = "https://supplier.example.net/punchout/start?session=4c1f0e2a9b7d&ts=1741083301"


def return_url_for(token: str) -> str:
    return f"https://backoffice.example.com/punchout/return/{token}/"


def answer_with_start_page(url: str) -> bytes:
    return fixture_bytes("synthetic/cxml/03_punchout_setup_response_200.xml").replace(
        START_PAGE.replace("&", "&amp;").encode(), url.encode())


def address(code: str) -> Address:
    return Address.objects.create(code=code, name=f"Site {code}", street="1 Main St",
                                  city="Springfield", postal_code="12345")


@pytest.fixture
def ok_endpoint(supplier_endpoint):
    supplier_endpoint.body = fixture_bytes("synthetic/cxml/03_punchout_setup_response_200.xml")
    return supplier_endpoint


def sent_request(endpoint) -> etree._Element:
    (_headers, body), = endpoint.received
    return cxml_parse(body)


def test_create_posts_a_dtd_valid_request_and_returns_the_start_page(cxml_supplier,
                                                                     ok_endpoint):
    user = shopper(first_name="Marie", last_name="Durand", email="marie@example.com")
    started = session_start(supplier=cxml_supplier, user=user, return_url_for=return_url_for)

    assert started.url == START_PAGE
    assert started.form_fields == {}
    (headers, body), = ok_endpoint.received
    assert headers["Content-Type"] == "text/xml; charset=UTF-8"
    assert etree.DTD(str(DTD)).validate(cxml_parse(body))
    session = PunchOutSession.objects.get()
    assert (session.status, session.start_url, session.operation) == (
        SessionStatus.SHOPPING, START_PAGE, "create")
    setup = cxml_parse(body).find("Request/PunchOutSetupRequest")
    assert setup.findtext("BuyerCookie") == session.buyer_cookie
    token = setup.findtext("BrowserFormPost/URL").split("/")[-2]
    assert session.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert [(e.get("name"), e.text) for e in setup.findall("Extrinsic")][:4] == [
        ("UserEmail", "marie@example.com"), ("UniqueName", user.username),
        ("FirstName", "Marie"), ("LastName", "Durand")]
    assert setup.findtext("Contact/Name") == "Marie Durand"


def test_the_stored_request_holds_neither_the_secret_nor_the_token(cxml_supplier, ok_endpoint):
    session_start(supplier=cxml_supplier, user=shopper(), return_url_for=return_url_for)
    (_headers, body), = ok_endpoint.received
    sent = cxml_parse(body)
    token = sent.findtext("Request/PunchOutSetupRequest/BrowserFormPost/URL").split("/")[-2]
    session = PunchOutSession.objects.get()
    assert sent.findtext("Header/Sender/Credential/SharedSecret") == "not-a-real-secret-0000"
    assert "not-a-real-secret-0000" not in session.setup_request
    assert token not in session.setup_request
    assert "<SharedSecret>********</SharedSecret>" in session.setup_request
    assert "4c1f0e2a9b7d" in session.setup_response


def test_a_new_cart_takes_the_users_department_ship_to_and_the_suppliers_mode(
        cxml_supplier, ok_endpoint):
    cxml_supplier.deployment_mode = DeploymentMode.ACTIVE
    cxml_supplier.save()
    user = shopper()
    department = Department.objects.create(code="it", name="IT", cost_center="CC-4100")
    BuyerProfile.objects.create(user=user, department=department,
                                default_ship_to=address("hq"))
    started = session_start(supplier=cxml_supplier, user=user, return_url_for=return_url_for)

    cart = started.session.cart
    assert (cart.status, cart.deployment_mode, cart.department, cart.ship_to.code) == (
        CartStatus.OPEN, "production", department, "hq")
    sent = sent_request(ok_endpoint)
    assert sent.find("Request").get("deploymentMode") == "production"
    setup = sent.find("Request/PunchOutSetupRequest")
    assert {e.get("name"): e.text for e in setup.findall("Extrinsic")}["CostCenter"] == "CC-4100"
    assert setup.find("ShipTo/Address").get("addressID") == "hq"
    assert [event.kind for event in cart.events.all()] == ["punchout"]


def test_without_a_profile_the_cart_ships_to_the_default_address(cxml_supplier, ok_endpoint):
    ProcurementSettings.objects.create(pk=1, default_ship_to=address("main"))
    started = session_start(supplier=cxml_supplier, user=shopper(),
                            return_url_for=return_url_for)
    assert started.session.cart.ship_to.code == "main"
    assert started.session.deployment_mode == "test"
    assert sent_request(ok_endpoint).find("Request").get("deploymentMode") == "test"


def test_the_suppliers_own_extrinsics_follow_ours_and_never_replace_them(cxml_supplier,
                                                                        ok_endpoint):
    cxml_supplier.extrinsics = {"UserEmail": "shared@example.com", "BusinessUnit": "EU",
                                "UniqueName": "someone-else"}
    cxml_supplier.save()
    user = shopper(email="marie@example.com")
    session_start(supplier=cxml_supplier, user=user, return_url_for=return_url_for)
    setup = sent_request(ok_endpoint).find("Request/PunchOutSetupRequest")
    assert [(e.get("name"), e.text) for e in setup.findall("Extrinsic")] == [
        ("UserEmail", "marie@example.com"), ("UniqueName", user.username),
        ("BusinessUnit", "EU")]


def test_edit_sends_the_cart_lines_with_a_fresh_buyer_cookie(cxml_supplier, ok_endpoint):
    user = shopper()
    cart = CartFactory(supplier=cxml_supplier, requisitioner=user, status=CartStatus.RETURNED,
                       operation_allowed="edit")
    CartLineFactory(cart=cart, supplier_part_id="B0EXAMPLE01", quantity=Decimal("2"),
                    supplier_part_auxiliary_id="SYNTH-AUX-7Q2W-0001", unspsc="43211902")
    CartLineFactory(cart=cart, supplier_part_id="B0EXAMPLE02", quantity=Decimal("10"))
    first = session_start(supplier=cxml_supplier, user=user, operation="edit", cart=cart,
                          return_url_for=return_url_for)
    second = session_start(supplier=cxml_supplier, user=user, operation="inspect", cart=cart,
                           return_url_for=return_url_for)

    assert first.session.buyer_cookie != second.session.buyer_cookie
    dtd = etree.DTD(str(DTD))
    for _headers, body in ok_endpoint.received:
        assert dtd.validate(cxml_parse(body)), dtd.error_log
    setup = cxml_parse(ok_endpoint.received[0][1]).find("Request/PunchOutSetupRequest")
    assert setup.get("operation") == "edit"
    assert [(line.get("quantity"), line.findtext("ItemID/SupplierPartID"),
             line.findtext("ItemID/SupplierPartAuxiliaryID")) for line in
            setup.findall("ItemOut")] == [("2", "B0EXAMPLE01", "SYNTH-AUX-7Q2W-0001"),
                                          ("10", "B0EXAMPLE02", None)]
    assert cart.sessions.count() == 2


def test_a_refusal_from_the_supplier_fails_the_session_and_cancels_the_new_cart(
        cxml_supplier, supplier_endpoint):
    supplier_endpoint.body = fixture_bytes("synthetic/cxml/04_punchout_setup_response_401.xml")
    with pytest.raises(SessionFailed, match="did not accept our credentials .*401 "
                                            "Unauthorized Sender credentials were not "
                                            "recognized.*shared secret"):
        session_start(supplier=cxml_supplier, user=shopper(), return_url_for=return_url_for)
    session = PunchOutSession.objects.get()
    assert session.status == SessionStatus.FAILED
    assert "401" in session.error
    assert "Sender credentials were not recognized" in session.setup_response
    assert session.cart.status == CartStatus.CANCELLED
    assert [event.kind for event in session.cart.events.all()] == ["punchout_failed"]


def test_a_cxml_error_under_http_500_is_read_too(cxml_supplier, supplier_endpoint):
    supplier_endpoint.status = 500
    supplier_endpoint.body = fixture_bytes("third_party/officeluv-cxml/response_status_400.xml")
    with pytest.raises(SessionFailed, match="refused the punch-out .*cXML 400 "
                                            "java.lang.Exception"):
        session_start(supplier=cxml_supplier, user=shopper(), return_url_for=return_url_for)


def test_an_answer_that_is_not_cxml_fails(cxml_supplier, supplier_endpoint):
    supplier_endpoint.status = 502
    supplier_endpoint.body = b"<html>Bad gateway</html>"
    with pytest.raises(SessionFailed, match=r"answered \(HTTP 502\) without a cXML answer"):
        session_start(supplier=cxml_supplier, user=shopper(), return_url_for=return_url_for)
    assert PunchOutSession.objects.get().setup_response == "<html>Bad gateway</html>"


def test_a_redirect_is_not_followed(cxml_supplier, supplier_endpoint):
    supplier_endpoint.status = 302
    supplier_endpoint.headers = {"Location": supplier_endpoint.url}
    with pytest.raises(SessionFailed):
        session_start(supplier=cxml_supplier, user=shopper(), return_url_for=return_url_for)
    assert len(supplier_endpoint.received) == 1


def test_an_unreachable_supplier_fails_with_a_sentence(cxml_supplier):
    cxml_supplier.setup_url = "http://127.0.0.1:9/punchout/setup"  # discard port: refused
    cxml_supplier.save()
    with pytest.raises(SessionFailed, match="could not be reached; try again"):
        session_start(supplier=cxml_supplier, user=shopper(), return_url_for=return_url_for)
    assert PunchOutSession.objects.get().status == SessionStatus.FAILED


def test_a_javascript_start_page_is_refused(cxml_supplier, supplier_endpoint):
    supplier_endpoint.body = fixture_bytes("malicious/setup_response_javascript_start_page.xml")
    with pytest.raises(SessionFailed, match="start page we do not open"):
        session_start(supplier=cxml_supplier, user=shopper(), return_url_for=return_url_for)
    session = PunchOutSession.objects.get()
    assert (session.status, session.start_url) == (SessionStatus.FAILED, "")


def test_a_start_page_on_another_host_is_refused(cxml_supplier, supplier_endpoint):
    supplier_endpoint.body = answer_with_start_page("https://attacker.invalid/start")
    with pytest.raises(SessionFailed, match="attacker.invalid"):
        session_start(supplier=cxml_supplier, user=shopper(), return_url_for=return_url_for)


@pytest.mark.parametrize(("allowed_hosts", "url", "allowed"), [
    ("supplier.example.net", "https://supplier.example.net/start", True),
    ("supplier.example.net", "http://supplier.example.net:8080/start", True),
    ("supplier.example.net", "https://SUPPLIER.example.net/start", True),
    ("supplier.example.net", "https://shop.supplier.example.net/start", False),
    (".example.net", "https://shop.supplier.example.net/start", True),
    (".example.net", "https://example.net/start", True),
    (".example.net", "https://example.net.attacker.invalid/start", False),
    ("a.example, supplier.example.net", "https://supplier.example.net/", True),
    ("", "https://setup.example.org/start", True),  # the setup URL's host
    ("", "https://other.example.org/start", False),
    ("*", "https://attacker.invalid/", False),
    ("supplier.example.net", "javascript:alert(1)//supplier.example.net", False),
    ("supplier.example.net", "ftp://supplier.example.net/", False),
    ("supplier.example.net", "//supplier.example.net/start", False),
    ("supplier.example.net", "https://supplier.example.net@attacker.invalid/", False),
    ("supplier.example.net", "https://attacker.invalid\\@supplier.example.net/", False),
    ("supplier.example.net", "https://supplier.example.net/a b", False),
    ("supplier.example.net", "https://[supplier.example.net/", False),
    ("supplier.example.net", "", False),
])
def test_start_page_hosts(allowed_hosts, url, allowed):
    supplier = SupplierFactory(setup_url="https://setup.example.org/punchout",
                               allowed_hosts=allowed_hosts)
    assert start_page_allowed(url, supplier=supplier) is allowed


def test_oci_opens_the_catalog_with_a_form_and_no_server_call(supplier_endpoint):
    supplier = SupplierFactory(protocol=Protocol.OCI, setup_url=supplier_endpoint.url,
                               from_identity="EXAMPLECORP_OCI", shared_secret="oci-password",
                               extrinsics={"CATALOG": "office"})
    started = session_start(supplier=supplier, user=shopper(), return_url_for=return_url_for)

    assert supplier_endpoint.received == []
    assert started.url == supplier_endpoint.url
    fields = started.form_fields
    token = fields["HOOK_URL"].split("/")[-2]
    assert fields == {"USERNAME": "EXAMPLECORP_OCI", "PASSWORD": "oci-password",
                      "CATALOG": "office", "HOOK_URL": return_url_for(token), "~OkCode": "ADDI",
                      "~TARGET": "_top", "~CALLER": "CTLG", "returntarget": "_top"}
    session = started.session
    assert session.status == SessionStatus.SHOPPING
    assert session.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert "oci-password" not in session.setup_request
    assert token not in session.setup_request
    assert [event.kind for event in session.cart.events.all()] == ["punchout"]


@pytest.mark.parametrize(("cart_changes", "operation", "reason"), [
    ({"operation_allowed": "create"}, "edit", "does not allow this cart to be reopened"),
    ({"operation_allowed": "inspect"}, "edit", "does not allow this cart to be reopened"),
    ({"status": CartStatus.SUBMITTED}, "edit", "only a cart back from the supplier"),
    ({"status": CartStatus.ORDERED}, "edit", "only a cart back from the supplier"),
    ({"deployment_mode": DeploymentMode.ACTIVE}, "inspect", "was filled while"),
    ({}, "source", "Choose a cart"),
])
def test_a_cart_is_reopened_only_as_its_supplier_and_status_allow(
        cxml_supplier, supplier_endpoint, cart_changes, operation, reason):
    user = shopper()
    cart = CartFactory(supplier=cxml_supplier, requisitioner=user,
                       **{"status": CartStatus.RETURNED, "operation_allowed": "edit",
                          **cart_changes})
    with pytest.raises(SessionFailed, match=reason):
        session_start(supplier=cxml_supplier, user=user, operation=operation, cart=cart,
                      return_url_for=return_url_for)
    assert supplier_endpoint.received == []
    assert not PunchOutSession.objects.exists()


def test_only_the_requisitioner_reopens_a_cart(cxml_supplier, supplier_endpoint):
    cart = CartFactory(supplier=cxml_supplier, status=CartStatus.RETURNED,
                       operation_allowed="edit")
    with pytest.raises(SessionFailed, match="Only the requisitioner"):
        session_start(supplier=cxml_supplier, user=shopper(), operation="edit", cart=cart,
                      return_url_for=return_url_for)


def test_an_oci_cart_cannot_be_reopened():
    supplier = SupplierFactory(protocol=Protocol.OCI)
    user = shopper()
    cart = CartFactory(supplier=supplier, requisitioner=user, status=CartStatus.RETURNED,
                       operation_allowed="edit")
    with pytest.raises(SessionFailed, match="OCI catalog"):
        session_start(supplier=supplier, user=user, operation="edit", cart=cart,
                      return_url_for=return_url_for)


def test_a_supplier_without_a_setup_url_cannot_be_shopped_at():
    with pytest.raises(SessionFailed, match="no PunchOut setup URL"):
        session_start(supplier=SupplierFactory(setup_url=""), user=shopper(),
                      return_url_for=return_url_for)
