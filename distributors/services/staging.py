"""The set-based half of a feed import: rows are staged in a temporary table, then applied
with a handful of statements whatever the file's size.

Only rows whose values differ are written (a nightly file where 5% changed writes 5%); an
optional column the file lacks (NULL in staging) keeps what the item had. PostgreSQL loads the
staging table with COPY, SQLite with batched inserts; both apply with UPDATE … FROM.

A second table holds the fingerprint of every line of the file (see
distributors.feeds.fingerprints): a line whose fingerprint the distributor's items still hold
is unchanged and is neither parsed nor staged, and only items whose line is gone from the file
can be missing from it. Where a distributor holds no items yet, PostgreSQL copies the rows
straight into the item table.
"""

from array import array
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, connection, transaction

TABLE = "feed_staging"
COLUMNS = ("line", "warehouse_id", "part_number", "mpn", "upc", "brand", "description",
           "cost", "msrp", "quantity", "capped", "fee", "available", "fingerprint")
TYPES = ("integer", "bigint", "text", "text", "text", "text", "text", "numeric", "numeric",
         "integer", "boolean", "numeric", "boolean", "bigint")
LINES = "feed_lines"
COMPARED = "feed_compared"
BEHIND = "feed_behind"  # staged rows of a part whose later, unchanged line was skipped
PAUSE = ("pause",)  # in a stream of rows: end the COPY under way, the producer needs the connection
ITEMS = "distributors_distributoritem"
# Item column ← staging column; text columns are NOT NULL in the item table.
VALUES = {"manufacturer_part_number": "mpn", "upc": "upc", "brand": "brand",
          "description": "description", "cost": "cost", "msrp": "msrp",
          "quantity": "quantity", "quantity_is_capped": "capped", "dropship_fee": "fee",
          "is_available": "available"}
TEXT = {"manufacturer_part_number", "upc", "brand", "description"}
# What the direct load copies, in the order of a staged row after its line number.
LOADED = ("warehouse_id", "part_number", *VALUES, "line_fingerprint")
ANALYZE_AFTER = 10_000  # inserted rows
SQLITE_FINGERPRINT_INDEX = "distributor_item_fingerprint_warehouse"  # see _compare_by_index


@dataclass(frozen=True)
class Applied:
    inserted: int
    updated: int
    marked_unavailable: int


def _distinct() -> str:
    return "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"


def staging_create() -> None:
    columns = ", ".join(f"{name} {kind}" for name, kind in zip(COLUMNS, TYPES, strict=True))
    staging_drop()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Compiling these statements (JIT) costs more than they take to run.
            cursor.execute("SET jit = off")
        cursor.execute(f"CREATE TEMPORARY TABLE {TABLE} ({columns})")
        cursor.execute(f"CREATE TEMPORARY TABLE {LINES} (line integer, fingerprint bigint)")


def staging_drop() -> None:
    with connection.cursor() as cursor:
        for table in (TABLE, LINES, COMPARED, BEHIND):
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
        if connection.vendor == "postgresql":
            cursor.execute("RESET jit")


def _copy(table: str, columns: Sequence[str], rows: Iterable[tuple]) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                               rows)


def staging_load(rows: Sequence[tuple]) -> None:
    if rows:
        _copy(TABLE, COLUMNS, rows)


def lines_load(lines: Sequence[tuple[int, int]]) -> None:
    """(line number, fingerprint) of lines of the file."""
    if not lines:
        return
    if connection.vendor != "postgresql":
        with transaction.atomic():  # else SQLite commits every row on its own
            _copy(LINES, ("line", "fingerprint"), lines)
        return
    with connection.cursor() as cursor, \
            cursor.cursor.copy(f"COPY {LINES} (line, fingerprint) FROM STDIN") as copy:
        # Two integers a row: formatting them here is twice as fast as write_row.
        copy.write("".join([f"{line}\t{fingerprint}\n" for line, fingerprint in lines]))


def lines_changed(rows_per_line: int, distributor_id: int) -> array:
    """The numbers of the staged lines that the distributor's items do not hold whole (sorted,
    four bytes each): a line of a file listing several warehouses is unchanged only while all
    its items hold it. The same pass keeps the fingerprints of the held lines the file no
    longer has, for _mark_missing: the file's lines are compared with the items both ways."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _compare_by_hashing(cursor, rows_per_line, distributor_id)
        else:
            _compare_by_index(cursor, rows_per_line, distributor_id)
        cursor.execute(f"SELECT line FROM {COMPARED} WHERE line IS NOT NULL ORDER BY line")
        changed = array("i")
        while batch := cursor.fetchmany(50_000):
            changed.extend(line for (line,) in batch)
        return changed


DISTRIBUTOR_ITEM = ("warehouse_id IN (SELECT id FROM distributors_warehouse "
                    "WHERE distributor_id = %s)")


def _compare_by_hashing(cursor, rows_per_line: int, distributor_id: int) -> None:
    # One full join, hashed: both directions in a single pass over a million rows each.
    held = (f"SELECT line_fingerprint, {'COUNT(*)' if rows_per_line > 1 else '1'} AS n "
            f"FROM {ITEMS} WHERE line_fingerprint IS NOT NULL AND {DISTRIBUTOR_ITEM}"
            f"{' GROUP BY line_fingerprint' if rows_per_line > 1 else ''}")
    cursor.execute(f"ANALYZE {LINES}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {COMPARED} AS SELECT l.line, CASE WHEN l.line IS NULL "
        f"THEN h.line_fingerprint END AS gone FROM {LINES} l FULL JOIN ({held}) h "
        "ON h.line_fingerprint = l.fingerprint WHERE l.line IS NULL "
        "OR h.line_fingerprint IS NULL OR h.n < %s", [distributor_id, rows_per_line])


def _compare_by_index(cursor, rows_per_line: int, distributor_id: int) -> None:
    # SQLite joins through indexes only, so each way apart, and both read the items' index on
    # (fingerprint, warehouse) alone (distributors migration 0007), never the table. The file's
    # lines are walked in fingerprint order, so that the probes into the items' index move
    # forward through it: in line order each probe lands on a page out of the cache (3 times
    # slower for a million lines).
    cursor.execute(f"CREATE INDEX {LINES}_fingerprint ON {LINES} (fingerprint)")
    cursor.execute(f"CREATE TEMPORARY TABLE {COMPARED} (line integer, gone bigint)")
    held = (f"FROM {ITEMS} i INDEXED BY {SQLITE_FINGERPRINT_INDEX} "
            f"WHERE i.line_fingerprint = l.fingerprint AND {DISTRIBUTOR_ITEM}")
    whole = (f"NOT EXISTS (SELECT 1 {held})" if rows_per_line == 1
             else f"(SELECT COUNT(*) {held}) < {int(rows_per_line)}")
    cursor.execute(
        f"INSERT INTO {COMPARED} (line) SELECT l.line FROM {LINES} l INDEXED BY "
        f"{LINES}_fingerprint WHERE l.fingerprint IS NOT NULL AND {whole}", [distributor_id])
    cursor.execute(
        f"INSERT INTO {COMPARED} (gone) SELECT line_fingerprint FROM {ITEMS} i INDEXED BY "
        f"{SQLITE_FINGERPRINT_INDEX} WHERE line_fingerprint IS NOT NULL AND {DISTRIBUTOR_ITEM} "
        f"AND NOT EXISTS (SELECT 1 FROM {LINES} l WHERE l.fingerprint = i.line_fingerprint)",
        [distributor_id])


def items_load(rows: Iterable[tuple]) -> None:
    """Straight into the item table (PostgreSQL, a distributor holding no items), inside the
    caller's transaction: one COPY, ended at each PAUSE in `rows` so that the producer can use
    the connection before it yields the next row. A part listed twice: IntegrityError."""
    import psycopg

    rows, statement = iter(rows), f"COPY {ITEMS} ({', '.join(LOADED)}) FROM STDIN"
    with connection.cursor() as cursor:
        try:
            while (row := next(rows, None)) is not None:  # outside a COPY
                if row is not PAUSE:
                    _copy_until_pause(cursor.cursor, statement, row, rows)
        except psycopg.errors.UniqueViolation as twice:
            raise IntegrityError(str(twice)) from twice


def _copy_until_pause(cursor, statement: str, first: tuple, rows: Iterator[tuple]) -> None:
    with cursor.copy(statement) as copy:
        copy.write_row(first[1:])
        for row in rows:
            if row is PAUSE:
                return
            copy.write_row(row[1:])


def _unique_index() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE UNIQUE INDEX {TABLE}_key ON {TABLE} (warehouse_id, part_number)")
        _analyze_staged(cursor)


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


def staged_behind_unchanged(limit: int, few: bool) -> tuple[int, list[tuple[int, str, int]]]:
    """A part listed twice, its later line skipped as unchanged (the item holds that line's
    fingerprint) and its earlier line staged: the later line wins, as when both are staged,
    so the earlier line's row goes. Run after lines_changed and staging_index; returns how
    many rows went, and the first `limit` of them (line, part, warehouse id)."""
    with connection.cursor() as cursor:
        # Most staged rows are lines that changed: their items hold a fingerprint the file no
        # longer has (gone). Only the rest can be behind another line of the file.
        with _by_key(cursor, few):
            cursor.execute(
                f"CREATE TEMPORARY TABLE {BEHIND} AS SELECT s.line, s.part_number, "
                f"s.warehouse_id, i.line_fingerprint AS held FROM {TABLE} s JOIN {ITEMS} i "
                f"ON i.warehouse_id = s.warehouse_id AND i.part_number = s.part_number "
                f"WHERE i.line_fingerprint IS NOT NULL AND i.line_fingerprint {_distinct()} "
                f"s.fingerprint AND i.line_fingerprint NOT IN (SELECT gone FROM {COMPARED} "
                "WHERE gone IS NOT NULL)")
        cursor.execute(f"SELECT COUNT(*) FROM {BEHIND}")
        if not cursor.fetchone()[0]:
            return 0, []
        cursor.execute(
            f"DELETE FROM {BEHIND} WHERE NOT EXISTS (SELECT 1 FROM {LINES} l WHERE "
            f"l.fingerprint = {BEHIND}.held AND l.line > {BEHIND}.line AND l.line NOT IN "
            f"(SELECT line FROM {COMPARED} WHERE line IS NOT NULL))")
        cursor.execute(f"SELECT line, part_number, warehouse_id FROM {BEHIND} ORDER BY line "
                       "LIMIT %s", [limit])
        first = cursor.fetchall()
        cursor.execute(f"DELETE FROM {TABLE} WHERE EXISTS (SELECT 1 FROM {BEHIND} b WHERE "
                       f"b.line = {TABLE}.line AND b.warehouse_id = {TABLE}.warehouse_id "
                       f"AND b.part_number = {TABLE}.part_number)")
        return cursor.rowcount, first


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


@contextmanager
def _by_key(cursor, few: bool) -> Iterator[None]:
    """PostgreSQL's planner hashes or merges the whole item table to join even a few thousand
    staged rows (a second each, a million rows); through the key index they take a tenth."""
    probing = few and connection.vendor == "postgresql"
    if probing:
        cursor.execute("SET LOCAL enable_hashjoin = off")
        cursor.execute("SET LOCAL enable_mergejoin = off")
    yield
    if probing:
        cursor.execute("RESET enable_hashjoin")
        cursor.execute("RESET enable_mergejoin")


def _update_changed(cursor, now: datetime) -> int:
    """Writes the items whose values changed, and returns how many. Where only the line did
    (in a column we do not read), the item takes the new fingerprint alone, so that the next
    night skips the line, and keeps its updated_at: that tells the two apart in RETURNING."""
    kept = {column: f"COALESCE(s.{staged}, {ITEMS}.{column})"
            for column, staged in VALUES.items()}
    assignments = ", ".join(f"{column} = {value}" for column, value in kept.items())
    changed = " OR ".join(f"{value} {_distinct()} {ITEMS}.{column}"
                          for column, value in kept.items())
    update = (
        f"UPDATE {ITEMS} SET {assignments}, line_fingerprint = s.fingerprint, updated_at = "
        f"CASE WHEN {changed} THEN %s ELSE {ITEMS}.updated_at END FROM {TABLE} s "
        f"WHERE {ITEMS}.warehouse_id = s.warehouse_id AND {ITEMS}.part_number = s.part_number "
        f"AND ({changed} OR {ITEMS}.line_fingerprint {_distinct()} s.fingerprint) "
        f"RETURNING CASE WHEN {ITEMS}.updated_at = %s THEN 1 ELSE 0 END AS written")
    if connection.vendor == "postgresql":
        cursor.execute(f"WITH u AS ({update}) SELECT COALESCE(SUM(written), 0) FROM u",
                       [now, now])
        return cursor.fetchone()[0]
    cursor.execute(update, [now, now])  # SQLite has no UPDATE inside WITH
    return sum(written for (written,) in cursor.fetchall())


def _insert_new(cursor, now: datetime) -> int:
    values = ", ".join(f"COALESCE(s.{staged}, '')" if column in TEXT else
                       f"COALESCE(s.{staged}, 0)" if column == "quantity" else f"s.{staged}"
                       for column, staged in VALUES.items())
    cursor.execute(
        f"INSERT INTO {ITEMS} (warehouse_id, part_number, {', '.join(VALUES)}, "
        f"line_fingerprint, updated_at) SELECT s.warehouse_id, s.part_number, {values}, "
        f"s.fingerprint, %s FROM {TABLE} s WHERE NOT EXISTS "
        f"(SELECT 1 FROM {ITEMS} i WHERE i.warehouse_id = s.warehouse_id "
        "AND i.part_number = s.part_number)", [now])
    return cursor.rowcount


def _mark_missing(cursor, distributor_id: int, now: datetime, compared: bool) -> int:
    # Compared with the file's lines (lines_changed), only items whose line is gone from the
    # file, or who hold none, can be missing; they are looked up among the staged rows.
    line_gone = (f"AND ({ITEMS}.line_fingerprint IS NULL OR {ITEMS}.line_fingerprint IN "
                 f"(SELECT gone FROM {COMPARED} WHERE gone IS NOT NULL)) " if compared else "")
    cursor.execute(
        f"UPDATE {ITEMS} SET is_available = %s, quantity = 0, line_fingerprint = NULL, "
        f"updated_at = %s WHERE is_available AND warehouse_id IN (SELECT id FROM "
        f"distributors_warehouse WHERE distributor_id = %s) {line_gone}AND NOT EXISTS "
        f"(SELECT 1 FROM {TABLE} s WHERE s.warehouse_id = {ITEMS}.warehouse_id "
        f"AND s.part_number = {ITEMS}.part_number)", [False, now, distributor_id])
    return cursor.rowcount


def staging_apply(*, distributor_id: int, now: datetime, full: bool, compared: bool,
                  few: bool = False) -> Applied:
    """Write what changed; with `full`, the distributor's items absent from the file become
    unavailable (`compared`: lines_changed ran; `few`: the staged rows are a small share of
    the items). Run inside the caller's transaction."""
    with connection.cursor() as cursor:
        with _by_key(cursor, few):
            updated = _update_changed(cursor, now)
            inserted = _insert_new(cursor, now)
        missing = _mark_missing(cursor, distributor_id, now, compared) if full else 0
    if inserted > ANALYZE_AFTER:
        items_analyze()
    return Applied(inserted=inserted, updated=updated, marked_unavailable=missing)


def items_analyze() -> None:
    if connection.vendor == "postgresql":
        # Autovacuum would analyse later; the next night's joins need the numbers now.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {ITEMS}")


def staged_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {TABLE}")
        return cursor.fetchone()[0]


def _analyze_staged(cursor) -> None:
    """The planners know nothing of a fresh table: without its size, SQLite walks a million
    items to update the few thousand staged rows, where it could look each of them up."""
    if connection.vendor == "postgresql":
        cursor.execute(f"ANALYZE {TABLE}")
        return
    cursor.execute("PRAGMA analysis_limit = 1000")  # a sample is enough to know the size
    cursor.execute(f"ANALYZE temp.{TABLE}")
    cursor.execute("PRAGMA analysis_limit = 0")
