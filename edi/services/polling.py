"""Polling the channels: every ready file fetched, stored raw and read, then taken away.

A file is archived or deleted on the server only after it is stored here, so a crash in
between means it is fetched again next time, and recognised as a duplicate.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

from config.transport import Endpoint, RemoteSession, TransportError, remote_session
from edi.models import FtpChannel, Interchange, InterchangeStatus, SftpChannel
from edi.services.channels import ftp_endpoint, sftp_endpoint
from edi.services.inbound import edi_receive
from edi.services.spreadsheets import spreadsheet_receive

Channel = FtpChannel | SftpChannel
Receive = Callable[[str, bytes], Interchange]


@dataclass
class PollResult:
    interchanges: list[Interchange] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for interchange in self.interchanges if interchange.status == status)

    @property
    def summary(self) -> str:
        statuses = (InterchangeStatus.IMPORTED, InterchangeStatus.DUPLICATE,
                    InterchangeStatus.ERROR)
        counts = ", ".join(f"{self.count(status)} {status.label.lower()}"
                           for status in statuses)
        return f"{len(self.interchanges)} files ({counts})"


def _pick_up(session: RemoteSession, channel: Channel, name: str) -> None:
    if channel.archive_folder:
        session.move(channel.inbound_folder, name, channel.archive_folder)
    else:
        session.delete(channel.inbound_folder, name)


def _record(channel: Channel, error: str) -> None:
    values = {"last_error": error, **({} if error else {"last_poll_at": timezone.now()})}
    type(channel).objects.filter(pk=channel.pk).update(**values)
    for name, value in values.items():
        setattr(channel, name, value)


def channel_poll(channel: Channel, endpoint: Endpoint, receive: Receive) -> PollResult:
    """Fetch every ready file of the inbound folder; a transport failure is recorded on the
    channel and raised, with the files already stored kept."""
    result = PollResult()
    try:
        with remote_session(endpoint) as session:
            for remote in session.list_files(channel.inbound_folder):
                content = session.read(channel.inbound_folder, remote.name)
                result.interchanges.append(receive(remote.name, content))
                _pick_up(session, channel, remote.name)
    except TransportError as error:
        _record(channel, str(error))
        raise
    _record(channel, "")
    return result


def sftp_poll(channel: SftpChannel) -> PollResult:
    partner = channel.partner

    def receive(name: str, content: bytes) -> Interchange:
        return edi_receive(file_name=name, content=content, partner=partner)

    return channel_poll(channel, sftp_endpoint(channel), receive)


def ftp_poll(channel: FtpChannel) -> PollResult:
    def receive(name: str, content: bytes) -> Interchange:
        return spreadsheet_receive(account=channel.account, file_name=name, content=content)

    return channel_poll(channel, ftp_endpoint(channel), receive)


@dataclass
class PollReport:
    summaries: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def channels_poll(channels: list[Channel], poll: Callable[[Channel], PollResult]) -> PollReport:
    """Poll each channel in turn; one server being down does not stop the others."""
    report = PollReport()
    for channel in channels:
        try:
            report.summaries.append(f"{channel_name(channel)}: {poll(channel).summary}")
        except TransportError as error:
            report.failures.append(f"{channel_name(channel)}: {error}")
    return report


def channel_name(channel: Channel) -> str:
    return channel.partner.code if isinstance(channel, SftpChannel) else channel.code


def sftp_channels(partner_code: str | None = None) -> list[SftpChannel]:
    channels = SftpChannel.objects.select_related("partner__account")
    return list(channels.filter(partner__code=partner_code) if partner_code
                else channels.filter(enabled=True))


def ftp_channels(code: str | None = None) -> list[FtpChannel]:
    channels = FtpChannel.objects.select_related("account")
    return list(channels.filter(code=code) if code else channels.filter(enabled=True))
