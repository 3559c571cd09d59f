"""People in procurement: invitations, buyer profiles, delegations and the procurement defaults."""

from collections.abc import Callable
from datetime import date

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from config.roles import ROLE_PERMISSIONS
from punchout.models import Address, BuyerProfile, Delegation, Department, ProcurementSettings
from punchout.notifications import people_notify


def procurement_settings_get() -> ProcurementSettings:
    """The one row of procurement defaults (pk 1), created with its defaults on first use."""
    defaults, _created = ProcurementSettings.objects.get_or_create(pk=1)
    return defaults


def _inviter_check(*, invited_by: User, email: str) -> None:
    if not invited_by.has_perm("auth.add_user"):
        raise PermissionDenied(_("Only administrators invite users; ask one to invite %(email)s.")
                               % {"email": email})


def _invitation_check(*, email: str, role: str, invited_by: User) -> None:
    _inviter_check(invited_by=invited_by, email=email)
    if role not in ROLE_PERMISSIONS:
        raise ValidationError(_("There is no role %(role)s; pick one of %(roles)s.")
                              % {"role": role, "roles": ", ".join(ROLE_PERMISSIONS)})
    if User.objects.filter(username__iexact=email).exists() or User.objects.filter(
            email__iexact=email).exists():
        raise ValidationError(_("A user with the e-mail address %(email)s exists already; "
                                "change their groups and profile in Users instead.")
                              % {"email": email})


@transaction.atomic
def user_invite(*, email: str, first_name: str, last_name: str, role: str,
                department: Department | None, ship_to: Address | None, invited_by: User,
                set_password_url_for: Callable[[User, str, str], str]) -> User:
    """A staff user in `role`'s group who sets their own password from the invitation mail.

    The user name is the e-mail address. The password stays unusable until the person follows
    the link: `set_password_url_for(user, uidb64, token)` builds it (the view is
    punchout:invitation), with Django's password-reset token, so it works once and expires
    after PASSWORD_RESET_TIMEOUT.
    """
    email = User.objects.normalize_email(email.strip())
    _invitation_check(email=email, role=role, invited_by=invited_by)
    user = User(username=email, email=email, first_name=first_name.strip(),
                last_name=last_name.strip(), is_staff=True)
    user.set_unusable_password()
    user.save()
    user.groups.add(Group.objects.get(name=role))
    BuyerProfile.objects.create(user=user, department=department, default_ship_to=ship_to,
                                invited_by=invited_by, invited_at=timezone.now())
    invitation_send(user=user, invited_by=invited_by, set_password_url_for=set_password_url_for)
    return user


def invitation_send(*, user: User, invited_by: User,
                    set_password_url_for: Callable[[User, str, str], str]) -> None:
    """Mail `user` the link to choose a password (also to send a lost invitation again)."""
    _inviter_check(invited_by=invited_by, email=user.email)
    if user.has_usable_password():
        raise ValidationError(_("%(user)s has chosen a password already; they sign in with it.")
                              % {"user": user.get_username()})
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    link = set_password_url_for(user, uidb64, default_token_generator.make_token(user))
    people_notify(users=[user], subject=_("You are invited to the back office"), body=_(
        "%(inviter)s invited you to the back office as %(role)s.\n\n"
        "Choose your password here (the link works once, for %(days)d days):\n%(link)s\n\n"
        "Then sign in with your e-mail address %(email)s.") % {
        "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        "inviter": invited_by.get_full_name() or invited_by.get_username(),
        "role": ", ".join(_(name) for name in user.groups.values_list("name", flat=True)),
        "link": link, "email": user.email})


def delegation_active(*, approver: User, on: date) -> Delegation | None:
    """The delegation covering `on` that `approver` gave (the latest started, if several)."""
    return (Delegation.objects.filter(approver=approver, starts_on__lte=on, ends_on__gte=on)
            .select_related("delegate").order_by("-starts_on", "-id").first())
