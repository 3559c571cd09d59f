"""`manage.py sandbox_dropbox` in its own process, the way `make run` starts it."""

import os
import queue
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from config.transport import Endpoint, remote_session
from sandbox.dropbox import host_key_public_line

ANNOUNCEMENT = re.compile(r"^(S?FTP) drop box listening on ([\d.]+):(\d+) \(user (\w+)\)")
START_SECONDS = 30.0


class DropBoxProcess:
    def __init__(self, root: Path, settings_module: str | None) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        env.pop("DJANGO_SETTINGS_MODULE", None)  # pytest-django's, which manage.py would obey
        command = [sys.executable, "manage.py", "sandbox_dropbox", "--root", str(root),
                   "--ftp-port", "0", "--sftp-port", "0"]
        if settings_module:
            command.append(f"--settings={settings_module}")
        self.process = subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=env, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def next_line(self, pattern: re.Pattern[str]) -> re.Match[str]:
        """The next output line matching, skipping log lines."""
        seen = []
        while True:
            try:
                line = self.lines.get(timeout=START_SECONDS)
            except queue.Empty:
                pytest.fail(f"no line matching {pattern.pattern}; output was: {seen}")
            if match := pattern.search(line):
                return match
            seen.append(line)

    def stop(self, signum: int) -> int:
        self.process.send_signal(signum)
        return self.process.wait(timeout=START_SECONDS)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def start_dropbox(tmp_path: Path) -> Iterator:
    started: list[DropBoxProcess] = []

    def start(settings_module: str | None) -> DropBoxProcess:
        started.append(DropBoxProcess(tmp_path / "sandbox", settings_module))
        return started[-1]

    yield start
    for process in started:
        process.kill()


def endpoints(process: DropBoxProcess, root: Path) -> dict[str, Endpoint]:
    found = {}
    for _ in range(2):
        protocol, host, port, user = process.next_line(ANNOUNCEMENT).groups()
        found[protocol] = Endpoint(
            protocol=protocol.lower(), host=host, port=int(port), username=user,
            password="dropbox-demo", timeout=5,
            host_key=host_key_public_line(root / "ssh_host_ed25519_key") if protocol == "SFTP"
            else "")
    return found


@pytest.mark.parametrize(("settings_module", "signum"), [
    ("sandbox.settings", signal.SIGINT),  # Ctrl-C
    (None, signal.SIGTERM),  # default settings; honcho stops its processes with SIGTERM
])
def test_serves_both_boxes_until_stopped(
    start_dropbox, tmp_path: Path, settings_module: str | None, signum: int
) -> None:
    process = start_dropbox(settings_module)
    boxes = endpoints(process, tmp_path / "sandbox")
    (tmp_path / "sandbox" / "ftp" / "inbound" / "orders.csv").write_bytes(b"PO\n")

    with remote_session(boxes["FTP"]) as ftp:
        assert [file.name for file in ftp.list_files("inbound")] == ["orders.csv"]
        assert ftp.list_files("archive") == []
    with remote_session(boxes["SFTP"]) as sftp:
        sftp.upload("outbound", "855.edi", b"ISA~")
        assert sftp.list_files("inbound") == []
        assert sftp.list_files("archive") == []

    assert (tmp_path / "sandbox" / "sftp" / "outbound" / "855.edi").read_bytes() == b"ISA~"
    assert process.stop(signum) == 0
    process.next_line(re.compile("^Drop boxes stopped.$"))
