"""SFTP specifics: the pinned host key and key authentication, against asyncssh on loopback."""

import dataclasses
from pathlib import Path

import asyncssh
import pytest

from config.transport import Endpoint, RemoteFile, TransportError, remote_session
from tests.config.transport.helpers import free_port
from tests.dropboxes import DropBox, client_key_generate, sftp_box_running


def test_host_key_mismatch_is_refused_with_both_fingerprints(sftp_box: DropBox) -> None:
    other_key = asyncssh.generate_private_key("ssh-ed25519").export_public_key().decode()
    endpoint = dataclasses.replace(sftp_box.endpoint, host_key=other_key)

    with pytest.raises(TransportError) as error, remote_session(endpoint):
        pass

    message = str(error.value)
    assert not error.value.retryable
    assert message.startswith(f"The SFTP server {sftp_box.endpoint.address} presented the host "
                              "key SHA256:")
    assert "but the SFTP channel pins SHA256:" in message
    assert "paste the new one into the channel's host key" in message


def test_host_key_mismatch_stops_before_the_login(sftp_box: DropBox) -> None:
    # A wrong password too: the error must be about the key, proving we never tried to log in.
    other_key = asyncssh.generate_private_key("ssh-ed25519").export_public_key().decode()
    endpoint = dataclasses.replace(sftp_box.endpoint, host_key=other_key, password="wrong")

    with pytest.raises(TransportError, match="presented the host key"), remote_session(endpoint):
        pass


def test_empty_pin_is_refused_before_connecting() -> None:
    # Nothing listens there: had it connected, the error would be a refused connection.
    endpoint = _endpoint_without_server(host_key="  ")

    with pytest.raises(TransportError) as error, remote_session(endpoint):
        pass

    assert not error.value.retryable
    assert "has no host key pinned" in str(error.value)


def test_a_pin_that_is_no_key_is_refused() -> None:
    endpoint = _endpoint_without_server(host_key="SHA256:abc")

    with pytest.raises(TransportError) as error, remote_session(endpoint):
        pass

    assert not error.value.retryable
    assert "not an OpenSSH public key line" in str(error.value)


def test_a_known_hosts_line_works_as_pin(sftp_box: DropBox) -> None:
    line = f"[{sftp_box.endpoint.host}]:{sftp_box.endpoint.port} {sftp_box.server.host_key}"
    endpoint = dataclasses.replace(sftp_box.endpoint, host_key=line)

    with remote_session(endpoint) as session:
        assert session.list_files("inbound") == []


@pytest.mark.parametrize(("algorithm", "key_format"), [
    ("ssh-ed25519", "openssh"),
    ("ssh-ed25519", "pkcs8-pem"),
    ("ecdsa-sha2-nistp256", "openssh"),
    ("ecdsa-sha2-nistp256", "pkcs1-pem"),
    ("ssh-rsa", "openssh"),
    ("ssh-rsa", "pkcs1-pem"),
    ("ssh-rsa", "pkcs8-pem"),
])
def test_key_authentication(tmp_path: Path, algorithm: str, key_format: str) -> None:
    key = client_key_generate(algorithm, key_format)
    with sftp_box_running(tmp_path / "sftp", host_key_path=tmp_path / "host_key",
                          client_key=key) as box:
        (box.root / "inbound" / "po.edi").write_bytes(b"ISA~")

        with remote_session(box.endpoint) as session:
            assert session.list_files("inbound") == [RemoteFile("po.edi", 4)]


def test_a_key_the_server_does_not_know_is_refused(tmp_path: Path) -> None:
    with sftp_box_running(tmp_path / "sftp", host_key_path=tmp_path / "host_key",
                          client_key=client_key_generate()) as box:
        endpoint = dataclasses.replace(box.endpoint, private_key=client_key_generate().private)

        with pytest.raises(TransportError) as error, remote_session(endpoint):
            pass

    assert not error.value.retryable
    assert "refused logging in as user 'vendor' with a private key" in str(error.value)


def test_a_private_key_that_cannot_be_read_is_refused(sftp_box: DropBox) -> None:
    endpoint = dataclasses.replace(sftp_box.endpoint, private_key="-----BEGIN nonsense")

    with pytest.raises(TransportError) as error, remote_session(endpoint):
        pass

    assert not error.value.retryable
    assert "private key cannot be read" in str(error.value)


def test_the_server_is_chrooted_to_its_folder(sftp_box: DropBox) -> None:
    (sftp_box.root / "inbound" / "po.edi").write_bytes(b"x")

    with remote_session(sftp_box.endpoint) as session:
        assert [file.name for file in session.list_files("/inbound")] == ["po.edi"]


def test_pointing_sftp_at_an_ftp_server_fails_naming_the_address(
    sftp_box: DropBox, ftp_box: DropBox
) -> None:
    endpoint = dataclasses.replace(sftp_box.endpoint, port=ftp_box.endpoint.port, timeout=0.5)

    with pytest.raises(TransportError) as error, remote_session(endpoint):
        pass

    assert str(error.value).startswith(f"The SFTP server {endpoint.address} ")
    assert "SSH" in str(error.value)


def _endpoint_without_server(*, host_key: str) -> Endpoint:
    return Endpoint(protocol="sftp", host="127.0.0.1", port=free_port(), username="vendor",
                    password="x", host_key=host_key, timeout=2)
