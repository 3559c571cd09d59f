"""Loopback drop boxes for tests: a real FTP, FTPS or SFTP server on a free port, and an
Endpoint that reaches it (host key pinned, certificate trusted).

The pytest fixtures `ftp_box` and `sftp_box` (tests/edi/conftest.py) wrap these.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import asyncssh

from config.transport import Endpoint
from sandbox.dropbox import (
    FTP_FOLDERS,
    SFTP_FOLDERS,
    RunningServer,
    folders_create,
    ftp_server_start,
    sftp_server_start,
)

USERNAME = "vendor"
PASSWORD = "dropbox-test"
TIMEOUT = 5.0  # a test that hangs should fail fast, not after the 30 s default


@dataclass(frozen=True)
class DropBox:
    root: Path  # the local folder the server serves: put files here, look for uploads here
    endpoint: Endpoint
    server: RunningServer


@dataclass(frozen=True)
class ClientKey:
    private: str  # OpenSSH private key text, as pasted into a channel
    public: str  # its OpenSSH public line, as the partner authorizes it


def client_key_generate(algorithm: str = "ssh-ed25519", key_format: str = "openssh") -> ClientKey:
    key = asyncssh.generate_private_key(algorithm)
    private = key.export_private_key(key_format).decode()
    return ClientKey(private=private, public=key.export_public_key().decode().strip())


@contextmanager
def ftp_box_running(root: Path, *, tls: bool = False) -> Iterator[DropBox]:
    folders_create(root, FTP_FOLDERS)
    server = ftp_server_start(root, username=USERNAME, password=PASSWORD, tls=tls)
    endpoint = Endpoint(protocol="ftp", host=server.host, port=server.port, username=USERNAME,
                        password=PASSWORD, use_tls=tls, ca_certificate=server.tls_certificate,
                        timeout=TIMEOUT)
    try:
        yield DropBox(root=root, endpoint=endpoint, server=server)
    finally:
        server.stop()


@contextmanager
def sftp_box_running(
    root: Path, *, host_key_path: Path, client_key: ClientKey | None = None
) -> Iterator[DropBox]:
    """With a client key the box accepts only that key; without, only the password."""
    folders_create(root, SFTP_FOLDERS)
    server = sftp_server_start(
        root, username=USERNAME, password="" if client_key else PASSWORD,
        authorized_key=client_key.public if client_key else "", host_key_path=host_key_path)
    endpoint = Endpoint(protocol="sftp", host=server.host, port=server.port, username=USERNAME,
                        password="" if client_key else PASSWORD,
                        private_key=client_key.private if client_key else "",
                        host_key=server.host_key, timeout=TIMEOUT)
    try:
        yield DropBox(root=root, endpoint=endpoint, server=server)
    finally:
        server.stop()
