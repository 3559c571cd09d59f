"""SKU CSV import: 100,000 new SKUs, then every one changed, then the same file again.

    python bench/bench_import_skus.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/backoffice_bench python bench/...

Uses a throwaway SQLite file under /tmp unless BENCH_DATABASE_URL names a PostgreSQL database
(dropped and created anew). The baseline is the row-by-row update_or_create loop such importers
usually start as, timed on a 5,000-row sample inside one transaction and extrapolated.
"""

import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import QueryCounter, django_start, say

ROWS = 100_000
BASELINE_ROWS = 5_000
HEADER = "sku,asin,ean,title,on_hand,min_cost,min_inventory,auto_confirm"


def csv_write(path: Path, rows: int, *, stock_offset: int = 0) -> None:
    """`rows` SKUs with rules; a different stock_offset changes every SKU and every rule."""
    with open(path, "w", encoding="utf-8", newline="") as file:
        file.write(HEADER + "\n")
        for n in range(rows):
            rule = (f"{n % 50 + stock_offset}.{n % 100:02d},{n % 20},"
                    f"{'true' if n % 7 else 'false'}")
            file.write(f"BENCH-{n:06d},B0{n:08d},{4000000000000 + n},Product {n},"
                       f"{n % 500 + stock_offset},{rule}\n")


def baseline_rows_per_second(rows: int) -> tuple[float, int]:
    """The naive importer: update_or_create per SKU and per rule, in one transaction."""
    from django.db import connection, transaction

    from skurules.models import AutoConfirmRule, Sku

    queries = QueryCounter()
    started = time.perf_counter()
    with connection.execute_wrapper(queries), transaction.atomic():
        for n in range(rows):
            sku, _ = Sku.objects.update_or_create(
                sku=f"NAIVE-{n:06d}",
                defaults={"asin": f"B1{n:08d}", "ean": str(5000000000000 + n),
                          "title": f"Product {n}", "on_hand": n % 500})
            AutoConfirmRule.objects.update_or_create(
                sku=sku, defaults={"min_cost": Decimal(n % 50), "min_inventory": n % 20,
                                   "enabled": bool(n % 7)})
    return rows / (time.perf_counter() - started), queries.count


def timed_import(path: Path):
    from django.db import connection

    from skurules.services import skus_import_csv

    queries = QueryCounter()
    with connection.execute_wrapper(queries):
        result = skus_import_csv(file=path)
    return result, queries.count


def main() -> None:
    sqlite_file = django_start("bench_import_skus")
    from django.db import connection

    from skurules.models import Sku

    try:
        Sku.objects.all().delete()  # cascades to the rules
        with tempfile.TemporaryDirectory() as folder:
            first, changed = Path(folder) / "skus.csv", Path(folder) / "skus_changed.csv"
            csv_write(first, ROWS)
            csv_write(changed, ROWS, stock_offset=1)
            baseline, baseline_queries = baseline_rows_per_second(BASELINE_ROWS)
            say(f"bench_import_skus on {connection.vendor}: {ROWS:,} rows")
            say(f"  baseline  update_or_create per row: {baseline:9,.0f} rows/s "
                f"({baseline_queries / BASELINE_ROWS:.1f} queries per row; "
                f"{ROWS / baseline:.1f} s extrapolated for {ROWS:,})")
            for label, path in (("new SKUs", first), ("every SKU changed", changed),
                                ("same file again", changed)):
                result, queries = timed_import(path)
                speed = result.rows_read / result.seconds
                say(f"  import    {label:<24} {speed:9,.0f} rows/s  {result.seconds:6.2f} s  "
                    f"{queries:,} queries  {speed / baseline:5.1f}× baseline  "
                    f"({result.skus_created:,} created, {result.skus_updated:,} updated, "
                    f"{result.skus_unchanged:,} unchanged, {result.rules_written:,} rules)")
    finally:
        connection.close()
        if sqlite_file is not None:
            sqlite_file.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
