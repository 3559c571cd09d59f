from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from orders.models import PurchaseOrder, PurchaseOrderEvent


class InvalidStatusTransition(ValidationError):
    pass


@transaction.atomic
def purchase_order_transition(*, order: PurchaseOrder, to: str,
                              actor: AbstractBaseUser | None = None,
                              reason: str = "") -> PurchaseOrderEvent:
    """Move `order` to status `to` along the pipeline and record who did it and why."""
    if not order.can_move_to(to):
        raise InvalidStatusTransition(
            _("Purchase order %(po)s cannot go from %(from)s to %(to)s.")
            % {"po": order.po_number, "from": order.get_status_display(), "to": to})
    event = PurchaseOrderEvent(order=order, from_status=order.status, to_status=to,
                               actor=actor if actor and actor.is_authenticated else None,
                               reason=reason)
    order.status = to
    order.status_reason = reason
    order.save(update_fields=["status", "status_reason", "updated_at"])
    event.save()
    return event
