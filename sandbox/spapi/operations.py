"""The SP-API operations the sandbox serves, by the operationId their model gives them, with
the usage plan (rate and burst) each model's description publishes."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Operation:
    name: str
    rate: float
    burst: int

    @property
    def rate_limit_header(self) -> str:
        """x-amzn-RateLimit-Limit as Amazon writes it, e.g. "10.0"."""
        return f"{self.rate:.1f}"


OPERATIONS: dict[str, Operation] = {
    operation.name: operation
    for operation in (
        Operation("getPurchaseOrders", rate=10, burst=10),
        Operation("getPurchaseOrder", rate=10, burst=10),
        Operation("submitAcknowledgement", rate=10, burst=10),
        Operation("getPurchaseOrdersStatus", rate=10, burst=10),
        Operation("getTransaction", rate=10, burst=20),
        Operation("GetShipmentDetails", rate=10, burst=10),
        Operation("SubmitShipmentConfirmations", rate=10, burst=10),
        Operation("submitInvoices", rate=10, burst=10),
    )
}
