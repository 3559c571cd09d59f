"""A distributor's nightly feed: 1,000,000 rows loaded fresh, then again with 5% of them changed.

    python bench/bench_feed_import.py [--rows N]
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/backoffice_bench python bench/...

Each timed import runs in a process of its own (this script with --child), so its peak memory
(VmHWM) is the import's, not the file generation's; a fresh load of a quarter of the rows
shows whether memory grows with the file. Baselines on the same rows, in the same run: the
per-row update_or_create loop (5,000-row sample) and django-import-export (20,000-row sample,
use_bulk and skip_unchanged, warehouses pre-resolved), both extrapolated to the full file.
"""

import argparse
import csv
import json
import os
import random
import resource
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice
from pathlib import Path

from cryptography.fernet import Fernet

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import ROOT, database_label, django_start, say

ROWS = 1_000_000
CHANGED_SHARE = 0.05
LOOP_SAMPLE, IMPORT_EXPORT_SAMPLE = 5_000, 20_000
HEADER = ("Item", "MPN", "UPC", "Cost", "Qty", "Location")
COLUMN_MAP = {"part_number": "Item", "quantity": "Qty", "cost": "Cost", "warehouse": "Location",
              "mpn": "MPN", "upc": "UPC"}
WAREHOUSES = ("WH0", "WH1", "WH2")
TARGETS = {"fresh": {"postgresql": 50_000, "sqlite": 25_000}, "reimport": 150_000, "mb": 250}


@dataclass(frozen=True)
class Timed:
    """One import as its child process reported it."""

    seconds: float
    peak_mb: float
    idle_mb: float  # the child's peak before the import: Django and the interpreter alone
    counts: dict

    def rate(self) -> float:
        return self.counts["rows_read"] / self.seconds


# --- The files -----------------------------------------------------------------------------

def feed_line(n: int, bumped: bool) -> str:
    quantity = n % 50 + (1 + n % 7 if bumped else 0)
    return (f"P{n:07d},M{n:07d},{400000000000 + n},{1 + n % 5000 / 100:.2f},{quantity},"
            f"{WAREHOUSES[n % len(WAREHOUSES)]}\n")


def feed_write(path: Path, rows: int, bumped: frozenset[int] = frozenset()) -> None:
    with path.open("w", encoding="utf-8", newline="") as file:
        file.write(",".join(HEADER) + "\n")
        file.writelines(feed_line(n, n in bumped) for n in range(rows))


def rows_to_change(rows: int) -> frozenset[int]:
    """The same 5% of the rows every run."""
    return frozenset(random.Random(5).sample(range(rows), round(rows * CHANGED_SHARE)))


def sample_read(path: Path, rows: int) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(islice(csv.DictReader(file), rows))


# --- The timed import, in a child process ----------------------------------------------------

def peak_mb() -> float:
    """This process's peak resident memory. Linux's ru_maxrss would do, but it keeps the
    parent's peak across fork and exec; VmHWM starts afresh with the new program."""
    status = Path("/proc/self/status")
    if status.exists():
        line = next(line for line in status.read_text().splitlines()
                    if line.startswith("VmHWM:"))
        return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def child_run(feed_id: int, path: Path) -> None:
    """Attaches to the database the parent made (no migrating) and imports one file."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
    import django

    django.setup()
    from django.conf import settings

    from distributors.models import Feed
    from distributors.services.feeds import feed_import

    settings.MEDIA_ROOT = os.environ["MEDIA_ROOT"]  # test settings fix their own; use the temp dir
    feed, idle = Feed.objects.select_related("distributor").get(pk=feed_id), peak_mb()
    started = time.perf_counter()
    run = feed_import(feed=feed, path=path)
    seconds = time.perf_counter() - started
    counts = {name: getattr(run, name) for name in ("status", "error", "rows_read", "inserted",
                                                    "updated", "unchanged", "rejected",
                                                    "marked_unavailable")}
    say(json.dumps({"seconds": seconds, "peak_mb": peak_mb(), "idle_mb": idle, "counts": counts}))


def import_in_child(feed, path: Path) -> Timed:
    from django.db import connection

    connection.close()  # nothing of the parent's may hold SQLite's lock while the child writes
    done = subprocess.run([sys.executable, __file__, "--child", str(feed.pk), str(path)],
                          cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"the import of {path.name} failed:\n{done.stderr}")
    return Timed(**json.loads(done.stdout.strip().splitlines()[-1]))


def expect(label: str, counts: dict, **wanted: int) -> None:
    """Fails loudly when a run did not do what the file asks."""
    wrong = {name: counts[name] for name, value in wanted.items() if counts[name] != value}
    if counts["status"] != "succeeded" or wrong:
        raise SystemExit(f"{label}: expected {wanted}, the run reports {counts}")


# --- Set-up ---------------------------------------------------------------------------------

def feed_create(code: str):
    from distributors.models import Distributor, Feed

    distributor = Distributor.objects.create(code=code, name=code.title(), kind="file")
    return Feed.objects.create(distributor=distributor, name="nightly", layout="columns",
                               column_map=COLUMN_MAP)


def warehouses_create(code: str) -> dict[str, int]:
    """A distributor for a baseline, its warehouses made up front: code → id."""
    from distributors.models import Warehouse

    distributor = feed_create(code).distributor
    Warehouse.objects.bulk_create([Warehouse(distributor=distributor, code=warehouse)
                                   for warehouse in WAREHOUSES])
    return dict(distributor.warehouses.values_list("code", "id"))


def items_delete(feed) -> None:
    """In one statement: the ORM would load every item to clear drop-ship lines' references."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM distributors_distributoritem WHERE warehouse_id IN "
                       "(SELECT id FROM distributors_warehouse WHERE distributor_id = %s)",
                       [feed.distributor_id])


# --- Baselines --------------------------------------------------------------------------------

def loop_seconds(rows: list[dict[str, str]], warehouses: dict[str, int]) -> float:
    """The naive importer: update_or_create per row, in one transaction."""
    from django.db import transaction

    from distributors.models import DistributorItem

    started = time.perf_counter()
    with transaction.atomic():
        for row in rows:
            DistributorItem.objects.update_or_create(
                warehouse_id=warehouses[row["Location"]], part_number=row["Item"],
                defaults={"manufacturer_part_number": row["MPN"], "upc": row["UPC"],
                          "cost": Decimal(row["Cost"]), "quantity": int(row["Qty"])})
    return time.perf_counter() - started


def item_resource():
    """django-import-export at its best here: bulk writes, unchanged rows skipped, no HTML
    diff, and the warehouse pre-resolved to its id (no lookup per row)."""
    from import_export import fields, resources, widgets

    from distributors.models import DistributorItem

    class ItemResource(resources.ModelResource):
        warehouse_id = fields.Field(attribute="warehouse_id", column_name="Location",
                                    widget=widgets.IntegerWidget())
        part_number = fields.Field(attribute="part_number", column_name="Item")
        manufacturer_part_number = fields.Field(attribute="manufacturer_part_number",
                                                column_name="MPN")
        upc = fields.Field(attribute="upc", column_name="UPC")
        cost = fields.Field(attribute="cost", column_name="Cost", widget=widgets.DecimalWidget())
        quantity = fields.Field(attribute="quantity", column_name="Qty",
                                widget=widgets.IntegerWidget())

        class Meta:
            model = DistributorItem
            fields = ("warehouse_id", "part_number", "manufacturer_part_number", "upc", "cost",
                      "quantity")
            import_id_fields = ("warehouse_id", "part_number")
            use_bulk, batch_size = True, 1000
            skip_unchanged, skip_html_diff = True, True

    return ItemResource()


def import_export_seconds(rows: list[dict[str, str]], warehouses: dict[str, int]
                          ) -> tuple[float, dict]:
    """Seconds in import_data (the dataset is built beforehand) and its totals."""
    import tablib

    dataset = tablib.Dataset(headers=list(HEADER))
    for row in rows:
        dataset.append([warehouses[row["Location"]] if name == "Location" else row[name]
                        for name in HEADER])
    started = time.perf_counter()
    result = item_resource().import_data(dataset, dry_run=False, use_transactions=True,
                                         raise_errors=True)
    return time.perf_counter() - started, dict(result.totals)


def import_export_available() -> bool:
    try:
        import import_export  # noqa: F401
    except ImportError:
        return False
    return True


# --- The report -------------------------------------------------------------------------------

def report_runs(rows: int, quarter: Timed, fresh: Timed, again: Timed) -> None:
    vendor = database_label()
    say(f"feed import on {vendor}: {rows:,} rows, {len(WAREHOUSES)} warehouses")
    say(f"  {'':34}{'rows/s':>10}{'seconds':>9}{'peak MB':>9}   target")
    target = f">= {TARGETS['fresh'].get(vendor, 0):,} rows/s, < {TARGETS['mb']} MB"
    for label, run, aim in ((f"fresh load, {rows // 4:,} rows", quarter, f"< {TARGETS['mb']} MB"),
                            (f"fresh load, {rows:,} rows", fresh, target),
                            ("re-import, 5% changed", again,
                             f">= {TARGETS['reimport']:,} rows/s, < {TARGETS['mb']} MB")):
        say(f"  {label:34}{run.rate():>10,.0f}{run.seconds:>9.2f}{run.peak_mb:>9.0f}   {aim}")
    say(f"  (a child process holds {fresh.idle_mb:.0f} MB before it imports anything)")
    for label, run in (("fresh", fresh), ("re-import", again)):
        counts = {k: v for k, v in run.counts.items() if k not in ("status", "error")}
        say(f"  {label} run reports {counts}")


def report_baseline(label: str, sample: int, seconds: float, rows: int, ours: Timed,
                    extra: str = "") -> None:
    rate = sample / seconds
    say(f"  {label:34}{rate:>10,.0f}{seconds / sample * rows:>9.0f}   "
        f"(sample {sample:,}, extrapolated){extra}; ours {ours.rate() / rate:,.0f}x faster")


def baselines(rows: int, fresh_file: Path, changed_file: Path, fresh: Timed, again: Timed
              ) -> None:
    say(f"  baselines on the same rows{'':8}{'rows/s':>10}{'s/file':>9}")
    warehouses = warehouses_create("loop")
    for label, path, ours in (("update_or_create loop, fresh", fresh_file, fresh),
                              ("update_or_create loop, re-import", changed_file, again)):
        sample = sample_read(path, min(LOOP_SAMPLE, rows))
        report_baseline(label, len(sample), loop_seconds(sample, warehouses), rows, ours)
    if not import_export_available():
        say("  django-import-export is not installed here: its baseline is skipped")
        return
    warehouses = warehouses_create("import-export")
    for label, path, ours in (("django-import-export, fresh", fresh_file, fresh),
                              ("django-import-export, re-import", changed_file, again)):
        sample = sample_read(path, min(IMPORT_EXPORT_SAMPLE, rows))
        seconds, totals = import_export_seconds(sample, warehouses)
        done = ", ".join(f"{kind} {n}" for kind, n in totals.items() if n)
        report_baseline(label, len(sample), seconds, rows, ours, f" [{done}]")


# --- The run ----------------------------------------------------------------------------------

def run(rows: int, folder: Path) -> None:
    fresh_file, changed_file = folder / "feed.csv", folder / "feed_changed.csv"
    quarter_file, bumped = folder / "feed_quarter.csv", rows_to_change(rows)
    feed_write(fresh_file, rows)
    feed_write(changed_file, rows, bumped)
    feed_write(quarter_file, rows // 4)
    quarter_feed, feed = feed_create("bench-quarter"), feed_create("bench")
    quarter = import_in_child(quarter_feed, quarter_file)
    expect("fresh load of a quarter", quarter.counts, inserted=rows // 4, rejected=0)
    items_delete(quarter_feed)  # the full-size load starts from an empty item table
    fresh = import_in_child(feed, fresh_file)
    expect("fresh load", fresh.counts, inserted=rows, updated=0, rejected=0)
    again = import_in_child(feed, changed_file)
    expect("re-import", again.counts, inserted=0, updated=len(bumped),
           unchanged=rows - len(bumped), rejected=0, marked_unavailable=0)
    report_runs(rows, quarter, fresh, again)
    baselines(rows, fresh_file, changed_file, fresh, again)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--child", nargs=2, metavar=("FEED_ID", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_run(int(args.child[0]), Path(args.child[1]))
        return
    folder = Path(tempfile.mkdtemp(prefix="bench_feed_import_"))
    # Throwaway secrets, and stored feed copies in the temp dir; children inherit both.
    os.environ.update({"SECRET_KEY": secrets.token_urlsafe(50), "READ_DOT_ENV": "false",
                       "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode(),
                       "MEDIA_ROOT": str(folder / "media")})
    sqlite_file = django_start("bench_feed_import")
    try:
        run(args.rows, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if sqlite_file:
            sqlite_file.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
