"""The auto-confirm decision for one Amazon purchase-order line, and SKU matching.

Pure functions over plain facts: no ORM, no I/O, so every route (API, spreadsheet, EDI) decides
the same way and the rules are tested as a table. The only Django import is `gettext`, so the
reason sentences come out in the active language.

Deciding a line (`decide_line`); quantities are in the ordered unit (cases for a case order) and
accepted + backordered + rejected always equals the ordered quantity:

1. Ordered quantity 0 (Amazon's way of cancelling an item): decided, nothing accepted, rejected or
   backordered.
2. No SKU matched: decided, everything rejected as InvalidProductIdentifier.
3. The SKU has no auto-confirm rule, its rule is disabled, the line has no net cost, or the net
   cost is below the rule's minimum cost: needs review. The quantities are still the proposal that
   rule 4 would make, for the review screen, but nothing is allocated.
4. Otherwise decided by stock. Available = on hand − allocated − minimum inventory (never below
   0). A line the available stock covers is accepted in full. Otherwise what is available is
   accepted (a case order only in whole cases: available ÷ case size, rounded down) and the rest is
   backordered when Amazon allows backorders, else rejected as TemporarilyUnavailable. The
   accepted eaches (accepted × case size) are added to the SKU's allocated stock.

A case order whose case size is missing (below 1) cannot be converted to eaches: it goes to
review with nothing accepted in the proposal.

Matching a line to a SKU (`match_sku`): the vendor product id as our SKU code, then as an EAN,
then as a UPC, then Amazon's product id as an ASIN. EANs and UPCs compare as GTINs, so the 12-digit
UPC 028877454078, the EAN-13 0028877454078 and the GTIN-14 00028877454078 are the same product.
Empty identifiers never match; when two SKUs share an identifier the first SKU code wins.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from typing import Protocol

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

TEMPORARILY_UNAVAILABLE = "TemporarilyUnavailable"
INVALID_PRODUCT_IDENTIFIER = "InvalidProductIdentifier"
GTIN_LENGTHS = (8, 12, 13, 14)


def is_case_unit(unit_of_measure: str) -> bool:
    # Amazon's own sandbox sends "CASES"; the documented value is "Cases".
    return unit_of_measure.strip().lower() == "cases"


class OrderedLine(Protocol):
    """What the engine reads of a line: LineFacts, or any row with these attributes."""

    ordered_quantity: int
    unit_of_measure: str
    unit_size: int
    is_backorder_allowed: bool
    net_cost: Decimal | None


@dataclass(frozen=True)
class LineFacts:
    """What Amazon ordered on one PO line."""

    ordered_quantity: int
    unit_of_measure: str
    unit_size: int
    is_backorder_allowed: bool
    net_cost: Decimal | None
    currency: str = ""

    @property
    def is_cases(self) -> bool:
        return is_case_unit(self.unit_of_measure)


@dataclass(frozen=True)
class StockFacts:
    """The matched SKU as it stands, rule included (min_cost and min_inventory 0 without one)."""

    sku: str
    on_hand: int
    allocated: int
    has_rule: bool
    rule_enabled: bool
    min_cost: Decimal
    min_inventory: int

    def allocating(self, eaches: int) -> "StockFacts":
        """The same SKU once `eaches` more are allocated."""
        return StockFacts(self.sku, self.on_hand, self.allocated + eaches, self.has_rule,
                          self.rule_enabled, self.min_cost, self.min_inventory)


class Outcome(StrEnum):
    DECIDED = "decided"
    NEEDS_REVIEW = "needs_review"


@dataclass(frozen=True)
class LineDecision:
    outcome: Outcome
    accepted: int
    backordered: int
    rejected: int
    rejection_reason: str
    reason: str
    allocate_eaches: int


class Reasons:
    """The reason sentences in the active language, looked up once for a batch of lines.

    A gettext call costs 4–6 µs (the active language is a context-local read), and a batch of
    20,000 lines made some 50,000 of them for the same dozen messages. Make one per batch and
    pass it to `decide_line`; counted phrases ("3 eaches") are kept per count.
    """

    def __init__(self) -> None:
        self._eaches: dict[int, str] = {}
        self._cases: dict[int, str] = {}
        self._whole_cases: dict[int, str] = {}

    @cached_property
    def cancelled(self) -> str:
        return _("Cancelled by Amazon (ordered quantity 0).")

    @cached_property
    def no_sku(self) -> str:
        return _("No SKU matches this line's identifiers; rejected as InvalidProductIdentifier.")

    @cached_property
    def no_case_size(self) -> str:
        return _("Case order without a case size; confirm by hand.")

    @cached_property
    def no_rule(self) -> str:
        return _("SKU %(sku)s has no auto-confirm rule; confirm by hand or add a rule in "
                 "Get SKU Data.")

    @cached_property
    def rule_disabled(self) -> str:
        return _("Auto-confirm is disabled for SKU %(sku)s; confirm by hand or enable the rule "
                 "in Get SKU Data.")

    @cached_property
    def no_cost(self) -> str:
        return _("The line has no unit cost to check against the minimum cost %(min)s set for "
                 "SKU %(sku)s; confirm by hand.")

    @cached_property
    def cost_below_minimum(self) -> str:
        return _("Unit cost %(cost)s is below the minimum cost %(min)s set for SKU %(sku)s; "
                 "raise the price rule or confirm by hand.")

    @cached_property
    def accepted_cases(self) -> str:
        return _("Accepted %(accepted)d of %(ordered)s (available %(available)s = %(whole)s "
                 "of %(size)d)")

    @cached_property
    def accepted_eaches(self) -> str:
        return _("Accepted %(accepted)d of %(ordered)s (available %(available)d)")

    @cached_property
    def backordered(self) -> str:
        return _("%(decision)s; %(short)s backordered")

    @cached_property
    def rejected(self) -> str:
        return _("%(decision)s; %(short)s rejected as TemporarilyUnavailable")

    def eaches(self, count: int) -> str:
        if count not in self._eaches:
            self._eaches[count] = ngettext("%(count)d each", "%(count)d eaches",
                                           count) % {"count": count}
        return self._eaches[count]

    def cases(self, count: int) -> str:
        if count not in self._cases:
            self._cases[count] = ngettext("%(count)d case", "%(count)d cases",
                                          count) % {"count": count}
        return self._cases[count]

    def whole_cases(self, count: int) -> str:
        if count not in self._whole_cases:
            self._whole_cases[count] = ngettext("%(count)d whole case", "%(count)d whole cases",
                                                count) % {"count": count}
        return self._whole_cases[count]


def available_eaches(stock: StockFacts) -> int:
    """Eaches an automatic confirmation may still promise."""
    return max(0, stock.on_hand - stock.allocated - stock.min_inventory)


def decide_line(line: OrderedLine, stock: StockFacts | None, *,
                reasons: Reasons | None = None) -> LineDecision:
    """The decision for one line; pass the batch's `reasons` when deciding many lines."""
    reasons = reasons or Reasons()
    if line.ordered_quantity == 0:
        return LineDecision(Outcome.DECIDED, 0, 0, 0, "", reasons.cancelled, 0)
    if stock is None:
        return LineDecision(Outcome.DECIDED, 0, 0, line.ordered_quantity,
                            INVALID_PRODUCT_IDENTIFIER, reasons.no_sku, 0)
    cases = is_case_unit(line.unit_of_measure)
    if cases and line.unit_size < 1:
        return _review(line, 0, reasons.no_case_size)
    per_unit = line.unit_size if cases else 1
    available = available_eaches(stock)
    accepted = min(line.ordered_quantity, available // per_unit)
    # The stock sentence is only written for a line that is decided; review gives its own.
    if review_reason := _review_reason(line, stock, reasons):
        return _review(line, accepted, review_reason)
    return LineDecision(Outcome.DECIDED, accepted, *_shortfall(line, accepted),
                        _stock_reason(line, cases, accepted, available, reasons),
                        accepted * per_unit)


def _review(line: OrderedLine, accepted: int, reason: str) -> LineDecision:
    return LineDecision(Outcome.NEEDS_REVIEW, accepted, *_shortfall(line, accepted), reason, 0)


def _review_reason(line: OrderedLine, stock: StockFacts, reasons: Reasons) -> str:
    """Why a person must confirm this line, or "" when the rule lets it through."""
    if stock.has_rule and stock.rule_enabled and line.net_cost is not None \
            and line.net_cost >= stock.min_cost:
        return ""
    names = {"sku": stock.sku, "min": money_text(stock.min_cost)}
    if not stock.has_rule:
        return reasons.no_rule % names
    if not stock.rule_enabled:
        return reasons.rule_disabled % names
    if line.net_cost is None:
        return reasons.no_cost % names
    return reasons.cost_below_minimum % {**names, "cost": money_text(line.net_cost)}


def _shortfall(line: OrderedLine, accepted: int) -> tuple[int, int, str]:
    """(backordered, rejected, rejection reason) for what is not accepted, as Amazon's
    backorder flag allows."""
    short = line.ordered_quantity - accepted
    if short == 0:
        return 0, 0, ""
    if line.is_backorder_allowed:
        return short, 0, ""
    return 0, short, TEMPORARILY_UNAVAILABLE


def _stock_reason(line: OrderedLine, cases: bool, accepted: int, available: int,
                  reasons: Reasons) -> str:
    if cases:
        decision = reasons.accepted_cases % {
            "accepted": accepted, "ordered": reasons.cases(line.ordered_quantity),
            "available": reasons.eaches(available),
            "whole": reasons.whole_cases(available // line.unit_size), "size": line.unit_size}
    else:
        decision = reasons.accepted_eaches % {
            "accepted": accepted, "ordered": reasons.eaches(line.ordered_quantity),
            "available": available}
    short = line.ordered_quantity - accepted
    if short == 0:
        return _end_sentence(decision)
    amount = reasons.cases(short) if cases else reasons.eaches(short)
    template = reasons.backordered if line.is_backorder_allowed else reasons.rejected
    return _end_sentence(template % {"decision": decision, "short": amount})


def _end_sentence(text: str) -> str:
    return text if text.endswith(".") else f"{text}."


def money_text(amount: Decimal) -> str:
    """8.2500 → "8.25", 8 → "8.00", 8.1234 stays: as staff typed it, without padding zeros."""
    cents = amount.quantize(Decimal("0.01"))
    return str(cents) if cents == amount else str(amount.normalize())


@dataclass(frozen=True)
class SkuKeys:
    """The identifiers of one SKU that a purchase-order line may carry."""

    sku: str
    asin: str
    ean: str
    upc: str


class SkuIndex:
    """SKU codes by SKU, EAN, UPC and ASIN, for matching many lines without a query each."""

    def __init__(self, keys: Iterable[SkuKeys]):
        self.by_sku: dict[str, str] = {}
        self.by_ean: dict[str, str] = {}
        self.by_upc: dict[str, str] = {}
        self.by_asin: dict[str, str] = {}
        for key in sorted(keys, key=lambda k: k.sku):
            self._add(self.by_sku, key.sku.strip(), key.sku)
            self._add(self.by_ean, gtin_key(key.ean), key.sku)
            self._add(self.by_upc, gtin_key(key.upc), key.sku)
            self._add(self.by_asin, key.asin.strip().upper(), key.sku)

    @staticmethod
    def _add(table: dict[str, str], identifier: str, sku: str) -> None:
        if identifier:
            table.setdefault(identifier, sku)


def match_sku(vendor_product_id: str, amazon_product_id: str, index: SkuIndex) -> str | None:
    """The SKU code a line's identifiers point to, or None; see the module docstring."""
    vendor_id = (vendor_product_id or "").strip()
    asin = (amazon_product_id or "").strip().upper()
    if vendor_id:
        gtin = gtin_key(vendor_id)
        for table, key in ((index.by_sku, vendor_id), (index.by_ean, gtin), (index.by_upc, gtin)):
            if key in table:
                return table[key]
    return index.by_asin.get(asin) if asin else None


def gtin_key(code: str) -> str:
    """One spelling per GTIN: digits zero-padded to 14; anything else as given, trimmed."""
    code = (code or "").strip()
    if code.isascii() and code.isdigit() and len(code) in GTIN_LENGTHS:
        return code.zfill(14)
    return code


def gtin_spellings(code: str) -> set[str]:
    """Every stored form a GTIN may have (UPC-12, EAN-13, GTIN-14, EAN-8), for a database IN."""
    key = gtin_key(code)
    if not (key.isascii() and key.isdigit() and len(key) == 14):
        return {key} if key else set()
    digits = key.lstrip("0")
    return {key[-length:] for length in GTIN_LENGTHS if len(digits) <= length}
