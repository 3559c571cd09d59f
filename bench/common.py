"""What every benchmark needs: a throwaway database, Django set up, a query counter."""

import os
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def postgres_recreate(url: str) -> None:
    """A benchmark starts from an empty database: the one BENCH_DATABASE_URL names is dropped."""
    import psycopg
    from psycopg import sql

    name = urlparse(url).path.lstrip("/")
    server = urlparse(url)._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def database_configure(name: str) -> Path | None:
    """Points DATABASE_URL at the bench database; returns the SQLite file to delete after."""
    if url := os.environ.get("BENCH_DATABASE_URL"):
        postgres_recreate(url)
        os.environ["DATABASE_URL"] = url
        return None
    handle, path = tempfile.mkstemp(prefix=f"{name}_", suffix=".sqlite3", dir="/tmp")
    os.close(handle)
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    return Path(path)


def django_start(name: str) -> Path | None:
    """Configures, sets up and migrates Django for a benchmark run."""
    sys.path.insert(0, str(ROOT))
    sqlite_file = database_configure(name)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
    import django
    from django.core.management import call_command

    django.setup()
    from django_q.conf import Conf

    Conf.SYNC = False  # tasks are queued, as in production, not run inside the timed code
    call_command("migrate", verbosity=0)
    return sqlite_file


def database_label() -> str:
    from django.db import connection

    return connection.vendor


class QueryCounter:
    """Counts statements sent to the database (executemany counts once), without keeping them."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)
