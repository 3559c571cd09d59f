"""python-amazon-sp-api's known pitfalls, each handled and shown against the simulator."""

from datetime import timedelta

import pytest
from django.utils import timezone

from orders.services.pulling import orders_pull
from orders.spapi import client as spapi_client
from orders.spapi.calls import RateLimiter, spapi_call
from orders.spapi.client import SpApiError, SpApiThrottled, vendor_client
from sandbox.spapi.faults import fault_add
from sandbox.spapi.tokens import REVOKED_REFRESH_TOKEN

pytestmark = pytest.mark.django_db(transaction=True)
QUERY = {"createdAfter": "2026-11-20T00:00:00Z", "createdBefore": "2026-11-21T00:00:00Z"}


def pull(account):
    return orders_pull(account=account, since=timezone.now() - timedelta(hours=1))


def test_an_html_error_page_is_an_error_not_an_empty_answer(demo_account, settings):
    settings.SP_API_MAX_ATTEMPTS = 2
    fault_add("getPurchaseOrders", "html", count=5)
    with pytest.raises(SpApiError, match="HTTP 503 with a non-JSON page") as caught:
        pull(demo_account)
    assert caught.value.retryable
    demo_account.refresh_from_db()
    assert "non-JSON page" in demo_account.last_error


@pytest.mark.parametrize("kind", ["html", "429", "500", "503"])
def test_passing_failures_are_retried_until_amazon_answers(demo_account, kind):
    fault_add("getPurchaseOrders", kind, count=2)
    assert pull(demo_account).created > 0


def test_a_lasting_throttle_marks_the_account(demo_account, settings):
    settings.SP_API_MAX_ATTEMPTS = 2
    fault_add("getPurchaseOrders", "429", count=5)
    with pytest.raises(SpApiThrottled, match="QuotaExceeded"):
        pull(demo_account)
    demo_account.refresh_from_db()
    assert demo_account.throttled_until > timezone.now()


def test_post_bodies_carry_no_marketplace_ids(demo_account):
    """The library adds marketplaceIds to shipment POSTs; Amazon rejects the element."""
    client = vendor_client(demo_account, "VendorShipments")
    with pytest.raises(SpApiError) as caught:
        spapi_call(client, "submit_shipment_confirmations", shipmentConfirmations=[{}])
    assert "marketplaceIds" not in str(caught.value)
    assert "shipmentIdentifier" in str(caught.value)


def test_a_token_amazon_no_longer_accepts_is_dropped_and_renewed(demo_account):
    client = vendor_client(demo_account, "VendorOrders")
    key = client._auth.cache_key()
    spapi_client._tokens[key] = ({"access_token": "Atza|revoked-long-ago",
                                  "expires_in": 3600}, float("inf"))
    spapi_call(client, "get_purchase_orders", **QUERY)
    assert spapi_client._tokens[key][0]["access_token"] != "Atza|revoked-long-ago"


def test_tokens_are_cached_per_login_endpoint(demo_account, settings, sandbox_url):
    first = vendor_client(demo_account, "VendorOrders")._auth.cache_key()
    settings.SP_API_LWA_ENDPOINT = f"{sandbox_url}/auth/o2/token?other"
    assert vendor_client(demo_account, "VendorOrders")._auth.cache_key() != first


def test_a_revoked_refresh_token_is_a_clear_permanent_error(demo_account):
    demo_account.refresh_token = REVOKED_REFRESH_TOKEN
    demo_account.save()
    with pytest.raises(SpApiError, match="Login with Amazon refused") as caught:
        pull(demo_account)
    assert not caught.value.retryable


def test_the_rate_limiter_spaces_calls_beyond_the_burst():
    now = [0.0]
    limiter = RateLimiter(rate=10, burst=2, clock=lambda: now[0])
    assert [limiter.wait_time() for _ in range(4)] == [0.0, 0.0, pytest.approx(0.1),
                                                      pytest.approx(0.2)]
    now[0] = 1.0
    assert limiter.wait_time() == 0.0
