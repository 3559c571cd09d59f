from datetime import UTC, datetime
from decimal import Decimal

import pytest
from lxml import etree

from punchout.cxml.parsing import cxml_parse
from punchout.cxml.setup import setup_request_xml, setup_response_read
from punchout.cxml.values import Credential, Header, Item, PostalAddress, SetupRequest
from tests.punchout.sessions.conftest import DTD, fixture_bytes

SHIP_TO = PostalAddress(address_id="SITE-PARIS-01", name="ExampleCorp Siege",
                        street="10 rue de l'Exemple", city="Paris", postal_code="75002",
                        country_code="FR", deliver_to="Marie Durand")


def setup_request(**changes) -> SetupRequest:
    values = {
        "header": Header(from_=Credential("NetworkId", "PunchoutGroupEXAMPLE0001"),
                         to=Credential("NetworkId", "Amazon"),
                         sender=Credential("NetworkId", "PunchoutGroupEXAMPLE0001",
                                           "not-a-real-secret-0000")),
        "payload_id": "20250304101500.abc@backoffice.example.com",
        "timestamp": datetime(2025, 3, 4, 9, 15, tzinfo=UTC), "deployment_mode": "test",
        "operation": "create", "buyer_cookie": "b7f1e0c2", "user_email": "marie@example.com",
        "return_url": "https://backoffice.example.com/punchout/return/tok/",
        "user_name": "Marie Durand",
        "extrinsics": {"UniqueName": "mdurand", "FirstName": "Marie", "LastName": "Durand",
                       "CostCenter": "CC-4100", "BusinessUnit": "EU"},
        "ship_to": SHIP_TO}
    return SetupRequest(**{**values, **changes})


def dtd_errors(document: bytes) -> list[str]:
    dtd = etree.DTD(str(DTD))
    return [] if dtd.validate(cxml_parse(document)) else [str(e) for e in dtd.error_log]


def test_a_create_request_is_dtd_valid_in_the_dtds_element_order():
    document = setup_request_xml(setup_request(), version="1.2.063")
    assert dtd_errors(document) == []
    root = cxml_parse(document)
    setup = root.find("Request/PunchOutSetupRequest")
    assert setup.get("operation") == "create"
    assert root.find("Request").get("deploymentMode") == "test"
    assert [child.tag for child in setup] == ["BuyerCookie", *["Extrinsic"] * 6,
                                              "BrowserFormPost", "Contact", "ShipTo"]
    assert [(e.get("name"), e.text) for e in setup.findall("Extrinsic")] == [
        ("UserEmail", "marie@example.com"), ("UniqueName", "mdurand"), ("FirstName", "Marie"),
        ("LastName", "Durand"), ("CostCenter", "CC-4100"), ("BusinessUnit", "EU")]
    assert setup.findtext("BrowserFormPost/URL") == \
        "https://backoffice.example.com/punchout/return/tok/"
    assert setup.find("Contact").get("role") == "endUser"
    assert setup.findtext("Contact/Email") == "marie@example.com"
    assert setup.find("ShipTo/Address").get("addressID") == "SITE-PARIS-01"
    assert root.findtext("Header/Sender/Credential/SharedSecret") == "not-a-real-secret-0000"
    assert b'<!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.063/cXML.dtd">' \
        in document


def test_an_edit_request_carries_the_cart_as_item_out_lines_and_is_dtd_valid():
    items = (Item(supplier_part_id="B0EXAMPLE01", quantity=Decimal("2.000"),
                  unit_price=Decimal("54.9000"), currency="EUR", description="Écran 24",
                  supplier_part_auxiliary_id="SYNTH-AUX-7Q2W-0001", unspsc="43211902"),
             Item(supplier_part_id="B0EXAMPLE02", quantity=Decimal("0.5"),
                  unit_price=Decimal("4.25"), currency="EUR"))
    document = setup_request_xml(setup_request(operation="edit", items=items,
                                               deployment_mode="production"),
                                 version="1.2.063")
    assert dtd_errors(document) == []
    setup = cxml_parse(document).find("Request/PunchOutSetupRequest")
    lines = setup.findall("ItemOut")
    assert [line.get("quantity") for line in lines] == ["2", "0.5"]
    assert lines[0].findtext("ItemID/SupplierPartAuxiliaryID") == "SYNTH-AUX-7Q2W-0001"
    assert setup.getparent().get("deploymentMode") == "production"


def test_a_user_without_an_email_address_still_gets_a_valid_request():
    document = setup_request_xml(setup_request(user_email="", extrinsics={}, ship_to=None),
                                 version="1.2.063")
    assert dtd_errors(document) == []
    setup = cxml_parse(document).find("Request/PunchOutSetupRequest")
    assert setup.findall("Extrinsic") == []
    assert setup.find("Contact/Email") is None


def test_setup_response_gives_the_start_page():
    response = setup_response_read(cxml_parse(fixture_bytes(
        "synthetic/cxml/03_punchout_setup_response_200.xml")))
    assert response.status.succeeded
    assert response.start_url == \
        "https://supplier.example.net/punchout/start?session=4c1f0e2a9b7d&ts=1741083301"


def test_setup_response_of_a_third_party_supplier_without_doctype():
    response = setup_response_read(cxml_parse(fixture_bytes(
        "third_party/officeluv-cxml/response_status_200.xml")))
    assert (response.status.code, response.start_url) == (200, "http://localhost:3000/products")


def test_setup_response_url_is_trimmed_of_the_whitespace_suppliers_indent_it_with():
    # The officeluv request shows the layout: the URL on its own indented line.
    document = fixture_bytes("third_party/officeluv-cxml/response_status_200.xml").replace(
        b"<URL>http://localhost:3000/products</URL>",
        b"<URL>\n    http://localhost:3000/products\n  </URL>")
    assert setup_response_read(cxml_parse(document)).start_url == \
        "http://localhost:3000/products"


@pytest.mark.parametrize(("name", "code"), [
    ("synthetic/cxml/04_punchout_setup_response_401.xml", 401),
    ("third_party/officeluv-cxml/response_status_400.xml", 400),
])
def test_setup_response_failures_have_their_status_and_no_start_page(name, code):
    response = setup_response_read(cxml_parse(fixture_bytes(name)))
    assert (response.status.code, response.status.succeeded, response.start_url) == \
        (code, False, "")
