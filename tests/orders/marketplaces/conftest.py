"""The marketplace clients against the simulators on the live test server, over real HTTP."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import requests
from django.utils import timezone

from orders.marketplaces import MarketplaceClient, marketplace_client
from sandbox.distributors.state import simulators_reset
from sandbox.marketplaces.ebay import EBAY_USER_TOKEN
from sandbox.marketplaces.pushes import orders_reset
from tests.sandbox.spapi_client import SANDBOX_CREDENTIALS

CONTROL = {"X-Sandbox-Control": "1"}
SHIPPED_AT = datetime(2025, 6, 3, 19, 9, 2, 768000, tzinfo=UTC)
BUYER = {"name": "Wes Calloway", "address1": "62 Quarry Rd", "address2": "", "city": "Keene",
         "state": "NH", "postal_code": "03431", "country": "US", "phone": "603-555-0102",
         "email": "wes.calloway@example.com"}


@pytest.fixture(autouse=True)
def _fresh_marketplaces() -> Iterator[None]:
    # Orders, pushes, faults and call counts live in this process, shared with the server.
    orders_reset()
    simulators_reset()
    yield
    orders_reset()
    simulators_reset()


@pytest.fixture
def ebay(sandbox_url: str) -> MarketplaceClient:
    return marketplace_client("ebay", base_url=sandbox_url, token=EBAY_USER_TOKEN, page_size=2,
                              max_attempts=3, retry_base_seconds=0.01)


@pytest.fixture
def amazon(sandbox_url: str, settings) -> MarketplaceClient:
    settings.SP_API_MAX_ATTEMPTS = 3  # the test settings' retry base is already 0.01 s
    return marketplace_client("amazon", base_url=sandbox_url,
                              lwa_endpoint=f"{sandbox_url}/auth/o2/token", page_size=2,
                              **SANDBOX_CREDENTIALS)


def a_day_ago() -> datetime:
    return timezone.now() - timedelta(days=1)


def order_add(sandbox_url: str, marketplace: str, lines: list[dict], **spec) -> dict:
    """Adds a buyer's order through the simulators' control endpoint."""
    answer = requests.post(f"{sandbox_url}/_control/marketplaces/orders", headers=CONTROL,
                           json={"marketplace": marketplace, "ship_to": BUYER, "lines": lines,
                                 **spec}, timeout=5)
    assert answer.status_code == 201, answer.text
    return answer.json()["order"]


def order_status(sandbox_url: str, marketplace: str, order_id: str) -> str:
    listed = requests.get(f"{sandbox_url}/_control/marketplaces/orders", headers=CONTROL,
                          params={"marketplace": marketplace}, timeout=5).json()["orders"]
    return next(order["status"] for order in listed if order["order_id"] == order_id)
