import pytest

from orders.spapi import client as spapi_client
from sandbox.catalog import DEMO_VENDOR_CODE
from tests.factories import VendorAccountFactory


@pytest.fixture(autouse=True)
def _fresh_token_cache():
    spapi_client._tokens.clear()


@pytest.fixture
def spapi_sandbox(settings, sandbox_url) -> str:
    """Points the real SP-API client at the simulator on the live test server."""
    settings.SP_API_ENDPOINT = sandbox_url
    settings.SP_API_LWA_ENDPOINT = f"{sandbox_url}/auth/o2/token"
    return sandbox_url


@pytest.fixture
def demo_account(spapi_sandbox):
    return VendorAccountFactory(code=DEMO_VENDOR_CODE, selling_party_id=DEMO_VENDOR_CODE)
