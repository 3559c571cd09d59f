"""FTP and explicit FTPS (AUTH TLS, protected data channel) with the standard library."""

import ftplib
import io
import posixpath
import ssl
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import BinaryIO

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

FTP_ERRORS = (ftplib.Error, OSError, EOFError)


class _SessionReusingFTP_TLS(ftplib.FTP_TLS):
    """Data connections resume the control connection's TLS session.

    vsftpd (require_ssl_reuse) and FileZilla Server refuse data connections that do not, so that
    nobody can hijack the data port; ftplib alone starts a new session for each transfer.
    """

    def ntransfercmd(self, cmd: str, rest: int | str | None = None) -> tuple:
        conn, size = ftplib.FTP.ntransfercmd(self, cmd, rest)
        if self._prot_p:
            conn = self.context.wrap_socket(
                conn, server_hostname=self.host, session=self.sock.session
            )
        return conn, size


class _DataChannelSocket(ssl.SSLSocket):
    """A TLS data connection whose closing handshake may fail without failing the transfer.

    Servers (pyftpdlib among them) close the data connection of an empty listing before TLS has
    settled, so the closing handshake fails although nothing was lost. The server's reply that
    follows (226, or 426/451 for a broken transfer) is what says whether the transfer completed.
    """

    def unwrap(self) -> None:
        with suppress(ssl.SSLError, OSError):
            super().unwrap()


def server_label(endpoint: Endpoint) -> str:
    return f"The {'FTPS' if endpoint.use_tls else 'FTP'} server {endpoint.address}"


def ftp_error(exc: BaseException, endpoint: Endpoint, action: str) -> TransportError:
    server = server_label(endpoint)
    if isinstance(exc, ftplib.error_perm):
        return _refusal(str(exc), endpoint, action)
    if isinstance(exc, ftplib.error_temp):
        return TransportError(
            f"{server} could not finish {action} for now ({exc}); it will be tried again.",
            retryable=True,
        )
    if isinstance(exc, ssl.SSLCertVerificationError):
        return TransportError(
            f"{server} presented a TLS certificate we do not trust ({exc.verify_message}); "
            "if it is the partner's own certificate, paste it into the channel's CA certificate.",
            retryable=False,
        )
    if isinstance(exc, ssl.SSLError):
        return TransportError(
            f"{server} failed the TLS handshake while {action} ({exc.reason or exc}); check that "
            "it offers explicit FTPS (AUTH TLS), or switch TLS off for this channel.",
            retryable=False,
        )
    if isinstance(exc, ftplib.Error):
        return TransportError(
            f"{server} answered unexpectedly while {action} ({exc}); check that the channel's "
            "port is an FTP server.",
            retryable=False,
        )
    if isinstance(exc, EOFError):
        return TransportError(
            f"{server} closed the connection while {action}; it will be tried again.",
            retryable=True,
        )
    return network_error(exc, endpoint, server, action)


def _refusal(reply: str, endpoint: Endpoint, action: str) -> TransportError:
    server = server_label(endpoint)
    if reply.startswith("530"):
        fix = "check the channel's username and password."
    elif reply.startswith("550"):
        fix = "check that the folder and file exist and that the user may use them."
    else:
        fix = "check the channel's settings with the partner."
    return TransportError(f"{server} refused {action} ({reply}); {fix}", retryable=False)


@contextmanager
def _translated(endpoint: Endpoint, action: str) -> Iterator[None]:
    try:
        yield
    except FTP_ERRORS as exc:
        raise ftp_error(exc, endpoint, action) from exc


def _tls_context(endpoint: Endpoint) -> ssl.SSLContext:
    try:
        context = ssl.create_default_context(cadata=endpoint.ca_certificate or None)
    except (ssl.SSLError, ValueError) as exc:
        raise TransportError(
            f"The FTPS channel to {endpoint.address} has a CA certificate that cannot be read; "
            "paste the certificate as PEM text, from -----BEGIN CERTIFICATE----- to -----END "
            "CERTIFICATE-----.",
            retryable=False,
        ) from exc
    # The control connection's socket is never unwrapped (no CCC), so only data connections
    # see the difference.
    context.sslsocket_class = _DataChannelSocket
    return context


def _connect(endpoint: Endpoint) -> ftplib.FTP:
    if endpoint.use_tls:
        ftp: ftplib.FTP = _SessionReusingFTP_TLS(
            context=_tls_context(endpoint), timeout=endpoint.timeout
        )
    else:
        ftp = ftplib.FTP(timeout=endpoint.timeout)
    try:
        _log_in(ftp, endpoint)
    except BaseException:
        ftp.close()
        raise
    return ftp


def _log_in(ftp: ftplib.FTP, endpoint: Endpoint) -> None:
    with _translated(endpoint, "connecting"):
        ftp.connect(endpoint.host, endpoint.port, timeout=endpoint.timeout)
    if isinstance(ftp, ftplib.FTP_TLS):
        with _translated(endpoint, "starting TLS (AUTH TLS)"):
            ftp.auth()
    with _translated(endpoint, f"logging in as user '{endpoint.username}'"):
        ftp.login(endpoint.username, endpoint.password)
    if isinstance(ftp, ftplib.FTP_TLS):
        with _translated(endpoint, "protecting the data channel (PROT P)"):
            ftp.prot_p()


def _close(ftp: ftplib.FTP) -> None:
    try:
        ftp.quit()
    except FTP_ERRORS:
        ftp.close()


class FTPSession:
    """One logged-in FTP connection; paths are relative to the login folder."""

    def __init__(self, ftp: ftplib.FTP, endpoint: Endpoint) -> None:
        self._ftp = ftp
        self._endpoint = endpoint
        self._home = ftp.pwd()

    def list_files(self, folder: str) -> list[RemoteFile]:
        with _translated(self._endpoint, f"listing folder '{folder}'"):
            files = [RemoteFile(name, size) for name, size in self._sized_files(folder)]
        return sorted((file for file in files if is_ready(file.name)), key=lambda f: f.name)

    def read(self, folder: str, name: str) -> bytes:
        buffer = io.BytesIO()
        self.download(folder, name, buffer)
        return buffer.getvalue()

    def download(self, folder: str, name: str, destination: BinaryIO) -> None:
        with _translated(self._endpoint, f"downloading '{name}' from folder '{folder}'"):
            self._ftp.retrbinary(f"RETR {self._path(folder, name)}", destination.write)

    def delete(self, folder: str, name: str) -> None:
        with _translated(self._endpoint, f"deleting '{name}' from folder '{folder}'"):
            self._ftp.delete(self._path(folder, name))

    def move(self, folder: str, name: str, to_folder: str) -> str:
        """Move a file to `to_folder` under a free name, which it returns."""
        source = self._path(folder, name)
        with _translated(self._endpoint, f"moving '{name}' from '{folder}' to '{to_folder}'"):
            target = free_name(name, lambda candidate: self._is_file(to_folder, candidate))
            self._ftp.rename(source, self._path(to_folder, target))
        return target

    def upload(self, folder: str, name: str, content: bytes) -> None:
        final, part = self._path(folder, name), self._path(folder, part_name(name))
        if self.exists(folder, name):
            raise already_there(server_label(self._endpoint), folder, name)
        with _translated(self._endpoint, f"uploading '{name}' to folder '{folder}'"):
            try:
                self._ftp.storbinary(f"STOR {part}", io.BytesIO(content))
                self._ftp.rename(part, final)
            except FTP_ERRORS:
                with suppress(*FTP_ERRORS):
                    self._ftp.delete(part)
                raise

    def exists(self, folder: str, name: str) -> bool:
        with _translated(self._endpoint, f"looking for '{name}' in folder '{folder}'"):
            return self._is_file(folder, name)

    def _is_file(self, folder: str, name: str) -> bool:
        # SIZE answers for one name; listing a folder that only grows would not scale.
        try:
            self._ftp.voidcmd("TYPE I")
            self._ftp.size(self._path(folder, name))
        except ftplib.error_perm:
            return False
        return True

    def _path(self, folder: str, name: str) -> str:
        return posixpath.join(self._home, remote_path(folder, name))

    def _enter(self, folder: str) -> None:
        # Entering the folder first turns a missing folder into a clear 550: some servers
        # (vsftpd) answer NLST on a missing folder with an empty list.
        self._ftp.cwd(posixpath.join(self._home, folder))

    def _nlst(self) -> list[str]:
        try:
            names = self._ftp.nlst()
        except ftplib.Error as exc:
            # ProFTPD answers NLST in an empty folder with "450 No files found"; the folder
            # exists, since we just entered it.
            if "no files found" in str(exc).lower():
                return []
            raise
        return [posixpath.basename(name) for name in names]

    def _sized_files(self, folder: str) -> list[tuple[str, int]]:
        self._enter(folder)
        try:
            facts = list(self._ftp.mlsd(facts=["type", "size"]))
        except ftplib.error_perm as exc:
            # 500/502: no MLSD; 501: no "OPTS MLST" to ask for the facts.
            if not str(exc).startswith(("500", "501", "502")):
                raise
            return self._sized_files_without_mlsd()
        return [(name, int(f.get("size", 0))) for name, f in facts if f.get("type") == "file"]

    def _sized_files_without_mlsd(self) -> list[tuple[str, int]]:
        # Servers without MLSD (vsftpd): SIZE answers for regular files only, 550 for folders.
        names = self._nlst()
        self._ftp.voidcmd("TYPE I")  # after NLST, which switches to ASCII, where SIZE is refused
        sized = []
        for name in names:
            try:
                sized.append((name, self._ftp.size(name) or 0))
            except ftplib.error_perm:
                continue
        return sized


@contextmanager
def ftp_session(endpoint: Endpoint) -> Iterator[FTPSession]:
    ftp = _connect(endpoint)
    try:
        with _translated(endpoint, "reading the login folder"):
            session = FTPSession(ftp, endpoint)
        yield session
    finally:
        _close(ftp)
