"""Amazon's own sandbox examples, answered verbatim when a request names their parameters (or,
for a POST, sends their exact body).

Amazon's static sandbox matches a request against each example's parameters and returns the
canned response; doing the same here lets a client be tested against the published contract.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "sp-api"


@dataclass(frozen=True)
class OfficialExample:
    name: str
    operation_id: str
    path_parameters: dict
    query: dict
    status: int
    body: dict

    def matches(self, query: Mapping[str, str], path_parameters: Mapping[str, str]) -> bool:
        """True when every parameter the example names has the example's value; the rest of
        the request (e.g. the MarketplaceId parameters the client library always adds) is
        ignored, as Amazon's sandbox does."""
        return all(
            path_parameters.get(name) == _query_value(value)
            for name, value in self.path_parameters.items()
        ) and all(query.get(name) == _query_value(value) for name, value in self.query.items())


def official_example_for(
    operation_id: str, query: Mapping[str, str], path_parameters: Mapping[str, str] | None = None
) -> OfficialExample | None:
    candidates = (e for e in official_examples() if e.operation_id == operation_id)
    return next((e for e in candidates if e.matches(query, path_parameters or {})), None)


@cache
def official_examples() -> tuple[OfficialExample, ...]:
    """Every GET example in the fixtures, the most specific first so that an example whose
    parameters are a subset of another's cannot shadow it."""
    examples = [_load(path) for path in sorted(FIXTURES_DIR.glob("*.request.json"))]
    get_examples = [example for example in examples if example is not None]
    return tuple(sorted(get_examples, key=lambda e: -len(e.query) - len(e.path_parameters)))


@dataclass(frozen=True)
class OfficialPostExample:
    name: str
    # Files are named after the operationId with a lower-case first letter
    # (submitShipmentConfirmations for the model's SubmitShipmentConfirmations).
    operation_id: str
    body: dict
    status: int
    response: dict


def official_post_example_for(operation_id: str, body: object) -> OfficialPostExample | None:
    """The example whose request body is exactly `body` (Amazon's static sandbox matches the
    whole body, so the MarketplaceIds the client library injects make a body miss)."""
    candidates = official_post_examples()
    examples = (e for e in candidates if e.operation_id.casefold() == operation_id.casefold())
    return next((e for e in examples if e.body == body), None)


@cache
def official_post_examples() -> tuple[OfficialPostExample, ...]:
    """The POST examples: request files holding a body rather than a GET description."""
    examples = []
    for request_path in sorted(FIXTURES_DIR.glob("*.request.json")):
        body = json.loads(request_path.read_text())
        if "method" in body:
            continue
        name = request_path.name.removesuffix(".request.json")
        response = json.loads(request_path.with_name(f"{name}.response.json").read_text())
        status = 400 if ".400" in name else 202
        operation_id = name.split(".")[0]
        examples.append(OfficialPostExample(name, operation_id, body, status, response))
    return tuple(examples)


@cache
def official_transaction_statuses() -> dict[str, dict]:
    """getTransaction's example responses by the transactionId they describe."""
    responses = [
        json.loads(path.read_text()) for path in FIXTURES_DIR.glob("getTransaction.*.response.json")
    ]
    return {r["payload"]["transactionStatus"]["transactionId"]: r for r in responses}


@cache
def official_example_orders() -> dict[str, dict]:
    """The detailed Orders of the getPurchaseOrder(s) examples by purchase order number, so
    that acknowledging or invoicing an example order is checked like a generated one."""
    orders: dict[str, dict] = {}
    for path in sorted(FIXTURES_DIR.glob("getPurchaseOrder*.response.json")):
        payload = json.loads(path.read_text()).get("payload", {})
        for order in payload.get("orders", [payload]):
            if "orderDetails" in order:
                orders.setdefault(order["purchaseOrderNumber"], order)
    return orders


def _load(request_path: Path) -> OfficialExample | None:
    request = json.loads(request_path.read_text())
    if request.get("method") != "GET":
        return None
    name = request_path.name.removesuffix(".request.json")
    response_path = request_path.with_name(f"{name}.response.json")
    return OfficialExample(
        name=name,
        operation_id=request["operationId"],
        path_parameters=request.get("pathParameters", {}),
        query=request.get("query", {}),
        # SOURCES.md names error examples by status, e.g. getPurchaseOrders.400.request.json.
        status=400 if ".400" in name else 200,
        body=json.loads(response_path.read_text()),
    )


def _query_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
