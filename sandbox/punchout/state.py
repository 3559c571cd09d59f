"""What the simulated PunchOut supplier remembers: PunchOut sessions and their carts, the orders
it accepted (and refused), the documents it sent back with the buyer's answers, and the
switches of `_control/punchout/settings`.

Module state behind one lock, like sandbox.distributors.state: the live server's threads write
while a test reads, and `supplier_reset()` gives each test a clean slate. A separate sandbox
process keeps its own, as a partner would.
"""

import secrets
import threading
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

START_PAGE_MINUTES = 5
FAULTS = ("500", "401", "timeout", "html")
CART_ENCODINGS = ("base64", "urlencoded")
CONFIRMATION_VARIANTS = ("detail", "accept", "reject")
INVOICE_VARIANTS = ("standard", "price_difference")
MAX_FAULT_SECONDS = 60.0


@dataclass
class CartLine:
    part_id: str
    auxiliary_id: str
    quantity: Decimal


@dataclass
class PunchOutSession:
    session_id: str
    protocol: str  # "cxml" or "oci"
    operation: str  # create | edit | inspect
    return_url: str  # the BrowserFormPost URL (cXML) or HOOK_URL (OCI)
    cart: dict[str, CartLine] = field(default_factory=dict)  # by SupplierPartID
    buyer_cookie: str = ""
    buyer_identity: str = ""
    buyer_domain: str = ""
    deployment_mode: str = "production"
    user_email: str = ""
    extrinsics: dict[str, str] = field(default_factory=dict)
    setup_payload_id: str = ""
    cart_encoding: str = "base64"
    target: str = "_top"  # OCI's ~TARGET: the frame the cart is posted into
    start_token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    start_expires_at: datetime = field(
        default_factory=lambda: timezone.now() + timedelta(minutes=START_PAGE_MINUTES))
    browser_key: str = ""  # the cookie of the browser that opened the start page
    closed: bool = False
    created_at: datetime = field(default_factory=timezone.now)


@dataclass(frozen=True)
class OrderLine:
    line_number: int
    part_id: str
    auxiliary_id: str
    quantity: Decimal
    unit_price: Decimal
    currency: str
    unit: str
    description: str


@dataclass
class SentDocument:
    document: str  # confirmation | ship_notice | invoice
    variant: str
    payload_id: str
    url: str
    xml: str
    sent_at: datetime
    http_status: int | None = None
    cxml_status: str = ""
    body: str = ""
    error: str = ""


@dataclass
class ReceivedOrder:
    order_id: str
    payload_id: str
    order_date: str
    deployment_mode: str
    from_identity: str
    from_domain: str
    total: Decimal
    currency: str
    lines: list[OrderLine]
    raw: str
    answer: bytes  # the 200 Response, sent again when the same payloadID comes back
    dtd_valid: bool = True
    dtd_errors: list[str] = field(default_factory=list)
    received_at: datetime = field(default_factory=timezone.now)
    documents: list[SentDocument] = field(default_factory=list)
    confirmation_variant: str = ""  # of the last confirmation sent


@dataclass(frozen=True)
class Rejection:
    payload_id: str
    order_id: str
    code: int
    text: str
    detail: str
    raw: str
    dtd_valid: bool
    received_at: datetime


@dataclass(frozen=True)
class Switches:
    buyer_url: str
    auto_reply: bool
    reply_seconds: float
    fault: str | None = None
    fault_count: int | None = None  # order posts the fault still applies to; None: all
    fault_seconds: float = 10.0  # how long a "timeout" answer takes
    cart_encoding: str = "base64"
    confirmation_variant: str = "detail"
    invoice_variant: str = "standard"


def _switches_from_settings() -> Switches:
    return Switches(buyer_url=settings.SANDBOX_PUNCHOUT_BUYER_URL, auto_reply=True,
                    reply_seconds=float(settings.SANDBOX_PUNCHOUT_REPLY_SECONDS))


@dataclass
class _State:
    switches: Switches = field(default_factory=_switches_from_settings)
    sessions: dict[str, PunchOutSession] = field(default_factory=dict)
    orders: dict[str, ReceivedOrder] = field(default_factory=dict)  # by orderID
    rejections: list[Rejection] = field(default_factory=list)
    numbers: dict[str, int] = field(default_factory=dict)
    # Set when the state is reset: the reply workers of the old state stop waiting and quit.
    stopped: threading.Event = field(default_factory=threading.Event)


_state = _State()
_lock = threading.RLock()


def supplier_reset(*, auto_reply: bool | None = None) -> None:
    """Forget every session, order and switch, as after a restart; pending replies are
    dropped. `auto_reply` overrides the default (on) of the fresh switches."""
    global _state
    with _lock:
        _state.stopped.set()
        _state = _State()
        if auto_reply is not None:
            _state.switches = replace(_state.switches, auto_reply=auto_reply)


def switches() -> Switches:
    with _lock:
        return _state.switches


def _is_seconds(value: object, most: float = float("inf")) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and 0 <= value <= most)


SWITCH_RULES = {
    "buyer_url": (lambda v: isinstance(v, str) and v.startswith(("http://", "https://")),
                  "buyer_url is an http:// or https:// URL"),
    "auto_reply": (lambda v: isinstance(v, bool), "auto_reply is true or false"),
    "reply_seconds": (_is_seconds, "reply_seconds is a number of seconds, 0 or more"),
    "fault": (lambda v: v is None or v in FAULTS, f"fault is null or one of {', '.join(FAULTS)}"),
    "fault_count": (lambda v: v is None or (isinstance(v, int) and v >= 1),
                    "fault_count is null (until switched off) or at least 1"),
    "fault_seconds": (lambda v: _is_seconds(v, MAX_FAULT_SECONDS),
                      f"fault_seconds is between 0 and {MAX_FAULT_SECONDS:g}"),
    "cart_encoding": (lambda v: v in CART_ENCODINGS,
                      f"cart_encoding is one of {', '.join(CART_ENCODINGS)}"),
    "confirmation_variant": (lambda v: v in CONFIRMATION_VARIANTS,
                             f"confirmation_variant is one of {', '.join(CONFIRMATION_VARIANTS)}"),
    "invoice_variant": (lambda v: v in INVOICE_VARIANTS,
                        f"invoice_variant is one of {', '.join(INVOICE_VARIANTS)}"),
}


def switches_update(**changes: object) -> Switches:
    """Change some switches; raises ValueError, saying the choices, on a value it cannot use.
    A fault switched on without `fault_count` stays on until switched off."""
    unknown = (lambda v: False, f"the settings are {', '.join(SWITCH_RULES)}")
    wrong = [rule for name, value in changes.items()
             for check, rule in [SWITCH_RULES.get(name, unknown)] if not check(value)]
    if wrong:
        raise ValueError("Check the settings: " + "; ".join(dict.fromkeys(wrong)) + ".")
    if "fault" in changes:
        changes.setdefault("fault_count", None)
    with _lock:
        _state.switches = replace(_state.switches, **changes)
        return _state.switches


def fault_claim() -> tuple[str, float] | None:
    """The fault (kind, seconds) this order post gets, if one is switched on; uses one up."""
    with _lock:
        current = _state.switches
        if current.fault is None:
            return None
        if current.fault_count is not None:
            left = current.fault_count - 1
            _state.switches = replace(current, fault_count=left or None,
                                      fault=current.fault if left else None)
        return current.fault, current.fault_seconds


def replies_stopped() -> threading.Event:
    """Set once the state this reply belongs to has been reset."""
    with _lock:
        return _state.stopped


def number_next(kind: str) -> int:
    with _lock:
        _state.numbers[kind] = _state.numbers.get(kind, 0) + 1
        return _state.numbers[kind]


def session_add(session: PunchOutSession) -> PunchOutSession:
    with _lock:
        _state.sessions[session.session_id] = session
    return session


def session_find(session_id: str) -> PunchOutSession | None:
    with _lock:
        return _state.sessions.get(session_id)


def sessions_opened() -> list[PunchOutSession]:
    with _lock:
        return list(_state.sessions.values())


def session_admit(session: PunchOutSession, *, start_token: str, browser_key: str) -> str:
    """The browser key of a browser let into the session: its cookie's, or a new one when it
    brings the start token (valid once, for a few minutes); empty when neither works."""
    with _lock:
        if session.browser_key and secrets.compare_digest(browser_key, session.browser_key):
            return session.browser_key
        if (session.start_token and start_token
                and secrets.compare_digest(start_token, session.start_token)
                and timezone.now() < session.start_expires_at):
            session.start_token = ""
            session.browser_key = secrets.token_urlsafe(24)
            return session.browser_key
        return ""


def cart_add(session: PunchOutSession, line: CartLine) -> None:
    """Put `line` in the cart; the same item again adds to its quantity (and keeps its aux id)."""
    with _lock:
        held = session.cart.get(line.part_id)
        session.cart[line.part_id] = (replace(held, quantity=held.quantity + line.quantity)
                                      if held else line)


def cart_remove(session: PunchOutSession, part_id: str) -> None:
    with _lock:
        session.cart.pop(part_id, None)


def session_close(session: PunchOutSession) -> list[CartLine]:
    """End the session (the cart goes back to the buyer); returns the cart's lines."""
    with _lock:
        session.closed = True
        return list(session.cart.values())


def order_with_payload(payload_id: str) -> ReceivedOrder | None:
    with _lock:
        return next((order for order in _state.orders.values()
                     if order.payload_id == payload_id), None)


def order_find(order_id: str) -> ReceivedOrder | None:
    with _lock:
        return _state.orders.get(order_id)


class OrderIdTaken(Exception):
    """Another OrderRequest (another payloadID) already carried this orderID."""


def order_accept(order: ReceivedOrder) -> tuple[ReceivedOrder, bool]:
    """Record `order` and return it with True; when its payloadID already came, the order
    recorded then, with False. Raises OrderIdTaken when another payload had its orderID."""
    with _lock:
        known = order_with_payload(order.payload_id)
        if known is not None:
            return known, False
        if order.order_id in _state.orders:
            raise OrderIdTaken(order.order_id)
        _state.orders[order.order_id] = order
        return order, True


def orders_received() -> list[ReceivedOrder]:
    with _lock:
        return list(_state.orders.values())


def rejection_record(rejection: Rejection) -> None:
    with _lock:
        _state.rejections.append(rejection)


def rejections() -> list[Rejection]:
    with _lock:
        return list(_state.rejections)


def document_record(order: ReceivedOrder, document: SentDocument) -> None:
    with _lock:
        order.documents.append(document)
        if document.document == "confirmation":
            order.confirmation_variant = document.variant
