import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from distributors.services.availability import marketplace_quantities_csv


class Command(BaseCommand):
    help = ("Write the marketplace quantity of every SKU (what can be drop-shipped, above the "
            "warehouses' buffers) as CSV `sku,quantity`, for listing tools.")

    def add_arguments(self, parser):
        parser.add_argument("--out", help="file to write (default: standard output)")

    def handle(self, *args, out: str | None = None, **options):
        content = marketplace_quantities_csv()
        if out:
            Path(out).write_bytes(content)
            skus = content.count(b"\n") - 1  # less the header line
            self.stdout.write(f"{skus} SKUs written to {out}")
        else:
            sys.stdout.buffer.write(content)
