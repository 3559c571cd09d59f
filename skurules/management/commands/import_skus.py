from django.core.management.base import BaseCommand, CommandError

from skurules.csv_rows import COLUMNS
from skurules.services import SkuImportRejected, skus_import_csv


class Command(BaseCommand):
    help = (f"Create and update SKUs and their auto-confirm rules from a CSV file with the header "
            f"{','.join(COLUMNS)} (any column order). Every line is checked first; on any error "
            f"nothing is imported, each error is printed on its own line and the exit status "
            f"is 1. Empty min_cost and min_inventory leave the SKU's rule as it is. Allocated "
            f"stock and UPC are never changed.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="path of the CSV file (UTF-8; line 1 is the header)")

    def handle(self, *args, file: str, **options):
        try:
            result = skus_import_csv(file=file)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        except SkuImportRejected as rejected:
            for message in rejected.messages:
                self.stderr.write(message)
            count = len(rejected.messages)
            errors = "1 error" if count == 1 else f"{count} errors"
            raise CommandError(f"Nothing imported: {errors} in {file}.") from rejected
        self.stdout.write(result.summary())
