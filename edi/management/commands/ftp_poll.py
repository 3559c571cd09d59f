from edi.management.polling import PollCommand
from edi.services.polling import ftp_channels, ftp_poll


class Command(PollCommand):
    help = ("Fetch the Vendor Central spreadsheets waiting in each FTP channel's inbound folder "
            "and import them (stored first; archived or deleted on the server once stored). "
            "Exit status 1 when a server cannot be reached; the other channels are still polled.")
    option, option_help = "--channel", "only this FTP channel's code"
    unknown = "No FTP channel has the code {code}."
    nothing = "no enabled FTP channels"
    channels, poll = staticmethod(ftp_channels), staticmethod(ftp_poll)
