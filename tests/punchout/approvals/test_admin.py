"""The cart page and the approval, people and settings admin, through the test client, for
each role."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from config import roles
from punchout.models import (
    ApprovalRule,
    CartStatus,
    Delegation,
    ProcurementSettings,
    StepStatus,
)
from punchout.services.approvals import cart_submit
from tests.factories import (
    AddressFactory,
    ApprovalRuleFactory,
    DelegationFactory,
    DepartmentFactory,
)

from .conftest import returned_cart, user_in

pytestmark = pytest.mark.django_db
# The management forms of the cart page's read-only inlines.
EMPTY_INLINES = {f"{prefix}-{field}": "0" for prefix in ("lines", "approval_steps", "events")
                 for field in ("TOTAL_FORMS", "INITIAL_FORMS")}


def cart_url(cart, view: str = "change") -> str:
    return reverse(f"admin:punchout_cart_{view}", args=[cart.pk])


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def finance_rule(finance, addresses):
    return ApprovalRuleFactory(name="Finance", approvers=finance, min_amount=Decimal("1000"))


@pytest.fixture
def submitted(people, cart, finance_rule):
    cart_submit(cart=cart, actor=people.requisitioner)
    return cart


@pytest.fixture
def administrator(db):
    return user_in(roles.ADMINISTRATOR, username="ada")


def test_the_requisitioner_sees_only_their_own_carts_each_with_its_mode(client, people, cart):
    other = returned_cart(requisitioner=people.colleague)
    client.force_login(people.requisitioner)
    page = client.get(reverse("admin:punchout_cart_changelist"))
    assert page.status_code == 200
    assert list(page.context["cl"].result_list) == [cart]
    assert page.content.decode().count('class="punchout-mode punchout-mode-test"') == 1
    assert client.get(cart_url(other)).status_code == 302  # not theirs: back to the list


def test_the_requisitioner_submits_from_the_cart_page(client, people, cart, finance_rule,
                                                      django_capture_on_commit_callbacks):
    cart.operation_allowed = "edit"
    cart.save()
    client.force_login(people.requisitioner)
    html = client.get(cart_url(cart)).content.decode()
    assert 'id="submit-form"' in html
    assert "Finance" in html
    assert "The cart total 1,240.00 USD is at least 1,000.00." in html  # the preview
    assert f'action="/punchout/carts/{cart.pk}/edit/"' in html
    assert f'action="/punchout/carts/{cart.pk}/inspect/"' in html
    assert 'id="decide-form"' not in html

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(cart_url(cart, "submit"), {"justification": "For the new hire"},
                           follow=True)
    assert messages_of(done) == [f"Cart {cart.pk} awaits checkpoint Finance; its approvers "
                                 "are mailed."]
    cart.refresh_from_db()
    assert cart.status == CartStatus.SUBMITTED
    assert cart.justification == "For the new hire"
    assert f"http://testserver/admin/punchout/cart/{cart.pk}/change/" in mail.outbox[0].body
    html = done.content.decode()
    assert "You filled this cart, so another person approves it." in html
    assert "Submitted for approval by Rita Requester." in html  # the history


def test_a_cart_without_a_rule_is_ordered_on_submission(client, people, cart, addresses):
    client.force_login(people.requisitioner)
    page = client.get(cart_url(cart))
    assert "it is approved and ordered at once" in page.content.decode()
    done = client.post(cart_url(cart, "submit"), follow=True)
    cart.refresh_from_db()
    assert cart.status == CartStatus.ORDERED
    [message] = messages_of(done)
    assert message == f"Cart {cart.pk} is approved and ordered: purchase order {cart.order.number}."


def test_submitting_is_a_post(client, people, cart):
    client.force_login(people.requisitioner)
    assert client.get(cart_url(cart, "submit")).status_code == 405


def test_an_approver_of_the_group_finds_and_approves_the_cart(client, people, submitted):
    other = returned_cart(requisitioner=people.requisitioner)
    client.force_login(people.colleague)
    listing = client.get(reverse("admin:punchout_cart_changelist"), {"awaiting": "me"})
    assert list(listing.context["cl"].result_list) == [submitted]
    assert client.get(cart_url(other)).status_code == 302  # nothing for them to decide

    html = client.get(cart_url(submitted)).content.decode()
    assert 'id="decide-form"' in html
    assert 'id="submit-form"' not in html
    done = client.post(cart_url(submitted, "approve"), {"comment": "OK"}, follow=True)
    submitted.refresh_from_db()
    assert submitted.status == CartStatus.ORDERED
    assert messages_of(done)[0].startswith("Checkpoint Finance approved. Cart ")
    assert f'href="/admin/punchout/procurementorder/{submitted.order.pk}/change/"' in (
        done.content.decode())


def test_rejecting_without_a_comment_says_what_to_do(client, people, submitted):
    client.force_login(people.colleague)
    done = client.post(cart_url(submitted, "reject"), {"comment": ""}, follow=True)
    assert messages_of(done) == ["Say why you reject the cart: the requisitioner reads your "
                                 "comment to fix it."]
    done = client.post(cart_url(submitted, "reject"), {"comment": "Too much"}, follow=True)
    submitted.refresh_from_db()
    assert submitted.status == CartStatus.REJECTED
    assert "Too much" in done.content.decode()


def test_the_requisitioner_cannot_approve_even_by_posting(client, people, submitted):
    client.force_login(people.requisitioner)
    done = client.post(cart_url(submitted, "approve"), follow=True)
    assert messages_of(done)[0].startswith("Nobody approves their own cart")
    assert submitted.approval_steps.get().status == StepStatus.PENDING


def test_an_approver_of_another_group_cannot_see_the_cart(client, people, submitted):
    client.force_login(people.purchaser)
    assert client.post(cart_url(submitted, "approve")).status_code == 404


def test_an_administrator_sees_every_cart_but_decides_only_in_the_group(
        client, people, submitted, administrator):
    client.force_login(administrator)
    assert client.get(reverse("admin:punchout_cart_changelist")).context["cl"].result_count == 1
    html = client.get(cart_url(submitted)).content.decode()
    assert 'id="decide-form"' not in html
    assert 'id="active-step"' in html
    done = client.post(cart_url(submitted, "approve"), follow=True)
    assert "decided by the members of Finance" in messages_of(done)[0]


def test_a_delegate_without_the_approver_role_decides_from_the_mail_link(
        client, people, submitted):
    stand_in = user_in(roles.PUNCHOUT_USER, username="sam")
    DelegationFactory(approver=people.colleague, delegate=stand_in)
    client.force_login(stand_in)
    assert 'id="decide-form"' in client.get(cart_url(submitted)).content.decode()
    client.post(cart_url(submitted, "approve"))
    step = submitted.approval_steps.get()
    assert (step.decided_by, step.on_behalf_of) == (stand_in, people.colleague)


def test_the_page_warns_when_the_price_hold_ran_out(client, people, submitted):
    submitted.returned_at = timezone.now() - timedelta(days=8)
    submitted.save()
    client.force_login(people.colleague)
    html = client.get(cart_url(submitted)).content.decode()
    assert 'id="price-hold-warning"' in html
    assert "7-day price hold" in html


def test_the_requisitioner_cancels_a_rejected_cart(client, people, submitted):
    client.force_login(people.colleague)
    client.post(cart_url(submitted, "reject"), {"comment": "No"})
    client.force_login(people.requisitioner)
    assert 'id="cancel-form"' in client.get(cart_url(submitted)).content.decode()
    client.post(cart_url(submitted, "cancel"))
    submitted.refresh_from_db()
    assert submitted.status == CartStatus.CANCELLED


def test_the_cart_page_stays_within_a_query_budget(client, people, submitted,
                                                   django_assert_max_num_queries):
    client.force_login(people.colleague)
    with django_assert_max_num_queries(40):
        assert client.get(cart_url(submitted)).status_code == 200


def test_operations_cannot_open_carts(client, cart):
    client.force_login(user_in(roles.OPERATIONS))
    assert client.get(reverse("admin:punchout_cart_changelist")).status_code == 403


# --- Rules, delegations, settings --------------------------------------------------------

def test_administrators_reorder_and_disable_rules_in_the_list(client, administrator, finance):
    first = ApprovalRuleFactory(name="A", position=10, approvers=finance)
    second = ApprovalRuleFactory(name="B", position=20, approvers=finance)
    client.force_login(administrator)
    page = client.get(reverse("admin:punchout_approvalrule_changelist"))
    assert [rule.name for rule in page.context["cl"].result_list] == ["A", "B"]
    assert "total ≥" not in page.content.decode()
    assert "every cart" in page.content.decode()
    data = {"form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "2", "_save": "Save",
            "form-0-id": first.pk, "form-0-position": "30", "form-0-enabled": "on",
            "form-1-id": second.pk, "form-1-position": "20"}
    assert client.post(reverse("admin:punchout_approvalrule_changelist"), data).status_code == 302
    assert list(ApprovalRule.objects.values_list("name", "position", "enabled")) == [
        ("B", 20, False), ("A", 30, True)]


def test_approvers_cannot_change_rules(client, people):
    client.force_login(people.approver)
    assert client.get(reverse("admin:punchout_approvalrule_changelist")).status_code == 403


def test_an_approver_manages_only_their_own_delegations(client, people):
    theirs = DelegationFactory(approver=people.colleague, delegate=people.purchaser)
    client.force_login(people.approver)
    listing = client.get(reverse("admin:punchout_delegation_changelist"))
    assert list(listing.context["cl"].result_list) == []
    assert client.get(reverse("admin:punchout_delegation_change",
                              args=[theirs.pk])).status_code == 302

    add = reverse("admin:punchout_delegation_add")
    form = client.get(add).context["adminform"].form
    assert list(form.fields["approver"].queryset) == [people.approver]
    today = timezone.localdate()
    refused = client.post(add, {"approver": people.colleague.pk, "delegate": people.outsider.pk,
                                "starts_on": today, "ends_on": today})
    assert refused.status_code == 200
    assert not Delegation.objects.filter(
        delegate=people.outsider).exists()
    to_self = client.post(add, {"approver": people.approver.pk, "delegate": people.approver.pk,
                                "starts_on": today, "ends_on": today})
    assert "Pick the colleague who decides while you are away" in to_self.content.decode()
    backwards = client.post(add, {"approver": people.approver.pk,
                                  "delegate": people.outsider.pk, "starts_on": today,
                                  "ends_on": today - timedelta(days=1)})
    assert "The delegation ends before it starts" in backwards.content.decode()
    saved = client.post(add, {"approver": people.approver.pk, "delegate": people.outsider.pk,
                              "starts_on": today, "ends_on": today + timedelta(days=7)})
    assert saved.status_code == 302
    assert Delegation.objects.get(delegate=people.outsider).approver == people.approver


def test_administrators_see_every_delegation(client, people, administrator):
    DelegationFactory(approver=people.colleague, delegate=people.purchaser)
    client.force_login(administrator)
    listing = client.get(reverse("admin:punchout_delegation_changelist"))
    assert listing.context["cl"].result_count == 1


def test_the_procurement_settings_list_is_the_form_of_its_one_row(client, administrator):
    client.force_login(administrator)
    url = reverse("admin:punchout_procurementsettings_changelist")
    page = client.get(url)
    assert page.status_code == 200
    assert "price_hold_days" in page.content.decode()
    saved = client.post(url, {"currency": "EUR", "price_hold_days": "5",
                              "po_number_format": "PO-{number:05d}", "po_number_next": "1",
                              "po_number_year": "0"})
    assert saved.status_code == 302
    settings = ProcurementSettings.objects.get()
    assert (settings.pk, settings.price_hold_days, settings.currency) == (1, 5, "EUR")


def test_departments_carry_their_budgets(client, administrator):
    department = DepartmentFactory(name="Marketing")
    department.budgets.create(year=2026, amount=Decimal("50000"))
    client.force_login(administrator)
    html = client.get(reverse("admin:punchout_department_change",
                              args=[department.pk])).content.decode()
    assert "50000" in html


# --- People ------------------------------------------------------------------------------

def test_an_administrator_invites_a_user(client, administrator, marketing,
                                         django_capture_on_commit_callbacks):
    client.force_login(administrator)
    users = client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert reverse("admin:auth_user_invite") in users
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reverse("admin:auth_user_invite"), {
            "email": "nora@example.com", "first_name": "Nora", "last_name": "Buyer",
            "role": roles.APPROVER, "department": marketing.pk, "ship_to": ""}, follow=True)
    user = User.objects.get(email="nora@example.com")
    assert messages_of(done) == ["Invitation sent to nora@example.com."]
    assert user.groups.get().name == roles.APPROVER
    assert user.buyer_profile.department == marketing
    assert 'name="buyer_profile-0-department"' in done.content.decode()  # the profile inline
    link = re.search(r"http://testserver/punchout/invitation/\S+/", mail.outbox[0].body)
    assert link is not None


def test_inviting_an_existing_address_shows_the_fix(client, administrator, people):
    client.force_login(administrator)
    page = client.post(reverse("admin:auth_user_invite"), {
        "email": people.colleague.email, "first_name": "C", "last_name": "C",
        "role": roles.APPROVER})
    assert "exists already; change their groups and profile in Users instead" in (
        page.content.decode())


@pytest.mark.parametrize("role", [roles.PUNCHOUT_USER, roles.APPROVER, roles.OPERATIONS])
def test_only_administrators_open_the_invitation_page(client, role):
    client.force_login(user_in(role))
    assert client.get(reverse("admin:auth_user_invite")).status_code == 403


def test_the_user_page_keeps_django_behaviour(client, administrator, people):
    client.force_login(administrator)
    page = client.get(reverse("admin:auth_user_password_change",
                              args=[people.colleague.pk]))
    assert page.status_code == 200


def test_the_requisitioner_changes_the_ship_to_but_not_the_department(client, people, cart):
    dock = AddressFactory(code="dock2")
    client.force_login(people.requisitioner)
    form = client.get(cart_url(cart)).context["adminform"].form
    assert list(form.fields) == ["ship_to"]
    client.post(cart_url(cart), {"ship_to": dock.pk, **EMPTY_INLINES})
    cart.refresh_from_db()
    assert cart.ship_to == dock
