"""A cart's way from the supplier's site to a purchase order: submit, checkpoints, decisions.

Every status change goes through `cart_status_set`, which refuses moves the pipeline does not
allow and records the change in the cart's history. Deciding locks the cart row first, so two
approvers clicking at the same moment are served one after the other and the second finds the
checkpoint decided.
"""

from collections.abc import Callable
from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from punchout.approvals import CartFacts, Checkpoint, LineFacts, RuleFacts, amount, checkpoints_for
from punchout.models import ApprovalRule, ApprovalStep, Cart, CartEvent, CartStatus, StepStatus
from punchout.notifications import people_notify
from punchout.selectors.approvals import (
    cart_budget_note,
    cart_price_hold_warning,
    delegations_covering,
    step_deciders,
)
from punchout.services.events import cart_event_add
from punchout.services.orders import order_place

S = CartStatus
CART_PIPELINE: dict[str, frozenset[str]] = {
    S.OPEN: frozenset({S.RETURNED, S.CANCELLED}),
    # A new PunchOut (edit) brings a returned or rejected cart back with fresh lines.
    S.RETURNED: frozenset({S.RETURNED, S.SUBMITTED, S.CANCELLED}),
    S.SUBMITTED: frozenset({S.APPROVED, S.REJECTED}),
    S.APPROVED: frozenset({S.ORDERED}),
    S.REJECTED: frozenset({S.RETURNED, S.CANCELLED}),
    S.ORDERED: frozenset(),
    S.CANCELLED: frozenset(),
}
STAMPS = {S.RETURNED: "returned_at", S.SUBMITTED: "submitted_at", S.APPROVED: "approved_at",
          S.ORDERED: "ordered_at"}


class IllegalCartMove(ValidationError):
    pass


def cart_admin_path(cart: Cart) -> str:
    return reverse("admin:punchout_cart_change", args=[cart.pk])


def _name(user: User) -> str:
    return user.get_full_name() or user.get_username()


def cart_status_set(*, cart: Cart, to: str, message: str, actor: User | None = None,
                    comment: str = "") -> CartEvent:
    """Move `cart` to status `to` along CART_PIPELINE, stamp the moment and record `message`."""
    if to not in CART_PIPELINE[cart.status]:
        raise IllegalCartMove(_("Cart %(cart)s is %(status)s and cannot become %(to)s.") % {
            "cart": cart.pk, "status": cart.get_status_display(), "to": S(to).label})
    cart.status = to
    fields = ["status", "updated_at"]
    if to in STAMPS:
        setattr(cart, STAMPS[to], timezone.now())
        fields.append(STAMPS[to])
    cart.save(update_fields=fields)
    return cart_event_add(cart=cart, kind=to, message=message, actor=actor, comment=comment)


def _cart_lock(cart: Cart) -> None:
    """Reload `cart` with its row locked until the transaction ends."""
    cart.refresh_from_db(from_queryset=Cart.objects.select_for_update())


def cart_facts(cart: Cart) -> CartFacts:
    department = cart.department
    return CartFacts(
        total=cart.total, currency=cart.currency, supplier_id=cart.supplier_id,
        supplier_name=cart.supplier.name, department_id=cart.department_id,
        department_name=department.name if department else "",
        lines=tuple(LineFacts(line_number=n, unspsc=unspsc) for n, unspsc in
                    cart.lines.order_by("line_number").values_list("line_number", "unspsc")))


def rules_facts() -> list[RuleFacts]:
    return [RuleFacts(id=rule.pk, name=rule.name, approvers_id=rule.approvers_id,
                      position=rule.position, enabled=rule.enabled, min_amount=rule.min_amount,
                      department_id=rule.department_id, unspsc_prefix=rule.unspsc_prefix,
                      supplier_id=rule.supplier_id)
            for rule in ApprovalRule.objects.filter(enabled=True)]


def cart_checkpoints(cart: Cart) -> list[Checkpoint]:
    """The checkpoints `cart` would pass if it were submitted now."""
    return checkpoints_for(cart=cart_facts(cart), rules=rules_facts())


def _cart_summary(cart: Cart) -> str:
    summary = _("Cart %(cart)s from %(supplier)s by %(requisitioner)s: %(total)s %(currency)s, "
                "%(lines)d line(s).") % {
        "cart": cart.pk, "supplier": cart.supplier.name, "requisitioner": _name(cart.requisitioner),
        "total": amount(cart.total), "currency": cart.currency, "lines": cart.lines.count()}
    if cart.department:
        summary += " " + _("Booked to %(department)s.") % {"department": cart.department.name}
    return summary


def _step_activate(*, step: ApprovalStep, cart_url_for: Callable[[Cart], str]) -> None:
    cart = step.cart
    step.status, step.activated_at = StepStatus.PENDING, timezone.now()
    step.save(update_fields=["status", "activated_at"])
    cart_event_add(cart=cart, kind="awaiting", message=_(
        "Awaiting checkpoint %(step)s (%(group)s): %(reason)s") % {
        "step": step.name, "group": step.approvers.name, "reason": step.reason})
    parts = [_("%(cart)s awaits your decision at checkpoint %(step)s.") % {
        "cart": _cart_summary(cart), "step": step.name},
        _("Why this checkpoint: %(reason)s") % {"reason": step.reason}]
    if cart.justification:
        parts.append(_("Justification: %(text)s") % {"text": cart.justification})
    parts.append(cart_budget_note(cart))
    warning = cart_price_hold_warning(cart=cart)
    if warning:
        parts.append(_("Warning: %(warning)s") % {"warning": warning})
    parts.append(_("Approve or reject it here: %(url)s") % {"url": cart_url_for(cart)})
    people_notify(users=step_deciders(step=step),
                  subject=_("Cart %(cart)s awaits your approval") % {"cart": cart.pk},
                  body="\n\n".join(part for part in parts if part))


def _cart_approved(*, cart: Cart, actor: User, message: str,
                   cart_url_for: Callable[[Cart], str]) -> None:
    """The cart passed: approved, and its purchase order placed in the same transaction."""
    cart_status_set(cart=cart, to=S.APPROVED, actor=actor, message=message)
    people_notify(users=[cart.requisitioner],
                  subject=_("Your cart %(cart)s is approved") % {"cart": cart.pk},
                  body=_("%(cart)s It is approved; the purchase order goes to the supplier "
                         "now.\n\n%(url)s") % {"cart": _cart_summary(cart),
                                               "url": cart_url_for(cart)})
    order_place(cart=cart, actor=actor)
    cart.refresh_from_db()  # order_place moved its own copy of the row on to ORDERED


def _requisitioner_check(*, cart: Cart, actor: User) -> None:
    if actor.pk != cart.requisitioner_id:
        raise PermissionDenied(_("Only %(requisitioner)s, who filled cart %(cart)s, can submit "
                                 "or cancel it.") % {"requisitioner": _name(cart.requisitioner),
                                                     "cart": cart.pk})


def _submit_check(*, cart: Cart, actor: User) -> None:
    _requisitioner_check(cart=cart, actor=actor)
    if cart.status != S.RETURNED:
        raise IllegalCartMove(_("Cart %(cart)s is %(status)s; only a cart back from the "
                                "supplier can be submitted.") % {
            "cart": cart.pk, "status": cart.get_status_display()})
    if not cart.lines.exists():
        raise ValidationError(_("Cart %(cart)s has no lines; add items at the supplier or "
                                "cancel the cart.") % {"cart": cart.pk})


@transaction.atomic
def cart_submit(*, cart: Cart, actor: User, justification: str = "",
                cart_url_for: Callable[[Cart], str] = cart_admin_path) -> Cart:
    """The requisitioner asks for approval: the checkpoints are copied from the rules that
    apply now (later rule edits do not change them) and the first one's approvers are mailed.
    With no checkpoint the cart is approved and ordered at once.

    `cart_url_for` gives the link to the cart in the mails (the admin passes an absolute URL).
    """
    _cart_lock(cart)
    _submit_check(cart=cart, actor=actor)
    cart.justification = justification.strip()
    cart.save(update_fields=["justification", "updated_at"])
    cart_status_set(cart=cart, to=S.SUBMITTED, actor=actor, comment=cart.justification,
                    message=_("Submitted for approval by %(user)s.") % {"user": _name(actor)})
    steps = ApprovalStep.objects.bulk_create([
        ApprovalStep(cart=cart, rule_id=checkpoint.rule_id, position=checkpoint.position,
                     name=checkpoint.name, approvers_id=checkpoint.approvers_id,
                     reason=checkpoint.reason)
        for checkpoint in cart_checkpoints(cart)])
    if steps:
        _step_activate(step=steps[0], cart_url_for=cart_url_for)
    else:
        _cart_approved(cart=cart, actor=actor, cart_url_for=cart_url_for,
                       message=_("Approved at once: no approval rule applies to this cart."))
    return cart


def _step_active(cart: Cart) -> ApprovalStep:
    if cart.status != S.SUBMITTED:
        raise IllegalCartMove(_("Cart %(cart)s is %(status)s: there is nothing to decide.") % {
            "cart": cart.pk, "status": cart.get_status_display()})
    return (cart.approval_steps.filter(status=StepStatus.PENDING).select_related("approvers")
            .get())


def step_standing_in_for(*, step: ApprovalStep, actor: User, on: date) -> User | None:
    """Whom `actor` decides `step` for: None when they are a member of its approver group,
    the member who delegated to them otherwise. Refused when they may not decide it."""
    cart = step.cart
    if actor.pk == cart.requisitioner_id:
        raise PermissionDenied(_("Nobody approves their own cart: another member of %(group)s "
                                 "decides checkpoint %(step)s.") % {
            "group": step.approvers.name, "step": step.name})
    if actor.groups.filter(pk=step.approvers_id).exists():
        return None
    delegation = (delegations_covering(delegate=actor, on=on)
                  .filter(approver__groups=step.approvers_id)
                  .exclude(approver=cart.requisitioner_id)
                  .select_related("approver").order_by("approver_id").first())
    if delegation is None:
        raise PermissionDenied(_("Checkpoint %(step)s is decided by the members of %(group)s or "
                                 "their delegates; ask one of them, or an administrator to add "
                                 "you to the group.") % {
            "step": step.name, "group": step.approvers.name})
    return delegation.approver


def _step_decide(*, cart: Cart, actor: User, status: str, comment: str) -> ApprovalStep:
    _cart_lock(cart)
    step = _step_active(cart)
    step.on_behalf_of = step_standing_in_for(step=step, actor=actor, on=timezone.localdate())
    step.status, step.decided_by, step.comment = status, actor, comment.strip()
    step.decided_at = timezone.now()
    step.save(update_fields=["status", "decided_by", "on_behalf_of", "comment", "decided_at"])
    return step


def _decided_by(step: ApprovalStep) -> str:
    if step.on_behalf_of is None:
        return _name(step.decided_by)
    return _("%(delegate)s for %(approver)s") % {"delegate": _name(step.decided_by),
                                                 "approver": _name(step.on_behalf_of)}


@transaction.atomic
def cart_approve(*, cart: Cart, actor: User, comment: str = "",
                 cart_url_for: Callable[[Cart], str] = cart_admin_path) -> ApprovalStep:
    """Pass the active checkpoint; the next one's approvers are mailed, or after the last one
    the cart is approved and its purchase order placed."""
    step = _step_decide(cart=cart, actor=actor, status=StepStatus.APPROVED, comment=comment)
    cart_event_add(cart=cart, kind="checkpoint_approved", actor=actor, comment=step.comment,
                   message=_("Checkpoint %(step)s approved by %(user)s.") % {
                       "step": step.name, "user": _decided_by(step)})
    following = (cart.approval_steps.filter(status=StepStatus.WAITING)
                 .select_related("approvers").order_by("position", "id").first())
    if following is not None:
        _step_activate(step=following, cart_url_for=cart_url_for)
    else:
        _cart_approved(cart=cart, actor=actor, cart_url_for=cart_url_for,
                       message=_("Approved: every checkpoint passed."))
    return step


@transaction.atomic
def cart_reject(*, cart: Cart, actor: User, comment: str,
                cart_url_for: Callable[[Cart], str] = cart_admin_path) -> ApprovalStep:
    """Stop the cart at the active checkpoint; the requisitioner is mailed the comment."""
    if not comment.strip():
        raise ValidationError(_("Say why you reject the cart: the requisitioner reads your "
                                "comment to fix it."))
    step = _step_decide(cart=cart, actor=actor, status=StepStatus.REJECTED, comment=comment)
    cart.approval_steps.filter(status=StepStatus.WAITING).update(status=StepStatus.SKIPPED)
    cart_status_set(cart=cart, to=S.REJECTED, actor=actor, comment=step.comment,
                    message=_("Rejected at checkpoint %(step)s by %(user)s.") % {
                        "step": step.name, "user": _decided_by(step)})
    people_notify(users=[cart.requisitioner],
                  subject=_("Your cart %(cart)s was rejected") % {"cart": cart.pk},
                  body=_("%(cart)s %(user)s rejected it at checkpoint %(step)s:\n\n%(comment)s"
                         "\n\nChange it at the supplier and submit it again, or cancel it: "
                         "%(url)s") % {
                      "cart": _cart_summary(cart), "user": _decided_by(step), "step": step.name,
                      "comment": step.comment, "url": cart_url_for(cart)})
    return step


@transaction.atomic
def cart_cancel(*, cart: Cart, actor: User, comment: str = "") -> Cart:
    """The requisitioner drops a cart that is back from the supplier or was rejected."""
    _cart_lock(cart)
    _requisitioner_check(cart=cart, actor=actor)
    cart_status_set(cart=cart, to=S.CANCELLED, actor=actor, comment=comment.strip(),
                    message=_("Cancelled by %(user)s.") % {"user": _name(actor)})
    return cart
