"""The OrderRequest, as the simulated supplier checks it: one rule broken at a time."""

from decimal import Decimal
from pathlib import Path

import pytest
import requests
from django.conf import settings

from tests.sandbox.punchout.buyer import (
    CONTROL,
    Line,
    add_to_cart,
    checkout,
    document,
    dtd_errors,
    order_message,
    order_request,
    parse,
    setup_request,
    start_page,
    status_of,
)

pytestmark = pytest.mark.django_db(transaction=True)
TWO_LINES = [Line("B0SBX00001", 2), Line("B0SBX00003", 1)]


def post_order(sandbox_url: str, data: bytes) -> requests.Response:
    return requests.post(f"{sandbox_url}/punchout/order", data=data,
                         headers={"Content-Type": "text/xml; charset=UTF-8"}, timeout=5)


def received(sandbox_url: str) -> dict:
    return requests.get(f"{sandbox_url}/_control/punchout/orders", headers=CONTROL,
                        timeout=5).json()


def test_a_valid_order_gets_a_plain_200_response_and_is_recorded(sandbox_url):
    root, _ = order_request(TWO_LINES, order_id="PO-2026-000042")

    answer = post_order(sandbox_url, document(root))

    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith("text/xml")
    assert b"<!DOCTYPE cXML" in answer.content
    assert status_of(answer) == ("200", "")
    assert dtd_errors(parse(answer.content)) == []
    assert [child.tag for child in parse(answer.content).find("Response")] == ["Status"]
    (order,) = received(sandbox_url)["orders"]
    assert order["order_id"] == "PO-2026-000042"
    assert order["payload_id"] == root.get("payloadID")
    assert (order["deployment_mode"], order["from_identity"]) == ("test", "BACKOFFICE-DEMO")
    assert (order["dtd_valid"], order["total"], order["currency"]) == (True, "318.98", "USD")
    assert order["raw"] == document(root).decode()
    assert [(line["line_number"], line["part_id"], line["quantity"], line["unit_price"])
            for line in order["lines"]] == [(1, "B0SBX00001", "2", "14.99"),
                                            (2, "B0SBX00003", "1", "289.00")]
    assert order["documents"] == []


def test_an_order_made_from_a_returned_cart_is_accepted(sandbox_url):
    browser = requests.Session()
    catalog_url = browser.get(start_page(sandbox_url, setup_request()[0]), timeout=5).url
    add_to_cart(browser, catalog_url, "B0SBX00002", 4)
    item = order_message(checkout(browser, catalog_url)).find(".//ItemIn")
    aux = item.findtext("ItemID/SupplierPartAuxiliaryID")

    answer = post_order(sandbox_url, document(order_request(
        [Line("B0SBX00002", 4, auxiliary_id=aux)])[0]))

    assert status_of(answer)[0] == "200"


def test_wrong_credentials_get_a_cxml_401_under_http_200(sandbox_url):
    root, _ = order_request(TWO_LINES)
    root.find("Header/Sender/Credential/SharedSecret").text = "wrong"

    answer = post_order(sandbox_url, document(root))

    assert (answer.status_code, status_of(answer)[0]) == (200, "401")
    assert received(sandbox_url)["orders"] == []


def test_a_dtd_invalid_order_gets_406_and_is_recorded_as_refused(sandbox_url):
    root, order = order_request(TWO_LINES)
    header = order.find("OrderRequestHeader")
    header.remove(header.find("BillTo"))  # BillTo is required

    answer = post_order(sandbox_url, document(root))

    assert (answer.status_code, status_of(answer)[0]) == (406, "406")
    assert "BillTo" in status_of(answer)[1] or "OrderRequestHeader" in status_of(answer)[1]
    (refused,) = received(sandbox_url)["rejections"]
    assert (refused["code"], refused["dtd_valid"]) == (406, False)
    assert refused["order_id"] == "PO-2026-000001"


@pytest.mark.parametrize("order_type", ["update", "delete"])
def test_only_new_orders_are_taken(sandbox_url, order_type):
    root, _ = order_request(TWO_LINES, type=order_type)

    answer = post_order(sandbox_url, document(root))

    assert status_of(answer)[0] == "400"
    assert "[Error code: 001-001]" in status_of(answer)[1]
    assert "currently supports only 'New'" in status_of(answer)[1]


def test_an_order_without_ship_to_is_refused(sandbox_url):
    root, _ = order_request(TWO_LINES, ship_to=False)

    answer = post_order(sandbox_url, document(root))

    assert status_of(answer)[0] == "400"
    assert "[Error code: 001-005]" in status_of(answer)[1]


def test_an_item_this_supplier_does_not_sell_is_refused(sandbox_url):
    root, _ = order_request([Line("B0SBX00001"), Line("B0NOTSOLD1", auxiliary_id="X")])

    answer = post_order(sandbox_url, document(root))

    assert status_of(answer)[0] == "400"
    assert "Line 2: item B0NOTSOLD1 is not sold here" in status_of(answer)[1]


@pytest.mark.parametrize("auxiliary_id", [None, "SBX-AUX-00000000-0000000000", "made-up"])
def test_the_aux_id_must_be_echoed_as_handed_out(sandbox_url, auxiliary_id):
    root, _ = order_request([Line("B0SBX00001"), Line("B0SBX00002", auxiliary_id=auxiliary_id)])

    answer = post_order(sandbox_url, document(root))

    assert status_of(answer)[0] == "400"
    assert "Line 2: echo the SupplierPartAuxiliaryID" in status_of(answer)[1]


def test_an_aux_id_handed_out_for_another_item_is_refused(sandbox_url):
    good, _ = order_request([Line("B0SBX00001")])
    aux = good.findtext(".//SupplierPartAuxiliaryID")

    answer = post_order(sandbox_url, document(order_request(
        [Line("B0SBX00002", auxiliary_id=aux)])[0]))

    assert status_of(answer)[0] == "400"


def test_a_total_that_is_not_the_sum_of_the_lines_is_refused(sandbox_url):
    root, _ = order_request(TWO_LINES, total=Decimal("300.00"))

    answer = post_order(sandbox_url, document(root))

    assert status_of(answer)[0] == "400"
    assert "300.00 USD is not the sum of the lines, 318.98 USD" in status_of(answer)[1]


def test_the_same_payload_again_gets_the_same_answer_and_records_nothing_new(sandbox_url):
    data = document(order_request(TWO_LINES)[0])

    first = post_order(sandbox_url, data)
    again = post_order(sandbox_url, data)

    assert status_of(first)[0] == "200"
    assert again.content == first.content
    assert len(received(sandbox_url)["orders"]) == 1


def test_the_same_order_id_under_a_new_payload_id_was_already_processed(sandbox_url):
    post_order(sandbox_url, document(order_request(TWO_LINES, order_id="PO-7")[0]))

    answer = post_order(sandbox_url, document(order_request(TWO_LINES, order_id="PO-7")[0]))

    assert status_of(answer) == ("400", "PO Number: PO-7 has already been processed.")
    assert len(received(sandbox_url)["orders"]) == 1


MALICIOUS = sorted((Path(settings.BASE_DIR) / "tests" / "punchout" / "fixtures" / "malicious")
                   .glob("*.xml"))


@pytest.mark.parametrize("hostile", MALICIOUS, ids=lambda path: path.stem)
def test_hostile_documents_are_refused_and_take_no_order(sandbox_url, hostile):
    answer = post_order(sandbox_url, hostile.read_bytes())

    code = status_of(answer)[0]
    assert code.startswith("4")
    assert b"root:" not in answer.content  # nothing read from /etc/passwd
    assert received(sandbox_url)["orders"] == []
