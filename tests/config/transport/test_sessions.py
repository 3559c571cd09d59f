"""What every transport does the same way, on a real FTP, FTPS and SFTP server each."""

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from config.transport import RemoteFile, TransportError, remote_session
from tests.config.transport.helpers import free_port, silent_server
from tests.dropboxes import DropBox, ftp_box_running, sftp_box_running


@pytest.fixture(params=["ftp", "ftps", "sftp"])
def box(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[DropBox]:
    if request.param == "sftp":
        running = sftp_box_running(tmp_path / "box", host_key_path=tmp_path / "host_key")
    else:
        running = ftp_box_running(tmp_path / "box", tls=request.param == "ftps")
    with running as started:
        yield started


def test_list_files_gives_ready_regular_files_sorted_by_name(box: DropBox) -> None:
    inbound = box.root / "inbound"
    (inbound / "VEND850.I0002").write_bytes(b"ISA*2~")
    (inbound / "VEND850.I0001").write_bytes(b"ISA*1~")
    (inbound / "subfolder").mkdir()

    with remote_session(box.endpoint) as session:
        files = session.list_files("inbound")

    assert files == [RemoteFile("VEND850.I0001", 6), RemoteFile("VEND850.I0002", 6)]


def test_list_files_skips_hidden_files_and_uploads_in_progress(box: DropBox) -> None:
    inbound = box.root / "inbound"
    for name in ("ready.csv", ".hidden", ".ready2.csv.part", "half.part", "half.tmp"):
        (inbound / name).write_bytes(b"x")

    with remote_session(box.endpoint) as session:
        names = [file.name for file in session.list_files("inbound")]

    assert names == ["ready.csv"]


def test_read_returns_the_bytes(box: DropBox) -> None:
    content = bytes(range(256)) * 1000  # binary and larger than one transfer block
    (box.root / "inbound" / "po.edi").write_bytes(content)

    with remote_session(box.endpoint) as session:
        assert session.read("inbound", "po.edi") == content


def test_delete_removes_the_file(box: DropBox) -> None:
    (box.root / "inbound" / "po.edi").write_bytes(b"x")

    with remote_session(box.endpoint) as session:
        session.delete("inbound", "po.edi")

    assert list((box.root / "inbound").iterdir()) == []


def test_move_archives_the_file_under_its_name(box: DropBox) -> None:
    (box.root / "inbound" / "po.edi").write_bytes(b"new")

    with remote_session(box.endpoint) as session:
        archived = session.move("inbound", "po.edi", "archive")

    assert archived == "po.edi"
    assert (box.root / "archive" / "po.edi").read_bytes() == b"new"
    assert not (box.root / "inbound" / "po.edi").exists()


def test_move_adds_a_suffix_when_the_archive_has_the_name(box: DropBox) -> None:
    (box.root / "archive" / "po.edi").write_bytes(b"first")
    (box.root / "archive" / "po.edi.1").write_bytes(b"second")
    (box.root / "inbound" / "po.edi").write_bytes(b"third")

    with remote_session(box.endpoint) as session:
        archived = session.move("inbound", "po.edi", "archive")

    assert archived == "po.edi.2"
    assert (box.root / "archive" / "po.edi").read_bytes() == b"first"
    assert (box.root / "archive" / "po.edi.2").read_bytes() == b"third"


def test_upload_leaves_the_whole_file_and_no_part_file(box: DropBox) -> None:
    content = b"ISA*00*~" * 10000

    with remote_session(box.endpoint) as session:
        session.upload("inbound", "855_0001.edi", content)

    assert [path.name for path in (box.root / "inbound").iterdir()] == ["855_0001.edi"]
    assert (box.root / "inbound" / "855_0001.edi").read_bytes() == content


def test_upload_refuses_to_overwrite_a_file(box: DropBox) -> None:
    (box.root / "inbound" / "855_0001.edi").write_bytes(b"theirs")

    with remote_session(box.endpoint) as session, pytest.raises(TransportError) as error:
        session.upload("inbound", "855_0001.edi", b"ours")

    assert not error.value.retryable
    assert "already has '855_0001.edi'" in str(error.value)
    assert (box.root / "inbound" / "855_0001.edi").read_bytes() == b"theirs"
    assert [path.name for path in (box.root / "inbound").iterdir()] == ["855_0001.edi"]


def test_exists_tells_whether_the_folder_has_the_name(box: DropBox) -> None:
    (box.root / "inbound" / "po.edi").write_bytes(b"x")

    with remote_session(box.endpoint) as session:
        assert session.exists("inbound", "po.edi")
        assert not session.exists("inbound", "other.edi")


def test_missing_folder_is_a_lasting_error_naming_the_folder(box: DropBox) -> None:
    with remote_session(box.endpoint) as session, pytest.raises(TransportError) as error:
        session.list_files("no-such-folder")

    assert not error.value.retryable
    assert "'no-such-folder'" in str(error.value)
    assert box.endpoint.address in str(error.value)


def test_a_name_with_a_slash_is_refused(box: DropBox) -> None:
    with remote_session(box.endpoint) as session, pytest.raises(TransportError) as error:
        session.read("inbound", "../archive/po.edi")

    assert not error.value.retryable


def test_wrong_password_is_a_lasting_error_that_says_what_to_fix(box: DropBox) -> None:
    endpoint = dataclasses.replace(box.endpoint, password="wrong")

    with pytest.raises(TransportError) as error, remote_session(endpoint):
        pass

    assert not error.value.retryable
    assert box.endpoint.address in str(error.value)
    assert "user 'vendor'" in str(error.value)
    assert "check the channel's username and password" in str(error.value)


def test_nothing_listening_is_worth_retrying(box: DropBox) -> None:
    endpoint = dataclasses.replace(box.endpoint, port=free_port())

    with pytest.raises(TransportError) as error, remote_session(endpoint):
        pass

    assert error.value.retryable
    assert f"{endpoint.address} refused the connection" in str(error.value)


def test_a_server_that_never_answers_times_out_and_is_worth_retrying(box: DropBox) -> None:
    with silent_server() as port:
        endpoint = dataclasses.replace(box.endpoint, port=port, timeout=0.3)
        with pytest.raises(TransportError) as error, remote_session(endpoint):
            pass

    assert error.value.retryable
    assert endpoint.address in str(error.value)


def test_unknown_protocol_is_refused(box: DropBox) -> None:
    endpoint = dataclasses.replace(box.endpoint, protocol="as2")

    with pytest.raises(TransportError) as error, remote_session(endpoint):
        pass

    assert not error.value.retryable
    assert "'as2'" in str(error.value)
