"""A Vendor Central spreadsheet in English, Italian or German becomes purchase orders."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from edi.models import Direction, InterchangeStatus, SpreadsheetFile, Standard, checksum_of
from edi.services.spreadsheets import spreadsheet_receive
from orders.models import OrderSource, PurchaseOrder, PurchaseOrderStatus
from tests.edi.spreadsheet.files import (
    BOARD,
    DE_HEADER,
    DUTCH_OVEN,
    EN_HEADER,
    IT_HEADER,
    SKILLET,
    csv_bytes,
    en_rows,
    row,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


def test_an_english_csv_becomes_new_spreadsheet_orders_grouped_by_po(account):
    content = csv_bytes([EN_HEADER, *en_rows()])
    interchange = spreadsheet_receive(account=account, file_name="orders.csv", content=content)

    assert interchange.status == InterchangeStatus.IMPORTED, interchange.error
    assert (interchange.direction, interchange.standard) == (Direction.INBOUND,
                                                             Standard.SPREADSHEET)
    assert interchange.checksum == checksum_of(content)
    assert bytes(interchange.content) == content
    first = PurchaseOrder.objects.get(po_number="4A7B9C2D")
    assert (first.account, first.source, first.status) == (account, OrderSource.SPREADSHEET,
                                                            PurchaseOrderStatus.NEW)
    assert first.ship_to.code == "ABE8"
    assert first.currency == "USD"
    assert first.delivery_window_start == datetime(2026, 12, 1, tzinfo=UTC)
    assert first.delivery_window_end == datetime(2026, 12, 15, tzinfo=UTC)
    lines = list(first.lines.order_by("item_sequence").values_list(
        "item_sequence", "amazon_product_id", "vendor_product_id", "ordered_quantity",
        "unit_of_measure", "net_cost", "is_backorder_allowed"))
    assert lines == [
        ("1", SKILLET.asin, SKILLET.ean, 10, "Eaches", Decimal("18.40"), False),
        ("2", DUTCH_OVEN.asin, DUTCH_OVEN.ean, 4, "Eaches", Decimal("32.75"), False)]
    assert set(interchange.purchase_orders.values_list("po_number", flat=True)) == {
        "4A7B9C2D", "5B8C1D3E"}
    sheet = SpreadsheetFile.objects.get(interchange=interchange)
    assert (sheet.locale, sheet.orders_created, sheet.lines) == ("en", 2, 3)


def test_an_italian_workbook_with_the_header_on_row_3_of_sheet_articoli(italian_account):
    rows = [row("8C9D0E1F", SKILLET, 12, "18,40 €", vendor="DEMOIT", fc="MXP5"),
            row("8C9D0E1F", BOARD, 3, "1.024,10 €", vendor="DEMOIT", fc="MXP5")]
    content = xlsx_bytes([IT_HEADER, *rows],
                         preamble=[["Ordini d'acquisto"], ["Esportato il 22/11/2026"]],
                         before=("Riepilogo",))
    interchange = spreadsheet_receive(account=italian_account, file_name="ordini.xlsx",
                                      content=content)

    assert interchange.status == InterchangeStatus.IMPORTED, interchange.error
    order = PurchaseOrder.objects.get(po_number="8C9D0E1F")
    assert order.ship_to.code == "MXP5"
    assert order.currency == "EUR"
    assert list(order.lines.order_by("item_sequence").values_list(
        "ordered_quantity", "net_cost")) == [(12, Decimal("18.40")), (3, Decimal("1024.10"))]
    assert interchange.spreadsheet.locale == "it"


def test_typed_excel_cells_numbers_and_dates_are_read_as_they_are(italian_account):
    cells = row("8C9D0E1F", SKILLET, 7, 18.4, vendor="DEMOIT",
                start=date(2026, 12, 1), end=date(2026, 12, 5))
    cells[4] = 850031041004  # Excel dropped the EAN's leading zero
    content = xlsx_bytes([IT_HEADER, cells])
    interchange = spreadsheet_receive(account=italian_account, file_name="o.xlsx",
                                      content=content)

    assert interchange.status == InterchangeStatus.IMPORTED, interchange.error
    order = PurchaseOrder.objects.get(po_number="8C9D0E1F")
    assert order.delivery_window_start == datetime(2026, 12, 1, tzinfo=UTC)
    assert list(order.lines.values_list("vendor_product_id", "ordered_quantity", "net_cost")) \
        == [("850031041004", 7, Decimal("18.4"))]


def test_a_german_csv_with_semicolons_decimal_commas_and_windows_1252(account):
    rows = [row("9D0E1F2A", SKILLET, "5", "18,40", start="01.12.2026", end="05.12.2026",
                expected="", fc="FRA7"),
            row("9D0E1F2A", DUTCH_OVEN, "2", "1.032,75 EUR", start="01.12.2026",
                end="05.12.2026", expected="", fc="FRA7")]
    content = csv_bytes([DE_HEADER, *rows], delimiter=";", encoding="cp1252")
    interchange = spreadsheet_receive(account=account, file_name="bestellungen.csv",
                                      content=content)

    assert interchange.status == InterchangeStatus.IMPORTED, interchange.error
    assert interchange.spreadsheet.locale == "de"
    order = PurchaseOrder.objects.get(po_number="9D0E1F2A")
    assert order.delivery_window_end == datetime(2026, 12, 5, tzinfo=UTC)
    assert list(order.lines.order_by("item_sequence").values_list(
        "net_cost", "currency")) == [(Decimal("18.40"), "USD"), (Decimal("1032.75"), "EUR")]


@pytest.mark.parametrize(("delimiter", "encoding"), [
    ("\t", "utf-8"), (",", "utf-8-sig"), (";", "utf-16")])
def test_tabs_byte_order_marks_and_utf16_are_read(account, delimiter, encoding):
    content = csv_bytes([EN_HEADER, *en_rows()], delimiter=delimiter, encoding=encoding)
    interchange = spreadsheet_receive(account=account, file_name="o.csv", content=content)
    assert interchange.status == InterchangeStatus.IMPORTED, interchange.error
    assert PurchaseOrder.objects.count() == 2


def test_headers_match_whatever_their_case_line_breaks_and_apostrophes(italian_account):
    header = ["Numero ordine/ordine d'acquisto", "CODICE\nFORNITORE", *IT_HEADER[2:]]
    header[11] = "  Quantità   ordinata "
    content = csv_bytes([header, row("8C9D0E1F", SKILLET, "1", "18,40 €", vendor="DEMOIT")])
    interchange = spreadsheet_receive(account=italian_account, file_name="o.csv",
                                      content=content)
    assert interchange.status == InterchangeStatus.IMPORTED, interchange.error


def test_the_currency_comes_from_the_symbol_or_else_the_accounts_marketplace(italian_account):
    rows = [row("1", SKILLET, "1", "18,40", vendor="DEMOIT"),
            row("1", BOARD, "1", "£24.10", vendor="DEMOIT")]
    spreadsheet_receive(account=italian_account, file_name="o.csv",
                        content=csv_bytes([IT_HEADER, *rows]))
    assert list(PurchaseOrder.objects.get().lines.order_by("item_sequence").values_list(
        "net_cost", "currency")) == [(Decimal("18.40"), "EUR"), (Decimal("24.10"), "GBP")]


@pytest.mark.parametrize(("marketplace", "end"), [("US", datetime(2026, 2, 12, tzinfo=UTC)),
                                                 ("UK", datetime(2026, 12, 2, tzinfo=UTC))])
def test_dates_that_fit_both_ways_follow_the_marketplace(account, marketplace, end):
    account.marketplace = marketplace
    account.save()
    content = csv_bytes([EN_HEADER, row("1", SKILLET, start="01/12/2026", end="02/12/2026",
                                        expected="")])
    interchange = spreadsheet_receive(account=account, file_name="o.csv", content=content)
    assert interchange.status == InterchangeStatus.IMPORTED, interchange.error
    assert PurchaseOrder.objects.get().delivery_window_end == end


def test_one_date_past_the_twelfth_shows_the_order_of_the_whole_file(account):
    content = csv_bytes([EN_HEADER, row("1", SKILLET, start="12/01/2026", end="12/13/2026",
                                        expected="12/02/2026")])
    spreadsheet_receive(account=account, file_name="o.csv", content=content)
    order = PurchaseOrder.objects.get()
    assert (order.delivery_window_start, order.delivery_window_end) == (
        datetime(2026, 12, 1, tzinfo=UTC), datetime(2026, 12, 13, tzinfo=UTC))


def test_blank_rows_and_a_totals_row_below_the_lines_are_not_lines(account):
    totals = [""] * len(EN_HEADER)
    totals[-1] = "$340.40"
    content = csv_bytes([EN_HEADER, *en_rows(), [""] * len(EN_HEADER), totals])
    interchange = spreadsheet_receive(account=account, file_name="o.csv", content=content)
    assert interchange.status == InterchangeStatus.IMPORTED, interchange.error
    assert interchange.spreadsheet.lines == 3


def test_the_model_number_is_the_vendor_product_id_when_the_external_id_is_blank(account):
    cells = row("1", SKILLET)
    cells[4] = ""
    spreadsheet_receive(account=account, file_name="o.csv",
                        content=csv_bytes([EN_HEADER, cells]))
    assert PurchaseOrder.objects.get().lines.get().vendor_product_id == SKILLET.sku
