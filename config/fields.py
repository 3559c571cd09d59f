"""Encrypted model field for partner secrets (API keys, shared secrets, refresh tokens).

Values are stored as Fernet tokens. FIELD_ENCRYPTION_KEY is a comma-separated list: the first
key encrypts, every key decrypts (MultiFernet). To rotate, put a new key first, keep the old ones,
run `manage.py rotate_encryption_keys`, then drop the old keys.
"""

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django import forms
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _

MASK = "••••••••"


@lru_cache(maxsize=4)
def _fernet_for(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEY is empty; generate one with `manage.py init_env` or "
            "`python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`."
        )
    try:
        return MultiFernet([Fernet(key.strip().encode()) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"FIELD_ENCRYPTION_KEY holds a key that is not 32 url-safe base64-encoded bytes: {exc}"
        ) from exc


def fernet() -> MultiFernet:
    return _fernet_for(tuple(settings.FIELD_ENCRYPTION_KEY))


def encrypt(plain: str) -> str:
    return fernet().encrypt(plain.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "A stored secret cannot be decrypted with any key in FIELD_ENCRYPTION_KEY; "
            "add back the key it was encrypted with."
        ) from exc


class SecretInput(forms.PasswordInput):
    """Never renders the stored value; says whether one is stored."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"autocomplete": "new-password", **(attrs or {})}, render_value=False)

    def get_context(self, name, value, attrs):
        placeholder = _("%(mask)s stored: type to replace") % {"mask": MASK} if value else ""
        return super().get_context(name, value, {**(attrs or {}), "placeholder": placeholder})


class EncryptedTextField(models.TextField):
    """A text value encrypted at rest. Cannot be filtered on: the ciphertext is randomised."""

    description = _("Encrypted text")

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt(value) if value else value

    def formfield(self, **kwargs):
        # The widget is not negotiable: the admin's TextField override would render a textarea
        # holding the plain secret.
        return super().formfield(**{
            **kwargs, "widget": SecretInput, "required": False,
            "help_text": self.help_text or _("Leave blank to keep the stored value.")})

    def save_form_data(self, instance, data):
        # The form never shows the secret, so a blank field means "unchanged", not "erase".
        if data:
            super().save_form_data(instance, data)
