"""The real python-amazon-sp-api client aimed at the sandbox, and Amazon's model for checks."""

import json
from functools import cache
from urllib.parse import urlsplit

from jsonschema import Draft4Validator
from sp_api.api import VendorOrders
from sp_api.auth import AccessTokenClient
from sp_api.base import Marketplaces

from sandbox.spapi.examples import FIXTURES_DIR

SANDBOX_CREDENTIALS = {
    "refresh_token": "Atzr|sandbox-refresh-token",
    "lwa_app_id": "amzn1.application-oa2-client.sandbox",
    "lwa_client_secret": "sandbox-client-secret",
}


class LoopbackVendorOrders(VendorOrders):
    """VendorOrders whose Host header is right for an http:// endpoint.

    The library sends `host: endpoint[8:]`, which assumes https://; for the live server's
    http://localhost:PORT/sandbox that is "ocalhost:PORT/sandbox", and Django rejects it.
    """

    @property
    def headers(self) -> dict:
        return {**super().headers, "host": urlsplit(self.endpoint).netloc}


def sandbox_token_client(sandbox_url: str) -> type[AccessTokenClient]:
    """An AccessTokenClient that asks the sandbox's LWA instead of api.amazon.com."""
    url = urlsplit(sandbox_url)
    return type(
        "SandboxAccessTokenClient",
        (AccessTokenClient,),
        {"scheme": f"{url.scheme}://", "host": url.netloc, "path": f"{url.path}/auth/o2/token"},
    )


def vendor_orders_client(sandbox_url: str, credentials: dict) -> VendorOrders:
    client = LoopbackVendorOrders(
        Marketplaces.US,
        credentials=credentials,
        auth_token_client_class=sandbox_token_client(sandbox_url),
    )
    client.endpoint = sandbox_url
    return client


def official_fixture(name: str) -> dict:
    return json.loads((FIXTURES_DIR / name).read_text())


@cache
def model_validator(definition: str) -> Draft4Validator:
    """Validator for one definition of Amazon's vendorOrders.json (Swagger 2.0 ≈ Draft 4)."""
    model = official_fixture("vendorOrders.json")
    schema = {"$ref": f"#/definitions/{definition}", "definitions": model["definitions"]}
    return Draft4Validator(schema)
