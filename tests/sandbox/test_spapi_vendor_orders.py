"""The Vendor Orders simulator as the real python-amazon-sp-api client sees it."""

import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import requests
from sp_api.base.exceptions import SellingApiBadRequestException, SellingApiNotFoundException

from sandbox.spapi.tokens import TOKEN_LIFETIME_SECONDS, access_token_issue
from tests.sandbox.spapi_client import model_validator, official_fixture

# A past day, so that every run sees the same 96 orders.
JUNE_FIRST = {"createdAfter": "2024-06-01T00:00:00Z", "createdBefore": "2024-06-02T00:00:00Z"}
JUNE_FIRST_SLOTS = [
    f"2024-06-01T{hour:02d}:{minute:02d}:00Z" for hour in range(24) for minute in (0, 15, 30, 45)
]
FORBIDDEN = {
    "errors": [
        {
            "code": "Unauthorized",
            "message": "Access to requested resource is denied.",
            "details": "",
        }
    ]
}


def order_dates(response) -> list[str]:
    return [order["orderDetails"]["purchaseOrderDate"] for order in response.payload["orders"]]


OFFICIAL_LISTING_EXAMPLES = [
    "getPurchaseOrders",
    "getPurchaseOrders.page2",
    "getPurchaseOrders.changed",
    "getPurchaseOrders.cancelledItems",
]
INVALID_ACCESS_TOKENS = {
    "missing": lambda: None,
    "forged": lambda: "Atza|forged",
    "expired": lambda: access_token_issue(now=time.time() - TOKEN_LIFETIME_SECONDS),
}


@pytest.mark.parametrize("example", OFFICIAL_LISTING_EXAMPLES)
def test_official_example_request_returns_official_example_response(vendor_orders, example):
    request = official_fixture(f"{example}.request.json")

    response = vendor_orders.get_purchase_orders(**request["query"])

    assert response.payload == official_fixture(f"{example}.response.json")["payload"]


def test_official_purchase_order_example_returns_its_response(vendor_orders):
    response = vendor_orders.get_purchase_order("4Z32PABC")

    assert response.payload == official_fixture("getPurchaseOrder.response.json")["payload"]


def test_official_bad_request_examples_surface_as_bad_request(vendor_orders):
    query = official_fixture("getPurchaseOrders.400.request.json")["query"]

    with pytest.raises(SellingApiBadRequestException) as listing:
        vendor_orders.get_purchase_orders(**query)
    with pytest.raises(SellingApiBadRequestException) as single:
        vendor_orders.get_purchase_order("null")

    assert listing.value.amzn_code == single.value.amzn_code == "InvalidRequest"
    assert single.value.error[0]["details"] == "purchaseOrderNumber cannot be null"


def test_generated_orders_page_with_next_token_and_cover_every_slot_once(vendor_orders):
    pages = [vendor_orders.get_purchase_orders(**JUNE_FIRST, limit=25)]
    while pages[-1].next_token:
        pages.append(
            vendor_orders.get_purchase_orders(
                **JUNE_FIRST, limit=25, nextToken=pages[-1].next_token
            )
        )

    assert len(pages) == 4
    assert [date for page in pages for date in order_dates(page)] == JUNE_FIRST_SLOTS


def test_descending_sort_lists_newest_order_first(vendor_orders):
    response = vendor_orders.get_purchase_orders(**JUNE_FIRST, sortOrder="DESC")

    assert order_dates(response) == JUNE_FIRST_SLOTS[::-1]


def test_same_window_yields_same_orders(vendor_orders):
    first = vendor_orders.get_purchase_orders(**JUNE_FIRST)
    second = vendor_orders.get_purchase_orders(**JUNE_FIRST)

    assert first.payload == second.payload
    assert len({order["purchaseOrderNumber"] for order in first.payload["orders"]}) == 96


def test_generated_responses_validate_against_amazon_model(vendor_orders):
    detailed = vendor_orders.get_purchase_orders(**JUNE_FIRST, limit=50)
    trimmed = vendor_orders.get_purchase_orders(**JUNE_FIRST, includeDetails="false")
    recent = vendor_orders.get_purchase_orders(limit=1).payload["orders"][0]
    single = vendor_orders.get_purchase_order(recent["purchaseOrderNumber"])

    assert detailed.next_token
    for listing in (detailed, trimmed):
        model_validator("GetPurchaseOrdersResponse").validate({"payload": listing.payload})
    model_validator("GetPurchaseOrderResponse").validate({"payload": single.payload})


def test_window_over_seven_days_is_rejected_as_bad_request(vendor_orders):
    with pytest.raises(SellingApiBadRequestException) as rejected:
        vendor_orders.get_purchase_orders(
            createdAfter="2024-06-01T00:00:00Z", createdBefore="2024-06-09T00:00:00Z"
        )

    assert rejected.value.amzn_code == "InvalidInput"
    assert "must not exceed 7 days" in rejected.value.message


@pytest.mark.parametrize("kind", INVALID_ACCESS_TOKENS)
def test_request_without_valid_access_token_is_forbidden(sandbox_url, kind):
    token = INVALID_ACCESS_TOKENS[kind]()
    headers = {"x-amz-access-token": token} if token else {}

    response = requests.get(
        f"{sandbox_url}/vendor/orders/v1/purchaseOrders", headers=headers, timeout=10
    )

    assert response.status_code == 403
    assert response.json() == FORBIDDEN
    assert uuid.UUID(response.headers["x-amzn-RequestId"])


def test_successful_responses_carry_request_id_and_rate_limit(vendor_orders):
    response = vendor_orders.get_purchase_orders(**JUNE_FIRST, limit=1)

    assert uuid.UUID(response.headers["x-amzn-RequestId"])
    assert response.rate_limit == "10.0"


def test_include_details_false_returns_only_number_and_state(vendor_orders):
    response = vendor_orders.get_purchase_orders(**JUNE_FIRST, includeDetails="false")

    orders = response.payload["orders"]
    assert len(orders) == 96
    assert all(set(order) == {"purchaseOrderNumber", "purchaseOrderState"} for order in orders)


@pytest.mark.parametrize(
    "only",
    [{"purchaseOrderState": "Acknowledged"}, {"orderingVendorCode": "OTHER1"}],
)
def test_filters_generated_orders_never_match_return_an_empty_list(vendor_orders, only):
    response = vendor_orders.get_purchase_orders(**JUNE_FIRST, **only)

    assert response.payload == {"orders": []}


def test_purchase_order_by_number_returns_the_listed_order(vendor_orders):
    yesterday = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    listed = vendor_orders.get_purchase_orders(createdAfter=yesterday, limit=3).payload["orders"]

    response = vendor_orders.get_purchase_order(listed[-1]["purchaseOrderNumber"])

    assert response.payload == listed[-1]


def test_unknown_purchase_order_number_is_not_found(vendor_orders):
    with pytest.raises(SellingApiNotFoundException) as missing:
        vendor_orders.get_purchase_order("NOSUCHPO")

    assert missing.value.amzn_code == "NotFound"
