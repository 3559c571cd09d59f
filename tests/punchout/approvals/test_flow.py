"""Submit, approve and reject through the services, with the mails and the cart's history."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from punchout.models import ApprovalStep, CartStatus, ProcurementOrder, StepStatus
from punchout.services.approvals import (
    IllegalCartMove,
    cart_approve,
    cart_cancel,
    cart_reject,
    cart_status_set,
    cart_submit,
)
from tests.factories import ApprovalRuleFactory, CartFactory

from .conftest import returned_cart

pytestmark = pytest.mark.django_db


def kinds(cart) -> list[str]:
    return list(cart.events.values_list("kind", flat=True))


def test_submitting_copies_the_checkpoints_and_mails_the_first_approvers(
        people, cart, two_checkpoints, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        cart_submit(cart=cart, actor=people.requisitioner, justification=" New laptop ")

    cart.refresh_from_db()
    assert cart.status == CartStatus.SUBMITTED
    assert cart.submitted_at is not None
    assert cart.justification == "New laptop"
    finance, purchasing = cart.approval_steps.order_by("position")
    assert (finance.name, finance.status, finance.rule) == (
        "Finance", StepStatus.PENDING, two_checkpoints[0])
    assert finance.reason == "The cart total 1,240.00 USD is at least 1,000.00."
    assert finance.activated_at is not None
    assert (purchasing.status, purchasing.reason) == (
        StepStatus.WAITING, "Line 1's category 43211503 starts with 4321.")
    assert sorted(m.to[0] for m in mail.outbox) == ["alan@example.com", "carla@example.com"]
    body = mail.outbox[0].body
    assert "Rita Requester" in body
    assert "1,240.00 USD" in body
    assert "Marketing" in body
    assert "New laptop" in body
    assert f"/admin/punchout/cart/{cart.pk}/change/" in body
    assert kinds(cart) == ["submitted", "awaiting"]


def test_rule_edits_after_submission_do_not_change_the_checkpoint(people, cart, two_checkpoints):
    cart_submit(cart=cart, actor=people.requisitioner)
    rule = two_checkpoints[0]
    rule.name, rule.enabled = "Renamed", False
    rule.save()
    assert cart.approval_steps.filter(name="Finance", status=StepStatus.PENDING).exists()


def test_a_cart_no_rule_applies_to_is_approved_and_ordered_at_once(
        people, cart, addresses, django_capture_on_commit_callbacks):
    ApprovalRuleFactory(name="Big spend", min_amount=Decimal("5000"))
    with django_capture_on_commit_callbacks(execute=True):
        cart_submit(cart=cart, actor=people.requisitioner)

    assert cart.status == CartStatus.ORDERED
    assert cart.approved_at is not None
    assert not cart.approval_steps.exists()
    assert ProcurementOrder.objects.get(cart=cart).lines.count() == 1
    approved = cart.events.get(kind="approved")
    assert approved.message == "Approved at once: no approval rule applies to this cart."
    assert kinds(cart)[:3] == ["submitted", "approved", "ordered"]
    assert [m.to for m in mail.outbox if "approved" in m.subject] == [["rita@example.com"]]


def test_approving_the_first_checkpoint_mails_the_next_approvers(
        people, cart, two_checkpoints, django_capture_on_commit_callbacks):
    cart_submit(cart=cart, actor=people.requisitioner)
    with django_capture_on_commit_callbacks(execute=True):
        step = cart_approve(cart=cart, actor=people.colleague, comment="Budget is fine")

    assert (step.status, step.decided_by, step.on_behalf_of, step.comment) == (
        StepStatus.APPROVED, people.colleague, None, "Budget is fine")
    assert step.decided_at is not None
    assert cart.status == CartStatus.SUBMITTED
    assert cart.approval_steps.get(status=StepStatus.PENDING).name == "IT purchasing"
    assert sorted(m.to[0] for m in mail.outbox) == ["alan@example.com", "pete@example.com"]
    assert kinds(cart) == ["submitted", "awaiting", "checkpoint_approved", "awaiting"]


def test_the_last_approval_approves_and_places_the_order(
        people, cart, two_checkpoints, addresses, django_capture_on_commit_callbacks):
    cart_submit(cart=cart, actor=people.requisitioner)
    cart_approve(cart=cart, actor=people.colleague)
    with django_capture_on_commit_callbacks(execute=True):
        cart_approve(cart=cart, actor=people.purchaser, comment="Standard model")

    cart.refresh_from_db()
    assert cart.status == CartStatus.ORDERED
    assert cart.approved_at is not None
    assert cart.ordered_at is not None
    order = ProcurementOrder.objects.get(cart=cart)
    assert order.total == Decimal("1240.00")
    assert cart.events.get(kind="approved").message == "Approved: every checkpoint passed."
    # The order then goes to the supplier through the outbox (the orders tests cover that).
    assert [m.to for m in mail.outbox if m.subject == f"Your cart {cart.pk} is approved"] == [
        ["rita@example.com"]]


def test_an_order_that_cannot_be_placed_undoes_the_approval(people, cart, two_checkpoints):
    cart_submit(cart=cart, actor=people.requisitioner)
    cart_approve(cart=cart, actor=people.colleague)
    with pytest.raises(ValidationError, match="bill-to|ship-to"):
        cart_approve(cart=cart, actor=people.purchaser)  # no addresses set
    cart.refresh_from_db()
    assert cart.status == CartStatus.SUBMITTED
    assert cart.approval_steps.get(status=StepStatus.PENDING).name == "IT purchasing"


def test_rejecting_needs_a_comment(people, cart, two_checkpoints):
    cart_submit(cart=cart, actor=people.requisitioner)
    with pytest.raises(ValidationError, match="Say why"):
        cart_reject(cart=cart, actor=people.colleague, comment="  ")
    assert cart.approval_steps.get(status=StepStatus.PENDING).name == "Finance"


def test_rejecting_stops_the_cart_and_mails_the_requisitioner_the_comment(
        people, cart, two_checkpoints, django_capture_on_commit_callbacks):
    cart_submit(cart=cart, actor=people.requisitioner)
    with django_capture_on_commit_callbacks(execute=True):
        cart_reject(cart=cart, actor=people.colleague, comment="Take the cheaper model.")

    cart.refresh_from_db()
    assert cart.status == CartStatus.REJECTED
    assert list(cart.approval_steps.order_by("position").values_list("status", flat=True)) == [
        StepStatus.REJECTED, StepStatus.SKIPPED]
    [message] = mail.outbox
    assert message.to == ["rita@example.com"]
    assert "Take the cheaper model." in message.body
    assert "Finance" in message.body
    rejected = cart.events.get(kind="rejected")
    assert rejected.comment == "Take the cheaper model."
    assert rejected.actor == people.colleague


def test_a_rejected_cart_changed_at_the_supplier_goes_through_new_checkpoints(
        people, cart, two_checkpoints):
    cart_submit(cart=cart, actor=people.requisitioner)
    cart_reject(cart=cart, actor=people.colleague, comment="Cheaper, please.")
    cart_status_set(cart=cart, to=CartStatus.RETURNED, actor=people.requisitioner,
                    message="Cart returned from the supplier.")  # an edit PunchOut
    cart_submit(cart=cart, actor=people.requisitioner)
    assert cart.approval_steps.count() == 4
    assert cart.approval_steps.get(status=StepStatus.PENDING).name == "Finance"


@pytest.mark.parametrize("status", [CartStatus.OPEN, CartStatus.SUBMITTED, CartStatus.REJECTED,
                                    CartStatus.ORDERED, CartStatus.CANCELLED])
def test_only_a_returned_cart_can_be_submitted(people, status):
    cart = returned_cart(requisitioner=people.requisitioner)
    cart.status = status
    cart.save()
    with pytest.raises(IllegalCartMove):
        cart_submit(cart=cart, actor=people.requisitioner)


def test_a_cart_without_lines_cannot_be_submitted(people):
    cart = CartFactory(requisitioner=people.requisitioner, status=CartStatus.RETURNED)
    with pytest.raises(ValidationError, match="no lines"):
        cart_submit(cart=cart, actor=people.requisitioner)


def test_only_the_requisitioner_submits(people, cart):
    with pytest.raises(PermissionDenied, match="Only Rita Requester"):
        cart_submit(cart=cart, actor=people.approver)
    assert cart.status == CartStatus.RETURNED


def test_nothing_to_decide_on_a_cart_not_awaiting_approval(people, cart):
    with pytest.raises(IllegalCartMove, match="nothing to decide"):
        cart_approve(cart=cart, actor=people.approver)


def test_the_requisitioner_cancels_a_returned_cart(people, cart):
    cart_cancel(cart=cart, actor=people.requisitioner)
    assert cart.status == CartStatus.CANCELLED
    assert cart.events.get(kind="cancelled").actor == people.requisitioner


def test_a_cart_awaiting_approval_cannot_be_cancelled(people, cart, two_checkpoints):
    cart_submit(cart=cart, actor=people.requisitioner)
    with pytest.raises(IllegalCartMove, match="cannot become Cancelled"):
        cart_cancel(cart=cart, actor=people.requisitioner)


@pytest.mark.parametrize(("start", "to"), [
    (CartStatus.OPEN, CartStatus.SUBMITTED), (CartStatus.SUBMITTED, CartStatus.ORDERED),
    (CartStatus.ORDERED, CartStatus.RETURNED), (CartStatus.CANCELLED, CartStatus.RETURNED),
    (CartStatus.APPROVED, CartStatus.REJECTED)])
def test_the_pipeline_refuses_illegal_moves(people, start, to):
    cart = CartFactory(status=start)
    with pytest.raises(IllegalCartMove):
        cart_status_set(cart=cart, to=to, message="x")
    cart.refresh_from_db()
    assert cart.status == start
    assert not cart.events.exists()


def test_approvers_are_warned_when_the_price_hold_ran_out(
        people, cart, two_checkpoints, addresses, django_capture_on_commit_callbacks):
    addresses.price_hold_days = 7
    addresses.save()
    cart.returned_at = timezone.now() - timedelta(days=9)
    cart.save()
    with django_capture_on_commit_callbacks(execute=True):
        cart_submit(cart=cart, actor=people.requisitioner)
    assert "9 days ago, beyond the supplier's 7-day price hold" in mail.outbox[0].body


def test_no_warning_while_the_price_hold_lasts(
        people, cart, two_checkpoints, django_capture_on_commit_callbacks):
    cart.returned_at = timezone.now() - timedelta(days=6)
    cart.save()
    with django_capture_on_commit_callbacks(execute=True):
        cart_submit(cart=cart, actor=people.requisitioner)
    assert "price hold" not in mail.outbox[0].body
    assert ApprovalStep.objects.count() == 2


def test_approvers_see_the_department_budget_with_this_cart(
        people, marketing, finance, addresses, django_capture_on_commit_callbacks):
    marketing.budgets.create(year=timezone.localdate().year, amount=Decimal("2000"))
    earlier = returned_cart(requisitioner=people.requisitioner, department=marketing,
                            supplier__deployment_mode="production")
    cart_submit(cart=earlier, actor=people.requisitioner)  # no rule yet: ordered at once
    ApprovalRuleFactory(name="Finance", approvers=finance, min_amount=Decimal("1000"))
    cart = returned_cart(requisitioner=people.requisitioner, department=marketing)
    with django_capture_on_commit_callbacks(execute=True):
        cart_submit(cart=cart, actor=people.requisitioner)
    assert (f"Marketing's {timezone.localdate().year} budget is 2,000.00 USD; 1,240.00 "
            "(62.0 %) is ordered so far. With this cart: 2,480.00, over the budget.") in (
        mail.outbox[0].body)
