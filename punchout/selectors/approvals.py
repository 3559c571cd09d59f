"""Who may decide which cart, and what approvers should know before they do.

The rule, here and in punchout.services.approvals: the active (pending) checkpoint of a cart
is decided by a member of its approver group, or by the delegate of a member whose delegation
covers the day. Nobody decides a checkpoint of their own cart, not as a delegate either, and a
delegate never stands in for the requisitioner.
"""

from datetime import date, timedelta

from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from punchout.approvals import amount
from punchout.models import ApprovalStep, Cart, CartStatus, Delegation, StepStatus
from punchout.selectors.spend import SpendFilter, budget_against_actual
from punchout.services.people import procurement_settings_get

# Who sees every cart: those who may see everyone's spend.
SEES_ALL_CARTS = "punchout.view_spend"


def delegations_covering(*, delegate: User, on: date) -> QuerySet[Delegation]:
    return Delegation.objects.filter(delegate=delegate, starts_on__lte=on, ends_on__gte=on)


def steps_decidable(user: User, *, on: date | None = None) -> QuerySet[ApprovalStep]:
    """The pending checkpoints `user` may decide on `on` (today by default)."""
    on = on or timezone.localdate()
    standing_in = delegations_covering(delegate=user, on=on).filter(
        approver__groups=OuterRef("approvers")).exclude(approver=OuterRef("cart__requisitioner"))
    return (ApprovalStep.objects.filter(status=StepStatus.PENDING,
                                        cart__status=CartStatus.SUBMITTED)
            .exclude(cart__requisitioner=user)
            .filter(Q(approvers__in=user.groups.all()) | Exists(standing_in)))


def carts_awaiting(user: User, *, on: date | None = None) -> QuerySet[Cart]:
    """Carts whose active checkpoint `user` may decide, as a member or as a delegate."""
    return Cart.objects.filter(pk__in=steps_decidable(user, on=on).values("cart"))


def cart_decidable_by(*, cart: Cart, user: User) -> bool:
    return carts_awaiting(user).filter(pk=cart.pk).exists()


def carts_visible(user: User) -> QuerySet[Cart]:
    """Requisitioners see their own carts, approvers also those they may decide or decided;
    administrators see every cart."""
    if user.has_perm(SEES_ALL_CARTS):
        return Cart.objects.all()
    decided = ApprovalStep.objects.filter(Q(decided_by=user) | Q(on_behalf_of=user))
    return Cart.objects.filter(Q(requisitioner=user)
                               | Q(pk__in=steps_decidable(user).values("cart"))
                               | Q(pk__in=decided.values("cart")))


def step_deciders(*, step: ApprovalStep, on: date | None = None) -> list[User]:
    """Everyone who may decide `step` on `on`: the group's members and their delegates."""
    on = on or timezone.localdate()
    requisitioner_id = step.cart.requisitioner_id
    members = User.objects.filter(is_active=True, groups=step.approvers_id)
    standing_in = Delegation.objects.filter(
        delegate=OuterRef("pk"), approver__groups=step.approvers_id, starts_on__lte=on,
        ends_on__gte=on).exclude(approver=requisitioner_id)
    delegates = User.objects.filter(Exists(standing_in), is_active=True)
    return list((members | delegates).exclude(pk=requisitioner_id).distinct().order_by("pk"))


def cart_priced_at(cart: Cart):
    """When the supplier quoted the cart's prices: its last return, else its creation."""
    return cart.returned_at or cart.created_at


def cart_price_hold_warning(*, cart: Cart, now=None) -> str:
    """A warning when the supplier's price hold has run out ("" while it holds)."""
    now = now or timezone.now()
    hold_days = procurement_settings_get().price_hold_days
    priced_at = cart_priced_at(cart)
    if priced_at is None or now - priced_at <= timedelta(days=hold_days):
        return ""
    return _("The prices date from %(date)s, %(days)d days ago, beyond the supplier's "
             "%(hold)d-day price hold: the supplier may change them or refuse the order. The "
             "requisitioner can refresh them by opening the cart at the supplier again.") % {
        "date": date_format(timezone.localtime(priced_at), "DATE_FORMAT"),
        "days": (now - priced_at).days, "hold": hold_days}


def cart_budget_note(cart: Cart) -> str:
    """The cart's department budget this year against what it ordered so far and with this
    cart, for approvers ("" when the department has no budget this year)."""
    if cart.department_id is None:
        return ""
    rows = [row for row in budget_against_actual(SpendFilter(department_id=cart.department_id))
            if row.budget is not None]
    if not rows:
        return ""
    row = rows[0]
    names = {"department": cart.department.name, "year": timezone.localdate().year,
             "budget": amount(row.budget), "currency": row.currency,
             "actual": amount(row.actual), "percent": row.used_percent}
    note = _("%(department)s's %(year)s budget is %(budget)s %(currency)s; %(actual)s "
             "(%(percent)s %%) is ordered so far.") % names
    if cart.currency == row.currency:
        after = row.actual + cart.total
        note += " " + (_("With this cart: %(after)s, over the budget.") if after > row.budget
                       else _("With this cart: %(after)s.")) % {"after": amount(after)}
    return note
