"""Mail to the people a cart concerns, sent once the change that causes it has committed."""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import send_mass_mail
from django.db import transaction


def people_notify(*, users: Iterable[AbstractBaseUser], subject: str, body: str) -> int:
    """Queue one message per distinct address; people without an e-mail address are skipped.
    Returns how many messages will go out."""
    addresses = sorted({user.email for user in users if user.email})
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
                for address in addresses]
    if messages:
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False))
    return len(messages)
