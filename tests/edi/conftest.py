"""Drop boxes for every EDI test: real FTP and SFTP servers on loopback, one per test."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.dropboxes import DropBox, ftp_box_running, sftp_box_running


@pytest.fixture
def ftp_box(tmp_path: Path) -> Iterator[DropBox]:
    with ftp_box_running(tmp_path / "ftp") as box:
        yield box


@pytest.fixture
def sftp_box(tmp_path: Path) -> Iterator[DropBox]:
    # The host key lives outside the served folder, as on a real server.
    with sftp_box_running(tmp_path / "sftp", host_key_path=tmp_path / "ssh_host_key") as box:
        yield box
