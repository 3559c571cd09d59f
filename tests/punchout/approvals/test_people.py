"""Invitations: who may invite, what the invited person gets, and the set-password link."""

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from config import roles
from punchout.services.people import invitation_send, user_invite
from tests.factories import AddressFactory, DepartmentFactory

from .conftest import user_in

pytestmark = pytest.mark.django_db


def link_for(user, uidb64, token) -> str:
    return f"http://testserver{reverse('punchout:invitation', args=[uidb64, token])}"


@pytest.fixture
def administrator(db):
    return user_in(roles.ADMINISTRATOR, username="ada", first_name="Ada", last_name="Admin")


def invite(administrator, **fields) -> User:
    values = {"email": "new.buyer@example.com", "first_name": "Nora", "last_name": "Buyer",
              "role": roles.PUNCHOUT_USER, "department": None, "ship_to": None, **fields}
    return user_invite(**values, invited_by=administrator, set_password_url_for=link_for)


def test_an_invited_user_is_staff_in_the_role_with_a_profile_and_no_password(
        administrator, django_capture_on_commit_callbacks):
    department, dock = DepartmentFactory(name="Marketing"), AddressFactory(code="dock")
    with django_capture_on_commit_callbacks(execute=True):
        user = invite(administrator, department=department, ship_to=dock)

    assert (user.username, user.email, user.get_full_name()) == (
        "new.buyer@example.com", "new.buyer@example.com", "Nora Buyer")
    assert user.is_staff
    assert not user.is_superuser
    assert not user.has_usable_password()
    assert list(user.groups.values_list("name", flat=True)) == [roles.PUNCHOUT_USER]
    assert user.has_perm("punchout.shop_supplier")
    profile = user.buyer_profile
    assert (profile.department, profile.default_ship_to, profile.invited_by) == (
        department, dock, administrator)
    assert profile.invited_at is not None
    [message] = mail.outbox
    assert message.to == ["new.buyer@example.com"]
    assert "Ada Admin invited you to the back office as PunchOut user" in message.body
    assert "the link works once, for 3 days" in message.body


def test_the_link_in_the_mail_sets_the_password_once_and_signs_in(
        administrator, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user = invite(administrator)
    link = re.search(r"http://testserver(\S+)", mail.outbox[0].body).group(1)

    page = client.get(link, follow=True)
    assert page.status_code == 200
    assert b"Choose a password for new.buyer@example.com" in (
        page.content)
    form_url = page.redirect_chain[-1][0]
    done = client.post(form_url, {"new_password1": "Sturdy-passw0rd-42",
                                  "new_password2": "Sturdy-passw0rd-42"}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("admin:index")
    assert b"Your password is set; you are signed in." in done.content
    user.refresh_from_db()
    assert user.check_password("Sturdy-passw0rd-42")

    client.logout()
    again = client.get(link)
    assert b"This invitation link was used already or has expired" in again.content


def test_a_forged_link_sets_nothing(administrator, client):
    user = invite(administrator)
    page = client.get(reverse("punchout:invitation", args=["MQ", "abc-123"]))
    assert b"used already or has expired" in page.content
    user.refresh_from_db()
    assert not user.has_usable_password()


@pytest.mark.parametrize("role", [roles.PUNCHOUT_USER, roles.APPROVER])
def test_only_administrators_invite(role):
    with pytest.raises(PermissionDenied, match="Only administrators invite"):
        invite(user_in(role))
    assert not User.objects.filter(email="new.buyer@example.com").exists()


def test_an_existing_address_is_refused(administrator):
    invite(administrator)
    with pytest.raises(ValidationError, match="exists already"):
        invite(administrator, email="New.Buyer@example.com")


def test_an_unknown_role_is_refused(administrator):
    with pytest.raises(ValidationError, match="There is no role Boss"):
        invite(administrator, role="Boss")


def test_the_invitation_goes_again_until_a_password_is_chosen(
        administrator, django_capture_on_commit_callbacks):
    user = invite(administrator)
    with django_capture_on_commit_callbacks(execute=True):
        invitation_send(user=user, invited_by=administrator, set_password_url_for=link_for)
    assert len(mail.outbox) == 1
    user.set_password("chosen-passw0rd")
    user.save()
    with pytest.raises(ValidationError, match="has chosen a password already"):
        invitation_send(user=user, invited_by=administrator, set_password_url_for=link_for)
