"""Staff decide purchase-order lines by hand: review cases and corrections within 48 hours."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from orders.models import (
    OutboxMessage,
    OutboxStatus,
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseOrderStatus,
    RejectionReason,
)
from orders.services.acknowledgements import (
    ACKNOWLEDGEMENT_KINDS,
    acknowledgements_add,
    acknowledgements_queue,
)
from orders.services.lines import line_rows_by_order
from orders.services.status import purchase_order_transition
from skurules.selectors import stock_facts_for_update
from skurules.services import sku_allocate

S = PurchaseOrderStatus
# Amazon takes an updated acknowledgement within 48 hours of the first one.
CORRECTION_WINDOW = timedelta(hours=48)
REVIEWABLE = {S.NEEDS_REVIEW, S.DECIDED}


@dataclass(frozen=True)
class ManualDecision:
    accepted: int
    backordered: int
    rejected: int
    rejection_reason: str = ""


def decision_errors(line: PurchaseOrderLine, decision: ManualDecision) -> list[str]:
    where = _("Line %(item)s") % {"item": line.item_sequence}
    total = decision.accepted + decision.backordered + decision.rejected
    errors = []
    if total != line.ordered_quantity:
        errors.append(_("%(where)s: accepted, backordered and rejected add up to %(total)s, "
                        "but %(ordered)s were ordered.")
                      % {"where": where, "total": total, "ordered": line.ordered_quantity})
    if decision.backordered and not line.is_backorder_allowed:
        errors.append(_("%(where)s: Amazon does not allow a backorder on this line; accept or "
                        "reject the quantity.") % {"where": where})
    if decision.rejected and decision.rejection_reason not in RejectionReason.values:
        errors.append(_("%(where)s: choose why the rejected quantity is rejected.")
                      % {"where": where})
    return errors


def first_acknowledged_at(order: PurchaseOrder):
    return order.outbox_messages.filter(kind__in=ACKNOWLEDGEMENT_KINDS,
                                        status=OutboxStatus.ACCEPTED) \
        .order_by("sent_at").values_list("sent_at", flat=True).first()


def review_allowed(order: PurchaseOrder) -> bool:
    if order.status in REVIEWABLE:
        return True
    first = first_acknowledged_at(order)
    return order.status == S.ACKNOWLEDGED and first is not None and \
        timezone.now() - first <= CORRECTION_WINDOW


def _allocation_change(lines: list[PurchaseOrderLine], decisions: dict[int, ManualDecision],
                       holds_stock: bool) -> dict[str, int]:
    change = defaultdict(int)
    for line in lines:
        if line.sku_id is None:
            continue
        previous = (line.accepted_quantity or 0) if holds_stock else 0
        change[line.sku.sku] += (decisions[line.pk].accepted - previous) * line.unit_size
    return {code: eaches for code, eaches in change.items() if eaches}


def _lines_write(lines, decisions, actor) -> None:
    now, who = timezone.now(), getattr(actor, "username", "") or _("staff")
    for line in lines:
        decision = decisions[line.pk]
        line.accepted_quantity, line.backordered_quantity = decision.accepted, \
            decision.backordered
        line.rejected_quantity = decision.rejected
        line.rejection_reason = decision.rejection_reason if decision.rejected else ""
        line.decision_reason = _("Decided by %(who)s.") % {"who": who}
        line.decided_at = now
    PurchaseOrderLine.objects.bulk_update(lines, ["accepted_quantity", "backordered_quantity",
                                                  "rejected_quantity", "rejection_reason",
                                                  "decision_reason", "decided_at"])


@transaction.atomic
def purchase_order_decide_by_hand(*, order: PurchaseOrder, decisions: dict[int, ManualDecision],
                                  actor: AbstractBaseUser | None) -> list[OutboxMessage]:
    """Apply staff decisions (line id → decision), move the stock, queue the acknowledgement."""
    order = PurchaseOrder.objects.select_for_update().get(pk=order.pk)
    if not review_allowed(order):
        raise ValidationError(_("Purchase order %(po)s can no longer be changed: it is %(status)s "
                                "and Amazon's 48-hour correction window has passed or not begun.")
                              % {"po": order.po_number, "status": order.get_status_display()})
    lines = list(order.lines.select_related("sku").order_by("id"))
    errors = [e for line in lines for e in decision_errors(line, decisions[line.pk])]
    if errors:
        raise ValidationError(errors)
    holds_stock = order.status in {S.DECIDED, S.ACKNOWLEDGED}
    stock_facts_for_update(line.sku.sku for line in lines if line.sku_id)
    sku_allocate(allocations=_allocation_change(lines, decisions, holds_stock))
    _lines_write(lines, decisions, actor)
    if order.status == S.ACKNOWLEDGED:
        purchase_order_transition(order=order, to=S.ACKNOWLEDGING, actor=actor,
                                  reason=_("Corrected by hand within Amazon's 48-hour window."))
        return acknowledgements_add([order], line_rows_by_order([order]))
    if order.status == S.NEEDS_REVIEW:
        purchase_order_transition(order=order, to=S.DECIDED, actor=actor,
                                  reason=_("Decided by hand."))
    return acknowledgements_queue(orders=[order])
