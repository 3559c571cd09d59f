"""Who decides a checkpoint: its group's members, their delegates on the delegation's days,
and never the requisitioner."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from punchout.models import StepStatus
from punchout.selectors.approvals import carts_awaiting, carts_visible
from punchout.services.approvals import cart_approve, cart_reject, cart_submit
from punchout.services.people import delegation_active
from tests.factories import ApprovalRuleFactory, DelegationFactory, UserFactory

from .conftest import returned_cart

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def finance_rule(finance, addresses):
    return ApprovalRuleFactory(name="Finance", approvers=finance)


@pytest.fixture
def submitted(people, cart, finance_rule):
    cart_submit(cart=cart, actor=people.requisitioner)
    return cart


def own_cart_of(user, finance_rule):
    cart = returned_cart(requisitioner=user)
    cart_submit(cart=cart, actor=user)
    return cart


def test_a_member_of_the_group_decides(people, submitted):
    assert list(carts_awaiting(people.colleague)) == [submitted]
    step = cart_approve(cart=submitted, actor=people.colleague)
    assert step.on_behalf_of is None


def test_someone_outside_the_group_is_refused(people, submitted):
    assert not carts_awaiting(people.outsider).exists()
    with pytest.raises(PermissionDenied, match="decided by the members of Finance"):
        cart_approve(cart=submitted, actor=people.outsider)
    with pytest.raises(PermissionDenied):
        cart_reject(cart=submitted, actor=people.outsider, comment="No")
    assert submitted.approval_steps.get().status == StepStatus.PENDING


def test_nobody_approves_their_own_cart(people, finance_rule):
    cart = own_cart_of(people.approver, finance_rule)
    assert not carts_awaiting(people.approver).exists()
    with pytest.raises(PermissionDenied, match="Nobody approves their own cart"):
        cart_approve(cart=cart, actor=people.approver)
    cart_approve(cart=cart, actor=people.colleague)


def test_not_even_a_superuser_in_the_group(finance, finance_rule):
    boss = UserFactory(is_superuser=True)
    boss.groups.add(finance)
    cart = own_cart_of(boss, finance_rule)
    assert not carts_awaiting(boss).exists()
    with pytest.raises(PermissionDenied, match="Nobody approves their own cart"):
        cart_approve(cart=cart, actor=boss)


def test_a_superuser_outside_the_group_is_refused(submitted):
    with pytest.raises(PermissionDenied):
        cart_approve(cart=submitted, actor=UserFactory(is_superuser=True))


def test_not_even_as_the_delegate_of_a_member(people, finance_rule):
    DelegationFactory(approver=people.colleague, delegate=people.outsider)
    cart = own_cart_of(people.outsider, finance_rule)
    assert not carts_awaiting(people.outsider).exists()
    with pytest.raises(PermissionDenied, match="Nobody approves their own cart"):
        cart_approve(cart=cart, actor=people.outsider)


def test_a_delegate_never_stands_in_for_the_requisitioner(people, finance_rule):
    """The requisitioner is a Finance member away on holiday: their delegate may not approve
    their cart for them."""
    DelegationFactory(approver=people.approver, delegate=people.outsider)
    cart = own_cart_of(people.approver, finance_rule)
    assert not carts_awaiting(people.outsider).exists()
    with pytest.raises(PermissionDenied):
        cart_approve(cart=cart, actor=people.outsider)


def test_a_delegate_decides_on_behalf_of_the_member(people, submitted):
    DelegationFactory(approver=people.colleague, delegate=people.outsider,
                      starts_on=TODAY, ends_on=TODAY)
    assert list(carts_awaiting(people.outsider)) == [submitted]
    step = cart_approve(cart=submitted, actor=people.outsider, comment="For Carla")
    assert (step.decided_by, step.on_behalf_of) == (people.outsider, people.colleague)
    event = submitted.events.get(kind="checkpoint_approved")
    assert event.message == "Checkpoint Finance approved by olga for carla."


@pytest.mark.parametrize(("starts", "ends"), [(1, 5), (-5, -1)], ids=["not yet", "over"])
def test_a_delegation_counts_only_within_its_dates(people, submitted, starts, ends):
    DelegationFactory(approver=people.colleague, delegate=people.outsider,
                      starts_on=TODAY + timedelta(days=starts),
                      ends_on=TODAY + timedelta(days=ends))
    assert not carts_awaiting(people.outsider).exists()
    with pytest.raises(PermissionDenied):
        cart_approve(cart=submitted, actor=people.outsider)


def test_a_delegation_from_someone_outside_the_group_gives_nothing(people, submitted):
    DelegationFactory(approver=people.purchaser, delegate=people.outsider)
    with pytest.raises(PermissionDenied):
        cart_approve(cart=submitted, actor=people.outsider)


def test_delegation_active_is_the_one_covering_the_day(people):
    old = DelegationFactory(approver=people.colleague, delegate=people.outsider,
                            starts_on=TODAY - timedelta(days=10),
                            ends_on=TODAY - timedelta(days=5))
    current = DelegationFactory(approver=people.colleague, delegate=people.purchaser,
                                starts_on=TODAY, ends_on=TODAY + timedelta(days=3))
    assert delegation_active(approver=people.colleague, on=TODAY) == current
    assert delegation_active(approver=people.colleague, on=TODAY - timedelta(days=7)) == old
    assert delegation_active(approver=people.colleague, on=TODAY + timedelta(days=4)) is None


def test_the_delegates_of_members_are_mailed_too(people, cart, finance_rule,
                                                 django_capture_on_commit_callbacks):
    DelegationFactory(approver=people.colleague, delegate=people.outsider)
    DelegationFactory(approver=people.purchaser, delegate=UserFactory(username="notme"))
    with django_capture_on_commit_callbacks(execute=True):
        cart_submit(cart=cart, actor=people.requisitioner)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "alan@example.com", "carla@example.com", "olga@example.com"]


def test_the_requisitioner_is_not_mailed_to_approve_their_own_cart(
        people, finance_rule, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        own_cart_of(people.approver, finance_rule)
    assert sorted(m.to[0] for m in mail.outbox) == ["carla@example.com"]


def test_who_sees_which_cart(people, submitted, finance_rule):
    mine = returned_cart(requisitioner=people.colleague)
    assert set(carts_visible(people.requisitioner)) == {submitted}
    assert set(carts_visible(people.colleague)) == {submitted, mine}
    assert set(carts_visible(people.purchaser)) == set()
    cart_approve(cart=submitted, actor=people.colleague)
    assert set(carts_visible(people.colleague)) == {submitted, mine}  # decided by them
    administrator = UserFactory()
    administrator.groups.add(Group.objects.get(name="Administrator"))
    assert set(carts_visible(administrator)) == {submitted, mine}
