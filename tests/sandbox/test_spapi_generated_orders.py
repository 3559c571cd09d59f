"""The generated purchase orders and getPurchaseOrders' query rules, without HTTP."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from sandbox.catalog import DEMO_CATALOG, DEMO_VENDOR_CODE
from sandbox.spapi.orders import (
    LOOKUP_HORIZON,
    gtin_check_digit,
    purchase_order,
    purchase_order_number,
    purchase_order_slot,
)
from sandbox.spapi.params import InvalidQuery
from sandbox.spapi.queries import purchase_orders_page, purchase_orders_query
from sandbox.spapi.slots import slot_starts
from tests.sandbox.spapi_client import model_validator

WEEK_START = datetime(2024, 6, 3, tzinfo=UTC)
WEEK_SLOTS = slot_starts(created_after=WEEK_START, created_before=WEEK_START + timedelta(days=7))
NOW = datetime(2024, 6, 10, 12, 7, 30, tzinfo=UTC)


def week_lines() -> list[tuple[dict, dict]]:
    orders = [purchase_order(slot, as_of=NOW) for slot in WEEK_SLOTS]
    return [(order, item) for order in orders for item in order["orderDetails"]["items"]]


def ship_to_country(order: dict) -> str:
    return order["orderDetails"]["shipToParty"]["address"]["countryCode"]


def test_slots_are_fifteen_minutes_apart_in_a_half_open_window():
    slots = slot_starts(
        created_after=datetime(2024, 6, 1, 0, 0, tzinfo=UTC),
        created_before=datetime(2024, 6, 1, 1, 0, tzinfo=UTC),
    )

    assert [slot.strftime("%H:%M") for slot in slots] == ["00:00", "00:15", "00:30", "00:45"]
    assert len(WEEK_SLOTS) == 7 * 24 * 4


def test_purchase_order_numbers_are_eight_alphanumerics_unique_and_stable():
    numbers = [purchase_order_number(slot) for slot in WEEK_SLOTS]

    assert all(re.fullmatch(r"[0-9A-Z]{8}", number) for number in numbers)
    assert len(set(numbers)) == len(numbers)
    assert numbers == [purchase_order_number(slot) for slot in WEEK_SLOTS]


def test_every_order_of_a_week_validates_against_the_order_model():
    validator = model_validator("Order")

    for slot in WEEK_SLOTS:
        validator.validate(purchase_order(slot, as_of=NOW))


def test_orders_are_new_regular_orders_from_the_demo_vendor():
    order = purchase_order(WEEK_SLOTS[0], as_of=NOW)

    details = order["orderDetails"]
    assert order["purchaseOrderState"] == "New"
    assert details["purchaseOrderDate"] == "2024-06-03T00:00:00Z"
    assert details["sellingParty"] == {"partyId": DEMO_VENDOR_CODE}
    assert details["shipToParty"]["partyId"] in {"ABE8", "PHX7", "MDW2", "ONT8", "FRA7"}
    assert 1 <= len(details["items"]) <= 4


def test_about_one_order_in_ten_has_a_line_unknown_to_the_catalog():
    known_asins = {product.asin for product in DEMO_CATALOG}
    known_eans = {product.ean for product in DEMO_CATALOG}
    unknown = [
        (order["purchaseOrderNumber"], item)
        for order, item in week_lines()
        if item["amazonProductIdentifier"] not in known_asins
    ]

    assert 0.05 * len(WEEK_SLOTS) < len(unknown) < 0.15 * len(WEEK_SLOTS)
    assert all(item["vendorProductIdentifier"] not in known_eans for _, item in unknown)
    assert len({number for number, _ in unknown}) == len(unknown)


def test_german_center_orders_are_in_euro_and_us_center_orders_in_dollars():
    currencies = {
        (ship_to_country(order), item["netCost"]["currencyCode"], item["listPrice"]["currencyCode"])
        for order, item in week_lines()
    }

    assert currencies == {("US", "USD", "USD"), ("DE", "EUR", "EUR")}


def test_lines_carry_catalog_prices_and_case_sizes():
    catalog = {product.asin: product for product in DEMO_CATALOG}
    lines = [item for _, item in week_lines() if item["amazonProductIdentifier"] in catalog]

    for item in lines:
        product = catalog[item["amazonProductIdentifier"]]
        quantity = item["orderedQuantity"]
        assert item["netCost"]["amount"] == str(product.net_cost)
        assert item["listPrice"]["amount"] == str(product.list_price)
        assert quantity["unitSize"] == (
            product.case_size if quantity["unitOfMeasure"] == "Cases" else 1
        )
    assert {item["orderedQuantity"]["unitOfMeasure"] for item in lines} == {"Eaches", "Cases"}


def test_catalog_identifiers_are_unique_and_eans_have_valid_check_digits():
    for field in ("sku", "asin", "ean"):
        assert len({getattr(product, field) for product in DEMO_CATALOG}) == len(DEMO_CATALOG)
    for product in DEMO_CATALOG:
        assert product.ean[-1] == gtin_check_digit(product.ean[:-1]), product.sku
        assert re.fullmatch(r"B0[0-9A-Z]{8}", product.asin), product.sku


def test_lookup_finds_orders_of_the_last_thirty_days_only():
    recent = NOW - timedelta(days=29, minutes=7, seconds=30)
    too_old = NOW - LOOKUP_HORIZON - timedelta(minutes=15)

    assert purchase_order_slot(purchase_order_number(recent), now=NOW) == recent
    assert purchase_order_slot(purchase_order_number(too_old), now=NOW) is None


def test_orders_exist_only_up_to_now():
    query = purchase_orders_query({"createdAfter": "2024-06-10T00:00:00Z"}, now=NOW)

    orders = purchase_orders_page(query)["orders"]

    assert len(orders) == 12 * 4 + 1  # 00:00 through 12:00
    assert orders[-1]["orderDetails"]["purchaseOrderDate"] == "2024-06-10T12:00:00Z"


def test_next_token_keeps_the_window_end_while_new_orders_arrive():
    first = {"createdAfter": "2024-06-10T00:00:00Z", "limit": "10", "sortOrder": "DESC"}
    page_one = purchase_orders_page(purchase_orders_query(first, now=NOW))
    token = page_one["pagination"]["nextToken"]
    an_hour_later = NOW + timedelta(hours=1)

    page_two = purchase_orders_page(
        purchase_orders_query({**first, "nextToken": token}, now=an_hour_later)
    )

    dates = [
        o["orderDetails"]["purchaseOrderDate"] for o in page_one["orders"] + page_two["orders"]
    ]
    assert dates[9:11] == ["2024-06-10T09:45:00Z", "2024-06-10T09:30:00Z"]
    assert len(set(dates)) == len(dates)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"limit": "0"}, "Invalid limit."),
        ({"limit": "101"}, "Invalid limit."),
        ({"limit": "ten"}, "Invalid limit."),
        ({"sortOrder": "NEWEST"}, "Invalid sortOrder."),
        ({"includeDetails": "yes"}, "Invalid includeDetails."),
        ({"purchaseOrderState": "Open"}, "Invalid purchaseOrderState."),
        ({"poItemState": "Rejected"}, "Invalid poItemState."),
        ({"createdAfter": "yesterday"}, "Invalid createdAfter."),
        ({"nextToken": "not-a-token"}, "Invalid nextToken."),
        (
            {"createdAfter": "2024-06-09T00:00:00Z", "createdBefore": "2024-06-08T00:00:00Z"},
            "createdBefore must not be earlier than createdAfter.",
        ),
        (
            {"changedAfter": "2024-06-01T00:00:00Z", "changedBefore": "2024-06-09T00:00:00Z"},
            "The date range between changedAfter and changedBefore must not exceed 7 days.",
        ),
    ],
)
def test_invalid_parameters_are_rejected_with_the_fix(params, message):
    with pytest.raises(InvalidQuery) as invalid:
        purchase_orders_query(params, now=NOW)

    assert invalid.value.message == message
    assert invalid.value.details
