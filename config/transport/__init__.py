"""File transport to the partners' drop boxes: one interface over FTP, FTPS and SFTP.

    with remote_session(endpoint) as session:
        for file in session.list_files("inbound"):
            content = session.read("inbound", file.name)
            session.move("inbound", file.name, "archive")
"""

from collections.abc import Iterator
from contextlib import contextmanager

from config.transport.base import (
    Endpoint,
    RemoteFile,
    RemoteSession,
    TransportError,
)
from config.transport.ftp import ftp_session
from config.transport.sftp import sftp_session

__all__ = ["Endpoint", "RemoteFile", "RemoteSession", "TransportError", "remote_session"]


@contextmanager
def remote_session(endpoint: Endpoint) -> Iterator[RemoteSession]:
    """A logged-in session on the endpoint, closed on leaving; failures raise TransportError."""
    if endpoint.protocol == "ftp":
        with ftp_session(endpoint) as session:
            yield session
    elif endpoint.protocol == "sftp":
        with sftp_session(endpoint) as session:
            yield session
    else:
        raise TransportError(
            f"The channel's protocol '{endpoint.protocol}' is not one we speak; choose FTP or "
            "SFTP.",
            retryable=False,
        )
