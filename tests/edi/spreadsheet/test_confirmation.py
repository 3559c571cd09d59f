"""The confirmation: the received file written back with the decided accepted quantities."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from edi.models import InterchangeStatus
from edi.services.spreadsheets import (
    confirmation_export,
    parse_options,
    spreadsheet_receive,
)
from edi.spreadsheet.parsing import spreadsheet_parse
from orders.services.deciding import purchase_orders_decide
from sandbox.catalog import DEMO_CATALOG
from skurules.models import AutoConfirmRule, Sku
from tests.edi.spreadsheet.files import (
    BOARD,
    DUTCH_OVEN,
    EN_HEADER,
    IT_HEADER,
    SKILLET,
    csv_bytes,
    csv_rows,
    en_rows,
    row,
    xlsx_bytes,
    xlsx_rows,
)

pytestmark = pytest.mark.django_db
ACCEPTED, AVAILABILITY = 12, 7  # column indexes in the headers of files.py


def stock(product, on_hand: int) -> None:
    sku = Sku.objects.create(sku=product.sku, asin=product.asin, ean=product.ean,
                             on_hand=on_hand)
    AutoConfirmRule.objects.create(sku=sku, min_cost=Decimal("0.01"), min_inventory=0)


def test_decided_orders_round_trip_through_the_parser_with_accepted_quantities(
        account, stocked_catalog):
    interchange = spreadsheet_receive(account=account, file_name="orders.csv",
                                      content=csv_bytes([EN_HEADER, *en_rows()]))
    purchase_orders_decide(account=account)

    export = confirmation_export(interchange=interchange)

    assert (export.file_name, export.content_type) == ("orders-confirmation.csv", "text/csv")
    assert (export.confirmed_lines, export.undecided) == (3, [])
    parse = spreadsheet_parse(export.content, parse_options(account))
    assert [(r.po_number, r.item_sequence, r.accepted_quantity, r.availability)
            for r in parse.rows] == [
        ("4A7B9C2D", "1", 10, "AC - Accepted: In stock"),
        ("4A7B9C2D", "2", 4, "AC - Accepted: In stock"),
        ("5B8C1D3E", "1", 6, "AC - Accepted: In stock")]
    assert parse.orders == spreadsheet_parse(bytes(interchange.content),
                                             parse_options(account)).orders


def test_the_confirmation_keeps_every_other_cell_as_it_was(account, stocked_catalog):
    content = csv_bytes([EN_HEADER, *en_rows()], delimiter=";",
                        preamble=[["Purchase orders"], ["Exported 22/11/2026"]])
    interchange = spreadsheet_receive(account=account, file_name="o.csv", content=content)
    purchase_orders_decide(account=account)

    written = csv_rows(confirmation_export(interchange=interchange).content, delimiter=";")

    original = csv_rows(content, delimiter=";")
    assert written[:3] == original[:3]
    for before, after in zip(original[3:], written[3:], strict=True):
        assert [c for i, c in enumerate(after) if i not in (ACCEPTED, AVAILABILITY)] == \
            [c for i, c in enumerate(before) if i not in (ACCEPTED, AVAILABILITY)]


def test_out_of_stock_and_unknown_products_are_confirmed_with_their_reason(account):
    stock(SKILLET, 4)
    stock(DUTCH_OVEN, 0)
    rows = [row("1", SKILLET, "10"), row("1", DUTCH_OVEN, "2"), row("1", DEMO_CATALOG[9], "1")]
    interchange = spreadsheet_receive(account=account, file_name="o.csv",
                                      content=csv_bytes([EN_HEADER, *rows]))
    purchase_orders_decide(account=account)

    written = csv_rows(confirmation_export(interchange=interchange).content)

    assert [(r[ACCEPTED], r[AVAILABILITY]) for r in written[1:]] == [
        ("4", "AC - Accepted: In stock"), ("0", "OS - Cancelled: Out of stock"),
        ("0", "IR - Rejected: Invalid product information")]


def test_lines_of_orders_not_decided_yet_stay_blank_and_are_reported(account):
    stock(SKILLET, 100)
    stock(DUTCH_OVEN, 100)
    Sku.objects.create(sku=BOARD.sku, asin=BOARD.asin, ean=BOARD.ean, on_hand=9)  # no rule
    rows = en_rows()
    rows[0][ACCEPTED] = "99"  # whatever was there is not confirmed
    interchange = spreadsheet_receive(account=account, file_name="o.csv",
                                      content=csv_bytes([EN_HEADER, *rows]))
    purchase_orders_decide(account=account)  # 5B8C1D3E needs review: its SKU has no rule
    export = confirmation_export(interchange=interchange)

    assert export.undecided == ["5B8C1D3E"]
    written = csv_rows(export.content)
    assert [(r[0], r[ACCEPTED], r[AVAILABILITY]) for r in written[1:]] == [
        ("4A7B9C2D", "10", "AC - Accepted: In stock"),
        ("4A7B9C2D", "4", "AC - Accepted: In stock"), ("5B8C1D3E", "", "")]


def test_an_italian_workbook_is_confirmed_in_the_same_workbook_in_italian(italian_account,
                                                                          stocked_catalog):
    rows = [row("8C9D0E1F", SKILLET, 12, "18,40 €", vendor="DEMOIT")]
    preamble = [["Ordini d'acquisto"], ["Esportato il 22/11/2026"]]
    content = xlsx_bytes([IT_HEADER, *rows], preamble=preamble, before=("Riepilogo",))
    interchange = spreadsheet_receive(account=italian_account, file_name="ordini.xlsx",
                                      content=content)
    purchase_orders_decide(account=italian_account)

    export = confirmation_export(interchange=interchange)

    assert export.file_name == "ordini-confirmation.xlsx"
    written = xlsx_rows(export.content)
    assert written[:3] == xlsx_rows(content)[:3]
    assert (written[3][ACCEPTED], written[3][AVAILABILITY]) == (12, "AC - Accettato: disponibile")
    assert xlsx_rows(export.content, "Riepilogo") == [("Riepilogo",)]


def test_the_confirmation_file_imported_again_changes_nothing(account, stocked_catalog):
    interchange = spreadsheet_receive(account=account, file_name="o.csv",
                                      content=csv_bytes([EN_HEADER, *en_rows()]))
    purchase_orders_decide(account=account)
    again = spreadsheet_receive(account=account, file_name="o-confirmation.csv",
                                content=confirmation_export(interchange=interchange).content)
    assert again.status == InterchangeStatus.IMPORTED
    assert again.spreadsheet.orders_unchanged == 2


def test_a_file_in_error_has_no_confirmation(account):
    interchange = spreadsheet_receive(account=account, file_name="o.csv", content=b"")
    with pytest.raises(ValidationError, match="was not imported"):
        confirmation_export(interchange=interchange)
