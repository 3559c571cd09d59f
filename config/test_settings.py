"""Test settings: the production settings with test-only secrets and fast hashing.

DATABASE_URL still comes from the environment, so `make test` runs this same suite on SQLite
and on PostgreSQL.
"""

import os

os.environ["READ_DOT_ENV"] = "false"
os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")
# Two keys: the first encrypts, both decrypt, so every test also exercises key rotation.
os.environ.setdefault(
    "FIELD_ENCRYPTION_KEY",
    "Qm9ndXMtdGVzdC1rZXktMDAwMDAwMDAwMDAwMDAwMDA=,T2xkLXRlc3Qta2V5LTAwMDAwMDAwMDAwMDAwMDAwMDA=",
)

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
Q_CLUSTER = {**Q_CLUSTER, "sync": True}  # noqa: F405
SANDBOX_MOUNTED = True
# Demo seeding in tests drops its files here, never into the drop boxes of `make run`.
SANDBOX_DROPBOX_ROOT = BASE_DIR / "var" / "test-sandbox"  # noqa: F405
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
SP_API_RETRY_BASE_SECONDS = 0.01
