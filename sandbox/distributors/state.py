"""What the simulated distributors (and marketplaces) remember: orders, carts, switched-on
faults, parts made unavailable, which operations were called, and the feed files their file
APIs hand out (WPS's dealer-pricing file being generated, PU's price-file calls per day).

Module state behind one lock, not the database: the simulators must answer from the live
server's threads while a test holds its own transaction, and `simulators_reset()` gives each
test a clean slate. A separate sandbox process keeps its own state, as a partner would.

Fault kinds: "500" and "429" answer before authentication, as a gateway would ("429" sends
`seconds` as Retry-After); "refuse" answers the operation with the distributor's refusal and
`message`; "slow" does the work, then waits `seconds` before answering, as when an answer is
lost on the way back.
"""

import threading
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone

from sandbox.distributors.catalog import PARTS, Part

ANY_OPERATION = "*"
FAULT_KINDS = ("500", "429", "refuse", "slow")
SIMULATORS = ("wps", "parts_unlimited", "tucker", "automatic", "ebay", "amazon", "shopify")
MAX_SLOW_SECONDS = 30.0
DEFAULT_SHIP_AFTER_LOOKUPS = 1
DEFAULT_CHECKS_BEFORE_READY = 1
PRICE_FILE_CALLS_PER_DAY = 2  # Parts Unlimited's limit as one public user reports it
# Shipper prefix of the UPS-style tracking numbers each simulator hands out.
SHIPPERS = {"wps": "SBXWPS", "parts_unlimited": "SBXPUL", "tucker": "SBXTUC",
            "automatic": "SBXAUT"}


@dataclass
class Fault:
    simulator: str
    operation: str
    kind: str
    remaining: int
    message: str = ""
    seconds: float = 0.0


@dataclass
class SimulatedOrder:
    simulator: str
    po_number: str
    order_number: str
    lines: list[tuple[str, int]]
    ship_to: dict
    ship_via: str
    created_at: datetime
    lookups: int = 0
    tracking_number: str = ""
    shipped_at: datetime | None = None

    @property
    def is_shipped(self) -> bool:
        return bool(self.tracking_number)


@dataclass
class FeedFiles:
    """What the file APIs serve: the fixture files, or `rows` generated rows in their layout;
    WPS answers 202 to `checks_before_ready` dealer-pricing requests before the file is ready;
    `archive`, when set, is what PU answers instead of its price-file ZIP."""

    rows: int | None = None
    checks_before_ready: int = DEFAULT_CHECKS_BEFORE_READY
    archive: bytes | None = None


@dataclass
class _State:
    faults: list[Fault] = field(default_factory=list)
    unavailable: set[tuple[str, str]] = field(default_factory=set)
    calls: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    orders: dict[tuple[str, str], SimulatedOrder] = field(default_factory=dict)
    carts: dict[str, dict] = field(default_factory=dict)  # WPS carts by PO number
    numbers: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    ship_after_lookups: int = DEFAULT_SHIP_AFTER_LOOKUPS
    feed_files: FeedFiles = field(default_factory=FeedFiles)
    dealer_pricing_checks: int = 0
    price_file_calls: dict[date, int] = field(default_factory=lambda: defaultdict(int))


_state = _State()
_lock = threading.RLock()


def simulators_reset() -> None:
    """Forget every order, cart, fault and call: as after a restart."""
    global _state
    with _lock:
        _state = _State()


def fault_add(simulator: str, kind: str, *, operation: str = ANY_OPERATION, count: int = 1,
              message: str = "", seconds: float = 0.0) -> Fault:
    """Switch on `kind` for the next `count` calls of `operation` (or "*") of `simulator`."""
    if simulator not in SIMULATORS:
        raise ValueError(f"Unknown simulator {simulator!r}; use one of: {', '.join(SIMULATORS)}.")
    if kind not in FAULT_KINDS:
        raise ValueError(f"Unknown fault kind {kind!r}; use one of: {', '.join(FAULT_KINDS)}.")
    if count < 1 or seconds < 0:
        raise ValueError("count must be at least 1 and seconds must not be negative.")
    fault = Fault(simulator, operation, kind, count, message, min(seconds, MAX_SLOW_SECONDS))
    with _lock:
        _state.faults.append(fault)
    return fault


def fault_claim(simulator: str, operation: str) -> Fault | None:
    """Use up one call's worth of the oldest fault matching this call, if any."""
    with _lock:
        for fault in _state.faults:
            if (fault.simulator == simulator and fault.remaining > 0
                    and fault.operation in (operation, ANY_OPERATION)):
                fault.remaining -= 1
                return fault
    return None


def faults_active() -> list[Fault]:
    with _lock:
        return [fault for fault in _state.faults if fault.remaining > 0]


def faults_clear() -> int:
    with _lock:
        count = len(faults_active())
        _state.faults.clear()
        _state.unavailable.clear()
        return count


def part_make_unavailable(simulator: str, part_number: str) -> None:
    """From now on the part shows no stock anywhere and orders for it are refused."""
    with _lock:
        _state.unavailable.add((simulator, part_number))


def part_find(simulator: str, part_number: str) -> Part | None:
    """The catalogue part, with no stock when it has been made unavailable."""
    part = next((part for part in PARTS.get(simulator, []) if part.part_number == part_number),
                None)
    with _lock:
        if part is not None and (simulator, part_number) in _state.unavailable:
            return Part(part.part_number, part.name, part.cost, part.msrp,
                        dict.fromkeys(part.stock, 0))
    return part


def call_record(simulator: str, operation: str) -> None:
    with _lock:
        _state.calls[simulator].append(operation)


def calls_received(simulator: str) -> list[str]:
    """The operations called on `simulator`, oldest first (refused calls included)."""
    with _lock:
        return list(_state.calls[simulator])


def shipping_configure(*, ship_after_lookups: int) -> None:
    """Orders ship (get a tracking number) on the lookup after this many lookups; 0 means
    the first lookup already finds them shipped."""
    with _lock:
        _state.ship_after_lookups = max(0, ship_after_lookups)


def number_next(simulator: str) -> int:
    with _lock:
        _state.numbers[simulator] += 1
        return _state.numbers[simulator]


def order_add(simulator: str, *, po_number: str, order_number: str,
              lines: list[tuple[str, int]], ship_to: dict, ship_via: str) -> SimulatedOrder:
    order = SimulatedOrder(simulator, po_number, order_number, lines, ship_to, ship_via,
                           created_at=timezone.now())
    with _lock:
        _state.orders[(simulator, po_number)] = order
    return order


def order_find(simulator: str, po_number: str) -> SimulatedOrder | None:
    with _lock:
        return _state.orders.get((simulator, po_number))


def order_with_number(simulator: str, order_number: str) -> SimulatedOrder | None:
    with _lock:
        return next((order for (sim, _), order in _state.orders.items()
                     if sim == simulator and order.order_number == order_number), None)


def order_looked_up(order: SimulatedOrder) -> SimulatedOrder:
    """Count one lookup; the order ships once it has been looked up often enough."""
    with _lock:
        if not order.is_shipped and order.lookups >= _state.ship_after_lookups:
            order.tracking_number = _tracking_number(order.simulator)
            order.shipped_at = timezone.now()
        order.lookups += 1
        return order


def order_ship(simulator: str, po_number: str) -> SimulatedOrder | None:
    """Ship the order now, whatever the lookups so far."""
    order = order_find(simulator, po_number)
    if order is not None:
        with _lock:
            if not order.is_shipped:
                order.tracking_number = _tracking_number(simulator)
                order.shipped_at = timezone.now()
    return order


def orders_placed(simulator: str) -> list[SimulatedOrder]:
    with _lock:
        return [order for (sim, _), order in _state.orders.items() if sim == simulator]


def cart_put(po_number: str, cart: dict) -> None:
    with _lock:
        _state.carts[po_number] = cart


def cart_find(po_number: str) -> dict | None:
    with _lock:
        return _state.carts.get(po_number)


def cart_remove(po_number: str) -> dict | None:
    with _lock:
        return _state.carts.pop(po_number, None)


def feed_files_configure(*, rows: int | None = None,
                         checks_before_ready: int = DEFAULT_CHECKS_BEFORE_READY,
                         archive: bytes | None = None) -> FeedFiles:
    """What the file APIs serve from now on; WPS generates its file afresh."""
    if (rows is not None and rows < 0) or checks_before_ready < 0:
        raise ValueError("rows and checks_before_ready must not be negative.")
    with _lock:
        _state.feed_files = FeedFiles(rows, checks_before_ready, archive)
        _state.dealer_pricing_checks = 0
        return _state.feed_files


def feed_files() -> FeedFiles:
    with _lock:
        return _state.feed_files


def dealer_pricing_ready() -> bool:
    """One more request for WPS's dealer-pricing file: True once it has been generated (it
    then stays ready, as WPS keeps it for two days)."""
    with _lock:
        if _state.dealer_pricing_checks >= _state.feed_files.checks_before_ready:
            return True
        _state.dealer_pricing_checks += 1
        return False


def price_file_call_allowed(day: date) -> bool:
    """Counts a price-file call on `day`; False beyond PU's calls per day."""
    with _lock:
        if _state.price_file_calls[day] >= PRICE_FILE_CALLS_PER_DAY:
            return False
        _state.price_file_calls[day] += 1
        return True


def _tracking_number(simulator: str) -> str:
    # UPS's shape: 1Z, six-character shipper, two-digit service (03 = ground), eight digits.
    return f"1Z{SHIPPERS.get(simulator, 'SBX000')}03{number_next(simulator + ':tracking'):08d}"
