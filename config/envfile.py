"""`python -m config.envfile`: writes the secrets and demo settings missing from `.env`.

Runs before Django can start (settings refuse to load without SECRET_KEY), so it imports only
the standard library and cryptography. Existing values are never overwritten.
"""

import secrets
import sys
from pathlib import Path

from cryptography.fernet import Fernet

ENV_PATH = Path(__file__).resolve().parent.parent / ".env"


def development_defaults() -> dict[str, str]:
    return {
        "DEBUG": "true",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "DEMO_ADMIN_PASSWORD": secrets.token_urlsafe(12),
        "SANDBOX_PORT": "8001",
        "SP_API_ENDPOINT": "http://127.0.0.1:8001",
        "SP_API_LWA_ENDPOINT": "http://127.0.0.1:8001/auth/o2/token",
    }


def read_keys(path: Path) -> set[str]:
    if not path.exists():
        return set()
    lines = (line.strip() for line in path.read_text().splitlines())
    return {line.split("=", 1)[0] for line in lines if line and not line.startswith("#")}


def envfile_complete(path: Path = ENV_PATH) -> list[str]:
    """Append every missing variable to `path`; returns the names that were added."""
    present = read_keys(path)
    missing = {k: v for k, v in development_defaults().items() if k not in present}
    if missing:
        with path.open("a") as env_file:
            env_file.write("".join(f"{key}={value}\n" for key, value in missing.items()))
    return sorted(missing)


if __name__ == "__main__":
    added = envfile_complete()
    sys.stdout.write(f".env: added {', '.join(added)}\n" if added else ".env: complete\n")
