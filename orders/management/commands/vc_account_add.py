from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from orders.models import Marketplace
from orders.services.accounts import vendor_account_save


class Command(BaseCommand):
    help = ("Add or update an Amazon vendor account (vendor code) with its Selling Partner API "
            "authorisation. Idempotent; secrets are stored encrypted.")

    def add_arguments(self, parser):
        parser.add_argument("code", help="Vendor code, e.g. ABCDE")
        parser.add_argument("--selling-party", required=True, help="sellingParty.partyId")
        parser.add_argument("--marketplace", required=True, choices=Marketplace.values)
        parser.add_argument("--lwa-app-id", required=True, help="LWA client id of the app")
        parser.add_argument("--lwa-client-secret", required=True)
        parser.add_argument("--refresh-token", required=True)
        parser.add_argument("--name", default="", help="A name staff recognise")

    def handle(self, *args, code, selling_party, marketplace, lwa_app_id, lwa_client_secret,
               refresh_token, name, **options):
        try:
            account, created = vendor_account_save(
                code=code, selling_party_id=selling_party, marketplace=marketplace,
                lwa_app_id=lwa_app_id, lwa_client_secret=lwa_client_secret,
                refresh_token=refresh_token, name=name)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        verb = "added" if created else "updated"
        self.stdout.write(f"vendor account {account.code} {verb} ({account.marketplace}, "
                          f"selling party {account.selling_party_id})")
