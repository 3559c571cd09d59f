import pytest
import requests

from sandbox.distributors.catalog import WPS_TOKEN

pytestmark = pytest.mark.django_db(transaction=True)
AUTH = {"Authorization": f"Bearer {WPS_TOKEN}"}
CART = {"po_number": "PO-1", "ship_via": "BEST", "ship_name": "Jane Rider",
        "ship_address1": "12 Main St", "ship_city": "Boise", "ship_state": "ID",
        "ship_zip": "83702"}


@pytest.fixture
def wps_url(sandbox_url: str) -> str:
    return f"{sandbox_url}/wps"


def test_a_wrong_token_is_answered_401_unauthenticated(wps_url):
    answer = requests.get(f"{wps_url}/items", headers={"Authorization": "Bearer nope"},
                          timeout=5)

    assert answer.status_code == 401
    assert answer.json() == {"message": "Unauthenticated.", "status_code": 401}


def test_items_filter_by_sku_and_include_inventory(wps_url):
    answer = requests.get(f"{wps_url}/items", params={"filter[sku]": "87-9204",
                                                       "include": "inventory"},
                          headers=AUTH, timeout=5).json()

    [item] = answer["data"]
    assert item["sku"] == "87-9204"
    assert item["inventory"]["data"]["ca_warehouse"] == 9
    assert answer["meta"]["cursor"]["next"] is None


@pytest.mark.parametrize(("field", "value", "message"), [
    ("ship_name", "N" * 31, "The ship name may not be greater than 30 characters."),
    ("ship_city", "C" * 18, "The ship city may not be greater than 17 characters."),
    ("ship_state", "IDA", "The ship state may not be greater than 2 characters."),
    ("email", "e" * 51, "The email may not be greater than 50 characters."),
    ("ship_via", "FAST", "The selected ship via is invalid."),
    ("po_number", "", "The po number field is required."),
])
def test_carts_enforce_the_published_limits(wps_url, field, value, message):
    answer = requests.post(f"{wps_url}/carts", json={**CART, field: value}, headers=AUTH,
                           timeout=5)

    assert answer.status_code == 422
    assert answer.json()["message"] == message
    assert field in answer.json()["errors"]


def test_a_cart_becomes_an_order_that_ships_after_a_lookup(wps_url):
    assert requests.post(f"{wps_url}/carts", json=CART, headers=AUTH,
                         timeout=5).status_code == 201
    requests.post(f"{wps_url}/carts/PO-1/items", json={"item_sku": "87-9204", "quantity": 1},
                  headers=AUTH, timeout=5).raise_for_status()
    submitted = requests.post(f"{wps_url}/orders", json={"po_number": "PO-1"}, headers=AUTH,
                              timeout=5)

    assert submitted.status_code == 201
    first = requests.get(f"{wps_url}/orders/PO-1", headers=AUTH, timeout=5).json()["data"]
    second = requests.get(f"{wps_url}/orders/PO-1", headers=AUTH, timeout=5).json()["data"]
    assert first["order_details"][0]["tracking_numbers"] == []
    assert second["order_details"][0]["tracking_numbers"][0].startswith("1Z")
    assert requests.get(f"{wps_url}/carts/PO-1", headers=AUTH, timeout=5).status_code == 404


def test_an_unknown_item_cannot_be_added_to_a_cart(wps_url):
    requests.post(f"{wps_url}/carts", json=CART, headers=AUTH, timeout=5).raise_for_status()

    answer = requests.post(f"{wps_url}/carts/PO-1/items",
                           json={"item_sku": "00-0000", "quantity": 1}, headers=AUTH,
                           timeout=5)

    assert answer.status_code == 404
    assert answer.json()["message"] == "Item 00-0000 was not found."


def test_an_empty_cart_cannot_be_submitted(wps_url):
    requests.post(f"{wps_url}/carts", json=CART, headers=AUTH, timeout=5).raise_for_status()

    answer = requests.post(f"{wps_url}/orders", json={"po_number": "PO-1"}, headers=AUTH,
                           timeout=5)

    assert answer.status_code == 422
