from edi.management.polling import PollCommand
from edi.services.polling import sftp_channels, sftp_poll


class Command(PollCommand):
    help = ("Fetch the files waiting in each EDI partner's SFTP inbound folder and import them "
            "(stored first; archived or deleted on the server once stored). Exit status 1 when "
            "a server cannot be reached; the other partners are still polled.")
    option, option_help = "--partner", "only this EDI partner's code"
    unknown = "EDI partner {code} has no SFTP channel."
    nothing = "no enabled SFTP channels"
    channels, poll = staticmethod(sftp_channels), staticmethod(sftp_poll)
