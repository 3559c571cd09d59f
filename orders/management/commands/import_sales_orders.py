from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from orders.services.sales_orders import HEADER, sales_orders_read, sales_orders_receive


class Command(BaseCommand):
    help = ("Import marketplace sales orders from CSV, one row per line, header "
            f"`{','.join(HEADER)}`. Orders seen before are skipped; any bad row imports nothing "
            "and each is printed with its line number.")

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")

    def handle(self, *args, file: str, **options):
        try:
            orders = sales_orders_read(Path(file).read_bytes())
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        except ValidationError as error:
            for message in error.messages:
                self.stderr.write(message)
            raise CommandError(f"Nothing imported: {len(error.messages)} problem(s).") from error
        result = sales_orders_receive(orders)
        self.stdout.write(f"{len(result.created)} sales orders imported, {result.known} "
                          "already known")
