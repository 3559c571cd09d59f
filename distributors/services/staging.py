"""The set-based half of a feed import: rows are staged in a temporary table, then applied
with a handful of statements whatever the file's size.

Only rows whose values differ are written (a nightly file where 5% changed writes 5%); an
optional column the file lacks (NULL in staging) keeps what the item had. PostgreSQL loads the
staging table with COPY, SQLite with batched inserts; both apply with UPDATE … FROM.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, connection, transaction

TABLE = "feed_staging"
COLUMNS = ("line", "warehouse_id", "part_number", "mpn", "upc", "brand", "description",
           "cost", "msrp", "quantity", "capped", "fee", "available")
TYPES = ("integer", "bigint", "text", "text", "text", "text", "text", "numeric", "numeric",
         "integer", "boolean", "numeric", "boolean")
ITEMS = "distributors_distributoritem"
# Item column ← staging column; text columns are NOT NULL in the item table.
VALUES = {"manufacturer_part_number": "mpn", "upc": "upc", "brand": "brand",
          "description": "description", "cost": "cost", "msrp": "msrp",
          "quantity": "quantity", "quantity_is_capped": "capped", "dropship_fee": "fee",
          "is_available": "available"}
TEXT = {"manufacturer_part_number", "upc", "brand", "description"}
ANALYZE_AFTER = 10_000  # inserted rows


@dataclass(frozen=True)
class Applied:
    inserted: int
    updated: int
    marked_unavailable: int


def _distinct() -> str:
    return "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"


def staging_create() -> None:
    columns = ", ".join(f"{name} {kind}" for name, kind in zip(COLUMNS, TYPES, strict=True))
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
        cursor.execute(f"CREATE TEMPORARY TABLE {TABLE} ({columns})")


def staging_drop() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")


def staging_load(rows: Sequence[tuple]) -> None:
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {TABLE} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(COLUMNS))
            cursor.executemany(f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}) VALUES ({marks})",
                               rows)


def _unique_index() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE UNIQUE INDEX {TABLE}_key ON {TABLE} (warehouse_id, part_number)")


def staging_index(limit: int) -> tuple[int, list[tuple[int, str, int]]]:
    """Index the staged keys for the joins that follow. A part listed twice for a warehouse
    keeps its later line; returns how many earlier lines went, and the first `limit` of them
    (line, part, warehouse id)."""
    try:
        with transaction.atomic():  # a savepoint: PostgreSQL aborts on the failed statement
            _unique_index()
    except IntegrityError:
        pass
    else:
        return 0, []
    duplicates = _duplicates_remove(limit)
    _unique_index()
    return duplicates


def _duplicates_remove(limit: int) -> tuple[int, list[tuple[int, str, int]]]:
    later = (f"EXISTS (SELECT 1 FROM {TABLE} l WHERE l.warehouse_id = {TABLE}.warehouse_id "
             f"AND l.part_number = {TABLE}.part_number AND l.line > {TABLE}.line)")
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE INDEX {TABLE}_lines ON {TABLE} (warehouse_id, part_number, line)")
        cursor.execute(f"SELECT line, part_number, warehouse_id FROM {TABLE} WHERE {later} "
                       "ORDER BY line LIMIT %s", [limit])
        first = cursor.fetchall()
        cursor.execute(f"DELETE FROM {TABLE} WHERE {later}")
        return cursor.rowcount, first


def _update_changed(cursor, now: datetime) -> int:
    kept = {column: f"COALESCE(s.{staged}, {ITEMS}.{column})"
            for column, staged in VALUES.items()}
    assignments = ", ".join(f"{column} = {value}" for column, value in kept.items())
    changed = " OR ".join(f"{value} {_distinct()} {ITEMS}.{column}"
                          for column, value in kept.items())
    cursor.execute(
        f"UPDATE {ITEMS} SET {assignments}, updated_at = %s FROM {TABLE} s "
        f"WHERE {ITEMS}.warehouse_id = s.warehouse_id AND {ITEMS}.part_number = s.part_number "
        f"AND ({changed})", [now])
    return cursor.rowcount


def _insert_new(cursor, now: datetime) -> int:
    values = ", ".join(f"COALESCE(s.{staged}, '')" if column in TEXT else
                       f"COALESCE(s.{staged}, 0)" if column == "quantity" else f"s.{staged}"
                       for column, staged in VALUES.items())
    cursor.execute(
        f"INSERT INTO {ITEMS} (warehouse_id, part_number, {', '.join(VALUES)}, updated_at) "
        f"SELECT s.warehouse_id, s.part_number, {values}, %s FROM {TABLE} s WHERE NOT EXISTS "
        f"(SELECT 1 FROM {ITEMS} i WHERE i.warehouse_id = s.warehouse_id "
        "AND i.part_number = s.part_number)", [now])
    return cursor.rowcount


def _mark_missing(cursor, distributor_id: int, now: datetime) -> int:
    cursor.execute(
        f"UPDATE {ITEMS} SET is_available = %s, quantity = 0, updated_at = %s "
        f"WHERE is_available AND warehouse_id IN (SELECT id FROM distributors_warehouse "
        f"WHERE distributor_id = %s) AND NOT EXISTS (SELECT 1 FROM {TABLE} s "
        f"WHERE s.warehouse_id = {ITEMS}.warehouse_id AND s.part_number = {ITEMS}.part_number)",
        [False, now, distributor_id])
    return cursor.rowcount


def staging_apply(*, distributor_id: int, now: datetime, full: bool) -> Applied:
    """Write what changed; with `full`, the distributor's items absent from the file become
    unavailable. Run inside the caller's transaction."""
    with connection.cursor() as cursor:
        updated = _update_changed(cursor, now)
        inserted = _insert_new(cursor, now)
        missing = _mark_missing(cursor, distributor_id, now) if full else 0
        if connection.vendor == "postgresql" and inserted > ANALYZE_AFTER:
            # Autovacuum would analyse later; the next night's joins need the numbers now.
            cursor.execute(f"ANALYZE {ITEMS}")
    return Applied(inserted=inserted, updated=updated, marked_unavailable=missing)


def staged_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {TABLE}")
        staged = cursor.fetchone()[0]
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {TABLE}")  # the planner knows nothing of a fresh table
        return staged
