"""The documents we exchange with suppliers, as plain values (what the readers return and the
writers take)."""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal


@dataclass(frozen=True)
class Credential:
    domain: str
    identity: str
    shared_secret: str = ""


@dataclass(frozen=True)
class Header:
    """From (us, the buyer), To (the supplier), Sender (who opens the connection: us)."""

    from_: Credential
    to: Credential
    sender: Credential
    user_agent: str = "Order automation back office"


@dataclass(frozen=True)
class PostalAddress:
    address_id: str
    name: str
    street: str
    city: str
    postal_code: str
    country_code: str
    state: str = ""
    deliver_to: str = ""
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Item:
    """One line as the supplier describes it: ItemIn in a cart, ItemOut in an order."""

    supplier_part_id: str
    quantity: Decimal
    unit_price: Decimal
    currency: str
    description: str = ""
    supplier_part_auxiliary_id: str = ""
    unit_of_measure: str = "EA"
    unspsc: str = ""
    line_number: int | None = None


@dataclass(frozen=True)
class Status:
    code: int
    text: str
    detail: str = ""

    @property
    def succeeded(self) -> bool:
        return 200 <= self.code < 300

    @property
    def retryable(self) -> bool:
        """cXML: 4xx is final, 5xx (and anything unknown) may succeed later."""
        return not 400 <= self.code < 500


@dataclass(frozen=True)
class Envelope:
    """What every inbound document's envelope says about itself."""

    payload_id: str
    timestamp: str
    document: str  # the element under Request/Message: "ConfirmationRequest", …
    deployment_mode: str  # "test" or "production"
    from_: tuple[Credential, ...]
    to: tuple[Credential, ...]
    sender: tuple[Credential, ...]


@dataclass(frozen=True)
class SetupRequest:
    header: Header
    payload_id: str
    timestamp: datetime
    deployment_mode: str
    operation: str  # create, edit or inspect
    buyer_cookie: str
    return_url: str
    user_email: str
    user_name: str
    extrinsics: dict[str, str] = field(default_factory=dict)
    ship_to: PostalAddress | None = None
    items: tuple[Item, ...] = ()  # the current cart, for edit and inspect


@dataclass(frozen=True)
class SetupResponse:
    status: Status
    start_url: str


@dataclass(frozen=True)
class OrderMessage:
    """A PunchOutOrderMessage: the cart the supplier sends back through the browser."""

    payload_id: str
    buyer_cookie: str
    operation_allowed: str
    total: Decimal
    currency: str
    items: tuple[Item, ...]
    status: Status | None = None  # 204: the session ended without a change
    deployment_mode: str = "production"


@dataclass(frozen=True)
class OrderRequest:
    header: Header
    payload_id: str
    timestamp: datetime
    deployment_mode: str
    order_id: str
    order_date: datetime
    total: Decimal
    currency: str
    ship_to: PostalAddress
    bill_to: PostalAddress
    items: tuple[Item, ...]  # line_number set on each
    contact_name: str = ""
    contact_email: str = ""
    comments: str = ""
    extrinsics: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ConfirmationStatusLine:
    type: str  # accept, allDetail, detail, backordered, reject, unknown
    quantity: Decimal
    unit_price: Decimal | None = None
    delivery_date: date | None = None
    shipment_date: date | None = None
    comment: str = ""


@dataclass(frozen=True)
class ConfirmationLine:
    line_number: int
    quantity: Decimal
    unit_of_measure: str
    statuses: tuple[ConfirmationStatusLine, ...]


@dataclass(frozen=True)
class Confirmation:
    payload_id: str
    type: str  # accept, allDetail, detail, backordered, except, reject, …
    operation: str
    confirm_id: str
    notice_date: datetime | None
    order_id: str
    order_payload_id: str
    comment: str
    lines: tuple[ConfirmationLine, ...]


@dataclass(frozen=True)
class ShipNoticeLine:
    line_number: int
    quantity: Decimal


@dataclass(frozen=True)
class ShipNoticePortion:
    order_id: str
    lines: tuple[ShipNoticeLine, ...]  # empty: the whole order shipped


@dataclass(frozen=True)
class ShipNotice:
    payload_id: str
    shipment_id: str
    operation: str
    notice_date: datetime | None
    shipment_date: datetime | None
    delivery_date: datetime | None
    carrier: str
    tracking_numbers: tuple[str, ...]
    portions: tuple[ShipNoticePortion, ...]


@dataclass(frozen=True)
class InvoiceLine:
    invoice_line_number: int
    order_line_number: int | None
    quantity: Decimal
    unit_price: Decimal
    subtotal: Decimal


@dataclass(frozen=True)
class Invoice:
    payload_id: str
    invoice_id: str
    invoice_date: datetime
    purpose: str
    operation: str
    order_id: str
    currency: str
    lines: tuple[InvoiceLine, ...]
    subtotal: Decimal
    tax: Decimal
    shipping: Decimal
    net_amount: Decimal
    due_amount: Decimal
