"""Pulling 1,000 purchase orders through the real client from the simulator, as its own process.

    python bench/bench_pull.py

Amazon allows getPurchaseOrders 10 requests/s (burst 10); the client spaces its calls to that.
This prints the requests made, the time taken against the least time Amazon's limits allow,
and the orders stored and applied per second.
"""

import logging
import os
import secrets
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from cryptography.fernet import Fernet

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import ROOT, QueryCounter, database_label, django_start, say

ORDERS = 1_000
SLOT = timedelta(minutes=15)  # the simulator creates one order per 15-minute slot
CEILING = 10.0
BURST = 10


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def sandbox_start(port: int) -> subprocess.Popen:
    manage = [sys.executable, "manage.py"]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "sandbox.settings"}
    subprocess.run([*manage, "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    server = subprocess.Popen([*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("the simulator did not start")


def main() -> None:
    logging.getLogger("httpx").setLevel(logging.WARNING)
    # Throwaway secrets for both processes; nothing here may touch a developer's .env or data.
    os.environ.update({"SECRET_KEY": secrets.token_urlsafe(50), "READ_DOT_ENV": "false",
                       "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode()})
    port = free_port()
    server = sandbox_start(port)
    sqlite_file = django_start("bench_pull")
    try:
        run(f"http://127.0.0.1:{port}")
    finally:
        server.terminate()
        if sqlite_file:
            sqlite_file.unlink(missing_ok=True)


def run(endpoint: str) -> None:
    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    from orders.models import ApiPage, PurchaseOrder, VendorAccount
    from orders.services.pulling import orders_pull
    from sandbox.catalog import DEMO_VENDOR_CODE

    settings.SP_API_ENDPOINT, settings.SP_API_LWA_ENDPOINT = endpoint, f"{endpoint}/auth/o2/token"
    account = VendorAccount.objects.create(
        code=DEMO_VENDOR_CODE, selling_party_id=DEMO_VENDOR_CODE, lwa_app_id="bench",
        lwa_client_secret="bench", refresh_token="Atzr|bench")
    queries = QueryCounter()
    started = time.perf_counter()
    with connection.execute_wrapper(queries):
        result = orders_pull(account=account, since=timezone.now() - SLOT * ORDERS)
    seconds = time.perf_counter() - started
    requests, orders = ApiPage.objects.count(), PurchaseOrder.objects.count()
    # The first BURST requests may go at once; after that Amazon allows CEILING per second.
    paced = max(requests - BURST, 0) / CEILING
    say(f"pull on {database_label()}: {orders} POs in {requests} requests, {seconds:.2f} s "
        f"({requests / seconds:.1f} requests/s); Amazon's limits (burst {BURST}, then "
        f"{CEILING:.0f}/s) allow it in {paced:.2f} s at best; {orders / seconds:,.0f} POs/s; "
        f"{queries.count} queries; {len(result.page_errors)} page errors")


if __name__ == "__main__":
    main()
