"""The PunchOutSetupRequest, as the simulated supplier checks it and answers it."""

import pytest
import requests

from tests.sandbox.punchout.buyer import (
    CONTROL,
    document,
    dtd_errors,
    parse,
    setup_request,
    start_page,
    status_of,
    sub,
)

pytestmark = pytest.mark.django_db(transaction=True)


def post_setup(sandbox_url: str, data: bytes) -> requests.Response:
    return requests.post(f"{sandbox_url}/punchout/setup", data=data,
                         headers={"Content-Type": "text/xml"}, timeout=5)


def test_a_valid_setup_request_gets_a_start_page_under_the_catalog(sandbox_url):
    root, _ = setup_request()

    answer = post_setup(sandbox_url, document(root))

    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith("text/xml")
    assert answer.content.lstrip().startswith(b"<?xml")
    assert b"<!DOCTYPE cXML" in answer.content
    response = parse(answer.content)
    assert dtd_errors(response) == []
    assert status_of(answer) == ("200", "")
    url = response.findtext("Response/PunchOutSetupResponse/StartPage/URL")
    assert url.startswith(f"{sandbox_url}/punchout/catalog/")
    assert "?start=" in url


def test_each_setup_gets_its_own_session_and_start_token(sandbox_url):
    first = start_page(sandbox_url, setup_request()[0])
    second = start_page(sandbox_url, setup_request()[0])

    assert first.split("?")[0] != second.split("?")[0]
    assert first.split("start=")[1] != second.split("start=")[1]


def test_the_session_remembers_what_the_buyer_sent(sandbox_url):
    root, setup = setup_request(email="marie@example.com")
    start_page(sandbox_url, root)

    sessions = requests.get(f"{sandbox_url}/_control/punchout/sessions", headers=CONTROL,
                            timeout=5).json()["sessions"]

    assert len(sessions) == 1
    session = sessions[0]
    assert session["buyer_cookie"] == setup.findtext("BuyerCookie")
    assert session["return_url"] == setup.findtext("BrowserFormPost/URL")
    assert (session["operation"], session["deployment_mode"]) == ("create", "test")
    assert session["user_email"] == "marie@example.com"
    assert session["extrinsics"]["CostCenter"] == "CC-4100"
    assert session["cart"] == []


@pytest.mark.parametrize("credentials", [{"secret": "wrong-secret"},
                                         {"identity": "SOMEONE-ELSE"}])
def test_wrong_credentials_get_a_cxml_401_under_http_200(sandbox_url, credentials):
    root, _ = setup_request(**credentials)

    answer = post_setup(sandbox_url, document(root))

    assert answer.status_code == 200
    assert status_of(answer) == ("401", "Sender credentials were not recognized.")
    assert parse(answer.content).find("Response/PunchOutSetupResponse") is None
    assert dtd_errors(parse(answer.content)) == []


def test_without_the_user_email_extrinsic_amazon_refuses(sandbox_url):
    root, _ = setup_request(email=None)

    answer = post_setup(sandbox_url, document(root))

    assert answer.status_code == 400
    code, detail = status_of(answer)
    assert code == "400"
    assert 'Extrinsic name="UserEmail"' in detail


def test_without_a_browser_form_post_url_the_setup_is_refused(sandbox_url):
    root, _ = setup_request(return_url=None)

    answer = post_setup(sandbox_url, document(root))

    assert status_of(answer)[0] == "400"
    assert "BrowserFormPost/URL" in status_of(answer)[1]


def test_a_javascript_return_url_is_refused(sandbox_url):
    root, _ = setup_request(return_url="javascript:alert(1)")

    answer = post_setup(sandbox_url, document(root))

    assert status_of(answer)[0] == "400"


def test_operation_source_is_not_implemented(sandbox_url):
    root, _ = setup_request(operation="source")

    answer = post_setup(sandbox_url, document(root))

    assert status_of(answer)[0] == "450"


def test_a_dtd_invalid_request_gets_406_with_the_validation_errors(sandbox_url):
    root, setup = setup_request()
    # BuyerCookie must come first: element order matters for validity.
    setup.append(setup.find("BuyerCookie"))

    answer = post_setup(sandbox_url, document(root))

    assert answer.status_code == 406
    code, detail = status_of(answer)
    assert code == "406"
    assert "PunchOutSetupRequest" in detail


def test_a_document_that_is_not_xml_gets_406(sandbox_url):
    answer = post_setup(sandbox_url, b"USERNAME=x&PASSWORD=y")

    assert answer.status_code == 406
    assert "not well-formed" in status_of(answer)[1]


def test_a_doctype_declaring_entities_is_refused_without_reading_them(sandbox_url, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    data = (f'<?xml version="1.0"?><!DOCTYPE cXML [<!ENTITY xxe SYSTEM "file://{secret}">]>'
            '<cXML payloadID="1" timestamp="2026-01-01T00:00:00+00:00"><Header/>'
            "<Request><PunchOutSetupRequest operation=\"create\"><BuyerCookie>&xxe;"
            "</BuyerCookie></PunchOutSetupRequest></Request></cXML>").encode()

    answer = post_setup(sandbox_url, data)

    assert answer.status_code == 406
    assert b"TOP-SECRET" not in answer.content


def test_an_order_request_is_not_a_setup_request(sandbox_url):
    root, _ = setup_request()
    request = root.find("Request")
    request.remove(request[0])
    order = sub(request, "OrderRequest")
    header = sub(order, "OrderRequestHeader", orderID="PO-1", orderDate="2026-01-01T00:00:00+00:00")
    sub(sub(header, "Total"), "Money", "0.00", currency="USD")
    setup_bill_to = setup_request()[1].find("ShipTo")
    setup_bill_to.tag = "BillTo"
    header.append(setup_bill_to)
    item = sub(order, "ItemOut", quantity="1")
    sub(sub(item, "ItemID"), "SupplierPartID", "B0SBX00001")

    answer = post_setup(sandbox_url, document(root))

    assert status_of(answer)[0] == "400"
    assert "PunchOutSetupRequest" in status_of(answer)[1]
