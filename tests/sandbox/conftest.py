"""Fixtures for the partner simulators' tests."""

from collections.abc import Iterator

import pytest
from sp_api.api import VendorOrders
from sp_api.auth import access_token_client

from tests.sandbox.spapi_client import SANDBOX_CREDENTIALS, vendor_orders_client


@pytest.fixture(autouse=True)
def _forget_lwa_tokens() -> Iterator[None]:
    # The library caches access tokens per refresh token in a module-level TTLCache shared by
    # every client, so a token from one test's server would leak into the next test.
    access_token_client.cache.clear()
    yield
    access_token_client.cache.clear()


@pytest.fixture
def vendor_orders(sandbox_url: str) -> Iterator[VendorOrders]:
    client = vendor_orders_client(sandbox_url, SANDBOX_CREDENTIALS)
    yield client
    client.close()
