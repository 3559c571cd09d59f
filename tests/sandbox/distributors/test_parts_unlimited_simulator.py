import pytest
import requests

from sandbox.distributors.catalog import PU_API_KEY, PU_DEALER_NUMBER

pytestmark = pytest.mark.django_db(transaction=True)
ORDER = {"dealer_number": PU_DEALER_NUMBER, "order_type": "DS",
         "purchase_order_number": "100001234", "shipping_method": "ground",
         "validate_price": False, "cancellation_policy": "back_order",
         "ship_to_address": {"name": "Jane Rider", "company": "", "address_line_1": "12 Main St",
                             "address_line_2": "", "city": "Boise", "state": "ID",
                             "postal_code": "83702", "country": "US"},
         "line_items": [{"line_number": 1, "part_number": "0712-0999", "quantity": 1,
                         "price": 7.02, "currency": "USD"}]}


def dropship(sandbox_url: str, body: dict, api_key: str = PU_API_KEY) -> requests.Response:
    return requests.post(f"{sandbox_url}/pu/api/orders/dropship", json=body,
                         headers={"api-key": api_key}, timeout=5)


def test_the_published_example_is_accepted(sandbox_url):
    answer = dropship(sandbox_url, ORDER)

    assert answer.status_code == 202
    assert answer.json() == {"status_code": 202, "status_message": "Order received."}


def test_a_wrong_api_key_is_answered_401(sandbox_url):
    answer = dropship(sandbox_url, ORDER, api_key="XXXXXXX-XXXXXXX-XXXXXXX-XXXXXXX")

    assert answer.status_code == 401
    assert answer.json()["status_message"] == "Invalid API key."


def test_another_dealers_number_is_answered_403(sandbox_url):
    assert dropship(sandbox_url, {**ORDER, "dealer_number": "OTHER"}).status_code == 403


def test_the_ship_to_country_is_required(sandbox_url):
    address = {**ORDER["ship_to_address"], "country": ""}

    answer = dropship(sandbox_url, {**ORDER, "ship_to_address": address})

    assert answer.status_code == 400
    assert answer.json()["status_message"] == "ship_to_address.country is required."


def test_a_wrong_price_is_refused_when_prices_are_validated(sandbox_url):
    line = {**ORDER["line_items"][0], "price": 5.00}

    answer = dropship(sandbox_url, {**ORDER, "validate_price": True, "line_items": [line]})

    assert answer.json()["status_message"] == (
        "Price for part 0712-0999 does not match your dealer price 7.02.")
