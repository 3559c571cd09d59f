"""The demo spreadsheets in sandbox/fixtures/spreadsheets import as the demo shows them."""

from pathlib import Path

import pytest

import sandbox
from edi.models import InterchangeStatus
from edi.services.spreadsheets import confirmation_export, spreadsheet_receive
from orders.models import PurchaseOrder
from orders.services.deciding import purchase_orders_decide

pytestmark = pytest.mark.django_db
DEMO_FILES = Path(sandbox.__file__).parent / "fixtures" / "spreadsheets"


def receive(account, name: str):
    return spreadsheet_receive(account=account, file_name=name,
                               content=(DEMO_FILES / name).read_bytes())


def test_the_english_csv_and_the_italian_workbook_import_and_confirm(account,
                                                                     stocked_catalog):
    english = receive(account, "vendor-central-orders-en.csv")
    italian = receive(account, "vendor-central-orders-it.xlsx")
    assert (english.status, italian.status) == (InterchangeStatus.IMPORTED,
                                                InterchangeStatus.IMPORTED)
    assert (english.spreadsheet.locale, italian.spreadsheet.locale) == ("en", "it")
    assert set(PurchaseOrder.objects.values_list("po_number", flat=True)) == {
        "SHEET01A", "SHEET02B", "FOGLIO1A", "FOGLIO2B"}

    purchase_orders_decide(account=account)
    assert confirmation_export(interchange=italian).undecided == []
    assert confirmation_export(interchange=english).confirmed_lines == 5


def test_the_broken_csv_shows_the_missing_column(account):
    broken = receive(account, "vendor-central-orders-missing-column.csv")
    assert broken.status == InterchangeStatus.ERROR
    assert broken.error == (
        "The quantity requested column is missing: the English header map accepts 'Quantity "
        "Requested' or 'Requested quantity'. Add the column to the file, or add its header to "
        "the header map.")
