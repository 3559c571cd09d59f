"""The real python-amazon-sp-api client aimed at the sandbox, and Amazon's model for checks."""

import copy
import json
from functools import cache
from urllib.parse import urlsplit

from jsonschema import Draft4Validator
from sp_api.api import VendorInvoices, VendorOrders, VendorShipments, VendorTransactionStatus
from sp_api.auth import AccessTokenClient
from sp_api.base import Client, Marketplaces

from sandbox.spapi.examples import FIXTURES_DIR

SANDBOX_CREDENTIALS = {
    "refresh_token": "Atzr|sandbox-refresh-token",
    "lwa_app_id": "amzn1.application-oa2-client.sandbox",
    "lwa_client_secret": "sandbox-client-secret",
}


class LoopbackHost:
    """Mixin for a client whose Host header is right for an http:// endpoint.

    The library sends `host: endpoint[8:]`, which assumes https://; for the live server's
    http://localhost:PORT/sandbox that is "ocalhost:PORT/sandbox", and Django rejects it.
    Nothing else of the client changes: bodies (with their injected MarketplaceIds) and
    parameters go out exactly as they would to Amazon.
    """

    @property
    def headers(self) -> dict:
        return {**super().headers, "host": urlsplit(self.endpoint).netloc}


class LoopbackVendorOrders(LoopbackHost, VendorOrders):
    pass


class LoopbackVendorTransactionStatus(LoopbackHost, VendorTransactionStatus):
    pass


class LoopbackVendorShipments(LoopbackHost, VendorShipments):
    pass


class LoopbackVendorInvoices(LoopbackHost, VendorInvoices):
    pass


def sandbox_token_client(sandbox_url: str) -> type[AccessTokenClient]:
    """An AccessTokenClient that asks the sandbox's LWA instead of api.amazon.com."""
    url = urlsplit(sandbox_url)
    return type(
        "SandboxAccessTokenClient",
        (AccessTokenClient,),
        {"scheme": f"{url.scheme}://", "host": url.netloc, "path": f"{url.path}/auth/o2/token"},
    )


def sandbox_client(client_class: type[Client], sandbox_url: str, credentials: dict) -> Client:
    """A real python-amazon-sp-api client of `client_class` aimed at the sandbox."""
    client = client_class(
        Marketplaces.US,
        credentials=credentials,
        auth_token_client_class=sandbox_token_client(sandbox_url),
    )
    client.endpoint = sandbox_url
    return client


def vendor_orders_client(sandbox_url: str, credentials: dict) -> VendorOrders:
    return sandbox_client(LoopbackVendorOrders, sandbox_url, credentials)


def official_fixture(name: str) -> dict:
    return json.loads((FIXTURES_DIR / name).read_text())


@cache
def model_validator(definition: str, model: str = "vendorOrders.json") -> Draft4Validator:
    """Validator for one definition of one of Amazon's models (Swagger 2.0 ≈ Draft 4)."""
    definitions = official_fixture(model)["definitions"]
    schema = {"$ref": f"#/definitions/{definition}", "definitions": definitions}
    return Draft4Validator(schema)


@cache
def strict_model_validator(definition: str, model: str = "vendorOrders.json") -> Draft4Validator:
    """Like model_validator, but no property the model does not define is allowed: what the
    sandbox answers must use the model's names (e.g. buyerProductIdentifier, not
    amazonProductIdentifier, on a shipment's purchase order items)."""
    definitions = copy.deepcopy(official_fixture(model)["definitions"])
    for schema in _schemas_within(definitions):
        if "properties" in schema:
            schema["additionalProperties"] = False
    schema = {"$ref": f"#/definitions/{definition}", "definitions": definitions}
    return Draft4Validator(schema)


def _schemas_within(node: object) -> list[dict]:
    if isinstance(node, dict):
        return [node, *(s for value in node.values() for s in _schemas_within(value))]
    if isinstance(node, list):
        return [s for value in node for s in _schemas_within(value)]
    return []


def polled_statuses(
    vendor_transactions: VendorTransactionStatus, transaction_id: str, polls: int = 2
) -> list[dict]:
    """getTransaction's transactionStatus `polls` times in a row, each checked against the
    model."""
    validator = model_validator("GetTransactionResponse", "vendorTransactionStatus.json")
    statuses = []
    for _ in range(polls):
        payload = vendor_transactions.get_transaction(transaction_id).payload
        validator.validate({"payload": payload})
        statuses.append(payload["transactionStatus"])
    return statuses


def submitted(response: object, model: str = "vendorOrders.json") -> str:
    """The transactionId of a 202 answer, after checking the answer against the model."""
    definition = {
        "vendorOrders.json": "SubmitAcknowledgementResponse",
        "vendorShipments.json": "SubmitShipmentConfirmationsResponse",
        "vendorInvoices.json": "SubmitInvoicesResponse",
    }[model]
    model_validator(definition, model).validate({"payload": response.payload})
    return response.payload["transactionId"]
