"""Loopback drop boxes that stand in for the partners' FTP, FTPS and SFTP servers.

Used by `manage.py sandbox_dropbox` (for `make run`) and by the tests. Each server runs in a
daemon thread of the calling process, binds 127.0.0.1 (port 0 picks a free one) and serves one
user from one local folder.
"""

import asyncio
import datetime
import hmac
import ipaddress
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import asyncssh
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler
from pyftpdlib.ioloop import IOLoop
from pyftpdlib.servers import FTPServer

LOOPBACK = "127.0.0.1"
FTP_FOLDERS = ("inbound", "archive")
SFTP_FOLDERS = ("inbound", "outbound", "archive")
START_TIMEOUT = 10.0
POLL_SECONDS = 0.05  # how soon the FTP thread notices stop()

logger = logging.getLogger(__name__)


@dataclass
class RunningServer:
    host: str
    port: int
    _stop: Callable[[], None] = field(repr=False)
    tls_certificate: str = ""  # FTPS: the self-signed certificate (PEM) a client should trust
    host_key: str = ""  # SFTP: the public key line a client should pin
    _stopped: bool = field(default=False, repr=False)

    def stop(self) -> None:
        if not self._stopped:
            self._stopped = True
            self._stop()


def folders_create(root: Path, names: tuple[str, ...]) -> None:
    for name in names:
        (root / name).mkdir(parents=True, exist_ok=True)


# --- FTP and FTPS ---------------------------------------------------------------------------


def ftp_server_start(
    root: Path, *, port: int = 0, username: str, password: str, tls: bool = False
) -> RunningServer:
    authorizer = DummyAuthorizer()
    authorizer.add_user(username, password, homedir=str(root), perm="elradfmwMT")
    certificate = ""
    attributes: dict[str, object] = {"authorizer": authorizer, "banner": "Drop box ready."}
    if tls:
        certificate, attributes["ssl_context"] = _tls_context()
        attributes.update(tls_control_required=True, tls_data_required=True)
    # A subclass per server: pyftpdlib keeps authorizer and TLS context on the handler class.
    handler = type("DropBoxFTPHandler", (_ftp_handler_base(tls),), attributes)
    # Its own IOLoop: the default one is shared by every server of the process, and closing a
    # server closes its IOLoop's sockets, the other servers' with them.
    server = FTPServer((LOOPBACK, port), handler, ioloop=IOLoop())
    stopping = threading.Event()
    thread = threading.Thread(
        target=_ftp_serve, args=(server, stopping), name="ftp-dropbox", daemon=True
    )
    thread.start()

    def stop() -> None:
        stopping.set()
        thread.join(START_TIMEOUT)

    return RunningServer(LOOPBACK, server.address[1], stop, tls_certificate=certificate)


def _ftp_handler_base(tls: bool) -> type[FTPHandler]:
    if not tls:
        return FTPHandler
    from pyftpdlib.handlers import TLS_FTPHandler  # only there when pyOpenSSL is installed

    return TLS_FTPHandler


def _ftp_serve(server: FTPServer, stopping: threading.Event) -> None:
    # pyftpdlib is not thread-safe: the serving thread itself closes the sockets once asked to.
    while not stopping.is_set():
        server.ioloop.loop(POLL_SECONDS, blocking=False)
    server.close_all()


def _tls_context() -> tuple[str, object]:
    from OpenSSL import SSL

    key = ec.generate_private_key(ec.SECP256R1())
    certificate = _self_signed_certificate(key)
    context = SSL.Context(SSL.TLS_SERVER_METHOD)
    context.set_options(SSL.OP_NO_SSLv2 | SSL.OP_NO_SSLv3 | SSL.OP_NO_COMPRESSION)
    context.use_certificate(certificate)
    context.use_privatekey(key)
    return certificate.public_bytes(serialization.Encoding.PEM).decode(), context


def _self_signed_certificate(key: ec.EllipticCurvePrivateKey) -> x509.Certificate:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    names = [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address(LOOPBACK))]
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=365))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )


# --- SFTP -----------------------------------------------------------------------------------


def host_key_read_or_create(host_key_path: Path) -> asyncssh.SSHKey:
    """The drop box's ed25519 host key, created on first use so that its pin stays stable."""
    try:
        return asyncssh.read_private_key(host_key_path)
    except FileNotFoundError:
        pass
    host_key_path.parent.mkdir(parents=True, exist_ok=True)
    key = asyncssh.generate_private_key("ssh-ed25519")
    try:
        # Exclusive create: when two processes start at once, the first key written wins.
        descriptor = os.open(host_key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return asyncssh.read_private_key(host_key_path)
    with os.fdopen(descriptor, "wb") as file:
        file.write(key.export_private_key("openssh"))
    return key


def host_key_public_line(host_key_path: Path) -> str:
    """The OpenSSH public key line to pin in the SFTP channel, creating the key if missing."""
    key = host_key_read_or_create(host_key_path)
    return key.export_public_key("openssh").decode().strip()


@dataclass
class _SFTPAccount:
    username: str
    password: str
    client_key: asyncssh.SSHKey | None
    # Open sessions, closed on stop: closing the listener alone leaves them running.
    connections: set[asyncssh.SSHServerConnection] = field(default_factory=set)


class _DropBoxLogin(asyncssh.SSHServer):
    """One user, by password and/or one authorized public key."""

    def __init__(self, account: _SFTPAccount) -> None:
        self._account = account
        self._connection: asyncssh.SSHServerConnection | None = None

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self._connection = conn
        self._account.connections.add(conn)

    def connection_lost(self, exc: Exception | None) -> None:
        self._account.connections.discard(self._connection)

    def auth_completed(self) -> None:
        # One line per login, where asyncssh's own log says a dozen.
        logger.info("SFTP drop box: user %s logged in", self._account.username)

    def begin_auth(self, username: str) -> bool:
        return True  # always ask, so that a wrong user name is not revealed

    def password_auth_supported(self) -> bool:
        return bool(self._account.password)

    def validate_password(self, username: str, password: str) -> bool:
        same = hmac.compare_digest(password.encode(), self._account.password.encode())
        return username == self._account.username and same

    def public_key_auth_supported(self) -> bool:
        return self._account.client_key is not None

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        client_key = self._account.client_key
        authorized = client_key is not None and key.public_data == client_key.public_data
        return username == self._account.username and authorized


def sftp_server_start(
    root: Path,
    *,
    port: int = 0,
    username: str,
    password: str = "",
    authorized_key: str = "",
    host_key_path: Path,
) -> RunningServer:
    host_key = host_key_read_or_create(host_key_path)
    client_key = asyncssh.import_public_key(authorized_key) if authorized_key else None
    account = _SFTPAccount(username, password, client_key)
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="sftp-dropbox", daemon=True)
    thread.start()
    listening = asyncio.run_coroutine_threadsafe(_sftp_listen(root, port, host_key, account), loop)
    try:
        acceptor = listening.result(START_TIMEOUT)
    except BaseException:
        _loop_stop(loop, thread)
        raise

    def stop() -> None:
        closing = asyncio.run_coroutine_threadsafe(_sftp_close(acceptor, account), loop)
        closing.result(START_TIMEOUT)
        _loop_stop(loop, thread)

    public_line = host_key.export_public_key("openssh").decode().strip()
    return RunningServer(LOOPBACK, acceptor.get_port(), stop, host_key=public_line)


async def _sftp_listen(
    root: Path, port: int, host_key: asyncssh.SSHKey, account: _SFTPAccount
) -> asyncssh.SSHAcceptor:
    chroot = os.fsencode(root.resolve())
    return await asyncssh.listen(
        LOOPBACK,
        port,
        server_host_keys=[host_key],
        server_factory=lambda: _DropBoxLogin(account),
        sftp_factory=lambda channel: asyncssh.SFTPServer(channel, chroot=chroot),
        allow_scp=False,
    )


async def _sftp_close(acceptor: asyncssh.SSHAcceptor, account: _SFTPAccount) -> None:
    acceptor.close()
    await acceptor.wait_closed()
    for connection in list(account.connections):
        connection.close()
        await connection.wait_closed()


def _loop_stop(loop: asyncio.AbstractEventLoop, thread: threading.Thread) -> None:
    loop.call_soon_threadsafe(loop.stop)
    thread.join(START_TIMEOUT)
    loop.close()
