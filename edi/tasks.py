"""Thin django-q2 tasks: poll the channels, then decide and answer what arrived."""

from edi.models import FtpChannel, SftpChannel
from edi.services.polling import (
    Channel,
    channels_poll,
    ftp_channels,
    ftp_poll,
    sftp_channels,
    sftp_poll,
)
from orders.tasks import autoconfirm


def _then_decide(channels: list[Channel], poll) -> str:
    report = channels_poll(channels, poll)
    return "; ".join([*report.summaries, *report.failures, autoconfirm()])


def poll_sftp_channels() -> str:
    return _then_decide(sftp_channels(), sftp_poll)


def poll_ftp_channels() -> str:
    return _then_decide(ftp_channels(), ftp_poll)


def poll_sftp_channel(channel_id: int) -> str:
    return _then_decide([SftpChannel.objects.select_related("partner__account")
                         .get(pk=channel_id)], sftp_poll)


def poll_ftp_channel(channel_id: int) -> str:
    return _then_decide([FtpChannel.objects.select_related("account").get(pk=channel_id)],
                        ftp_poll)
