"""Importing a big file costs a small one's queries plus insert batches, never a query per row.

SQLite splits a bulk insert by its 999 parameters (about 50 lines per statement); PostgreSQL
takes the intake's batches of 500.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from edi.models import InterchangeStatus
from edi.services.spreadsheets import spreadsheet_receive
from orders.models import PurchaseOrderLine
from sandbox.catalog import DEMO_CATALOG
from tests.edi.spreadsheet.files import EN_HEADER, csv_bytes, row

pytestmark = pytest.mark.django_db
QUERY_BUDGET = 40


def file_of(line_count: int, quantity: str = "10") -> bytes:
    """Five lines per PO, a few fulfillment centers."""
    rows = [row(f"PO{n // 5:05d}", DEMO_CATALOG[n % 5], quantity, fc=f"FC{n % 3}")
            for n in range(line_count)]
    return csv_bytes([EN_HEADER, *rows])


def queries_to_receive(account, content: bytes) -> int:
    with CaptureQueriesContext(connection) as captured:
        interchange = spreadsheet_receive(account=account, file_name="o.csv", content=content)
    assert interchange.status == InterchangeStatus.IMPORTED, interchange.error
    return len(captured)


def test_importing_500_rows_stays_within_the_budget(account, django_assert_max_num_queries):
    with django_assert_max_num_queries(QUERY_BUDGET):
        interchange = spreadsheet_receive(account=account, file_name="o.csv",
                                          content=file_of(500))
    assert interchange.status == InterchangeStatus.IMPORTED, interchange.error
    assert PurchaseOrderLine.objects.count() == 500
    assert interchange.purchase_orders.count() == 100


def test_the_query_count_grows_only_by_insert_batches(account):
    small = queries_to_receive(account, file_of(10))
    assert queries_to_receive(account, file_of(500)) - small <= 500 // 25


def test_importing_the_same_500_orders_again_stays_within_the_budget(
        account, django_assert_max_num_queries):
    spreadsheet_receive(account=account, file_name="o.csv", content=file_of(500))
    with django_assert_max_num_queries(QUERY_BUDGET):
        again = spreadsheet_receive(account=account, file_name="p.csv",
                                    content=file_of(500).replace(b"\r\n", b"\n"))
    assert again.spreadsheet.orders_unchanged == 100
