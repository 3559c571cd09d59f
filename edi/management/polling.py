"""What `edi_poll` and `ftp_poll` share: poll the chosen channels, a line for each."""

from collections.abc import Callable

from django.core.management.base import BaseCommand, CommandError

from edi.services.polling import Channel, PollResult, channels_poll


class PollCommand(BaseCommand):
    option = ""  # the option naming one channel, e.g. "--partner"
    option_help = ""
    unknown = ""  # the error when that channel does not exist, with {code}
    nothing = ""  # the line when no channel is enabled
    channels: Callable[[str | None], list[Channel]]
    poll: Callable[[Channel], PollResult]

    def add_arguments(self, parser):
        parser.add_argument(self.option, dest="code", help=self.option_help)

    def handle(self, *args, code: str | None = None, **options):
        channels = type(self).channels(code)
        if code and not channels:
            raise CommandError(self.unknown.format(code=code))
        report = channels_poll(channels, type(self).poll)
        for summary in report.summaries:
            self.stdout.write(summary)
        if report.failures:
            raise CommandError("\n".join(report.failures))
        if not channels:
            self.stdout.write(self.nothing)
