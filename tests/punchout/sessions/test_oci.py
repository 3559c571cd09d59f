from decimal import Decimal
from urllib.parse import parse_qsl, urlencode

import pytest
from django.http import QueryDict

from punchout.cxml.oci import oci_cart_read, oci_setup_fields
from punchout.cxml.parsing import CxmlRejected
from tests.punchout.sessions.conftest import fixture_bytes

GOOD_LINE = {"NEW_ITEM-DESCRIPTION[1]": "Stylo bleu", "NEW_ITEM-QUANTITY[1]": "5",
             "NEW_ITEM-UNIT[1]": "PCE", "NEW_ITEM-PRICE[1]": "1.50",
             "NEW_ITEM-CURRENCY[1]": "EUR", "NEW_ITEM-VENDORMAT[1]": "PEN-1"}


def fields_of(pairs) -> QueryDict:
    return QueryDict(urlencode(pairs))


def test_the_setup_call_has_the_fields_sap_sends():
    fields = oci_setup_fields(username="EXAMPLECORP_OCI", password="not-a-real-password",
                              hook_url="https://backoffice.example.com/punchout/oci/return/9b2e71aa/",
                              extra={})
    expected = dict(parse_qsl(fixture_bytes("synthetic/forms/oci_setup_call.body.txt")
                              .decode().strip()))
    assert fields == expected


def test_extra_fields_cannot_replace_the_hook_url():
    fields = oci_setup_fields(username="", password="", hook_url="https://us/return/t/",
                              extra={"CATALOG": "office", "HOOK_URL": "https://elsewhere/"})
    assert fields["HOOK_URL"] == "https://us/return/t/"
    assert fields["CATALOG"] == "office"
    assert "USERNAME" not in fields


def test_the_synthetic_oci_cart_reads_with_prices_per_price_unit_divided_out():
    items = oci_cart_read(QueryDict(fixture_bytes("synthetic/forms/oci_cart_return.body.txt")
                                    .strip()))
    assert [(i.supplier_part_id, i.supplier_part_auxiliary_id, i.quantity, i.unit_price,
             i.currency, i.unit_of_measure, i.unspsc) for i in items] == [
        ("B0EXAMPLE01", "SYNTH-AUX-7Q2W-0001", Decimal(2), Decimal("54.90"), "EUR", "PCE",
         "43211902"),
        ("B0EXAMPLE02", "SYNTH-AUX-7Q2W-0002", Decimal(10), Decimal("4.25"), "EUR", "PK",
         "14111507"),
        ("0317 10 005", "SYNTH-0317-10-005", Decimal(100), Decimal("0.10"), "EUR", "PCE",
         "31161700")]
    assert items[0].description == ('Moniteur 24 pouces IPS – Ecran 24" IPS 1920x1080, HDMI + '
                                    'DisplayPort, pied reglable en hauteur.')
    assert items[1].description == "Ramette papier A4 80 g/m² (500 f.)"


def test_the_catalog_key_is_the_part_id_when_there_is_no_vendor_material():
    pairs = {**GOOD_LINE, "NEW_ITEM-VENDORMAT[1]": "", "NEW_ITEM-EXT_PRODUCT_ID[1]": "KEY-9"}
    (item,) = oci_cart_read(fields_of(pairs))
    assert (item.supplier_part_id, item.supplier_part_auxiliary_id) == ("KEY-9", "KEY-9")


def test_lines_come_in_line_number_order_and_other_fields_are_no_part_of_the_cart():
    second = {name.replace("[1]", "[2]"): value for name, value in GOOD_LINE.items()}
    pairs = {**second, "NEW_ITEM-VENDORMAT[2]": "PEN-2", **GOOD_LINE, "~OkCode": "ADDI",
             "HOOK_URL": "https://attacker.invalid/steal"}
    assert [item.supplier_part_id for item in oci_cart_read(fields_of(pairs))] == \
        ["PEN-1", "PEN-2"]


def test_html_in_a_description_is_kept_as_text():
    pairs = {**GOOD_LINE, "NEW_ITEM-DESCRIPTION[1]": "<b>Stylo</b>"}
    assert oci_cart_read(fields_of(pairs))[0].description == "<b>Stylo</b>"


def test_the_hostile_oci_cart_is_refused():
    with pytest.raises(CxmlRejected) as refused:
        oci_cart_read(QueryDict(fixture_bytes("malicious/oci_cart_hostile.body.txt").strip()))
    assert refused.value.status_code == 400


@pytest.mark.parametrize(("change", "reason"), [
    ({"NEW_ITEM-QUANTITY[1]": "-5.000"}, "QUANTITY '-5.000' is not a number"),
    ({"NEW_ITEM-QUANTITY[1]": "1e309"}, "QUANTITY '1e309' is not a number"),
    ({"NEW_ITEM-PRICE[1]": "NaN"}, "PRICE 'NaN' is not a number"),
    ({"NEW_ITEM-PRICE[1]": "1,50"}, "PRICE '1,50' is not a number"),
    ({"NEW_ITEM-PRICE[1]": ""}, "PRICE '' is not a number"),
    ({"NEW_ITEM-PRICEUNIT[1]": "0"}, "PRICEUNIT must be above zero"),
    ({"NEW_ITEM-CURRENCY[1]": "EURO"}, "EURO"),
    ({"NEW_ITEM-UNIT[1]": "P/C"}, "unit 'P/C'"),
    ({"NEW_ITEM-VENDORMAT[1]": ""}, "no supplier part number"),
    ({"NEW_ITEM-DESCRIPTION[1]": ""}, "no description"),
    ({"NEW_ITEM-DESCRIPTION[1]": "A" * 5000}, "5,000 characters long; OCI allows 40"),
    ({"NEW_ITEM-DESCRIPTION[1]": "Stylo\x00"}, "control characters"),
    ({"NEW_ITEM-DESCRIPTION[0]": "index zero"}, "line 0; OCI numbers lines from 1"),
    ({"NEW_ITEM-DESCRIPTION[999999999]": "sparse"}, "at most 500 lines"),
    ({"NEW_ITEM-LONGTEXT_7:132[]": "orphan"}, "long text for line 7 but no such line"),
    ({"NEW_ITEM-description[1]": "lower case"}, "not an OCI cart field"),
])
def test_each_hostile_field_refuses_the_cart(change, reason):
    with pytest.raises(CxmlRejected, match=reason.replace("(", r"\(")) as refused:
        oci_cart_read(fields_of({**GOOD_LINE, **change}))
    assert refused.value.status_code == 400


def test_a_field_sent_twice_refuses_the_cart():
    body = urlencode(GOOD_LINE) + "&NEW_ITEM-DESCRIPTION%5B1%5D=second"
    with pytest.raises(CxmlRejected, match=r"DESCRIPTION\[1\] is sent more than once"):
        oci_cart_read(QueryDict(body))
