"""Deciding new purchase orders by the SKU rules, oldest first, set-based.

Per batch: claim the oldest NEW orders (rows another worker holds are skipped), lock every SKU
they need in SKU order (a stable order, so two workers never deadlock and never promise the
same stock), decide each line with the pure engine against stock kept in memory, then write
lines, allocations, statuses and events with a constant number of statements. Asked to
acknowledge (as `vc_autoconfirm` and its schedule ask), the batch also queues the acknowledgements
of the orders it decided, from the lines in memory: reading 100,000 lines and their orders back
cost more than building the acknowledgements.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from config.bulk import collector_paused, rows_update
from orders.models import PurchaseOrder, PurchaseOrderLine, PurchaseOrderStatus, VendorAccount
from orders.services.acknowledgements import decided_orders_acknowledge
from orders.services.lines import LineRow, line_rows_by_order
from orders.services.status import purchase_orders_transition
from skurules.decisions import LineDecision, Outcome, Reasons, StockFacts, decide_line, match_sku
from skurules.models import Sku
from skurules.selectors import sku_index_for, stock_facts_for_update
from skurules.services import sku_allocate

S = PurchaseOrderStatus
BATCH_SIZE = 2000
LINE_DECISION_FIELDS = ("sku", "accepted_quantity", "backordered_quantity", "rejected_quantity",
                        "rejection_reason", "decision_reason", "decided_at")


@dataclass(frozen=True)
class DecidedLine:
    line: LineRow
    sku_code: str | None
    decision: LineDecision


@dataclass
class DecideResult:
    decided: int = 0
    needs_review: int = 0
    acknowledged: int = 0
    # Only in a dry run, which prints them: a real run of 100,000 lines keeps none alive.
    lines: list[DecidedLine] = field(default_factory=list)


def order_decide(lines: list[LineRow], sku_codes: dict[tuple[str, str], str | None],
                 stock: dict[str, StockFacts], reasons: Reasons,
                 ) -> tuple[list[DecidedLine], dict[str, int]]:
    """Decide one order's lines; `stock` moves on only when the whole order is decided.

    `sku_codes` maps (vendor product id, ASIN) to the matched SKU code.
    """
    # The SKUs as this order's earlier lines left them, not a copy of the batch's whole stock
    # for every order (a thousand SKUs copied ten thousand times).
    trial: dict[str, StockFacts] = {}
    allocations, decided = defaultdict(int), []
    for line in lines:
        code = sku_codes[line.vendor_product_id, line.amazon_product_id]
        facts = (trial.get(code) or stock.get(code)) if code else None
        decision = decide_line(line, facts, reasons=reasons)
        if decision.allocate_eaches:
            trial[code] = facts.allocating(decision.allocate_eaches)
            allocations[code] += decision.allocate_eaches
        decided.append(DecidedLine(line, code, decision))
    if any(d.decision.outcome == Outcome.NEEDS_REVIEW for d in decided):
        return decided, {}
    stock.update(trial)
    return decided, dict(allocations)


def review_reason(decided: list[DecidedLine]) -> str:
    return " ".join(f"Line {d.line.item_sequence}: {d.decision.reason}" for d in decided
                    if d.decision.outcome == Outcome.NEEDS_REVIEW)


def lines_write(decided: list[DecidedLine], sku_ids: dict[str, int]) -> None:
    """Store the decisions, and keep the line rows as now stored for the acknowledgements."""
    now = timezone.now()
    rows_update(PurchaseOrderLine, fields=LINE_DECISION_FIELDS, rows=[
        (d.line.pk, sku_ids.get(d.sku_code), d.decision.accepted, d.decision.backordered,
         d.decision.rejected, d.decision.rejection_reason, d.decision.reason, now)
        for d in decided])
    for d in decided:
        line, decision = d.line, d.decision
        line.accepted_quantity, line.backordered_quantity = decision.accepted, decision.backordered
        line.rejected_quantity, line.rejection_reason = decision.rejected, decision.rejection_reason


def _claim_new_orders(account: VendorAccount | None, limit: int | None) -> list[PurchaseOrder]:
    # prefetch_related: one account instance (decrypted once) for the acknowledgements.
    orders = PurchaseOrder.objects.select_for_update(skip_locked=True).filter(
        status=S.NEW).prefetch_related("account")
    if account is not None:
        orders = orders.filter(account=account)
    orders = orders.order_by(F("ordered_at").asc(nulls_last=True), "id")
    return list(orders[:limit] if limit else orders)


def batch_decide(orders: list[PurchaseOrder], result: DecideResult, *, keep_lines: bool = False
                 ) -> dict[int, list[LineRow]]:
    """Decide and store these orders' lines; returns the lines as stored, by order."""
    lines = line_rows_by_order(orders)
    every_line = [line for order_lines in lines.values() for line in order_lines]
    index = sku_index_for([x.vendor_product_id for x in every_line],
                          [x.amazon_product_id for x in every_line])
    # Lines of a batch share few identifiers: each pair is matched once.
    sku_codes = {ids: match_sku(*ids, index)
                 for ids in {(x.vendor_product_id, x.amazon_product_id) for x in every_line}}
    stock = stock_facts_for_update(code for code in sku_codes.values() if code)
    reasons = Reasons()
    moves, decided_lines, allocations = [], [], defaultdict(int)
    for order in orders:
        decided, taken = order_decide(lines[order.pk], sku_codes, stock, reasons)
        for code, eaches in taken.items():
            allocations[code] += eaches
        decided_lines += decided
        reason = review_reason(decided)
        moves.append((order, S.NEEDS_REVIEW if reason else S.DECIDED, reason))
    lines_write(decided_lines, dict(Sku.objects.filter(sku__in=stock).values_list("sku", "id")))
    sku_allocate(allocations=dict(allocations))
    purchase_orders_transition(moves=moves)
    result.needs_review += sum(1 for _, to, _ in moves if to == S.NEEDS_REVIEW)
    result.decided += sum(1 for _, to, _ in moves if to == S.DECIDED)
    if keep_lines:
        result.lines += decided_lines
    return lines


@collector_paused()
def purchase_orders_decide(*, account: VendorAccount | None = None, dry_run: bool = False,
                           acknowledge: bool = False, batch_size: int = BATCH_SIZE
                           ) -> DecideResult:
    """Decide every NEW order; with `dry_run` everything is decided and then rolled back.

    With `acknowledge`, the acknowledgements of each batch's decided orders are queued in the
    batch's transaction, from the lines just decided: read once, not once more to acknowledge.
    """
    result = DecideResult()
    while True:
        with transaction.atomic():
            orders = _claim_new_orders(account, None if dry_run else batch_size)
            if orders:
                lines = batch_decide(orders, result, keep_lines=dry_run)
                if acknowledge and not dry_run:
                    result.acknowledged += len(decided_orders_acknowledge(
                        [order for order in orders if order.status == S.DECIDED], lines))
            if dry_run:
                transaction.set_rollback(True)
        if dry_run or not orders:
            return result
