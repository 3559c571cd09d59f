"""Workers writing files for the same partner at once never reuse a control number."""

import threading

import pytest
from django.db import connection, transaction

from edi.services.envelopes import control_numbers_take
from tests.factories import EdiPartnerFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="row locks need PostgreSQL (SQLite serialises all writers)"),
]
WORKERS, TAKES = 4, 25


def worker(partner, start: threading.Barrier, taken: list, errors: list) -> None:
    try:
        start.wait()
        for _ in range(TAKES):
            with transaction.atomic():
                taken.append(control_numbers_take(partner).interchange)
    except Exception as exc:
        errors.append(exc)
    finally:
        connection.close()


def test_concurrent_workers_take_distinct_interchange_control_numbers():
    partner = EdiPartnerFactory()
    start, taken, errors = threading.Barrier(WORKERS), [], []
    threads = [threading.Thread(target=worker, args=(partner, start, taken, errors))
               for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert errors == []
    assert sorted(taken) == list(range(1, WORKERS * TAKES + 1))
    partner.refresh_from_db()
    assert partner.next_interchange_number == WORKERS * TAKES + 1
