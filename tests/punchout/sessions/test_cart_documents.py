from decimal import Decimal

import pytest
from django.http import QueryDict

from punchout.cxml.cart import order_message_read
from punchout.cxml.parsing import CxmlRejected, cxml_parse, form_document
from tests.punchout.sessions.conftest import fixture_bytes

CART = "synthetic/cxml/05_punchout_order_message_cart.xml"


def read(document: bytes):
    return order_message_read(cxml_parse(document))


def test_the_synthetic_cart_reads_line_by_line():
    message = read(fixture_bytes(CART))
    assert (message.buyer_cookie, message.total, message.currency) == (
        "b7f1e0c2-6a1d-4d3c-9a55-0c9e4d2f7a10", Decimal("187.38"), "EUR")
    assert (message.operation_allowed, message.deployment_mode, message.status) == (
        "edit", "test", None)
    first, second, third = message.items
    assert (first.supplier_part_id, first.supplier_part_auxiliary_id, first.quantity,
            first.unit_price, first.currency, first.unit_of_measure, first.unspsc) == (
        "B0EXAMPLE01", "SYNTH-AUX-7Q2W-0001", Decimal(2), Decimal("54.90"), "EUR", "EA",
        "43211902")
    # Mixed content: the ShortName and the long text after it both survive.
    assert first.description == 'Écran 24 pouces – Moniteur 24" IPS, 1920×1080, HDMI/DisplayPort'
    assert second.description == "Ramette papier A4 80 g/m², 500 feuilles – blanc"
    assert (second.unit_of_measure, third.unit_of_measure) == ("PK", "PR")
    assert [item.line_number for item in message.items] == [1, 2, 3]


def test_the_empty_cart_has_no_lines():
    message = read(fixture_bytes("synthetic/cxml/06_punchout_order_message_empty_cancel.xml"))
    assert (message.items, message.total, message.operation_allowed) == (
        (), Decimal("0.00"), "create")


def test_a_third_party_cart_with_only_a_short_name_and_no_deployment_mode():
    message = read(fixture_bytes("third_party/friendsofcxml-cxml-php/PunchoutOrderMessage.xml"))
    assert message.buyer_cookie == "1CX3L4843PPZO"
    assert message.deployment_mode == "production"
    assert [(i.supplier_part_id, i.quantity, i.description) for i in message.items] == [
        ("5555", Decimal(3), "Excelsior Desk Chair"), ("666", Decimal(5), "22Excelsior Desk Chair")]


@pytest.mark.parametrize("name", ["synthetic/forms/poom_cxml_base64.body.txt",
                                  "synthetic/forms/poom_cxml_urlencoded.body.txt"])
def test_both_browser_transports_carry_the_same_cart(name):
    fields = QueryDict(fixture_bytes(name).strip())
    assert order_message_read(form_document(fields)) == read(fixture_bytes(CART))


def test_thousands_commas_fractional_quantities_and_the_old_spsc_domain():
    document = fixture_bytes(CART).replace(
        b'<ItemIn quantity="2">', b'<ItemIn quantity="2.5">').replace(
        b"54.90</Money>", b"1,054.90</Money>").replace(
        b'domain="UNSPSC">43211902', b'domain="SPSC">43211902')
    item = read(document).items[0]
    assert (item.quantity, item.unit_price, item.unspsc) == (
        Decimal("2.5"), Decimal("1054.90"), "43211902")


def test_a_status_204_message_says_nothing_changed():
    document = fixture_bytes("synthetic/cxml/06_punchout_order_message_empty_cancel.xml") \
        .replace(b'<Message deploymentMode="test">',
                 b'<Message deploymentMode="test"><Status code="204" text="No Content"/>')
    assert read(document).status.code == 204


def test_a_document_that_is_not_a_cart_is_refused():
    with pytest.raises(CxmlRejected, match="not a PunchOutOrderMessage") as refused:
        read(fixture_bytes("synthetic/cxml/03_punchout_setup_response_200.xml"))
    assert refused.value.status_code == 400


def test_a_price_that_is_not_a_number_is_refused():
    with pytest.raises(CxmlRejected, match="Line 1: the price"):
        read(fixture_bytes(CART).replace(b"54.90</Money>", b"54,90 EUR</Money>"))

