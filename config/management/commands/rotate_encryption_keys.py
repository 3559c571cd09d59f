from django.core.management.base import BaseCommand

from config.encryption import secrets_reencrypt


class Command(BaseCommand):
    help = ("Re-encrypt every stored secret with the first key in FIELD_ENCRYPTION_KEY. "
            "Put the new key first, keep the old ones, run this, then remove the old keys.")

    def handle(self, *args, **options):
        rows = secrets_reencrypt()
        self.stdout.write(f"secrets re-encrypted with the current key: {rows} rows")
