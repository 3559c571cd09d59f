"""The Amazon client: merchant-fulfilled orders through python-amazon-sp-api's Orders v0 client
(getOrders, getOrderItems, getOrderAddress) and tracking through confirmShipment."""

import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

import sandbox.marketplaces.amazon as amazon_simulator
from orders.marketplaces import (
    BuyerAddress,
    MarketplaceLine,
    MarketplaceRefused,
    MarketplaceUnavailable,
    TrackingPush,
    marketplace_client,
)
from orders.spapi import client as spapi_client
from sandbox.distributors.state import calls_received, fault_add
from sandbox.marketplaces.pushes import pushes_received
from sandbox.spapi.tokens import REVOKED_REFRESH_TOKEN, access_token_issue
from tests.orders.marketplaces.conftest import SHIPPED_AT, a_day_ago, order_add, order_status
from tests.sandbox.spapi_client import SANDBOX_CREDENTIALS

pytestmark = pytest.mark.django_db(transaction=True)
DEMO_ORDER = "902-3159896-1390916"  # NGK-CR9E × 2 and HF-HF204 × 1
BRAKE_PADS_ORDER = "902-3159896-1390917"  # EBC-FA196HH × 1
FBA_ORDER = "114-9988776-5544332"


def push_of(order_id: str, lines: list[tuple[str, int]], carrier: str = "FedEx",
            package_reference: str = "1") -> TrackingPush:
    return TrackingPush(order_id, lines, carrier, "797843158299", SHIPPED_AT, package_reference)


def open_order_ids(amazon) -> set[str]:
    return {order.order_id for order in amazon.orders(a_day_ago())}


def test_open_merchant_fulfilled_orders_come_with_address_and_items(amazon):
    orders = {order.order_id: order for order in amazon.orders(a_day_ago())}

    assert set(orders) == {DEMO_ORDER, BRAKE_PADS_ORDER, "114-2233445-6677889"}  # no FBA
    order = orders[DEMO_ORDER]
    assert order.ship_to == BuyerAddress(
        "Trevor Banks", "315 Lakeshore Blvd", "Unit B", "Duluth", "MN", "55802", "US",
        "218-555-0166", "")
    assert order.lines == [
        MarketplaceLine("12345678901234", "NGK-CR9E", "NGK spark plug CR9E", 2,
                        Decimal("3.99"), "USD"),
        MarketplaceLine("12345678901235", "HF-HF204", "Hiflofiltro oil filter HF204", 1,
                        Decimal("10.49"), "USD")]
    assert orders[BRAKE_PADS_ORDER].ship_to.email.endswith("@marketplace.amazon.com")
    assert order.raw["order"]["OrderStatus"] == "Unshipped"


def test_orders_created_before_since_are_left_out(amazon):
    orders = amazon.orders(timezone.now() - timedelta(hours=3))

    assert [order.order_id for order in orders] == ["114-2233445-6677889"]


def test_the_client_pages_through_every_page(amazon, sandbox_url):
    added = {order_add(sandbox_url, "amazon", [{"sku": "HF-HF204", "quantity": 1,
                                                "unit_price": "10.49"}])["order_id"]
             for _ in range(3)}

    listed = open_order_ids(amazon)

    assert listed >= added
    assert len(listed) == 6
    assert calls_received("amazon").count("getOrders") == 3  # pages of 2


def test_a_push_sends_the_fields_amazon_documents(amazon):
    reference = amazon.push_tracking(push_of(BRAKE_PADS_ORDER, [("12345678901236", 1)]))

    [push] = pushes_received("amazon", BRAKE_PADS_ORDER)
    assert reference == push.reference == "1"
    # Exactly these: no marketplaceIds slipped into the body by the library.
    assert push.body == {"marketplaceId": "ATVPDKIKX0DER", "packageDetail": {
        "packageReferenceId": "1", "carrierCode": "FedEx", "shippingMethod": "Standard",
        "trackingNumber": "797843158299", "shipDate": "2025-06-03T19:09:02Z",
        "orderItems": [{"orderItemId": "12345678901236", "quantity": 1}]}}


def test_a_carrier_without_an_amazon_code_is_other_with_its_name(amazon):
    amazon.push_tracking(push_of(BRAKE_PADS_ORDER, [("12345678901236", 1)],
                                 carrier="Estes Express"))

    [push] = pushes_received("amazon", BRAKE_PADS_ORDER)
    assert push.body["packageDetail"]["carrierCode"] == "Other"
    assert push.body["packageDetail"]["carrierName"] == "Estes Express"


def test_an_order_shipped_in_full_is_no_longer_open(amazon, sandbox_url):
    amazon.push_tracking(push_of(DEMO_ORDER, [("12345678901234", 2), ("12345678901235", 1)]))

    assert DEMO_ORDER not in open_order_ids(amazon)
    assert order_status(sandbox_url, "amazon", DEMO_ORDER) == "Shipped"


def test_an_order_shipped_in_two_packages_is_open_until_the_second(amazon, sandbox_url):
    amazon.push_tracking(push_of(DEMO_ORDER, [("12345678901234", 2)]))
    assert order_status(sandbox_url, "amazon", DEMO_ORDER) == "PartiallyShipped"
    assert DEMO_ORDER in open_order_ids(amazon)

    amazon.push_tracking(push_of(DEMO_ORDER, [("12345678901235", 1)], package_reference="2"))

    assert DEMO_ORDER not in open_order_ids(amazon)


def test_resending_a_package_edits_it_rather_than_shipping_it_again(amazon):
    push = push_of(BRAKE_PADS_ORDER, [("12345678901236", 1)])

    amazon.push_tracking(push)
    amazon.push_tracking(push)

    assert len(pushes_received("amazon", BRAKE_PADS_ORDER)) == 1


def test_an_unknown_order_is_refused_in_amazons_words(amazon):
    with pytest.raises(MarketplaceRefused,
                       match="NotFound: Order 902-0000000-0000000 was not found"):
        amazon.push_tracking(push_of("902-0000000-0000000", [("12345678901236", 1)]))


def test_other_without_a_carrier_name_is_refused(amazon):
    with pytest.raises(MarketplaceRefused,
                       match="carrierName is required when carrierCode is Other"):
        amazon.push_tracking(push_of(BRAKE_PADS_ORDER, [("12345678901236", 1)], carrier=""))


def test_a_carrier_code_amazon_does_not_accept_is_refused(amazon, monkeypatch):
    monkeypatch.setattr(amazon_simulator, "AMAZON_CARRIER_CODES",
                        amazon_simulator.AMAZON_CARRIER_CODES - {"OnTrac"})

    with pytest.raises(MarketplaceRefused, match="InvalidInput: Invalid carrierCode 'OnTrac'"):
        amazon.push_tracking(push_of(BRAKE_PADS_ORDER, [("12345678901236", 1)],
                                     carrier="OnTrac"))


def test_an_order_fulfilled_by_amazon_cannot_be_confirmed(amazon):
    with pytest.raises(MarketplaceRefused, match="is fulfilled by Amazon"):
        amazon.push_tracking(push_of(FBA_ORDER, [("12345678901238", 1)]))


def test_an_expired_access_token_is_renewed_without_troubling_the_caller(amazon):
    key = amazon.api._auth.cache_key()
    expired = access_token_issue(now=time.time() - 7200)
    spapi_client._tokens[key] = ({"access_token": expired, "expires_in": 3600}, float("inf"))

    assert len(open_order_ids(amazon)) == 3
    assert spapi_client._tokens[key][0]["access_token"] != expired


def test_a_revoked_refresh_token_is_refused_without_showing_secrets(sandbox_url):
    revoked = marketplace_client(
        "amazon", base_url=sandbox_url, lwa_endpoint=f"{sandbox_url}/auth/o2/token",
        **{**SANDBOX_CREDENTIALS, "refresh_token": REVOKED_REFRESH_TOKEN})

    with pytest.raises(MarketplaceRefused, match="Login with Amazon refused") as refused:
        revoked.orders(a_day_ago())
    assert SANDBOX_CREDENTIALS["lwa_client_secret"] not in str(refused.value)
    assert REVOKED_REFRESH_TOKEN not in str(refused.value)


def test_incomplete_credentials_are_refused_before_any_call(sandbox_url):
    with pytest.raises(MarketplaceRefused, match="needs its LWA app id"):
        marketplace_client("amazon", base_url=sandbox_url, lwa_app_id="amzn1.app")


@pytest.mark.parametrize("kind", ["500", "429"])
def test_passing_failures_are_retried(amazon, kind):
    fault_add("amazon", kind, operation="getOrders", count=2)

    assert len(open_order_ids(amazon)) == 3


def test_a_push_throttled_for_a_while_goes_through(amazon):
    fault_add("amazon", "429", operation="confirmShipment", count=2)

    amazon.push_tracking(push_of(BRAKE_PADS_ORDER, [("12345678901236", 1)]))

    assert len(pushes_received("amazon", BRAKE_PADS_ORDER)) == 1


@pytest.mark.parametrize(("kind", "code"), [("500", "InternalFailure"), ("429", "QuotaExceeded")])
def test_lasting_failures_make_amazon_unavailable(amazon, kind, code):
    fault_add("amazon", kind, operation="getOrders", count=10)

    with pytest.raises(MarketplaceUnavailable, match=f"try again later. {code}"):
        amazon.orders(a_day_ago())
    assert calls_received("amazon").count("getOrders") == 3
