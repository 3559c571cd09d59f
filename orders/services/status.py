from collections.abc import Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.bulk import rows_insert, rows_update
from orders.models import PurchaseOrder, PurchaseOrderEvent

EVENT_FIELDS = ("order", "from_status", "to_status", "actor", "reason", "created_at")


class InvalidStatusTransition(ValidationError):
    pass


def _check_move(order: PurchaseOrder, to: str) -> None:
    if not order.can_move_to(to):
        raise InvalidStatusTransition(
            _("Purchase order %(po)s cannot go from %(from)s to %(to)s.")
            % {"po": order.po_number, "from": order.get_status_display(), "to": to})


def _real_user(actor: AbstractBaseUser | None) -> AbstractBaseUser | None:
    return actor if actor is not None and actor.is_authenticated else None


@transaction.atomic
def purchase_order_transition(*, order: PurchaseOrder, to: str,
                              actor: AbstractBaseUser | None = None,
                              reason: str = "") -> PurchaseOrderEvent:
    """Move `order` to status `to` along the pipeline and record who did it and why."""
    _check_move(order, to)
    event = PurchaseOrderEvent(order=order, from_status=order.status, to_status=to,
                               actor=_real_user(actor), reason=reason)
    order.status = to
    order.status_reason = reason
    order.save(update_fields=["status", "status_reason", "updated_at"])
    event.save()
    return event


@transaction.atomic
def purchase_orders_transition(*, moves: Sequence[tuple[PurchaseOrder, str, str]],
                               actor: AbstractBaseUser | None = None) -> None:
    """Many (order, to, reason) moves with a constant number of statements (set-based paths).

    The event rows go in as plain values, all stamped with the moment of the move: building a
    model instance per event cost more than writing it.
    """
    for order, to, _reason in moves:
        _check_move(order, to)
    now, user = timezone.now(), _real_user(actor)
    rows_update(PurchaseOrder, fields=("status", "status_reason", "updated_at"),
                rows=[(order.pk, to, reason, now) for order, to, reason in moves])
    # Stored as save() stores it (on SQLite, naive UTC text), like the events of single moves.
    created_at = connection.ops.adapt_datetimefield_value(now)
    rows_insert(PurchaseOrderEvent, fields=EVENT_FIELDS, rows=[
        (order.pk, order.status, to, user.pk if user else None, reason, created_at)
        for order, to, reason in moves])
    for order, to, reason in moves:
        order.status, order.status_reason = to, reason
