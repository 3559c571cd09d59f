"""A file that cannot be imported is kept raw, in error, with a sentence per problem; nothing of
it is imported."""

import pytest

from edi.models import Interchange, InterchangeStatus
from edi.services.spreadsheets import spreadsheet_receive
from orders.models import PurchaseOrder
from tests.edi.spreadsheet.files import (
    BOARD,
    EN_HEADER,
    IT_HEADER,
    SKILLET,
    csv_bytes,
    en_rows,
    row,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


def receive_rejected(account, content: bytes, name: str = "orders.csv") -> list[str]:
    interchange = spreadsheet_receive(account=account, file_name=name, content=content)
    assert interchange.status == InterchangeStatus.ERROR
    assert bytes(Interchange.objects.get(pk=interchange.pk).content) == content
    assert not PurchaseOrder.objects.exists()
    assert not interchange.purchase_orders.exists()
    return interchange.error.splitlines()


def test_a_missing_column_names_the_field_and_the_accepted_headers(italian_account):
    header = [label for label in IT_HEADER if label != "Quantità ordinata"]
    cells = row("1", SKILLET, vendor="DEMOIT")
    del cells[11]
    assert receive_rejected(italian_account, xlsx_bytes([header, cells]), "o.xlsx") == [
        "The quantity requested column is missing: the Italian header map accepts 'Quantità "
        "ordinata'. Add the column to the file, or add its header to the header map."]


def test_a_quantity_that_is_not_a_number_names_the_row_as_the_sheet_shows_it(italian_account):
    rows = [row("1", SKILLET, "5", vendor="DEMOIT"), row("1", BOARD, "dieci", vendor="DEMOIT")]
    content = xlsx_bytes([IT_HEADER, *rows], preamble=[["Ordini"], [""]])
    assert receive_rejected(italian_account, content, "o.xlsx") == [
        "Row 5, column 'Quantità ordinata': 'dieci' is not a whole number."]


def test_every_bad_cell_is_reported_and_the_good_rows_are_not_imported(account):
    rows = [*en_rows(), row("6", SKILLET, "-2", "cheap", start="31/02/2026"),
            row("", BOARD, "1")]
    assert receive_rejected(account, csv_bytes([EN_HEADER, *rows])) == [
        "Row 5, column 'Window start': '31/02/2026' is not a date such as 31/12/2026 or "
        "2026-12-31.",
        "Row 5, column 'Quantity Requested': '-2' is not a whole number.",
        "Row 5, column 'Unit Cost': 'cheap' is not an amount such as 12.50, 12,50 € or "
        "$1,234.50.",
        "Row 6, column 'PO': the PO number is empty; fill it in or delete the row."]


def test_a_bad_date(account):
    content = csv_bytes([EN_HEADER, row("1", SKILLET, start="1st of December")])
    assert receive_rejected(account, content) == [
        "Row 2, column 'Window start': '1st of December' is not a date such as 31/12/2026 or "
        "2026-12-31."]


def test_an_empty_quantity(account):
    content = csv_bytes([EN_HEADER, row("1", SKILLET, "")])
    assert receive_rejected(account, content) == [
        "Row 2, column 'Quantity Requested': the cell is empty; it needs the quantity Amazon "
        "requested."]


def test_an_asin_that_is_not_one(account):
    cells = row("1", SKILLET)
    cells[3] = "B0-NOT-AN-ASIN"
    assert receive_rejected(account, csv_bytes([EN_HEADER, cells])) == [
        "Row 2, column 'ASIN': 'B0-NOT-AN-ASIN' is not an ASIN (10 letters and digits)."]


def test_rows_of_another_vendor_code_are_refused(account):
    content = csv_bytes([EN_HEADER, row("1", SKILLET, vendor="OTHER")])
    assert receive_rejected(account, content) == [
        "Row 2, column 'Vendor': 'OTHER' is not the vendor code of this account (DEMO1); "
        "import the file for the account with that vendor code."]


def test_an_empty_file(account):
    assert receive_rejected(account, b"") == ["The file is empty."]


def test_binary_garbage(account):
    assert receive_rejected(account, bytes(range(256)) * 8, "orders.bin") == [
        "The file is neither CSV text nor an Excel workbook (.xlsx); export the purchase "
        "orders from Vendor Central again."]


def test_text_without_an_asin_column(account):
    content = csv_bytes([["Name", "Quantity"], ["Skillet", "3"]])
    assert receive_rejected(account, content) == [
        "No row among the first 20 of the file has an 'ASIN' column, so this is not a Vendor "
        "Central purchase-order file or its header row is missing; export the purchase orders "
        "from Vendor Central again."]


def test_a_workbook_without_the_orders_sheet(italian_account):
    content = xlsx_bytes([["Totale", "12"]], sheet="Riepilogo")
    assert receive_rejected(italian_account, content, "o.xlsx") == [
        "No row among the first 20 of any sheet ('Riepilogo') has an 'ASIN' column, so this is "
        "not a Vendor Central purchase-order file or its header row is missing; export the "
        "purchase orders from Vendor Central again."]


def test_a_damaged_workbook(account):
    content = xlsx_bytes([EN_HEADER, *en_rows()])
    errors = receive_rejected(account, content[:400], "o.xlsx")
    assert errors[0].startswith("The Excel workbook cannot be opened (")


def test_an_old_excel_workbook(account):
    assert receive_rejected(account, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500,
                            "o.xls") == [
        "The file is an old Excel 97-2003 workbook (.xls); open it in Excel and save it as "
        ".xlsx or CSV."]


def test_a_header_without_any_order_row(account):
    assert receive_rejected(account, csv_bytes([EN_HEADER])) == [
        "Below the header row (row 1) there is no purchase-order row."]
