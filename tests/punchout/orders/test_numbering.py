"""PO numbers: the configured format, a fresh sequence each year, never the same twice."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from punchout.models import ProcurementOrder, ProcurementSettings
from punchout.services.numbering import po_number_next
from tests.factories import CartFactory, SupplierFactory

YEAR = timezone.localdate().year


def settings_row(**values) -> ProcurementSettings:
    row, _ = ProcurementSettings.objects.get_or_create(pk=1)
    for name, value in values.items():
        setattr(row, name, value)
    row.save()
    return row


@pytest.mark.django_db
def test_numbers_follow_the_default_format_and_count_up():
    assert [po_number_next() for _ in range(3)] == [
        f"PO-{YEAR}-000001", f"PO-{YEAR}-000002", f"PO-{YEAR}-000003"]
    assert ProcurementSettings.objects.get(pk=1).po_number_next == 4


@pytest.mark.django_db
def test_the_settings_row_is_created_when_missing():
    ProcurementSettings.objects.all().delete()

    assert po_number_next() == f"PO-{YEAR}-000001"
    assert ProcurementSettings.objects.filter(pk=1).exists()


@pytest.mark.django_db
def test_the_sequence_restarts_in_a_new_year_when_the_format_holds_the_year():
    settings_row(po_number_next=123, po_number_year=YEAR - 1)

    assert po_number_next() == f"PO-{YEAR}-000001"
    assert ProcurementSettings.objects.get(pk=1).po_number_year == YEAR


@pytest.mark.django_db
def test_a_format_without_the_year_keeps_counting():
    settings_row(po_number_format="BUY{number:05d}", po_number_next=123,
                 po_number_year=YEAR - 1)

    assert po_number_next() == "BUY00123"
    assert po_number_next() == "BUY00124"


@pytest.mark.django_db
def test_a_counter_set_back_by_hand_skips_numbers_already_used():

    settings_row(po_number_next=7, po_number_year=YEAR)
    cart = CartFactory(supplier=SupplierFactory())
    ProcurementOrder.objects.create(number=f"PO-{YEAR}-000007", cart=cart,
                                    supplier=cart.supplier, deployment_mode="test",
                                    order_date=timezone.now(), currency="USD", total=0,
                                    payload_id="p-7")

    assert po_number_next() == f"PO-{YEAR}-000008"


@pytest.mark.django_db
def test_a_broken_format_says_how_to_write_one():
    settings_row(po_number_format="PO-{yr}-{number}")

    with pytest.raises(ValidationError, match=r"use \{year\} and \{number\}"):
        po_number_next()


WORKERS, EACH = 6, 15


def take_numbers(start: threading.Barrier, numbers: list, errors: list) -> None:
    try:
        start.wait()
        for _ in range(EACH):
            with transaction.atomic():
                numbers.append(po_number_next())
    except Exception as exc:
        errors.append(exc)
    finally:
        connection.close()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="row locks need PostgreSQL (SQLite serialises all writers)")
def test_concurrent_orders_never_get_the_same_number():
    settings_row()
    start, numbers, errors = threading.Barrier(WORKERS), [], []
    threads = [threading.Thread(target=take_numbers, args=(start, numbers, errors))
               for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert errors == []
    assert sorted(numbers) == [f"PO-{YEAR}-{n:06d}" for n in range(1, WORKERS * EACH + 1)]
