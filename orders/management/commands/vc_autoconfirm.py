from django.core.management.base import BaseCommand, CommandError

from orders.models import VendorAccount
from orders.services.acknowledgements import acknowledgements_queue
from orders.services.deciding import purchase_orders_decide


class Command(BaseCommand):
    help = ("Decide every new purchase order by the SKU rules and queue the acknowledgements. "
            "--dry-run prints every decision and changes nothing.")

    def add_arguments(self, parser):
        parser.add_argument("--account", help="Only this vendor code")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, account=None, dry_run=False, **options):
        vendor = None
        if account:
            vendor = VendorAccount.objects.filter(code=account).first()
            if vendor is None:
                raise CommandError(f"No vendor account has the code {account}.")
        result = purchase_orders_decide(account=vendor, dry_run=dry_run, acknowledge=True)
        if dry_run:
            for decided in result.lines:
                line, decision = decided.line, decided.decision
                self.stdout.write(f"{line.order.po_number} item {line.item_sequence}: "
                                  f"{decision.outcome} {decision.reason}")
            self.stdout.write(f"dry run: {result.decided} would be decided, "
                              f"{result.needs_review} would need review; nothing changed")
            return
        queued = result.acknowledged + len(acknowledgements_queue(account=vendor))
        self.stdout.write(f"{result.decided} decided, {result.needs_review} need review, "
                          f"{queued} acknowledgements queued")
