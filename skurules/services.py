"""Writes to SKU data: auto-confirm rules, allocated stock, and the CSV import and export."""

import csv
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice
from os import PathLike
from typing import NamedTuple, TextIO, TypeVar

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import QuerySet
from django.db.transaction import TransactionManagementError
from django.utils import timezone
from django.utils.translation import gettext as _

from config.bulk import rows_upsert
from skurules.csv_rows import COLUMNS, SkuRow, column_positions, header_errors, rows_validate
from skurules.decisions import money_text
from skurules.models import AutoConfirmRule, Sku

T = TypeVar("T")
# Rows per round of upserts: one lookup, one SKU statement and one rule statement each, plus a
# lookup of the new SKUs' ids when there are new SKUs. SQLite binds up to 32,766 parameters.
IMPORT_BATCH = 5000
EXPORT_CHUNK = 2000
SKU_INSERT_FIELDS = ["sku", "asin", "ean", "upc", "manufacturer_part_number", "title", "on_hand",
                     "allocated", "created_at", "updated_at"]
SKU_IMPORT_FIELDS = ["asin", "ean", "title", "on_hand", "updated_at"]
RULE_INSERT_FIELDS = ["sku", "min_cost", "min_inventory", "enabled", "updated_by", "updated_at"]
RULE_IMPORT_FIELDS = ["min_cost", "min_inventory", "enabled", "updated_by", "updated_at"]


class SkuImportRejected(ValidationError):
    """The file had errors and nothing was imported; `messages` lists them line by line."""


@dataclass(frozen=True)
class ImportResult:
    rows_read: int
    skus_created: int
    skus_updated: int
    skus_unchanged: int
    rules_written: int
    seconds: float

    def summary(self) -> str:
        return _("Imported %(rows)d rows: %(created)d SKUs created, %(updated)d updated, "
                 "%(unchanged)d unchanged, %(rules)d rules written in %(seconds).1f s.") % {
            "rows": self.rows_read, "created": self.skus_created, "updated": self.skus_updated,
            "unchanged": self.skus_unchanged, "rules": self.rules_written,
            "seconds": self.seconds}


@dataclass
class _Counts:
    created: int = 0
    updated: int = 0
    rules: int = 0


@transaction.atomic
def rule_update(*, sku: Sku, min_cost: Decimal, min_inventory: int, enabled: bool,
                actor: AbstractBaseUser | None = None) -> AutoConfirmRule:
    """Creates or changes the SKU's auto-confirm rule and records who did it."""
    rule = AutoConfirmRule.objects.filter(sku=sku).first() or AutoConfirmRule(sku=sku)
    rule.min_cost = min_cost
    rule.min_inventory = min_inventory
    rule.enabled = enabled
    rule.updated_by = actor if actor is not None and actor.is_authenticated else None
    rule.full_clean()
    rule.save()
    sku.rule = rule
    return rule


def sku_allocate(*, allocations: dict[str, int]) -> None:
    """Adds eaches to `allocated` for several SKUs by SKU code, in one statement.

    Must run inside the transaction that locked the rows with `stock_facts_for_update()`; the
    addition happens in the database, so it never overwrites another writer's allocation.
    Raises Sku.DoesNotExist for an unknown SKU code: the caller's transaction then rolls back.
    """
    if connection.get_autocommit():
        raise TransactionManagementError(
            "sku_allocate() must run inside the transaction that locked the SKU rows.")
    changes = {code: eaches for code, eaches in allocations.items() if eaches}
    if not changes:
        return
    now, codes, table = timezone.now(), sorted(changes), Sku._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One UPDATE for all (an executemany of 1,000 took a tenth of a second). It locks
            # the rows in SKU order first, as stock_facts_for_update() does: a join alone locks
            # them in whatever order its plan reads them, and a caller that had not locked them
            # could then deadlock with a worker deciding orders.
            cursor.execute(
                f"WITH locked AS MATERIALIZED (SELECT s.id, v.eaches FROM {table} s "
                "JOIN unnest(%s::varchar[], %s::integer[]) AS v(code, eaches) ON s.sku = v.code "
                f"ORDER BY s.sku FOR UPDATE OF s) UPDATE {table} SET allocated = allocated + "
                f"locked.eaches, updated_at = %s FROM locked WHERE {table}.id = locked.id",
                [codes, [changes[code] for code in codes], now])
        else:
            cursor.executemany(
                f"UPDATE {table} SET allocated = allocated + %s, updated_at = %s "
                "WHERE sku = %s", [(changes[code], now, code) for code in codes])
        updated = cursor.rowcount
    if updated != len(codes):
        raise Sku.DoesNotExist(_("Cannot allocate stock to unknown SKUs among %(codes)s.")
                               % {"codes": ", ".join(codes)})


def skus_import_csv(*, file: TextIO | str | PathLike, actor: AbstractBaseUser | None = None,
                    ) -> ImportResult:
    """Creates and updates SKUs and their rules from a CSV file: all lines or none.

    Every line is validated first; any error raises SkuImportRejected with all of them and
    nothing is written. Then SKUs and rules are upserted in batches of 5,000 inside one
    transaction, a constant number of statements per batch (see config.bulk).
    Allocated stock, UPC and MPN are never touched; a line without rule values leaves the rule
    alone.
    """
    started = time.perf_counter()
    with _text_file(file) as text:
        rows, errors = _rows_read(text)
    if errors:
        raise SkuImportRejected(errors)
    counts = _Counts()
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    # One timestamp for the whole file, adapted once instead of once per row.
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with transaction.atomic():
        for batch in _batches(rows, IMPORT_BATCH):
            _import_batch(batch, actor_id, now, counts)
    return ImportResult(
        rows_read=len(rows), skus_created=counts.created, skus_updated=counts.updated,
        skus_unchanged=len(rows) - counts.created - counts.updated, rules_written=counts.rules,
        seconds=time.perf_counter() - started)


@contextmanager
def _text_file(file: TextIO | str | PathLike) -> Iterator[TextIO]:
    if isinstance(file, str | PathLike):
        # utf-8-sig: spreadsheet programs start their "CSV UTF-8" files with a byte-order mark.
        with open(file, encoding="utf-8-sig", newline="") as opened:
            yield opened
    else:
        yield file


def _rows_read(text: TextIO) -> tuple[list[SkuRow], list[str]]:
    reader = csv.reader(text)
    try:
        header = next(reader, None)
        if header is None:
            return [], [_("The file is empty; line 1 must be the header %(columns)s.")
                        % {"columns": ",".join(COLUMNS)}]
        header[0] = header[0].lstrip("\ufeff")
        if errors := header_errors(header):
            return [], errors
        return rows_validate(reader, column_positions(header))
    except UnicodeDecodeError:
        # The decoder reads ahead, so the line it failed on is not known.
        return [], [_("The file is not UTF-8 text; save it as \"CSV UTF-8\" and import it "
                      "again.")]
    except csv.Error as error:
        return [], [_("Line %(line)d: not readable as CSV (%(error)s).")
                    % {"line": reader.line_num, "error": error}]


class _Stored(NamedTuple):
    id: int
    sku_values: tuple
    rule_values: tuple | None


def _import_batch(rows: Sequence[SkuRow], actor_id: int | None, now: object,
                  counts: _Counts) -> None:
    """Upserts the SKUs of one batch that are new or changed, then their new or changed rules.

    Unchanged rows are not written, so a nightly file that changes a few stock figures costs
    a few writes, and a rule keeps the name of whoever last really changed it.
    """
    stored = _stored([row.sku for row in rows])
    skus = [row for row in rows
            if row.sku not in stored or stored[row.sku].sku_values != _sku_values(row)]
    # New SKUs start with nothing allocated and no UPC or MPN; existing ones keep all three.
    rows_upsert(Sku, fields=SKU_INSERT_FIELDS, unique="sku", update=SKU_IMPORT_FIELDS, rows=[
        (row.sku, row.asin, row.ean, "", "", row.title, row.on_hand, 0, now, now)
        for row in skus])
    created = [row.sku for row in skus if row.sku not in stored]
    sku_ids = {code: values.id for code, values in stored.items()}
    if created:
        sku_ids |= dict(Sku.objects.filter(sku__in=created).values_list("sku", "id"))
    rules = [(sku_ids[row.sku], *_rule_values(row), actor_id, now) for row in rows
             if row.rule is not None and (row.sku not in stored
                                          or stored[row.sku].rule_values != _rule_values(row))]
    rows_upsert(AutoConfirmRule, fields=RULE_INSERT_FIELDS, unique="sku",
                update=RULE_IMPORT_FIELDS, rows=rules)
    counts.created += len(created)
    counts.updated += len(skus) - len(created)
    counts.rules += len(rules)


def _stored(codes: list[str]) -> dict[str, _Stored]:
    """The stored values of these SKUs and their rules, by SKU code, in one query."""
    rows = Sku.objects.filter(sku__in=codes).values_list(
        "sku", "id", "asin", "ean", "title", "on_hand", "rule__min_cost", "rule__min_inventory",
        "rule__enabled")
    return {code: _Stored(pk, (asin, ean, title, on_hand),
                          None if min_cost is None else (min_cost, min_inventory, enabled))
            for code, pk, asin, ean, title, on_hand, min_cost, min_inventory, enabled in rows}


def _sku_values(row: SkuRow) -> tuple:
    return row.asin, row.ean, row.title, row.on_hand


def _rule_values(row: SkuRow) -> tuple:
    return row.rule.min_cost, row.rule.min_inventory, row.rule.enabled


def _batches(values: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(values)
    while batch := list(islice(iterator, size)):
        yield batch


def skus_export_csv(out: TextIO, queryset: QuerySet[Sku] | None = None) -> int:
    """Writes SKUs with their rules in the import's layout; returns the number of SKUs."""
    skus = Sku.objects.all() if queryset is None else queryset
    records = skus.order_by("sku").values_list(
        "sku", "asin", "ean", "title", "on_hand", "rule__min_cost", "rule__min_inventory",
        "rule__enabled")
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    count = 0
    for sku, asin, ean, title, on_hand, min_cost, min_inventory, enabled in records.iterator(
            chunk_size=EXPORT_CHUNK):
        has_rule = min_cost is not None
        writer.writerow([sku, asin, ean, title, on_hand,
                         money_text(min_cost) if has_rule else "",
                         min_inventory if has_rule else "",
                         ("true" if enabled else "false") if has_rule else ""])
        count += 1
    return count
