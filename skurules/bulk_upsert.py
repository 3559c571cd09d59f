"""Insert-or-update of many rows in few statements, for the SKU CSV import.

`bulk_create(update_conflicts=True)` spends most of its time in Python preparing every value of
every model instance: 15–17 s for 100,000 SKUs with their rules (bench/bench_import_skus.py).
These statements send plain, already valid values instead: on PostgreSQL one INSERT … SELECT
FROM unnest(arrays) per batch, on SQLite one executemany (a C loop over a prepared statement).
Both finish 100,000 rows in a few seconds. Table, column names and column types come from the
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
            arrays = [f"%s::{_column_type(model, name)}[]" for name in fields]
            cursor.execute(f"INSERT INTO {table_columns} SELECT * FROM unnest({', '.join(arrays)})"
                           f" {on_conflict}", [list(column) for column in zip(*rows, strict=True)])
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table_columns} VALUES ({placeholders}) {on_conflict}",
                               rows)


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _column_type(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    if field.is_relation:
        return field.target_field.rel_db_type(connection)
    return field.db_type(connection)
