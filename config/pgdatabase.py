"""`python -m config.pgdatabase URL`: create the PostgreSQL database named in URL if absent."""

import sys
from urllib.parse import urlparse

import psycopg
from psycopg import sql


def database_ensure(url: str) -> bool:
    """Returns True when the database had to be created."""
    name = urlparse(url).path.lstrip("/")
    server = urlparse(url)._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return True


if __name__ == "__main__":
    created = database_ensure(sys.argv[1])
    sys.stdout.write(f"postgres database {'created' if created else 'present'}\n")
