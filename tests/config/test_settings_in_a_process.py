"""Settings are read once per process: these tests start fresh interpreters."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[2]


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items()
             if k not in {"SECRET_KEY", "FIELD_ENCRYPTION_KEY", "DEBUG", "REDIS_URL"}}
    clean.update({"READ_DOT_ENV": "false", "DJANGO_SETTINGS_MODULE": "config.settings",
                  "DATABASE_URL": "sqlite://:memory:", **env})
    return subprocess.run([sys.executable, "-c", f"import django; django.setup(); {code}"],
                          cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60)


def test_production_refuses_to_start_without_a_secret_key():
    result = run_python("pass", FIELD_ENCRYPTION_KEY=Fernet.generate_key().decode())
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


def test_production_refuses_to_start_without_an_encryption_key():
    result = run_python("pass", SECRET_KEY="s" * 50)
    assert result.returncode != 0
    assert "Set the FIELD_ENCRYPTION_KEY environment variable" in result.stderr


def test_redis_url_switches_broker_and_cache_to_redis():
    code = ("from django.core.cache import cache; from django_q.brokers import get_broker; "
            "cache.set('probe', 42); b = get_broker(); b.purge_queue(); b.enqueue('job'); "
            "print(type(b).__name__, cache.get('probe'), b.dequeue()[0][1].decode())")
    result = run_python(code, SECRET_KEY="s" * 50, FIELD_ENCRYPTION_KEY=Fernet.generate_key()
                        .decode(), REDIS_URL="redis://127.0.0.1:6379/15")
    if "Connection refused" in result.stderr:
        pytest.fail("Redis is not running on 127.0.0.1:6379; .ci/run starts it.")
    assert result.stdout.split() == ["Redis", "42", "job"], result.stderr


def test_without_redis_the_broker_is_the_database():
    result = run_python("from django_q.brokers import get_broker; print(type(get_broker())"
                        ".__name__)", SECRET_KEY="s" * 50,
                        FIELD_ENCRYPTION_KEY=Fernet.generate_key().decode())
    assert result.stdout.strip() == "ORM", result.stderr
