"""The eBay client: open orders through getOrders, tracking through createShippingFulfillment."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

import sandbox.marketplaces.ebay as ebay_simulator
from orders.marketplaces import (
    BuyerAddress,
    MarketplaceLine,
    MarketplaceRefused,
    MarketplaceUnavailable,
    TrackingPush,
    marketplace_client,
)
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
DEMO_ORDER = "12-34567-89012"  # HF-HF204 × 2 and NGK-CR9E × 4
BRAKE_PADS_ORDER = "12-34567-89013"  # EBC-FA196HH × 1


def push_of(order_id: str, lines: list[tuple[str, int]], carrier: str = "UPS",
            tracking_number: str = "1ZSBXWPS0300000001") -> TrackingPush:
    return TrackingPush(order_id, lines, carrier, tracking_number, SHIPPED_AT)


def test_open_orders_come_with_the_buyers_address_and_the_lines(ebay):
    orders = {order.order_id: order for order in ebay.orders(a_day_ago())}

    assert set(orders) == {"12-34567-89012", "12-34567-89013", "12-34567-89014"}
    order = orders[DEMO_ORDER]
    assert order.ship_to == BuyerAddress(
        "Dale Whitaker", "4820 W Ridgecrest Rd", "", "Boise", "ID", "83706", "US",
        "208-555-0143", "dale.whitaker@example.com")
    assert order.lines == [
        MarketplaceLine("10000000000000", "HF-HF204", "Hiflofiltro oil filter HF204", 2,
                        Decimal("9.95"), "USD"),
        MarketplaceLine("10000000000001", "NGK-CR9E", "NGK spark plug CR9E", 4,
                        Decimal("3.49"), "USD")]
    assert order.ordered_at < timezone.now()
    assert order.raw["orderFulfillmentStatus"] == "NOT_STARTED"


def test_orders_created_before_since_are_left_out(ebay):
    orders = ebay.orders(timezone.now() - timedelta(hours=2))

    assert [order.order_id for order in orders] == ["12-34567-89014"]


def test_the_client_pages_through_every_page(ebay, sandbox_url):
    added = [order_add(sandbox_url, "ebay", [{"sku": "NGK-CR9E", "quantity": 1,
                                              "unit_price": "3.49"}])["order_id"]
             for _ in range(4)]

    orders = ebay.orders(a_day_ago())

    assert len(orders) == 7
    assert {order.order_id for order in orders} >= set(added)
    assert calls_received("ebay").count("getOrders") == 4  # pages of 2


def test_a_push_sends_the_fields_ebay_documents(ebay):
    fulfillment_id = ebay.push_tracking(push_of(BRAKE_PADS_ORDER, [("10000000000002", 1)]))

    [push] = pushes_received("ebay", BRAKE_PADS_ORDER)
    assert push.reference == fulfillment_id
    assert push.body == {"lineItems": [{"lineItemId": "10000000000002", "quantity": 1}],
                         "shippedDate": "2025-06-03T19:09:02.768Z",
                         "shippingCarrierCode": "UPS", "trackingNumber": "1ZSBXWPS0300000001"}


def test_an_order_shipped_in_full_is_no_longer_open(ebay, sandbox_url):
    ebay.push_tracking(push_of(DEMO_ORDER, [("10000000000000", 2), ("10000000000001", 4)]))

    assert DEMO_ORDER not in {order.order_id for order in ebay.orders(a_day_ago())}
    assert order_status(sandbox_url, "ebay", DEMO_ORDER) == "FULFILLED"


def test_an_order_shipped_in_part_stays_open(ebay, sandbox_url):
    ebay.push_tracking(push_of(DEMO_ORDER, [("10000000000000", 2)]))

    [order] = [order for order in ebay.orders(a_day_ago()) if order.order_id == DEMO_ORDER]
    assert order.raw["orderFulfillmentStatus"] == "IN_PROGRESS"
    assert order_status(sandbox_url, "ebay", DEMO_ORDER) == "IN_PROGRESS"


def test_pushing_the_same_package_again_does_not_record_it_twice(ebay):
    push = push_of(BRAKE_PADS_ORDER, [("10000000000002", 1)])

    first, again = ebay.push_tracking(push), ebay.push_tracking(push)

    assert again == first
    assert len(pushes_received("ebay", BRAKE_PADS_ORDER)) == 1


def test_a_push_whose_answer_is_lost_is_not_sent_twice(sandbox_url):
    impatient = marketplace_client("ebay", base_url=sandbox_url,
                                   token=ebay_simulator.EBAY_USER_TOKEN, timeout=0.5,
                                   retry_base_seconds=0.01)
    fault_add("ebay", "slow", operation="createShippingFulfillment", seconds=1.5)

    fulfillment_id = impatient.push_tracking(push_of(BRAKE_PADS_ORDER, [("10000000000002", 1)]))

    [push] = pushes_received("ebay", BRAKE_PADS_ORDER)
    assert push.reference == fulfillment_id
    assert calls_received("ebay").count("createShippingFulfillment") == 1


def test_carriers_ebay_has_no_code_for_are_sent_as_other(ebay):
    ebay.push_tracking(push_of(BRAKE_PADS_ORDER, [("10000000000002", 1)], carrier="Estes"))

    [push] = pushes_received("ebay", BRAKE_PADS_ORDER)
    assert push.body["shippingCarrierCode"] == "Other"


def test_an_unknown_order_is_refused_in_ebays_words(ebay):
    with pytest.raises(MarketplaceRefused, match="HTTP 404.*Order 12-00000-00000 was not found"):
        ebay.push_tracking(push_of("12-00000-00000", [("10000000000002", 1)]))


def test_a_carrier_code_ebay_does_not_accept_is_refused(ebay, monkeypatch):
    monkeypatch.setattr(ebay_simulator, "EBAY_CARRIER_CODES",
                        ebay_simulator.EBAY_CARRIER_CODES - {"OnTrac"})

    with pytest.raises(MarketplaceRefused,
                       match="shippingCarrierCode 'OnTrac' is not a shipping carrier eBay"):
        ebay.push_tracking(push_of(BRAKE_PADS_ORDER, [("10000000000002", 1)], carrier="OnTrac"))
    assert pushes_received() == []


def test_shipping_more_than_was_ordered_is_refused(ebay):
    with pytest.raises(MarketplaceRefused, match="has 1 unit"):
        ebay.push_tracking(push_of(BRAKE_PADS_ORDER, [("10000000000002", 3)]))


def test_an_expired_token_is_refused_without_showing_the_token(sandbox_url):
    expired = marketplace_client("ebay", base_url=sandbox_url, token="v^1.1#expired-user-token")

    with pytest.raises(MarketplaceRefused, match="Invalid access token") as refused:
        expired.orders(a_day_ago())
    assert "Renew the eBay user token" in str(refused.value)
    assert "expired-user-token" not in str(refused.value)


@pytest.mark.parametrize("kind", ["500", "429"])
def test_passing_failures_are_retried(ebay, kind):
    fault_add("ebay", kind, operation="getOrders", count=2)

    assert len(ebay.orders(a_day_ago())) == 3
    assert calls_received("ebay").count("getOrders") == 4  # 2 failed, then 2 pages


def test_a_push_throttled_for_a_while_goes_through(ebay):
    fault_add("ebay", "429", operation="createShippingFulfillment", count=2)

    ebay.push_tracking(push_of(BRAKE_PADS_ORDER, [("10000000000002", 1)]))

    assert len(pushes_received("ebay", BRAKE_PADS_ORDER)) == 1


@pytest.mark.parametrize(("kind", "sentence"), [
    ("500", "eBay answered HTTP 500"), ("429", "eBay is throttling our requests")])
def test_lasting_failures_make_ebay_unavailable(ebay, kind, sentence):
    fault_add("ebay", kind, operation="getOrders", count=10)

    with pytest.raises(MarketplaceUnavailable, match=f"{sentence}.*Gave up after 3 attempts"):
        ebay.orders(a_day_ago())


def test_orders_added_for_the_demo_are_listed_with_their_buyer(ebay, sandbox_url):
    added = order_add(sandbox_url, "ebay", [{"sku": "AE-CI-SKL10", "quantity": 2,
                                             "unit_price": "34.99"}])

    [order] = [order for order in ebay.orders(a_day_ago())
               if order.order_id == added["order_id"]]
    assert order.ship_to.name == BUYER["name"]
    assert order.lines[0].title == "Alder & Ember Pre-Seasoned Cast Iron Skillet, 10 inch"
    assert order.lines[0].unit_price == Decimal("34.99")
