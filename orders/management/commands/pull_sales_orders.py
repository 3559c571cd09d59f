from django.core.management.base import BaseCommand, CommandError

from orders.marketplaces import MarketplaceRefused, MarketplaceUnavailable
from orders.models import MarketplaceAccount
from orders.services.sales_orders import sales_orders_pull


class Command(BaseCommand):
    help = ("Pull the orders still to ship from each enabled marketplace account (eBay, Amazon "
            "merchant-fulfilled); orders seen before are skipped. Exit status 1 on a failure.")

    def add_arguments(self, parser):
        parser.add_argument("--account", help="only this marketplace account's code")

    def handle(self, *args, account: str | None = None, **options):
        accounts = MarketplaceAccount.objects.filter(**(
            {"code": account} if account else {"enabled": True}))
        if account and not accounts:
            raise CommandError(f"No marketplace account has the code {account}.")
        failures = []
        for each in accounts:
            try:
                result = sales_orders_pull(each)
            except (MarketplaceRefused, MarketplaceUnavailable) as error:
                failures.append(f"{each.code}: {error}")
                continue
            self.stdout.write(f"{each.code}: {len(result.created)} new sales orders, "
                              f"{result.known} already known")
        if failures:
            raise CommandError("\n".join(failures))
