"""What every marketplace client speaks: the buyer's order in one shape, the tracking push, and
the two ways a call fails."""

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Protocol


@dataclass(frozen=True)
class BuyerAddress:
    name: str
    address1: str
    address2: str
    city: str
    state: str
    postal_code: str
    country: str
    phone: str
    email: str


@dataclass(frozen=True)
class MarketplaceLine:
    line_id: str  # eBay's lineItemId, Amazon's OrderItemId: what a tracking push names
    sku: str
    title: str
    quantity: int
    unit_price: Decimal
    currency: str


@dataclass(frozen=True)
class MarketplaceOrder:
    order_id: str
    ordered_at: datetime
    ship_to: BuyerAddress
    lines: list[MarketplaceLine]
    raw: dict  # what the marketplace sent, for the stored document


@dataclass(frozen=True)
class TrackingPush:
    """One package of one order: the lines (line id, quantity) it carries and its tracking."""

    order_id: str
    lines: list[tuple[str, int]]
    carrier: str  # the carrier's name as the distributors report it: "UPS", "FedEx", …
    tracking_number: str
    shipped_at: datetime
    # Amazon edits the package when the same reference is sent again; eBay ignores it.
    package_reference: str = "1"


class MarketplaceRefused(Exception):
    """The marketplace refused the request (its 4xx), in its own words: sending the same again
    will not help. Also raised before any call when a channel's credentials are incomplete."""


class MarketplaceUnavailable(Exception):
    """Throttled, a fault on the marketplace's side, or no answer: worth trying again later."""


class MarketplaceClient(Protocol):
    def orders(self, since: datetime) -> list[MarketplaceOrder]:
        """The orders created since `since` that still wait for us to ship them."""
        ...

    def push_tracking(self, push: TrackingPush) -> str:
        """Tells the marketplace the package shipped; returns its fulfillment reference."""
        ...


def utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        # A naive time would be read as the server's local time: wrong by hours, silently.
        raise ValueError(f"{moment.isoformat()} has no time zone; pass an aware datetime.")
    return moment.astimezone(UTC)


def unit_price(line_total: Decimal, quantity: int) -> Decimal:
    """Both marketplaces price a line for all its units; the price of one, to the cent."""
    return (line_total / quantity).quantize(Decimal("0.01")) if quantity else line_total
