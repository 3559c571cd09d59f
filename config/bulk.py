"""Writing many rows in few statements: SKU imports, line decisions, status moves.

`bulk_create(update_conflicts=True)` spends most of its time in Python preparing every value of
every model instance: 15–17 s for 100,000 SKUs with their rules (bench/bench_import_skus.py).
These statements send plain, already valid values instead: on PostgreSQL one INSERT … SELECT
FROM unnest(arrays) per batch, on SQLite one executemany (a C loop over a prepared statement).
Both finish 100,000 rows in a few seconds. The arrays travel in binary (`%b`): psycopg's
text format escapes every element with a regular expression, which costs more than the write. Table, column names and column types come from the
models' _meta, and the ON CONFLICT clause from Django's own backend operations.
"""

from collections.abc import Sequence

from django.db import connection
from django.db.models import Model
from django.db.models.constants import OnConflict


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
    with connection.cursor() as cursor:
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
    with connection.cursor() as cursor:
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


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _column_type(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    if field.is_relation:
        return field.target_field.rel_db_type(connection)
    return field.db_type(connection)
