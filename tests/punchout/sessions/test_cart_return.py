from decimal import Decimal

import pytest
from django.http import QueryDict
from django.utils import timezone

from punchout.models import (
    CartStatus,
    DocumentKind,
    DocumentStatus,
    InboundDocument,
    Protocol,
    SessionStatus,
)
from punchout.services.carts import CartReturnRefused, cart_return
from tests.factories import CartFactory, CartLineFactory, SupplierFactory
from tests.punchout.sessions.conftest import (
    cart_form,
    fixture_bytes,
    fixture_form,
    shopper,
    shopping_session,
)

pytestmark = pytest.mark.django_db

CART = "synthetic/cxml/05_punchout_order_message_cart.xml"
EMPTY = "synthetic/cxml/06_punchout_order_message_empty_cancel.xml"
FORM = "application/x-www-form-urlencoded"


def post(token: str, body: bytes):
    return cart_return(token=token, fields=QueryDict(body), body=body, content_type=FORM,
                       remote_addr="203.0.113.7")


@pytest.fixture
def supplier():
    return SupplierFactory(name="Example Supplies")


@pytest.fixture
def returned_cart(supplier):
    """A cart back from the supplier earlier, with one line, that may be edited there."""
    cart = CartFactory(supplier=supplier, requisitioner=shopper(), status=CartStatus.RETURNED,
                       operation_allowed="edit", total=Decimal("39.98"), currency="USD")
    CartLineFactory(cart=cart, line_number=1, supplier_part_id="B0OLD", quantity=2,
                    unit_price=Decimal("19.99"))
    return cart


def lines_of(cart):
    return [(line.line_number, line.supplier_part_id, line.quantity, line.unit_price)
            for line in cart.lines.all()]


@pytest.mark.parametrize("name", ["synthetic/forms/poom_cxml_base64.body.txt",
                                  "synthetic/forms/poom_cxml_urlencoded.body.txt"])
def test_a_returned_cart_replaces_the_lines_and_is_ready_for_submission(supplier, name):
    session, token = shopping_session(supplier=supplier)
    body = fixture_form(name, cookie=session.buyer_cookie)
    cart = post(token, body)

    cart.refresh_from_db()
    assert (cart.status, cart.total, cart.currency, cart.operation_allowed) == (
        CartStatus.RETURNED, Decimal("187.38"), "EUR", "edit")
    assert cart.returned_at is not None
    first, second, third = cart.lines.all()
    assert (first.line_number, first.supplier_part_id, first.supplier_part_auxiliary_id,
            first.quantity, first.unit_price, first.currency, first.unit_of_measure,
            first.unspsc) == (1, "B0EXAMPLE01", "SYNTH-AUX-7Q2W-0001", Decimal(2),
                              Decimal("54.90"), "EUR", "EA", "43211902")
    assert first.description == 'Écran 24 pouces – Moniteur 24" IPS, 1920×1080, HDMI/DisplayPort'
    assert (second.unit_of_measure, third.description) == (
        "PK", "Bürostuhl-Armlehnen (Paar), für Modell X")
    document = InboundDocument.objects.get()
    assert (document.kind, document.status, bytes(document.body), document.remote_addr,
            document.payload_id) == (DocumentKind.CART, DocumentStatus.APPLIED, body,
                                     "203.0.113.7",
                                     "1741084500.0003.supplier@supplier.example.net")
    session.refresh_from_db()
    assert session.status == SessionStatus.RETURNED
    assert [event.kind for event in cart.events.all()] == ["returned"]


def test_an_edit_replaces_the_earlier_lines(supplier, returned_cart):
    session, token = shopping_session(supplier=supplier, operation="edit", cart=returned_cart)
    post(token, cart_form(fixture_bytes(CART), cookie=session.buyer_cookie))
    assert [line[1] for line in lines_of(returned_cart)] == [
        "B0EXAMPLE01", "B0EXAMPLE02", "B0EXAMPLE03"]


def test_the_cart_total_is_ours_not_the_suppliers(supplier):
    # Within a cent per line the supplier's rounding is accepted, but our own sum is kept.
    document = fixture_bytes(CART).replace(b"187.38</Money>", b"187.40</Money>")
    session, token = shopping_session(supplier=supplier)
    assert post(token, cart_form(document, cookie=session.buyer_cookie)).total == \
        Decimal("187.38")


def test_the_oci_cart_comes_back_with_prices_per_piece():
    supplier = SupplierFactory(protocol=Protocol.OCI)
    session, token = shopping_session(supplier=supplier)
    cart = post(token, fixture_bytes("synthetic/forms/oci_cart_return.body.txt").strip())

    assert (cart.status, cart.currency, cart.operation_allowed) == (
        CartStatus.RETURNED, "EUR", "create")
    assert cart.total == Decimal("162.30")  # 2 × 54.90 + 10 × 4.25 + 100 × 0.10
    assert [(line.supplier_part_id, line.supplier_part_auxiliary_id, line.unit_price,
             line.unit_of_measure, line.unspsc) for line in cart.lines.all()] == [
        ("B0EXAMPLE01", "SYNTH-AUX-7Q2W-0001", Decimal("54.9"), "PCE", "43211902"),
        ("B0EXAMPLE02", "SYNTH-AUX-7Q2W-0002", Decimal("4.25"), "PK", "14111507"),
        ("0317 10 005", "SYNTH-0317-10-005", Decimal("0.1"), "PCE", "31161700")]


def test_an_empty_cart_from_a_new_punch_out_cancels_the_cart(supplier):
    session, token = shopping_session(supplier=supplier)
    cart = post(token, cart_form(fixture_bytes(EMPTY), cookie=session.buyer_cookie))
    assert (cart.status, cart.lines.count()) == (CartStatus.CANCELLED, 0)
    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED
    assert [event.kind for event in cart.events.all()] == ["cancelled"]


def test_an_empty_cart_from_an_edit_removes_the_lines_and_cancels(supplier, returned_cart):
    session, token = shopping_session(supplier=supplier, operation="edit", cart=returned_cart)
    cart = post(token, cart_form(fixture_bytes(EMPTY), cookie=session.buyer_cookie))
    assert (cart.status, cart.lines.count(), cart.total) == (CartStatus.CANCELLED, 0, 0)


def test_inspect_changes_nothing_whatever_comes_back(supplier, returned_cart):
    session, token = shopping_session(supplier=supplier, operation="inspect",
                                      cart=returned_cart)
    post(token, cart_form(fixture_bytes(CART), cookie=session.buyer_cookie))
    returned_cart.refresh_from_db()
    assert (returned_cart.status, returned_cart.total) == (CartStatus.RETURNED,
                                                           Decimal("39.98"))
    assert lines_of(returned_cart) == [(1, "B0OLD", 2, Decimal("19.99"))]
    assert InboundDocument.objects.get().status == DocumentStatus.APPLIED


def no_content(document: bytes) -> bytes:
    return document.replace(b'<Message deploymentMode="test">',
                            b'<Message deploymentMode="test"><Status code="204" text=""/>')


def test_status_204_after_an_edit_keeps_the_cart_as_it_was(supplier, returned_cart):
    session, token = shopping_session(supplier=supplier, operation="edit", cart=returned_cart)
    post(token, cart_form(no_content(fixture_bytes(CART)), cookie=session.buyer_cookie))
    returned_cart.refresh_from_db()
    assert returned_cart.status == CartStatus.RETURNED
    assert lines_of(returned_cart) == [(1, "B0OLD", 2, Decimal("19.99"))]


def test_status_204_after_a_new_punch_out_cancels_the_empty_cart(supplier):
    session, token = shopping_session(supplier=supplier)
    cart = post(token, cart_form(no_content(fixture_bytes(EMPTY)), cookie=session.buyer_cookie))
    assert cart.status == CartStatus.CANCELLED


def assert_refused_without_change(token, body, cart, *, status_code=400, match=None):
    before = (cart.status, cart.total, lines_of(cart))
    with pytest.raises(CartReturnRefused, match=match) as refused:
        post(token, body)
    assert refused.value.status_code == status_code
    assert "Your cart was not changed" in str(refused.value)
    cart.refresh_from_db()
    assert (cart.status, cart.total, lines_of(cart)) == before
    document = InboundDocument.objects.get()
    assert (document.status, bytes(document.body)) == (DocumentStatus.REJECTED, body)
    assert document.error
    assert "root:" not in document.error
    session = cart.sessions.get()
    assert (session.status, session.error) == (SessionStatus.FAILED, document.error)
    assert cart.events.get(kind="return_refused").message.endswith(document.error)
    return refused.value


MALICIOUS_DOCUMENTS = ["xxe_external_entity_file_poom.xml", "billion_laughs.xml",
                       "external_dtd_ssrf_system_id.xml"]


@pytest.mark.parametrize("field_name", ["cxml-base64", "cxml-urlencoded"])
@pytest.mark.parametrize("name", MALICIOUS_DOCUMENTS)
def test_hostile_xml_is_refused_in_either_field(supplier, returned_cart, name, field_name):
    session, token = shopping_session(supplier=supplier, operation="edit", cart=returned_cart)
    body = cart_form(fixture_bytes(f"malicious/{name}"), cookie=session.buyer_cookie,
                     field_name=field_name)
    assert_refused_without_change(token, body, returned_cart)


@pytest.mark.parametrize("name", ["xxe_poom_cxml_base64.body.txt",
                                  "xxe_poom_cxml_urlencoded.body.txt"])
def test_the_xxe_form_bodies_are_refused(supplier, returned_cart, name):
    session, token = shopping_session(supplier=supplier, operation="edit", cart=returned_cart)
    assert_refused_without_change(token, fixture_form(f"malicious/{name}",
                                                      cookie=session.buyer_cookie),
                                  returned_cart, match="DTD entities")


def test_the_tampered_cart_is_refused_for_its_unknown_cookie(supplier, returned_cart):
    _session, token = shopping_session(supplier=supplier, operation="edit", cart=returned_cart)
    body = cart_form(fixture_bytes("malicious/poom_tampered_business_rules.xml"))
    assert_refused_without_change(token, body, returned_cart, status_code=403,
                                  match="another punch-out")


def test_the_tampered_cart_is_refused_even_with_the_right_cookie(supplier, returned_cart):
    session, token = shopping_session(supplier=supplier, operation="edit", cart=returned_cart)
    document = fixture_bytes("malicious/poom_tampered_business_rules.xml").replace(
        b"00000000-0000-0000-0000-000000000000", session.buyer_cookie.encode())
    assert_refused_without_change(token, cart_form(document), returned_cart,
                                  match="Line 1: the quantity -3")


def test_the_hostile_oci_cart_is_refused():
    supplier = SupplierFactory(protocol=Protocol.OCI)
    session, token = shopping_session(supplier=supplier)
    assert_refused_without_change(
        token, fixture_bytes("malicious/oci_cart_hostile.body.txt").strip(), session.cart)


@pytest.mark.parametrize(("old", "new", "reason"), [
    (b'<ItemIn quantity="2">', b'<ItemIn quantity="0">', "Line 1: the quantity 0 is not above"),
    (b'<ItemIn quantity="2">', b'<ItemIn quantity="1.0005">', "at most three decimals"),
    (b"54.90</Money>", b"-54.90</Money>", "Line 1: the price -54.90"),
    (b'<Money currency="EUR">4.25', b'<Money currency="USD">4.25', "mixes currencies"),
    (b'<Money currency="EUR">187.38', b'<Money currency="USD">187.38', "mixes currencies"),
    (b"187.38</Money>", b"18.73</Money>", "total 18.73 does not match its lines"),
    (b"<UnitOfMeasure>EA</UnitOfMeasure>", b"<UnitOfMeasure>EACH-PIECE</UnitOfMeasure>",
     "unit of measure is longer than 8"),
    (b"<SupplierPartID>B0EXAMPLE01", b"<SupplierPartID>" + b"X" * 201 + b"B0EXAMPLE01",
     "supplier part id is longer than 200"),
    (b'operationAllowed="edit"', b'operationAllowed="delete"', "operationAllowed 'delete'"),
    (b'<Message deploymentMode="test">',
     b'<Message deploymentMode="test"><Status code="500" text="Cart broken"/>',
     "reported an error instead of a cart: 500 Cart broken"),
])
def test_a_cart_that_does_not_add_up_is_refused(supplier, returned_cart, old, new, reason):
    session, token = shopping_session(supplier=supplier, operation="edit", cart=returned_cart)
    document = fixture_bytes(CART)
    assert old in document
    assert_refused_without_change(
        token, cart_form(document.replace(old, new), cookie=session.buyer_cookie),
        returned_cart, match=reason)


def test_too_many_lines_are_refused(supplier, returned_cart, monkeypatch):
    monkeypatch.setattr("punchout.services.carts.CART_LINES_MAX", 2)
    session, token = shopping_session(supplier=supplier, operation="edit", cart=returned_cart)
    assert_refused_without_change(
        token, cart_form(fixture_bytes(CART), cookie=session.buyer_cookie), returned_cart,
        match="The cart has 3 lines; at most 2")


def test_a_cart_submitted_meanwhile_is_not_changed(supplier, returned_cart):
    session, token = shopping_session(supplier=supplier, operation="edit", cart=returned_cart)
    returned_cart.status = CartStatus.SUBMITTED
    returned_cart.save()
    assert_refused_without_change(
        token, cart_form(fixture_bytes(CART), cookie=session.buyer_cookie), returned_cart,
        status_code=409, match="Awaiting approval")


def test_a_form_without_a_cxml_field_is_refused(supplier, returned_cart):
    _session, token = shopping_session(supplier=supplier, operation="edit", cart=returned_cart)
    assert_refused_without_change(token, b"cart=nothing", returned_cart,
                                  match="neither a cXML-base64 nor")


def test_a_token_works_once_even_when_the_first_cart_was_refused(supplier, returned_cart):
    session, token = shopping_session(supplier=supplier, operation="edit", cart=returned_cart)
    with pytest.raises(CartReturnRefused):
        post(token, cart_form(fixture_bytes(CART)))  # the fixture's cookie: refused
    good = cart_form(fixture_bytes(CART), cookie=session.buyer_cookie)
    with pytest.raises(CartReturnRefused, match="already been used") as refused:
        post(token, good)
    assert refused.value.status_code == 410
    assert InboundDocument.objects.count() == 1
    assert lines_of(returned_cart) == [(1, "B0OLD", 2, Decimal("19.99"))]


def test_a_token_works_once_after_success(supplier):
    session, token = shopping_session(supplier=supplier)
    body = cart_form(fixture_bytes(CART), cookie=session.buyer_cookie)
    post(token, body)
    with pytest.raises(CartReturnRefused, match="already been used"):
        post(token, body)
    assert InboundDocument.objects.count() == 1


def test_an_expired_token_changes_nothing(supplier, returned_cart):
    session, token = shopping_session(supplier=supplier, operation="edit", cart=returned_cart,
                                      minutes=-1)
    with pytest.raises(CartReturnRefused, match="has expired") as refused:
        post(token, cart_form(fixture_bytes(CART), cookie=session.buyer_cookie))
    assert refused.value.status_code == 410
    assert not InboundDocument.objects.exists()
    session.refresh_from_db()
    assert (session.status, session.returned_at) == (SessionStatus.SHOPPING, None)
    assert lines_of(returned_cart) == [(1, "B0OLD", 2, Decimal("19.99"))]


def test_an_unknown_token_changes_nothing(supplier):
    session, _token = shopping_session(supplier=supplier)
    with pytest.raises(CartReturnRefused, match="not one we gave out") as refused:
        post("made-up-token", cart_form(fixture_bytes(CART), cookie=session.buyer_cookie))
    assert refused.value.status_code == 403
    assert not InboundDocument.objects.exists()


def test_a_failed_session_has_no_usable_token(supplier):
    session, token = shopping_session(supplier=supplier)
    session.status, session.error = SessionStatus.FAILED, "401"
    session.save()
    with pytest.raises(CartReturnRefused, match="already been used"):
        post(token, cart_form(fixture_bytes(CART), cookie=session.buyer_cookie))


def test_the_token_is_claimed_with_a_compare_and_set(supplier):
    # Another request claimed it between our read and our update: ours must lose.
    session, token = shopping_session(supplier=supplier)
    type(session).objects.filter(pk=session.pk).update(returned_at=timezone.now())
    with pytest.raises(CartReturnRefused, match="already been used"):
        post(token, cart_form(fixture_bytes(CART), cookie=session.buyer_cookie))
