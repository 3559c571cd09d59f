import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.dropboxes import DropBox, ftp_box_running, sftp_box_running

# Playwright's sync API runs an event loop in the test thread; Django would refuse ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


@pytest.fixture(autouse=True)
def _sandbox_rate_limits_reset():
    """The simulators' token buckets live in this process: each test starts with full ones."""
    from sandbox.spapi.throttling import rate_limits_reset

    rate_limits_reset()


@pytest.fixture(autouse=True)
def _sandbox_punchout_supplier_reset():
    """The PunchOut supplier simulator's sessions, orders and switches live in this process:
    each test starts with none, automatic replies off (a test that wants them switches them on
    through `_control/punchout/settings`, with a buyer_url of its own), and leaves none behind."""
    from sandbox.punchout.state import supplier_reset

    supplier_reset(auto_reply=False)
    yield
    supplier_reset(auto_reply=False)


@pytest.fixture
def sandbox_url(live_server) -> str:
    """Base URL of the partner simulators, served by the live test server."""
    return f"{live_server.url}/sandbox"


@pytest.fixture
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps dialling Google's hosts, which this
# closed network refuses.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def ftp_box(tmp_path: Path) -> Iterator[DropBox]:
    """A real FTP server on loopback serving a fresh folder (inbound/ and archive/)."""
    with ftp_box_running(tmp_path / "ftp") as box:
        yield box


@pytest.fixture
def sftp_box(tmp_path: Path) -> Iterator[DropBox]:
    """A real SFTP server on loopback; the host key lives outside the served folder, as on a
    real server."""
    with sftp_box_running(tmp_path / "sftp", host_key_path=tmp_path / "ssh_host_key") as box:
        yield box
