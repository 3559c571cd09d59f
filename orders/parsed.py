"""Purchase orders as every route delivers them (API, spreadsheet, EDI), before they are stored."""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal


class OrderDataError(ValueError):
    """An inbound order cannot be understood; the message names the PO and the item."""


@dataclass(frozen=True)
class ParsedAddress:
    party_id: str
    name: str = ""
    address_line1: str = ""
    address_line2: str = ""
    city: str = ""
    state_or_region: str = ""
    postal_code: str = ""
    country_code: str = ""
    phone: str = ""


# Not frozen: a frozen dataclass costs five times as much to build, and a 10,000-line EDI
# order builds 10,000 of these. Nothing changes a line once it is read.
@dataclass(slots=True)
class ParsedLine:
    item_sequence: str
    amazon_product_id: str
    vendor_product_id: str
    ordered_quantity: int
    unit_of_measure: str
    unit_size: int
    is_backorder_allowed: bool
    net_cost: Decimal | None
    list_price: Decimal | None
    currency: str


@dataclass(frozen=True)
class ParsedOrder:
    po_number: str
    amazon_state: str
    has_details: bool
    order_type: str = ""
    ordered_at: datetime | None = None
    changed_at: datetime | None = None
    ship_window: tuple[datetime | None, datetime | None] = (None, None)
    delivery_window: tuple[datetime | None, datetime | None] = (None, None)
    selling_party_id: str = ""
    buying_party_id: str = ""
    ship_to: ParsedAddress | None = None
    lines: list[ParsedLine] = field(default_factory=list)

    @property
    def currency(self) -> str:
        return next((line.currency for line in self.lines if line.currency), "")
