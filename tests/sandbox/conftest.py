"""Fixtures for the partner simulators' tests."""

from collections.abc import Iterator

import pytest
from sp_api.api import VendorInvoices, VendorOrders, VendorShipments, VendorTransactionStatus
from sp_api.auth import access_token_client

from sandbox.spapi.throttling import rate_limits_reset
from tests.sandbox.spapi_client import (
    SANDBOX_CREDENTIALS,
    LoopbackVendorInvoices,
    LoopbackVendorShipments,
    LoopbackVendorTransactionStatus,
    sandbox_client,
    vendor_orders_client,
)


@pytest.fixture(autouse=True)
def _forget_lwa_tokens() -> Iterator[None]:
    # The library caches access tokens per refresh token in a module-level TTLCache shared by
    # every client, so a token from one test's server would leak into the next test.
    access_token_client.cache.clear()
    yield
    access_token_client.cache.clear()


@pytest.fixture(autouse=True)
def _full_rate_limit_buckets() -> None:
    # The buckets live in the live server's process, which is this one: without a reset, a
    # test would inherit the requests of the tests that ran in the same second.
    rate_limits_reset()


@pytest.fixture
def vendor_orders(sandbox_url: str) -> Iterator[VendorOrders]:
    client = vendor_orders_client(sandbox_url, SANDBOX_CREDENTIALS)
    yield client
    client.close()


@pytest.fixture
def vendor_transactions(sandbox_url: str) -> Iterator[VendorTransactionStatus]:
    client = sandbox_client(LoopbackVendorTransactionStatus, sandbox_url, SANDBOX_CREDENTIALS)
    yield client
    client.close()


@pytest.fixture
def vendor_shipments(sandbox_url: str) -> Iterator[VendorShipments]:
    client = sandbox_client(LoopbackVendorShipments, sandbox_url, SANDBOX_CREDENTIALS)
    yield client
    client.close()


@pytest.fixture
def vendor_invoices(sandbox_url: str) -> Iterator[VendorInvoices]:
    client = sandbox_client(LoopbackVendorInvoices, sandbox_url, SANDBOX_CREDENTIALS)
    yield client
    client.close()
