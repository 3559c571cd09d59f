"""What every file transport offers, whatever the protocol underneath.

A partner's drop box is a folder on its FTP or SFTP server. We list it, fetch and archive what is
ready, and upload our answers under a temporary name first so that the partner never picks up half
a file ("files you upload will not be visible to Amazon unless they are fully uploaded").
"""

import posixpath
import socket
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO, Protocol

# Files whose upload is still running: the partner's writer renames them when it is done.
IN_PROGRESS_SUFFIXES = (".part", ".tmp")


@dataclass(frozen=True)
class Endpoint:
    protocol: str  # "ftp" or "sftp"
    host: str
    port: int
    username: str
    password: str = ""
    private_key: str = ""  # sftp: private key text (OpenSSH or PEM); ed25519, ecdsa or RSA
    host_key: str = ""  # sftp: the pinned server key, one OpenSSH line "ssh-ed25519 AAAA..."
    use_tls: bool = False  # ftp: explicit FTPS (AUTH TLS) with a protected data channel
    ca_certificate: str = ""  # ftp+tls: PEM to trust instead of the system's CAs (self-signed)
    timeout: float = 30.0

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"


@dataclass(frozen=True)
class RemoteFile:
    name: str
    size: int


class TransportError(Exception):
    """A sentence for staff, and whether trying again later can help."""

    def __init__(self, message: str, *, retryable: bool) -> None:
        super().__init__(message)
        self.retryable = retryable


class RemoteSession(Protocol):
    def list_files(self, folder: str) -> list[RemoteFile]: ...

    def read(self, folder: str, name: str) -> bytes: ...

    def download(self, folder: str, name: str, destination: BinaryIO) -> None:
        """Streamed into `destination`, for files too large to hold in memory."""

    def delete(self, folder: str, name: str) -> None: ...

    def move(self, folder: str, name: str, to_folder: str) -> str: ...

    def upload(self, folder: str, name: str, content: bytes) -> None: ...

    def exists(self, folder: str, name: str) -> bool: ...


def is_ready(name: str) -> bool:
    """Hidden files and files still being written are not ready to pick up."""
    return not name.startswith(".") and not name.endswith(IN_PROGRESS_SUFFIXES)


def part_name(name: str) -> str:
    # Hidden and with a suffix that list_files skips, on our side and (by convention) theirs.
    return f".{name}.part"


def free_name(name: str, taken: Callable[[str], bool]) -> str:
    """`name`, or `name.1`, `name.2`... whichever is not taken yet: archives never overwrite.
    Probed name by name, since an archive folder grows for ever and listing it would not."""
    candidate, suffix = name, 0
    while taken(candidate):
        suffix += 1
        candidate = f"{name}.{suffix}"
    return candidate


def remote_path(folder: str, name: str) -> str:
    if not name or "/" in name or name in (".", ".."):
        raise TransportError(
            f"'{name}' is not a plain file name; a file name must not be empty or contain '/'.",
            retryable=False,
        )
    return posixpath.join(folder, name) if folder else name


def network_error(exc: OSError, endpoint: Endpoint, server: str, action: str) -> TransportError:
    """The socket-level failures, which mean the same on FTP and SFTP."""
    if isinstance(exc, socket.gaierror):
        return TransportError(
            f"{server} could not be found while {action} ({exc.strerror}); "
            "check the channel's host name.",
            retryable=False,
        )
    if isinstance(exc, TimeoutError):
        return TransportError(
            f"{server} did not answer within {endpoint.timeout:g} s while {action}; it will be "
            "tried again. If this keeps happening, check that the partner's server is up.",
            retryable=True,
        )
    if isinstance(exc, ConnectionRefusedError):
        return TransportError(
            f"{server} refused the connection while {action}: nothing listens on that port. It "
            "will be tried again; if this keeps happening, check the channel's host and port.",
            retryable=True,
        )
    return TransportError(
        f"{server} failed while {action} ({exc.strerror or exc}); it will be tried again.",
        retryable=True,
    )


def already_there(server: str, folder: str, name: str) -> TransportError:
    """We never overwrite a file on a partner's server."""
    return TransportError(
        f"{server} already has '{name}' in folder '{folder}'; we never overwrite a file there, "
        "so give the new file another name or ask the partner to remove the old one.",
        retryable=False,
    )
