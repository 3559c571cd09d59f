"""The file routes of the demo: channels pointing at the sandbox's drop boxes, and files in
them for the task cluster to pick up (a spreadsheet on the FTP box; 850s, an ORDERS and the
malformed research fixture on the SFTP box).

Files are placed only when their channel is first created, so seeding again adds none.
"""

from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from edi.models import EdiPartner, EdiStandard, FtpChannel, SftpChannel
from orders.models import VendorAccount
from sandbox.catalog import DEMO_CATALOG
from sandbox.dropbox import FTP_FOLDERS, SFTP_FOLDERS, folders_create, host_key_public_line
from sandbox.edi_files import (
    EDIFACT_AMAZON_GLN,
    EDIFACT_VENDOR_GLN,
    X12_AMAZON_ID,
    X12_VENDOR_ID,
    OrderedItem,
    edifact_orders,
    x12_850,
)

DEMO_DATA = Path(__file__).resolve().parent / "demo_data"
FTP_SPREADSHEET = "vendor-central-orders-en.csv"
EU_FOLDER = "eu"


def _root() -> Path:
    return Path(settings.SANDBOX_DROPBOX_ROOT)


def _login() -> dict:
    return {"host": "127.0.0.1", "username": settings.SANDBOX_DROPBOX_USER,
            "password": settings.SANDBOX_DROPBOX_PASSWORD}


def demo_ftp_channel_create(account: VendorAccount, spreadsheet: Path) -> None:
    _, created = FtpChannel.objects.get_or_create(code="vc-dropbox", defaults={
        **_login(), "account": account, "port": settings.SANDBOX_FTP_PORT, "use_tls": False,
        "inbound_folder": "inbound", "archive_folder": "archive"})
    if created:
        folders_create(_root() / "ftp", FTP_FOLDERS)
        (_root() / "ftp" / "inbound" / spreadsheet.name).write_bytes(spreadsheet.read_bytes())


def _sftp_channel_create(partner: EdiPartner, folder: str) -> bool:
    prefix = f"{folder}/" if folder else ""
    _, created = SftpChannel.objects.get_or_create(partner=partner, defaults={
        **_login(), "port": settings.SANDBOX_SFTP_PORT, "inbound_folder": f"{prefix}inbound",
        "outbound_folder": f"{prefix}outbound", "archive_folder": f"{prefix}archive",
        "host_key": host_key_public_line(_root() / "ssh_host_ed25519_key")})
    if created:
        folders_create(_root() / "sftp" / folder, SFTP_FOLDERS)
    return created


def _drop(folder: str, name: str, content: bytes) -> None:
    (_root() / "sftp" / folder / "inbound" / name).write_bytes(content)


def demo_edi_partners_create(account: VendorAccount) -> None:
    us, _ = EdiPartner.objects.get_or_create(code="amazon-us", defaults={
        "name": "Amazon US retail (sandbox)", "account": account, "partner_id": X12_AMAZON_ID,
        "our_id": X12_VENDOR_ID, "is_test": True})
    eu, _ = EdiPartner.objects.get_or_create(code="amazon-eu", defaults={
        "name": "Amazon EU retail (sandbox)", "account": account,
        "standard": EdiStandard.EDIFACT_D96A, "partner_qualifier": "14",
        "partner_id": EDIFACT_AMAZON_GLN, "our_qualifier": "14", "our_id": EDIFACT_VENDOR_GLN,
        "is_test": True})
    now = timezone.now() - timedelta(minutes=5)
    if _sftp_channel_create(us, ""):
        for number, quantities in ((1, (6, 4, 2)), (2, (30, 1, 0, 8))):
            items = [OrderedItem(product, quantity) for product, quantity
                     in zip(DEMO_CATALOG, quantities, strict=False) if quantity]
            _drop("", f"DEMO1850.I{number:04d}", x12_850(f"DX{number:06d}", 500 + number,
                                                          items, now))
        _drop("", "DEMO1850.I0099", (DEMO_DATA / "SYNTHETIC_MALFORMED_850.x12").read_bytes())
    if _sftp_channel_create(eu, EU_FOLDER):
        items = [OrderedItem(product, 3) for product in DEMO_CATALOG[:3]]
        _drop(EU_FOLDER, "DEMO1ORDERS.0001.edi", edifact_orders("DE000001", 701, items, now))
