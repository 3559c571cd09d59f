from django.db import migrations

OLD = ("distributor_item_line_fingerprint", "line_fingerprint")
NEW = ("distributor_item_fingerprint_warehouse", "line_fingerprint, warehouse_id")


def _replace(schema_editor, dropped: tuple[str, str], created: tuple[str, str]) -> None:
    # SQLite only (see 0006): with the warehouse in the index, comparing a file's lines with
    # the items reads the index alone, not a million rows of the table.
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {dropped[0]}")
    schema_editor.execute(f"CREATE INDEX {created[0]} ON distributors_distributoritem "
                          f"({created[1]})")


def covering_index(apps, schema_editor):
    _replace(schema_editor, OLD, NEW)


def single_column_index(apps, schema_editor):
    _replace(schema_editor, NEW, OLD)


class Migration(migrations.Migration):

    dependencies = [
        ('distributors', '0006_item_fingerprints'),
    ]

    operations = [
        migrations.RunPython(covering_index, single_column_index),
    ]
