"""The Shopify client: open orders through the orders query, tracking through
fulfillmentCreate on the order's fulfillment orders."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

import orders.marketplaces.shopify as shopify_client
import sandbox.marketplaces.shopify as shopify_simulator
from orders.marketplaces import (
    BuyerAddress,
    MarketplaceLine,
    MarketplaceRefused,
    MarketplaceUnavailable,
    TrackingPush,
    marketplace_client,
)
from orders.marketplaces.carriers import shopify_tracking_company
from sandbox.distributors.state import calls_received, fault_add
from sandbox.marketplaces.pushes import pushes_received
from tests.orders.marketplaces.conftest import (
    BUYER,
    SHIPPED_AT,
    a_day_ago,
    order_add,
    order_status,
)

pytestmark = pytest.mark.django_db(transaction=True)
DEMO_ORDER = "gid://shopify/Order/6100000000001"  # HF-HF204 × 2 and NGK-CR9E × 4, Marisol
FILTERS = "gid://shopify/LineItem/15000000000001"
PLUGS = "gid://shopify/LineItem/15000000000002"
NO_EMAIL_ORDER = "gid://shopify/Order/6100000000002"  # NGK-CR9E × 1, Trevor: no e-mail
ONE_PLUG = "gid://shopify/LineItem/15000000000003"


@pytest.fixture
def shopify(sandbox_url: str):
    return marketplace_client("shopify", base_url=sandbox_url,
                              token=shopify_simulator.SHOPIFY_ACCESS_TOKEN, page_size=2,
                              max_attempts=3, retry_base_seconds=0.01)


def push_of(order_id: str, lines: list[tuple[str, int]], carrier: str = "UPS",
            tracking_number: str = "1ZSBXWPS0300000001") -> TrackingPush:
    return TrackingPush(order_id, lines, carrier, tracking_number, SHIPPED_AT)


def test_open_orders_come_with_the_buyers_address_and_the_lines(shopify):
    orders = {order.order_id: order for order in shopify.orders(a_day_ago())}

    assert set(orders) == {DEMO_ORDER, NO_EMAIL_ORDER}
    order = orders[DEMO_ORDER]
    assert order.ship_to == BuyerAddress(
        "Marisol Ortega", "1190 Canyon View Dr", "Apt 12", "Flagstaff", "AZ", "86001", "US",
        "928-555-0117", "m.ortega@example.com")
    assert order.lines == [
        MarketplaceLine(FILTERS, "HF-HF204", "Hiflofiltro oil filter HF204", 2,
                        Decimal("10.95"), "USD"),
        MarketplaceLine(PLUGS, "NGK-CR9E", "NGK spark plug CR9E", 4, Decimal("3.79"), "USD")]
    assert order.ordered_at < timezone.now()
    assert order.raw["displayFulfillmentStatus"] == "UNFULFILLED"
    assert orders[NO_EMAIL_ORDER].ship_to.email == ""


def test_orders_created_before_since_are_left_out(shopify):
    orders = shopify.orders(timezone.now() - timedelta(hours=4))

    assert [order.order_id for order in orders] == [NO_EMAIL_ORDER]


def test_the_client_pages_through_every_page(shopify, sandbox_url):
    added = [order_add(sandbox_url, "shopify", [{"sku": "NGK-CR9E", "quantity": 1,
                                                 "unit_price": "3.79"}])["order_id"]
             for _ in range(3)]

    orders = shopify.orders(a_day_ago())

    assert len(orders) == 5
    assert {order.order_id for order in orders} >= set(added)
    assert calls_received("shopify").count("OpenOrders") == 3  # pages of 2


def test_an_order_with_more_lines_than_a_page_holds_comes_whole(shopify, sandbox_url,
                                                                monkeypatch):
    monkeypatch.setattr(shopify_client, "LINES_PER_ORDER", 1)
    monkeypatch.setattr(shopify_client, "MORE_LINES_PER_PAGE", 1)
    added = order_add(sandbox_url, "shopify", [
        {"sku": "HF-HF204", "quantity": 1, "unit_price": "10.95"},
        {"sku": "NGK-CR9E", "quantity": 2, "unit_price": "3.79"},
        {"sku": "EBC-FA196HH", "quantity": 1, "unit_price": "44.95"}])

    [order] = [order for order in shopify.orders(a_day_ago())
               if order.order_id == added["order_id"]]

    assert [line.sku for line in order.lines] == ["HF-HF204", "NGK-CR9E", "EBC-FA196HH"]
    assert order.ship_to.name == BUYER["name"]


def test_a_push_sends_the_fields_shopify_documents(shopify):
    fulfillment_id = shopify.push_tracking(push_of(DEMO_ORDER, [(FILTERS, 2), (PLUGS, 1)]))

    [push] = pushes_received("shopify", DEMO_ORDER)
    assert fulfillment_id.startswith("gid://shopify/Fulfillment/")
    assert push.reference == fulfillment_id
    assert push.body == {
        "lineItemsByFulfillmentOrder": [{
            "fulfillmentOrderId": "gid://shopify/FulfillmentOrder/6100000000001",
            "fulfillmentOrderLineItems": [
                {"id": "gid://shopify/FulfillmentOrderLineItem/15000000000001", "quantity": 2},
                {"id": "gid://shopify/FulfillmentOrderLineItem/15000000000002", "quantity": 1}],
        }],
        "trackingInfo": {"number": "1ZSBXWPS0300000001", "company": "UPS"},
        "notifyCustomer": True,
    }


def test_a_buyer_without_an_email_is_not_notified(shopify):
    shopify.push_tracking(push_of(NO_EMAIL_ORDER, [(ONE_PLUG, 1)]))

    [push] = pushes_received("shopify", NO_EMAIL_ORDER)
    assert push.body["notifyCustomer"] is False


def test_an_order_fulfilled_in_full_is_no_longer_listed(shopify, sandbox_url):
    shopify.push_tracking(push_of(DEMO_ORDER, [(FILTERS, 2), (PLUGS, 4)]))

    assert DEMO_ORDER not in {order.order_id for order in shopify.orders(a_day_ago())}
    assert order_status(sandbox_url, "shopify", DEMO_ORDER) == "FULFILLED"


def test_an_order_fulfilled_in_part_stays_listed(shopify, sandbox_url):
    shopify.push_tracking(push_of(DEMO_ORDER, [(FILTERS, 2)]))

    [order] = [order for order in shopify.orders(a_day_ago()) if order.order_id == DEMO_ORDER]
    assert order.raw["displayFulfillmentStatus"] == "PARTIALLY_FULFILLED"
    assert order_status(sandbox_url, "shopify", DEMO_ORDER) == "PARTIALLY_FULFILLED"


def test_the_second_package_of_an_order_ships_what_is_left(shopify):
    shopify.push_tracking(push_of(DEMO_ORDER, [(PLUGS, 3)]))

    shopify.push_tracking(push_of(DEMO_ORDER, [(PLUGS, 1), (FILTERS, 2)],
                                  tracking_number="1ZSBXWPS0300000002"))

    assert [push.body["trackingInfo"]["number"]
            for push in pushes_received("shopify", DEMO_ORDER)] == ["1ZSBXWPS0300000001",
                                                                    "1ZSBXWPS0300000002"]


def test_pushing_the_same_package_again_does_not_record_it_twice(shopify):
    push = push_of(NO_EMAIL_ORDER, [(ONE_PLUG, 1)])

    first, again = shopify.push_tracking(push), shopify.push_tracking(push)

    assert again == first
    assert len(pushes_received("shopify", NO_EMAIL_ORDER)) == 1
    assert calls_received("shopify").count("CreateFulfillment") == 1


def test_a_push_whose_answer_is_lost_is_not_sent_twice(sandbox_url):
    impatient = marketplace_client("shopify", base_url=sandbox_url,
                                   token=shopify_simulator.SHOPIFY_ACCESS_TOKEN, timeout=0.5,
                                   retry_base_seconds=0.01)
    fault_add("shopify", "slow", operation="CreateFulfillment", seconds=1.5)

    fulfillment_id = impatient.push_tracking(push_of(NO_EMAIL_ORDER, [(ONE_PLUG, 1)]))

    [push] = pushes_received("shopify", NO_EMAIL_ORDER)
    assert push.reference == fulfillment_id
    assert calls_received("shopify").count("CreateFulfillment") == 1


def test_shipping_more_than_was_ordered_is_refused_in_shopifys_words(shopify):
    with pytest.raises(MarketplaceRefused,
                       match=r"Shopify refused the fulfillment of order "
                             r"gid://shopify/Order/6100000000002: .*has 1 unit\(s\) left"):
        shopify.push_tracking(push_of(NO_EMAIL_ORDER, [(ONE_PLUG, 3)]))
    assert pushes_received() == []


def test_a_line_fulfilled_already_is_refused_before_anything_is_sent(shopify):
    shopify.push_tracking(push_of(NO_EMAIL_ORDER, [(ONE_PLUG, 1)]))

    with pytest.raises(MarketplaceRefused, match="is in no open fulfillment order"):
        shopify.push_tracking(push_of(NO_EMAIL_ORDER, [(ONE_PLUG, 1)],
                                      tracking_number="1ZSBXWPS0300000002"))
    assert calls_received("shopify").count("CreateFulfillment") == 1


def test_an_unknown_order_is_refused(shopify):
    with pytest.raises(MarketplaceRefused, match="Shopify has no order gid://shopify/Order/1"):
        shopify.push_tracking(push_of("gid://shopify/Order/1", [(ONE_PLUG, 1)]))


@pytest.mark.parametrize(("carrier", "company"), [
    ("UPS Ground", "UPS"), ("fed ex", "FedEx"), ("U.S.P.S.", "USPS"), ("DHL", "DHL Express"),
    ("DHL eCommerce", "DHL eCommerce"), ("OnTrac", "OnTrac"), ("Pitt Ohio", "Pitt Ohio"),
    ("", "Other"),
])
def test_carrier_names_become_shopify_tracking_companies(carrier, company):
    assert shopify_tracking_company(carrier) == company


def test_a_carrier_shopify_does_not_list_is_sent_by_its_name(shopify):
    shopify.push_tracking(push_of(NO_EMAIL_ORDER, [(ONE_PLUG, 1)], carrier="Pitt Ohio"))

    [push] = pushes_received("shopify", NO_EMAIL_ORDER)
    assert push.body["trackingInfo"]["company"] == "Pitt Ohio"


def test_an_expired_token_is_refused_without_showing_the_token(sandbox_url):
    expired = marketplace_client("shopify", base_url=sandbox_url, token="shpat_expired_token")

    with pytest.raises(MarketplaceRefused, match="Invalid API key or access token") as refused:
        expired.orders(a_day_ago())
    assert "Renew the Admin API access token" in str(refused.value)
    assert "shpat_expired_token" not in str(refused.value)


@pytest.fixture(params=["500", "THROTTLED", "HTTP 429"])
def passing_fault(request, monkeypatch) -> str:
    """A fault kind of the gateway; Shopify throttles with THROTTLED in the body or HTTP 429."""
    monkeypatch.setattr(shopify_simulator, "THROTTLE_WITH_HTTP_429", request.param == "HTTP 429")
    return {"500": "500"}.get(request.param, "429")


def test_passing_failures_are_retried(shopify, passing_fault):
    fault_add("shopify", passing_fault, operation="OpenOrders", count=2)

    assert len(shopify.orders(a_day_ago())) == 2
    assert calls_received("shopify").count("OpenOrders") == 3  # 2 failed, then 1 page


@pytest.mark.parametrize(("kind", "http_429", "sentence"), [
    ("500", False, "Shopify answered HTTP 500"),
    ("429", False, r"Shopify is throttling our requests \(THROTTLED\)"),
    ("429", True, r"Shopify is throttling our requests \(HTTP 429\)"),
])
def test_lasting_failures_make_shopify_unavailable(shopify, monkeypatch, kind, http_429,
                                                   sentence):
    monkeypatch.setattr(shopify_simulator, "THROTTLE_WITH_HTTP_429", http_429)
    fault_add("shopify", kind, operation="OpenOrders", count=10)

    with pytest.raises(MarketplaceUnavailable, match=f"{sentence}.*Gave up after 3 attempts"):
        shopify.orders(a_day_ago())


def test_a_push_throttled_for_a_while_goes_through(shopify, passing_fault):
    fault_add("shopify", passing_fault, operation="CreateFulfillment", count=2)

    shopify.push_tracking(push_of(NO_EMAIL_ORDER, [(ONE_PLUG, 1)]))

    assert len(pushes_received("shopify", NO_EMAIL_ORDER)) == 1


def test_a_push_failing_for_good_is_unavailable_after_checking_each_time(shopify):
    fault_add("shopify", "500", operation="CreateFulfillment", count=10)

    with pytest.raises(MarketplaceUnavailable, match="HTTP 500.*Gave up after 3 attempts"):
        shopify.push_tracking(push_of(NO_EMAIL_ORDER, [(ONE_PLUG, 1)]))

    calls = calls_received("shopify")
    # A 500 may come after the work is done: before each retry the order is read again.
    assert (calls.count("CreateFulfillment"), calls.count("OrderFulfillments")) == (3, 3)
    assert pushes_received() == []
