from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_datetime

from orders.models import VendorAccount
from orders.services.pulling import orders_pull
from orders.spapi.client import SpApiError


class Command(BaseCommand):
    help = ("Pull purchase orders (new, changed, with cancelled items) from the Selling Partner "
            "API for every enabled vendor account, or one.")

    def add_arguments(self, parser):
        parser.add_argument("--account", help="Only this vendor code")
        parser.add_argument("--since", help="ISO 8601 start (default: the last pull, or 7 days)")

    def handle(self, *args, account=None, since=None, **options):
        start = parse_datetime(since) if since else None
        if since and (start is None or start.tzinfo is None):
            raise CommandError(f"--since '{since}' must be ISO 8601 with a time zone, "
                               "e.g. 2026-11-01T00:00:00Z.")
        accounts = VendorAccount.objects.filter(enabled=True)
        if account:
            accounts = accounts.filter(code=account)
            if not accounts:
                raise CommandError(f"No enabled vendor account has the code {account}.")
        for vendor in accounts:
            try:
                result = orders_pull(account=vendor, since=start)
            except SpApiError as exc:
                raise CommandError(f"{vendor.code}: {exc}") from exc
            self.stdout.write(f"{vendor.code}: {result.pages} pages, {result.created} new, "
                              f"{result.changed} changed, {len(result.page_errors)} page errors")
