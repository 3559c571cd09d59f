"""What every distributor adapter takes and gives back: plain values, no Django models.

Two kinds of failure reach the caller. `DistributorRefused` means the distributor (or, for
`InvalidRequest`, this adapter on its behalf) said no: trying again unchanged will not help.
`DistributorUnavailable` means the distributor could not be heard clearly (transport errors,
timeouts, HTTP 429 and 5xx after the retries): trying again later may help, unless
`outcome_unknown` says the order may already have been placed.
"""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Protocol


@dataclass(frozen=True, kw_only=True)
class ShipTo:
    name: str
    address1: str
    address2: str = ""
    city: str
    state: str
    postal_code: str
    country: str = "US"
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class OrderLine:
    part_number: str
    quantity: int


@dataclass(frozen=True)
class DropshipRequest:
    po_number: str
    ship_to: ShipTo
    lines: list[OrderLine]
    # "ground" is understood by every adapter; anything else is sent as the distributor's code.
    ship_method: str = "ground"
    comment: str = ""


@dataclass(frozen=True)
class StockPrice:
    part_number: str
    quantity: int
    # The distributor shows a capped number ("9 means 9 or more"): quantity is a floor.
    is_capped: bool
    cost: Decimal | None
    warehouse_quantities: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Placed:
    distributor_order_number: str
    raw: dict


@dataclass(frozen=True)
class Shipped:
    tracking_number: str
    carrier: str
    shipped_at: datetime | None
    raw: dict


class DistributorRefused(Exception):
    """The distributor said no. `message` is the distributor's own text, as it was sent."""

    def __init__(self, message: str, *, status: int | None = None, raw: object = None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.raw = raw


class InvalidRequest(DistributorRefused):
    """Refused before sending: the request breaks a documented limit of the distributor.
    `message` is our sentence, with the fix."""


class DistributorUnavailable(Exception):
    """The distributor could not be heard clearly; `message` is a sentence for staff.

    `outcome_unknown` is True when an order-placing request may have reached the distributor
    (a timeout or a 5xx after sending): check with the distributor before placing it again.
    """

    def __init__(self, message: str, *, outcome_unknown: bool = False):
        super().__init__(message)
        self.message = message
        self.outcome_unknown = outcome_unknown


class FileUnusable(Exception):
    """The distributor sent a file we will not use (too large, not where or what it should
    be); `message` is our sentence for staff."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Adapter(Protocol):
    def check(self, part_numbers: list[str]) -> dict[str, StockPrice]: ...

    def place(self, request: DropshipRequest) -> Placed: ...

    def shipments(self, po_number: str, distributor_order_number: str = "") -> list[Shipped]: ...


def lines_checked(request: DropshipRequest, distributor: str) -> None:
    """Raises InvalidRequest unless the request has a PO number and lines to order."""
    if not request.po_number.strip():
        raise InvalidRequest(f"The order for {distributor} has no PO number: give it one.")
    if not request.lines:
        raise InvalidRequest(f"PO {request.po_number} has no lines to order from {distributor}.")
    for number, line in enumerate(request.lines, start=1):
        if not line.part_number.strip() or line.quantity < 1:
            raise InvalidRequest(
                f"PO {request.po_number} line {number}: a part number and a quantity of at "
                f"least 1 are needed (got {line.part_number!r} × {line.quantity}).")
