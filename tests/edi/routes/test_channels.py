"""The channels end to end against real drop boxes on loopback: files in, answers out."""

from datetime import UTC, datetime

import pytest
from django.core.management import call_command

from config.transport import TransportError
from edi.models import Direction, FtpChannel, Interchange, InterchangeStatus, SftpChannel
from edi.services.outbound import interchange_resend
from edi.services.polling import ftp_poll, sftp_poll
from edi.tasks import poll_sftp_channels
from orders.models import OutboxMessage, OutboxStatus, PurchaseOrder, PurchaseOrderStatus
from orders.services.outbox import outbox_send_due
from orders.services.review import ManualDecision, purchase_order_decide_by_hand
from sandbox.catalog import DEMO_CATALOG
from sandbox.edi_files import OrderedItem, x12_850
from tests.edi.codec.oracles import fixture, pyx12_read
from tests.edi.routes.conftest import MALFORMED_850, x12_850_bytes
from tests.edi.spreadsheet.files import EN_HEADER, csv_bytes, en_rows

S = InterchangeStatus


def sftp_channel_for(partner, box, **values) -> SftpChannel:
    endpoint = box.endpoint
    return SftpChannel.objects.create(
        partner=partner, host=endpoint.host, port=endpoint.port, username=endpoint.username,
        password=endpoint.password, host_key=endpoint.host_key, archive_folder="archive",
        **values)


def inbound(box, name: str, content: bytes) -> None:
    (box.root / "inbound" / name).write_bytes(content)


def outbound_files(box) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in (box.root / "outbound").iterdir()}


def test_an_850_on_the_sftp_box_is_imported_archived_decided_and_answered(
        x12_partner, fixture_skus, sftp_box):
    channel = sftp_channel_for(x12_partner, sftp_box)
    inbound(sftp_box, "VEND850.I0001", x12_850_bytes())

    summary = poll_sftp_channels()  # what the schedule runs: poll, decide, acknowledge
    outbox_send_due()

    assert "AMAZONUS: 1 files (1 imported" in summary
    assert not (sftp_box.root / "inbound" / "VEND850.I0001").exists()
    assert (sftp_box.root / "archive" / "VEND850.I0001").read_bytes() == x12_850_bytes()
    order = PurchaseOrder.objects.get(po_number="4SYNTH01")
    assert order.status == PurchaseOrderStatus.ACKNOWLEDGED
    files = outbound_files(sftp_box)
    assert sorted(name.split("_")[1] for name in files) == ["855", "997"]
    for content in files.values():
        segments, errors = pyx12_read(content.decode())
        assert errors == []
    channel.refresh_from_db()
    assert channel.last_poll_at is not None
    assert channel.last_error == ""
    assert set(Interchange.objects.filter(direction=Direction.OUTBOUND)
               .values_list("status", flat=True)) == {S.SENT}


def test_a_file_already_on_the_server_is_not_uploaded_twice(x12_partner, fixture_skus,
                                                             sftp_box):
    sftp_channel_for(x12_partner, sftp_box)
    inbound(sftp_box, "a.x12", x12_850_bytes())
    poll_sftp_channels()
    outbox_send_due()
    answer = Interchange.objects.get(direction=Direction.OUTBOUND, document_types="855")
    uploaded = sftp_box.root / "outbound" / answer.file_name
    uploaded.write_bytes(b"the partner's copy")  # still there when we are asked to resend

    interchange_resend(answer)
    outbox_send_due()

    assert uploaded.read_bytes() == b"the partner's copy"
    answer.refresh_from_db()
    assert answer.status == S.SENT


def test_a_failed_upload_is_resent_once_the_server_is_back(x12_partner, fixture_skus,
                                                           sftp_box):
    channel = sftp_channel_for(x12_partner, sftp_box)
    inbound(sftp_box, "a.x12", x12_850_bytes())
    poll_sftp_channels()
    SftpChannel.objects.filter(pk=channel.pk).update(outbound_folder="no-such-folder")
    OutboxMessage.objects.update(attempts=5)  # the last try

    outbox_send_due()

    answer = Interchange.objects.get(direction=Direction.OUTBOUND, document_types="855")
    assert answer.status == S.ERROR
    assert answer.error
    order = PurchaseOrder.objects.get(po_number="4SYNTH01")
    assert order.status == PurchaseOrderStatus.NEEDS_REVIEW

    SftpChannel.objects.filter(pk=channel.pk).update(outbound_folder="outbound")
    interchange_resend(answer)
    outbox_send_due()

    answer.refresh_from_db()
    assert answer.status == S.SENT
    assert answer.file_name in outbound_files(sftp_box)


def test_bad_files_on_the_box_end_in_error_and_the_good_ones_flow(x12_partner, fixture_skus,
                                                                  sftp_box):
    channel = sftp_channel_for(x12_partner, sftp_box)
    inbound(sftp_box, "1-bad.x12", fixture(MALFORMED_850))
    inbound(sftp_box, "2-good.x12", x12_850(
        "DX000001", 900, [OrderedItem(DEMO_CATALOG[0], 2)], datetime(2026, 12, 1, tzinfo=UTC)))
    inbound(sftp_box, "3-empty.x12", b"")
    inbound(sftp_box, ".4-uploading.x12.part", b"ISA")

    result = sftp_poll(channel)

    assert [i.status for i in result.interchanges] == [S.ERROR, S.IMPORTED, S.ERROR]
    assert (sftp_box.root / "inbound" / ".4-uploading.x12.part").exists()
    assert PurchaseOrder.objects.filter(po_number="DX000001").exists()
    assert not PurchaseOrder.objects.filter(po_number="4SYNTH01").exists()


def test_a_server_that_refuses_the_login_is_recorded_on_the_channel(x12_partner, sftp_box):
    channel = sftp_channel_for(x12_partner, sftp_box)
    SftpChannel.objects.filter(pk=channel.pk).update(password="wrong")
    channel.refresh_from_db()
    inbound(sftp_box, "a.x12", x12_850_bytes())

    with pytest.raises(TransportError):
        sftp_poll(channel)

    channel.refresh_from_db()
    assert channel.last_error
    assert channel.last_poll_at is None
    assert (sftp_box.root / "inbound" / "a.x12").exists()
    assert not Interchange.objects.exists()


def test_the_edi_poll_command_polls_one_partner(x12_partner, sftp_box, capsys):
    sftp_channel_for(x12_partner, sftp_box)
    inbound(sftp_box, "a.x12", x12_850_bytes())

    call_command("edi_poll", partner="AMAZONUS")

    assert "AMAZONUS: 1 files (1 imported, 0 duplicate, 0 error)" in capsys.readouterr().out
    assert PurchaseOrder.objects.filter(po_number="4SYNTH01").exists()


def test_a_spreadsheet_on_the_ftp_box_is_stored_imported_and_deleted(demo_account, ftp_box):
    account = demo_account
    endpoint = ftp_box.endpoint
    channel = FtpChannel.objects.create(
        code="box", account=account, host=endpoint.host, port=endpoint.port,
        username=endpoint.username, password=endpoint.password, use_tls=False)
    content = csv_bytes([EN_HEADER, *en_rows()])
    inbound(ftp_box, "orders.csv", content)

    result = ftp_poll(channel)

    [interchange] = result.interchanges
    assert interchange.status == S.IMPORTED, interchange.error
    assert bytes(Interchange.objects.get(pk=interchange.pk).content) == content
    assert list((ftp_box.root / "inbound").iterdir()) == []
    assert PurchaseOrder.objects.filter(account=account).exists()


def test_the_same_spreadsheet_dropped_again_is_a_duplicate(demo_account, ftp_box):
    account = demo_account
    endpoint = ftp_box.endpoint
    channel = FtpChannel.objects.create(
        code="box", account=account, host=endpoint.host, port=endpoint.port,
        username=endpoint.username, password=endpoint.password, use_tls=False,
        archive_folder="archive")
    content = csv_bytes([EN_HEADER, *en_rows()])
    inbound(ftp_box, "orders.csv", content)
    ftp_poll(channel)
    inbound(ftp_box, "orders.csv", content)

    [again] = ftp_poll(channel).interchanges

    assert again.status == S.DUPLICATE
    assert sorted(p.name for p in (ftp_box.root / "archive").iterdir()) == [
        "orders.csv", "orders.csv.1"]
    assert OutboxMessage.objects.filter(status=OutboxStatus.PENDING).count() == 0


def test_an_acknowledged_edi_order_is_corrected_by_a_new_855(x12_partner, fixture_skus,
                                                              sftp_box):
    sftp_channel_for(x12_partner, sftp_box)
    inbound(sftp_box, "a.x12", x12_850_bytes())
    poll_sftp_channels()
    outbox_send_due()
    order = PurchaseOrder.objects.get(po_number="4SYNTH01")
    assert order.status == PurchaseOrderStatus.ACKNOWLEDGED
    decisions = {line.pk: ManualDecision(line.ordered_quantity, 0, 0)
                 for line in order.lines.all()}
    first_line = order.lines.order_by("id").first()
    decisions[first_line.pk] = ManualDecision(0, 0, first_line.ordered_quantity,
                                              "TemporarilyUnavailable")

    purchase_order_decide_by_hand(order=order, decisions=decisions, actor=None)
    outbox_send_due()

    answers = [content for name, content in outbound_files(sftp_box).items() if "_855_" in name]
    assert len(answers) == 2
    corrected = max(answers, key=lambda content: b"ACK*IR" in content)
    assert b"ACK*IR*0*EA" in corrected
    order.refresh_from_db()
    assert order.status == PurchaseOrderStatus.ACKNOWLEDGED
