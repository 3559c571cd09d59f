"""Importing 1,000 X12 850 files from the SFTP drop box, against the same import from a folder.

    python bench/bench_edi_import.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/backoffice_bench python bench/...

A real SFTP server (sandbox.dropbox, on loopback, in a thread of this process) serves 1,000
files of 3 lines each. Timed, as the schedule runs them: the poll (one SFTP session that
fetches, stores, reads, imports and archives every file and queues a 997 for each), deciding
and queueing the 855s, and sending the outbox (2,000 uploads). The baseline, in the same run,
imports 1,000 other files (new PO and control numbers, so no duplicates) from a local folder
with edi_receive: the same storing and importing without the transport. This prints files/s of
each step, the poll's queries per file and the ratio poll time / local import time; it fails
(exit 1) when orders, archived files or uploads are not all there. No timed assertions.
Each upload opens its own SFTP session, so the send step takes about ten minutes.
"""

import logging
import os
import secrets
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from cryptography.fernet import Fernet

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import QueryCounter, database_label, django_start, say

if TYPE_CHECKING:  # Django models cannot be imported before django_start()
    from edi.models import EdiPartner, Interchange, SftpChannel
    from sandbox.dropbox import RunningServer

FILES = 1_000
LINES = 3
USERNAME, PASSWORD = "vendor", "bench-dropbox"
ORDERED_AT = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
BASELINE_CONTROL = 100_000  # baseline control numbers start here, clear of the polled files'

T = TypeVar("T")


def timed(work: Callable[[], T]) -> tuple[float, T, int]:
    """Seconds taken, the result, and the statements sent to the database."""
    from django.db import connection

    queries = QueryCounter()
    started = time.perf_counter()
    with connection.execute_wrapper(queries):
        result = work()
    return time.perf_counter() - started, result, queries.count


def catalogue_create() -> None:
    """The demo products, stocked far beyond what the orders ask, each with an enabled rule."""
    from sandbox.catalog import DEMO_CATALOG
    from skurules.models import AutoConfirmRule, Sku

    rows = Sku.objects.bulk_create([Sku(sku=p.sku, asin=p.asin, ean=p.ean, on_hand=10**6)
                                    for p in DEMO_CATALOG])
    AutoConfirmRule.objects.bulk_create([AutoConfirmRule(sku=sku, min_cost=Decimal("0.01"))
                                         for sku in rows])


def channel_create(server: "RunningServer") -> "SftpChannel":
    from edi.models import EdiPartner, SftpChannel
    from orders.models import VendorAccount

    account = VendorAccount.objects.create(code="DEMO1", selling_party_id="DEMO1")
    partner = EdiPartner.objects.create(code="amazon-us", account=account, partner_id="AMAZON",
                                        our_id="EXAMPLEVENDOR")
    return SftpChannel.objects.create(
        partner=partner, host=server.host, port=server.port, username=USERNAME,
        password=PASSWORD, host_key=server.host_key, archive_folder="archive")


def order_files_write(folder: Path, prefix: str, first_control: int) -> None:
    """FILES distinct 850s of LINES lines, PO numbers prefix000001... and rising control numbers."""
    from sandbox.catalog import DEMO_CATALOG
    from sandbox.edi_files import OrderedItem, x12_850

    for n in range(1, FILES + 1):
        items = [OrderedItem(DEMO_CATALOG[(n + i) % len(DEMO_CATALOG)], 1 + (n + i) % 4)
                 for i in range(LINES)]
        content = x12_850(f"{prefix}{n:06d}", first_control + n, items,
                          ORDERED_AT + timedelta(minutes=n))
        (folder / f"{prefix}{n:06d}.x12").write_bytes(content)


def local_import(folder: Path, partner: "EdiPartner") -> list["Interchange"]:
    """The baseline: the same store, read and import, with the files read from a local disk."""
    from edi.services.inbound import edi_receive

    return [edi_receive(file_name=path.name, content=path.read_bytes(), partner=partner)
            for path in sorted(folder.iterdir())]


def decide_and_acknowledge() -> int:
    from orders.services.acknowledgements import acknowledgements_queue
    from orders.services.deciding import purchase_orders_decide

    purchase_orders_decide()
    return len(acknowledgements_queue())


def visible_files(folder: Path) -> list[Path]:
    # A hidden ".name.part" would be an upload that never finished.
    return [path for path in folder.iterdir() if not path.name.startswith(".")]


def rate(count: int, seconds: float) -> str:
    return f"{count:,} in {seconds:.2f} s ({count / seconds:,.0f}/s)"


def quiet() -> None:
    # One line per SSH login, SFTP session and queued task would bury the figures.
    for name in ("asyncssh", "paramiko", "django-q", "sandbox.dropbox"):
        logging.getLogger(name).setLevel(logging.WARNING)


def main() -> None:
    # Throwaway secrets: nothing here may touch a developer's .env or data.
    os.environ.update({"SECRET_KEY": secrets.token_urlsafe(50), "READ_DOT_ENV": "false",
                       "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode()})
    sqlite_file = django_start("bench_edi_import")
    quiet()
    try:
        with tempfile.TemporaryDirectory(prefix="bench_edi_import_") as temp:
            failures = run(Path(temp))
    finally:
        if sqlite_file:
            sqlite_file.unlink(missing_ok=True)
    for failure in failures:
        say(f"FAILED: {failure}")
    if failures:
        raise SystemExit(1)


def run(temp: Path) -> list[str]:
    from sandbox.dropbox import SFTP_FOLDERS, folders_create, sftp_server_start

    root = temp / "dropbox"  # the host key stays outside the served folder, as on a server
    folders_create(root, SFTP_FOLDERS)
    server = sftp_server_start(root, username=USERNAME, password=PASSWORD,
                               host_key_path=temp / "ssh_host_key")
    try:
        catalogue_create()
        channel = channel_create(server)
        order_files_write(root / "inbound", "BX", 0)
        (temp / "local").mkdir()
        order_files_write(temp / "local", "LX", BASELINE_CONTROL)
        steps = steps_time(channel, temp / "local")
    finally:
        server.stop()
    steps_say(steps)
    return failures_of(steps, root)


Step = tuple[float, object, int]  # seconds, what the step returned, queries


def steps_time(channel: "SftpChannel", local: Path) -> dict[str, Step]:
    from edi.services.polling import sftp_poll
    from orders.services.outbox import outbox_send_due

    steps = {"poll": timed(lambda: sftp_poll(channel)),
             "decide": timed(decide_and_acknowledge),
             "send": timed(outbox_send_due)}
    # After sending, so that the baseline's 997s are not among the uploads.
    steps["local"] = timed(lambda: local_import(local, channel.partner))
    return steps


def steps_say(steps: dict[str, Step]) -> None:
    (poll_s, _, poll_q), (local_s, _, local_q) = steps["poll"], steps["local"]
    (decide_s, acknowledged, decide_q), (send_s, sent, send_q) = steps["decide"], steps["send"]
    say(f"EDI import on {database_label()}: {FILES:,} X12 850 files of {LINES} lines")
    say(f"  SFTP poll (fetch, store, import, archive, 997 queued): {rate(FILES, poll_s)}, "
        f"{poll_q / FILES:.1f} queries/file")
    say(f"  local import (edi_receive from a folder, baseline):    {rate(FILES, local_s)}, "
        f"{local_q / FILES:.1f} queries/file")
    say(f"  poll / local import time: {poll_s / local_s:.2f}x (the transport costs "
        f"{(poll_s - local_s) / FILES * 1000:.1f} ms/file)")
    say(f"  decide + queue 855s: {rate(acknowledged, decide_s)} POs, "
        f"{decide_q / max(acknowledged, 1):.1f} queries/PO")
    say(f"  outbox send (997s + 855s over SFTP): {rate(sent, send_s)} files, "
        f"{send_q / max(sent, 1):.1f} queries/file")


def failures_of(steps: dict[str, Step], root: Path) -> list[str]:
    """What is not as it must be after the run, one sentence each."""
    from edi.models import InterchangeStatus
    from orders.models import PurchaseOrder

    imported = InterchangeStatus.IMPORTED
    polled, local = steps["poll"][1].count(imported), steps["local"][1]
    local_imported = sum(interchange.status == imported for interchange in local)
    orders = PurchaseOrder.objects.filter(po_number__startswith="BX").count()
    left, archived = len(list((root / "inbound").iterdir())), len(visible_files(root / "archive"))
    acknowledged, uploaded = steps["decide"][1], len(visible_files(root / "outbound"))
    checks = [(polled == FILES, f"the poll imported {polled} of {FILES} files"),
              (orders == FILES, f"the poll brought {orders} of {FILES} purchase orders"),
              (left == 0, f"{left} files were left in inbound"),
              (archived == FILES, f"{archived} of {FILES} files were archived"),
              (acknowledged == FILES, f"{acknowledged} of {FILES} 855s were queued"),
              (uploaded == 2 * FILES, f"{uploaded} of {2 * FILES} files reached outbound"),
              (local_imported == FILES, f"the local import imported {local_imported} of {FILES}")]
    return [sentence for ok, sentence in checks if not ok]


if __name__ == "__main__":
    main()
