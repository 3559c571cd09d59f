import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django would refuse ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


@pytest.fixture
def sandbox_url(live_server) -> str:
    """Base URL of the partner simulators, served by the live test server."""
    return f"{live_server.url}/sandbox"


@pytest.fixture
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
