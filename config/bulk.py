"""Writing many rows in few statements: SKU imports, line decisions, status moves, events.

`bulk_create(update_conflicts=True)` spends most of its time in Python preparing every value of
every model instance: 15–17 s for 100,000 SKUs with their rules (bench/bench_import_skus.py).
These statements send plain, already valid values instead: on PostgreSQL one INSERT … SELECT
FROM unnest(arrays) per batch, on SQLite one executemany (a C loop over a prepared statement).
Both finish 100,000 rows in a few seconds. The arrays travel in binary (`%b`) through a cursor
that binds on the server: Django's own cursors bind on the client, where psycopg writes each
array as a text literal and escapes every element with a regular expression, which costs more
than the write (6 s for 10,000 acknowledgement payloads). Table, column names and column types
come from the models' _meta, and the ON CONFLICT clause from Django's own backend operations.
"""

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.db.models import Model
from django.db.models.constants import OnConflict

# SQLite binds up to 32,766 parameters in one statement (3.32 and later).
SQLITE_MAX_PARAMETERS = 32_766


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector waits until a set-based batch is done.

    A batch keeps hundreds of thousands of rows, decisions and payloads alive until it ends,
    and every time their number grows by a quarter the collector walks all of them: 1.7 of the
    6.5 s of deciding and acknowledging 100,000 lines. They form no reference cycles, so
    reference counting frees them all the same; the collector resumes afterwards.
    """
    if not gc.isenabled():  # paused already, by an outer batch or another thread
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def rows_upsert(model: type[Model], *, fields: Sequence[str], rows: Sequence[tuple],
                unique: str, update: Sequence[str]) -> None:
    """Inserts `rows` (values in `fields` order, ready for the database) into `model`'s table;
    a row whose `unique` field already exists updates the `update` fields instead.

    The caller validates the values: no model validation or save() runs here.
    """
    if not rows:
        return
    columns = [model._meta.get_field(name).column for name in fields]
    on_conflict = connection.ops.on_conflict_suffix_sql(
        None, OnConflict.UPDATE, [model._meta.get_field(name).column for name in update],
        [model._meta.get_field(unique).column])
    table_columns = f"{_quote(model._meta.db_table)} ({', '.join(map(_quote, columns))})"
    with _cursor() as cursor:
        if connection.vendor == "postgresql":
            arrays = [f"%b::{_column_type(model, name)}[]" for name in fields]
            cursor.execute(f"INSERT INTO {table_columns} SELECT * FROM unnest({', '.join(arrays)})"
                           f" {on_conflict}", [list(column) for column in zip(*rows, strict=True)])
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table_columns} VALUES ({placeholders}) {on_conflict}",
                               rows)


def rows_update(model: type[Model], *, fields: Sequence[str], rows: Sequence[tuple],
                key: str = "id") -> None:
    """Sets `fields` on the rows whose `key` is the first value of each row (values ready for
    the database): one UPDATE … FROM unnest(arrays) on PostgreSQL, one executemany elsewhere."""
    if not rows:
        return
    table, key_column = _quote(model._meta.db_table), _quote(model._meta.get_field(key).column)
    columns = [_quote(model._meta.get_field(name).column) for name in fields]
    with _cursor() as cursor:
        if connection.vendor == "postgresql":
            arrays = ", ".join(f"%b::{_column_type(model, name)}[]" for name in (key, *fields))
            names = ", ".join(f"c{n}" for n in range(len(fields) + 1))
            assignments = ", ".join(f"{column} = v.c{n + 1}" for n, column in enumerate(columns))
            cursor.execute(f"UPDATE {table} SET {assignments} FROM unnest({arrays}) AS v({names})"
                           f" WHERE {table}.{key_column} = v.c0",
                           [list(column) for column in zip(*rows, strict=True)])
        else:
            assignments = ", ".join(f"{column} = %s" for column in columns)
            cursor.executemany(f"UPDATE {table} SET {assignments} WHERE {key_column} = %s",
                               [(*row[1:], row[0]) for row in rows])


def rows_insert(model: type[Model], *, fields: Sequence[str], rows: Sequence[tuple],
                returning: str | None = None) -> list:
    """Inserts `rows` (values in `fields` order, ready for the database) into `model`'s table;
    with `returning`, gives back that column of every new row, in the order of `rows`.

    The caller validates the values: no model validation, save() or auto_now runs here. JSON
    goes as text (json.dumps), as Django stores it on SQLite.
    """
    if not rows:
        return []
    table_columns = (f"{_quote(model._meta.db_table)} "
                     f"({', '.join(_quote(model._meta.get_field(name).column) for name in fields)})")
    suffix = f" RETURNING {_quote(model._meta.get_field(returning).column)}" if returning else ""
    with _cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"INSERT INTO {table_columns} {_unnest_select(model, fields)}{suffix}",
                           [list(column) for column in zip(*rows, strict=True)])
            return [row[0] for row in cursor.fetchall()] if returning else []
        row_placeholder = f"({', '.join(['%s'] * len(fields))})"
        if not returning:
            cursor.executemany(f"INSERT INTO {table_columns} VALUES {row_placeholder}", rows)
            return []
        # executemany() drops what RETURNING gives (SQLite 3.35 or later), so rows go in a few
        # multi-row INSERTs.
        values, per_statement = [], SQLITE_MAX_PARAMETERS // len(fields)
        for start in range(0, len(rows), per_statement):
            batch = rows[start:start + per_statement]
            cursor.execute(f"INSERT INTO {table_columns} VALUES "
                           f"{', '.join([row_placeholder] * len(batch))}{suffix}",
                           [value for row in batch for value in row])
            values += [row[0] for row in cursor.fetchall()]
        return values


def _unnest_select(model: type[Model], fields: Sequence[str]) -> str:
    """SELECT … FROM unnest(one array per field). Types lose their length, so a value too long
    fails as in an INSERT instead of being cut; JSON texts are cast row by row: a cast of the
    whole text[] to jsonb[] took 1.5 s for 10,000 acknowledgement payloads, row by row 0.3 s."""
    arrays, columns = [], []
    for n, name in enumerate(fields):
        column_type = _column_type(model, name).split("(")[0]
        is_json = column_type == "jsonb"
        arrays.append(f"%b::{'text' if is_json else column_type}[]")
        columns.append(f"v.c{n}::jsonb" if is_json else f"v.c{n}")
    names = ", ".join(f"c{n}" for n in range(len(fields)))
    return f"SELECT {', '.join(columns)} FROM unnest({', '.join(arrays)}) AS v({names})"


@contextmanager
def _cursor() -> Iterator[CursorWrapper]:
    """A cursor for the statements above: on PostgreSQL one that binds on the server, so
    arrays go in binary (see the module docstring); wrapped like Django's own, so query
    logging and execute wrappers still see every statement."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            yield cursor
        return
    from django.db.backends.postgresql.base import ServerBindingCursor

    connection.ensure_connection()
    raw = ServerBindingCursor(connection.connection)
    wrapped = (connection.make_debug_cursor(raw) if connection.queries_logged
               else connection.make_cursor(raw))
    with wrapped as cursor:
        yield cursor


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _column_type(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    if field.is_relation:
        return field.target_field.rel_db_type(connection)
    return field.db_type(connection)
