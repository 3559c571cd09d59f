import pytest
import requests

from sandbox.distributors.catalog import AUTOMATIC_TOKEN

pytestmark = pytest.mark.django_db(transaction=True)
AUTH = {"Authorization": f"Bearer {AUTOMATIC_TOKEN}"}
ADDRESS = {"name": "Jane Rider", "address1": "12 Main St", "city": "Boise", "state": "ID",
           "zip": "83702", "country": "US"}


def create(sandbox_url: str, po_number: str, headers: dict = AUTH) -> requests.Response:
    body = {"header": {"ponumber": po_number}, "shipToAddress": ADDRESS,
            "lines": [{"sku": "AD-55010", "quantity": 1}]}
    return requests.post(f"{sandbox_url}/autodist/order/create", json=body, headers=headers,
                         timeout=5)


def test_a_po_number_of_22_characters_is_accepted_with_ponumber_in_lowercase(sandbox_url):
    answer = create(sandbox_url, "P" * 22)

    assert answer.status_code == 201
    assert answer.json()["header"]["ponumber"] == "P" * 22


@pytest.mark.parametrize("po_number", ["P" * 23, "PO-É1", "PO\t1"])
def test_a_po_number_beyond_22_printable_ascii_characters_is_refused(sandbox_url, po_number):
    answer = create(sandbox_url, po_number)

    assert answer.status_code == 400
    assert "printable ASCII of at most 22 characters" in answer.json()["error"]["message"]


def test_a_wrong_token_is_answered_401(sandbox_url):
    answer = create(sandbox_url, "PO-1", headers={"Authorization": "Bearer wrong"})

    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "unauthorized"


def test_the_lookup_reports_tracking_and_pro_numbers_once_shipped(sandbox_url):
    create(sandbox_url, "PO-2").raise_for_status()

    lookups = [requests.get(f"{sandbox_url}/autodist/order/lookup", params={"ponumber": "PO-2"},
                            headers=AUTH, timeout=5).json() for _ in range(2)]

    assert lookups[0]["orders"][0]["shipments"] == []
    shipment = lookups[1]["orders"][0]["shipments"][0]
    assert shipment["trackingNumber"].startswith("1Z")
    assert shipment["proNumber"] == ""
