"""Where each sales-order line ships from: a pure choice among candidates, with its reason.

Routing as the field's tools do it: our own stock first, then the preferred distributor, then
the lowest landed cost (cost + drop-ship fee), then the fastest lead time. Only a candidate
that holds the quantity and drop-ships within a day is chosen by default; staff may pick any.
"""

from dataclasses import dataclass
from decimal import Decimal

OWN_STOCK = "own"


@dataclass(frozen=True)
class Candidate:
    key: str  # OWN_STOCK, or "item:<distributor item id>"
    distributor: str  # name shown to staff ("Our stock" for own stock)
    warehouse: str
    part_number: str
    cost: Decimal | None
    fee: Decimal
    stock: int
    capped: bool  # the stock figure is a floor ("9 or more")
    lead_time_days: int
    preferred: bool = False
    distributor_id: int | None = None
    item_id: int | None = None
    within_a_day: bool = True

    @property
    def is_own_stock(self) -> bool:
        return self.key == OWN_STOCK

    @property
    def landed_cost(self) -> Decimal | None:
        return None if self.cost is None else self.cost + self.fee

    def holds(self, quantity: int) -> bool:
        return self.stock >= quantity


@dataclass(frozen=True)
class Route:
    chosen: Candidate | None
    reason: str


def _rank(candidate: Candidate) -> tuple:
    landed = candidate.landed_cost
    return (not candidate.is_own_stock, not candidate.preferred,
            landed is None, landed or Decimal(0), candidate.lead_time_days,
            candidate.distributor, candidate.warehouse)


def route(quantity: int, candidates: list[Candidate]) -> Route:
    """The default source for `quantity` units, or none with the reason."""
    able = [c for c in candidates if c.holds(quantity) and (c.is_own_stock or c.within_a_day)]
    if not able:
        return Route(None, _none_reason(quantity, candidates))
    chosen = min(able, key=_rank)
    return Route(chosen, _reason(chosen, able))


def _none_reason(quantity: int, candidates: list[Candidate]) -> str:
    if not candidates:
        return "No distributor carries this SKU."
    slow = [c for c in candidates if c.holds(quantity) and not c.within_a_day]
    if slow:
        return (f"Only warehouses that ship in more than a day hold {quantity}: pick one to "
                "drop-ship anyway, or wait for stock.")
    return f"Nobody holds {quantity}: the most anyone has is {max(c.stock for c in candidates)}."


def _reason(chosen: Candidate, able: list[Candidate]) -> str:
    if chosen.is_own_stock:
        return "Our own stock covers it."
    if chosen.preferred:
        return f"{chosen.distributor} is the preferred distributor."
    if len(able) == 1:
        return f"Only {chosen.distributor} {chosen.warehouse} can ship it within a day."
    if chosen.landed_cost is not None:
        return f"Lowest landed cost: {chosen.landed_cost} ({chosen.cost} + {chosen.fee} fee)."
    return "Fastest lead time."
