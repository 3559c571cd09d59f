from django.core.management.base import BaseCommand

from skurules.services import skus_export_csv


class Command(BaseCommand):
    help = ("Write every SKU with its auto-confirm rule as CSV, in the layout import_skus reads. "
            "Without --out the CSV goes to standard output and the summary to standard error.")

    def add_arguments(self, parser):
        parser.add_argument("--out", metavar="FILE", help="write the CSV to FILE (UTF-8)")

    def handle(self, *args, out: str | None, **options):
        if out:
            with open(out, "w", encoding="utf-8", newline="") as file:
                count = skus_export_csv(file)
            self.stdout.write(f"Exported {count} SKUs to {out}.")
        else:
            count = skus_export_csv(self.stdout)
            # stdout carries the CSV itself, so the summary goes where it cannot corrupt it.
            self.stderr.write(f"Exported {count} SKUs.")
