import logging
import signal
import threading
from contextlib import ExitStack
from pathlib import Path
from types import FrameType

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sandbox.dropbox import (
    FTP_FOLDERS,
    SFTP_FOLDERS,
    RunningServer,
    folders_create,
    ftp_server_start,
    sftp_server_start,
)


class Command(BaseCommand):
    help = ("Serve the loopback drop boxes that stand in for the partners' servers: an FTP box "
            "(Vendor Central spreadsheets) and an SFTP box (EDI), until Ctrl-C.")

    def add_arguments(self, parser):
        parser.add_argument("--root", type=Path,
                            default=Path(settings.BASE_DIR) / "var" / "sandbox",
                            help="folder holding ftp/, sftp/ and the SSH host key "
                                 "(default: var/sandbox)")
        parser.add_argument("--ftp-port", type=int,
                            default=getattr(settings, "SANDBOX_FTP_PORT", 2121),
                            help="0 picks a free port")
        parser.add_argument("--sftp-port", type=int,
                            default=getattr(settings, "SANDBOX_SFTP_PORT", 2222),
                            help="0 picks a free port")

    def handle(self, *args, root: Path, ftp_port: int, sftp_port: int, **options):
        # asyncssh logs a dozen INFO lines per session; the drop box logs one per login.
        logging.getLogger("asyncssh").setLevel(logging.WARNING)
        username = getattr(settings, "SANDBOX_DROPBOX_USER", "vendor")
        password = getattr(settings, "SANDBOX_DROPBOX_PASSWORD", "dropbox-demo")
        folders_create(root / "ftp", FTP_FOLDERS)
        folders_create(root / "sftp", SFTP_FOLDERS)
        with ExitStack() as running:
            try:
                ftp = ftp_server_start(root / "ftp", port=ftp_port, username=username,
                                       password=password)
                running.callback(ftp.stop)
                sftp = sftp_server_start(root / "sftp", port=sftp_port, username=username,
                                         password=password,
                                         host_key_path=root / "ssh_host_ed25519_key")
                running.callback(sftp.stop)
            except OSError as error:
                raise CommandError(
                    f"A drop box cannot listen ({error.strerror or error}); stop the process "
                    f"using port {ftp_port} or {sftp_port}, or set SANDBOX_FTP_PORT and "
                    "SANDBOX_SFTP_PORT.") from error
            self._announce("FTP", ftp, root / "ftp", username)
            self._announce("SFTP", sftp, root / "sftp", username)
            _wait_for_stop_signal()
        self.stdout.write("Drop boxes stopped.")

    def _announce(self, protocol: str, server: RunningServer, root: Path, username: str) -> None:
        self.stdout.write(f"{protocol} drop box listening on {server.host}:{server.port} "
                          f"(user {username}), serving {root}")
        # Under honcho or a test the output is a pipe: without a flush the line waits in a buffer.
        self.stdout.flush()


def _wait_for_stop_signal() -> None:
    """Block until Ctrl-C (SIGINT) or SIGTERM, which is what honcho sends on shutdown."""
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {number: signal.signal(number, on_signal)
                for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        while not stop.wait(0.5):
            pass
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
