"""FTP and FTPS specifics, against pyftpdlib on loopback."""

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyftpdlib.handlers import FTPHandler

from config.transport import RemoteFile, TransportError, remote_session
from tests.dropboxes import DropBox, ftp_box_running


@pytest.fixture
def ftps_box(tmp_path: Path) -> Iterator[DropBox]:
    with ftp_box_running(tmp_path / "ftps", tls=True) as box:
        yield box


def test_ftps_round_trip_over_protected_channels(ftps_box: DropBox) -> None:
    # The box refuses plain control and data channels, so this only passes with AUTH TLS and
    # PROT P.
    with remote_session(ftps_box.endpoint) as session:
        session.upload("inbound", "orders.csv", b"PO,SKU\n1,A\n")
        assert session.list_files("inbound") == [RemoteFile("orders.csv", 11)]
        assert session.read("inbound", "orders.csv") == b"PO,SKU\n1,A\n"


def test_ftps_certificate_not_trusted_is_refused(ftps_box: DropBox) -> None:
    endpoint = dataclasses.replace(ftps_box.endpoint, ca_certificate="")

    with pytest.raises(TransportError) as error, remote_session(endpoint):
        pass

    assert not error.value.retryable
    assert "TLS certificate we do not trust" in str(error.value)
    assert ftps_box.endpoint.address in str(error.value)


def test_plain_ftp_to_a_server_that_requires_tls_is_refused(ftps_box: DropBox) -> None:
    endpoint = dataclasses.replace(ftps_box.endpoint, use_tls=False)

    with pytest.raises(TransportError) as error, remote_session(endpoint):
        pass

    assert not error.value.retryable
    assert "refused logging in as user 'vendor'" in str(error.value)


def test_ftps_to_a_server_without_tls_is_refused(ftp_box: DropBox) -> None:
    endpoint = dataclasses.replace(ftp_box.endpoint, use_tls=True)

    with pytest.raises(TransportError) as error, remote_session(endpoint):
        pass

    assert not error.value.retryable
    assert "AUTH TLS" in str(error.value)


def test_list_files_on_a_server_without_mlsd(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # vsftpd has no MLSD: the listing falls back to NLST, and SIZE tells files from folders.
    commands = {name: spec for name, spec in FTPHandler.proto_cmds.items()
                if name not in ("MLSD", "MLST")}
    monkeypatch.setattr(FTPHandler, "proto_cmds", commands)
    with ftp_box_running(tmp_path / "ftp") as box:
        (box.root / "inbound" / "b.csv").write_bytes(b"12345")
        (box.root / "inbound" / "a.csv").write_bytes(b"1")
        (box.root / "inbound" / "a.csv.part").write_bytes(b"1")
        (box.root / "inbound" / "folder").mkdir()

        with remote_session(box.endpoint) as session:
            files = session.list_files("inbound")

    assert files == [RemoteFile("a.csv", 1), RemoteFile("b.csv", 5)]


def test_upload_to_a_missing_folder_leaves_nothing(ftp_box: DropBox) -> None:
    with remote_session(ftp_box.endpoint) as session, pytest.raises(TransportError) as error:
        session.upload("outbound", "answer.csv", b"x")

    assert not error.value.retryable
    assert "'outbound'" in str(error.value)


def test_a_ca_certificate_that_cannot_be_read_is_refused(ftps_box: DropBox) -> None:
    endpoint = dataclasses.replace(ftps_box.endpoint, ca_certificate="not a certificate")

    with pytest.raises(TransportError) as error, remote_session(endpoint):
        pass

    assert not error.value.retryable
    assert "CA certificate that cannot be read" in str(error.value)


def test_stopping_one_box_leaves_another_serving(ftp_box: DropBox, ftps_box: DropBox) -> None:
    ftps_box.server.stop()

    with remote_session(ftp_box.endpoint) as session:
        assert session.list_files("inbound") == []
