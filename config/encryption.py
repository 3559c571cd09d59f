from django.apps import apps
from django.db import transaction

from config.fields import EncryptedTextField


def encrypted_fields() -> list[tuple[type, list[str]]]:
    """Every model with encrypted fields, with those fields' names."""
    found = []
    for model in apps.get_models():
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if names:
            found.append((model, names))
    return found


@transaction.atomic
def secrets_reencrypt() -> int:
    """Re-encrypt every stored secret with the first FIELD_ENCRYPTION_KEY; returns rows written."""
    rows = 0
    for model, names in encrypted_fields():
        for pk, *values in model._default_manager.values_list("pk", *names).iterator():
            # Reading decrypts with any key; writing encrypts with the first one.
            model._default_manager.filter(pk=pk).update(**dict(zip(names, values, strict=True)))
            rows += 1
    return rows
