"""SFTP with paramiko, against a pinned host key only (never trust-on-first-use)."""

import io
import socket
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import BinaryIO

import paramiko

from config.transport.base import (
    Endpoint,
    RemoteFile,
    TransportError,
    already_there,
    free_name,
    is_ready,
    network_error,
    part_name,
    remote_path,
)
from config.transport.keys import HOST_KEY_ALGORITHMS, host_key_parse, private_key_parse

SFTP_ERRORS = (paramiko.SSHException, OSError, EOFError)
PREFETCH_REQUESTS = 16  # bounded: unbounded prefetch hangs on some servers (paramiko #1788)


def server_label(endpoint: Endpoint) -> str:
    return f"The SFTP server {endpoint.address}"


def sftp_error(exc: BaseException, endpoint: Endpoint, action: str) -> TransportError:
    server = server_label(endpoint)
    if isinstance(exc, paramiko.AuthenticationException):
        return _login_refused(exc, endpoint)
    if isinstance(exc, paramiko.SSHException | EOFError):
        return TransportError(
            f"{server} broke off the SSH session while {action} ({exc or 'connection closed'}); "
            "it will be tried again. If this keeps happening, check that the channel's port is "
            "an SFTP server.",
            retryable=True,
        )
    if isinstance(exc, FileNotFoundError | PermissionError) or (
        isinstance(exc, OSError) and exc.errno is None and not isinstance(exc, TimeoutError)
    ):
        # paramiko raises the server's SFTP status as an OSError without a socket errno.
        return TransportError(
            f"{server} refused {action} ({exc.strerror or exc}); check that the folder and file "
            "exist and that the user may use them.",
            retryable=False,
        )
    return network_error(exc, endpoint, server, action)


def _login_refused(exc: paramiko.AuthenticationException, endpoint: Endpoint) -> TransportError:
    method = "private key" if endpoint.private_key else "password"
    allowed = getattr(exc, "allowed_types", None)
    accepts = f" (it accepts only: {', '.join(allowed)})" if allowed else ""
    return TransportError(
        f"{server_label(endpoint)} refused logging in as user '{endpoint.username}' with a "
        f"{method}{accepts}; check the channel's username and {method}.",
        retryable=False,
    )


@contextmanager
def _translated(endpoint: Endpoint, action: str) -> Iterator[None]:
    try:
        yield
    except SFTP_ERRORS as exc:
        raise sftp_error(exc, endpoint, action) from exc


def _pinned_key(endpoint: Endpoint) -> paramiko.PKey:
    if not endpoint.host_key.strip():
        raise TransportError(
            f"The SFTP channel to {endpoint.address} has no host key pinned, so we cannot tell "
            "the partner's server from an impostor; paste the server's public key line "
            "('ssh-ed25519 AAAA...') into the channel's host key.",
            retryable=False,
        )
    return host_key_parse(endpoint.host_key)


def _prefer_pinned_type(transport: paramiko.Transport, pinned: paramiko.PKey) -> None:
    # A server with several host keys presents the one we ask for first; without this, a server
    # with ed25519 and RSA keys would present ed25519 against an RSA pin and look like an impostor.
    options = transport.get_security_options()
    wanted = HOST_KEY_ALGORITHMS[pinned.get_name()]
    first = [name for name in options.key_types if name in wanted]
    options.key_types = first + [name for name in options.key_types if name not in wanted]


def _check_host_key(
    transport: paramiko.Transport, pinned: paramiko.PKey, endpoint: Endpoint
) -> None:
    presented = transport.get_remote_server_key()
    if presented.asbytes() != pinned.asbytes():
        raise TransportError(
            f"{server_label(endpoint)} presented the host key {presented.fingerprint} but the "
            f"SFTP channel pins {pinned.fingerprint}; if the partner changed its key, paste the "
            "new one into the channel's host key.",
            retryable=False,
        )


def _authenticate(
    transport: paramiko.Transport, endpoint: Endpoint, client_key: paramiko.PKey | None
) -> None:
    if client_key is not None:
        transport.auth_publickey(endpoint.username, client_key)
    else:
        transport.auth_password(endpoint.username, endpoint.password)


def _open_transport(endpoint: Endpoint) -> paramiko.Transport:
    # Settings are checked before connecting: a bad pin or key is no network problem.
    pinned = _pinned_key(endpoint)
    client_key = private_key_parse(endpoint.private_key) if endpoint.private_key else None
    with _translated(endpoint, "connecting"):
        sock = socket.create_connection((endpoint.host, endpoint.port), timeout=endpoint.timeout)
    transport = paramiko.Transport(sock)
    transport.banner_timeout = transport.auth_timeout = endpoint.timeout
    transport.handshake_timeout = transport.channel_timeout = endpoint.timeout
    try:
        _prefer_pinned_type(transport, pinned)
        with _translated(endpoint, "negotiating the SSH session"):
            transport.start_client(timeout=endpoint.timeout)
            if not transport.initial_kex_done:
                raise TimeoutError  # start_client returns quietly when its timeout runs out
        # Checked before logging in, so the password never reaches an impostor.
        _check_host_key(transport, pinned, endpoint)
        with _translated(endpoint, f"logging in as user '{endpoint.username}'"):
            _authenticate(transport, endpoint, client_key)
    except BaseException:
        transport.close()
        raise
    return transport


def _open_sftp(transport: paramiko.Transport, endpoint: Endpoint) -> paramiko.SFTPClient:
    with _translated(endpoint, "starting the SFTP subsystem"):
        client = paramiko.SFTPClient.from_transport(transport)
        if client is None:
            raise paramiko.SSHException("the server refused the SFTP subsystem")
        client.get_channel().settimeout(endpoint.timeout)
    return client


class SFTPSession:
    """One logged-in SFTP connection; paths are relative to the login folder."""

    def __init__(self, client: paramiko.SFTPClient, endpoint: Endpoint) -> None:
        self._sftp = client
        self._endpoint = endpoint

    def list_files(self, folder: str) -> list[RemoteFile]:
        with _translated(self._endpoint, f"listing folder '{folder}'"):
            entries = self._sftp.listdir_attr(folder or ".")
        files = [
            RemoteFile(entry.filename, entry.st_size or 0)
            for entry in entries
            if stat.S_ISREG(entry.st_mode or 0) and is_ready(entry.filename)
        ]
        return sorted(files, key=lambda file: file.name)

    def read(self, folder: str, name: str) -> bytes:
        buffer = io.BytesIO()
        self.download(folder, name, buffer)
        return buffer.getvalue()

    def download(self, folder: str, name: str, destination: BinaryIO) -> None:
        with _translated(self._endpoint, f"downloading '{name}' from folder '{folder}'"):
            self._sftp.getfo(
                remote_path(folder, name),
                destination,
                max_concurrent_prefetch_requests=PREFETCH_REQUESTS,
            )

    def delete(self, folder: str, name: str) -> None:
        with _translated(self._endpoint, f"deleting '{name}' from folder '{folder}'"):
            self._sftp.remove(remote_path(folder, name))

    def move(self, folder: str, name: str, to_folder: str) -> str:
        """Move a file to `to_folder` under a free name, which it returns."""
        source = remote_path(folder, name)
        with _translated(self._endpoint, f"moving '{name}' from '{folder}' to '{to_folder}'"):
            target = free_name(name, lambda candidate: self._is_file(to_folder, candidate))
            # SFTP's plain rename fails rather than overwrite, should the name be taken meanwhile.
            self._sftp.rename(source, remote_path(to_folder, target))
        return target

    def upload(self, folder: str, name: str, content: bytes) -> None:
        final, part = remote_path(folder, name), remote_path(folder, part_name(name))
        if self.exists(folder, name):
            raise already_there(server_label(self._endpoint), folder, name)
        with _translated(self._endpoint, f"uploading '{name}' to folder '{folder}'"):
            try:
                self._sftp.putfo(io.BytesIO(content), part, file_size=len(content), confirm=True)
                self._sftp.rename(part, final)
            except SFTP_ERRORS:
                with suppress(*SFTP_ERRORS):
                    self._sftp.remove(part)
                raise

    def exists(self, folder: str, name: str) -> bool:
        with _translated(self._endpoint, f"looking for '{name}' in folder '{folder}'"):
            return self._is_file(folder, name)

    def _is_file(self, folder: str, name: str) -> bool:
        try:
            self._sftp.stat(remote_path(folder, name))
        except FileNotFoundError:
            return False
        return True


@contextmanager
def sftp_session(endpoint: Endpoint) -> Iterator[SFTPSession]:
    transport = _open_transport(endpoint)
    try:
        client = _open_sftp(transport, endpoint)
        try:
            yield SFTPSession(client, endpoint)
        finally:
            client.close()
    finally:
        transport.close()
