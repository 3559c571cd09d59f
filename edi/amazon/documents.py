"""What goes in and out of the Amazon mappers, free of syntax and of the database.

Inbound, a read order file; outbound, small inputs the writers take. The line protocols match
`orders.services.lines.LineRow` field for field, so decided rows can be passed as they are.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Generic, Protocol, TypeVar

from edi.codec.problems import Problem
from orders.parsed import ParsedOrder

InterchangeT = TypeVar("InterchangeT")


@dataclass(frozen=True)
class OrderFile(Generic[InterchangeT]):
    """An inbound order file: its interchange, the orders that passed, every problem found.

    An order is in `orders` only when nothing is wrong with it nor with the envelopes around
    it; the functional acknowledgement written from the same problems accepts exactly those.
    """

    interchange: InterchangeT
    orders: list[ParsedOrder]
    problems: list[Problem]


class DecidedLine(Protocol):
    item_sequence: str
    amazon_product_id: str
    vendor_product_id: str
    ordered_quantity: int
    unit_of_measure: str
    net_cost: Decimal | None
    accepted_quantity: int | None
    backordered_quantity: int | None
    rejected_quantity: int | None


@dataclass(frozen=True)
class AcknowledgementInput:
    """One PO's answer (855 / ORDRSP). Lines Amazon cancelled (ordered 0) are left out."""

    po_number: str
    order_date: date
    lines: Sequence[DecidedLine]
    ship_date: date | None = None  # when the accepted units ship
    backorder_date: date | None = None  # when the backordered units ship
    buyer_party_id: str = ""  # ORDRSP NAD+BY: Amazon's GLN
    supplier_party_id: str = ""  # ORDRSP NAD+SU: our GLN
    currency: str = ""  # ORDRSP CUX


def decided_quantities(line: DecidedLine) -> tuple[int, int, int]:
    """Accepted, backordered and rejected units; they must add up to the ordered quantity."""
    split = (line.accepted_quantity or 0, line.backordered_quantity or 0,
             line.rejected_quantity or 0)
    if sum(split) != line.ordered_quantity:
        raise ValueError(
            f"Line {line.item_sequence}: accepted {split[0]} + backordered {split[1]} + "
            f"rejected {split[2]} = {sum(split)}, but {line.ordered_quantity} were ordered; "
            "decide the whole line before acknowledging it.")
    return split


def acknowledged_lines(acknowledgement: AcknowledgementInput) -> list[DecidedLine]:
    return [line for line in acknowledgement.lines if line.ordered_quantity > 0]


@dataclass(frozen=True)
class ShippedItem:
    po_number: str
    item_sequence: str
    amazon_product_id: str
    vendor_product_id: str
    shipped_quantity: int
    unit_of_measure: str = "Eaches"


@dataclass(frozen=True)
class ShipmentInput:
    """One shipment's notice (856 / DESADV)."""

    identifier: str
    shipped_at: datetime
    ship_from_party_id: str
    ship_to_party_id: str
    items: Sequence[ShippedItem]
    carrier: str = ""  # SCAC in the 856, the carrier's name in DESADV
    bill_of_lading: str = ""


@dataclass(frozen=True)
class InvoicedLine:
    item_sequence: str
    amazon_product_id: str
    vendor_product_id: str
    quantity: int
    net_cost: Decimal
    unit_of_measure: str = "Eaches"


@dataclass(frozen=True)
class InvoiceInput:
    """One invoice for one PO (810 / INVOIC)."""

    number: str
    issued_on: date
    po_number: str
    currency: str
    total: Decimal
    remit_to_party_id: str  # the vendor code (810 N1*RI) or our GLN (INVOIC NAD+SU)
    lines: Sequence[InvoicedLine]
