"""Header maps: an account's own map wins over the default; fixing a map and reprocessing
imports a file that failed."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from edi.models import InterchangeStatus, SpreadsheetHeaderMap
from edi.services.spreadsheets import header_maps_for, spreadsheet_receive, spreadsheet_reprocess
from orders.models import PurchaseOrder
from tests.edi.spreadsheet.files import EN_HEADER, SKILLET, csv_bytes, en_rows, row
from tests.factories import InterchangeFactory

pytestmark = pytest.mark.django_db


def renamed(header: list[str], old: str, new: str) -> list[str]:
    return [new if label == old else label for label in header]


def test_the_migration_creates_a_default_map_per_language():
    defaults = SpreadsheetHeaderMap.objects.filter(account=None)
    assert sorted(defaults.values_list("locale", flat=True)) == ["de", "en", "it"]
    italian = defaults.get(locale="it")
    assert italian.headers["po_number"] == ["Numero ordine/ordine d\u2019acquisto"]
    assert italian.availability_labels["AC"].startswith("AC - ")


def test_the_accounts_own_map_wins_over_the_default_for_its_language(account):
    own = {**SpreadsheetHeaderMap.objects.get(account=None, locale="en").headers,
           "quantity_requested": ["Qty"]}
    SpreadsheetHeaderMap.objects.create(account=account, locale="en", headers=own)
    maps = {m.locale: m for m in header_maps_for(account)}
    assert maps["en"].headers["quantity_requested"] == ["Qty"]
    assert maps["en"].availability["AC"] == "AC - Accepted: In stock"  # from the default
    assert maps["it"].headers["quantity_requested"] == ["Quantità ordinata"]

    content = csv_bytes([renamed(EN_HEADER, "Quantity Requested", "Qty"), *en_rows()])
    interchange = spreadsheet_receive(account=account, file_name="o.csv", content=content)
    assert interchange.status == InterchangeStatus.IMPORTED, interchange.error


def test_the_marketplaces_language_comes_first(italian_account, account):
    assert [m.locale for m in header_maps_for(italian_account)] == ["it", "en", "de"]
    assert [m.locale for m in header_maps_for(account)] == ["en", "de", "it"]


def test_reprocessing_after_fixing_the_header_map_imports_the_stored_file(account):
    content = csv_bytes([renamed(EN_HEADER, "Unit Cost", "Net Cost"), row("1", SKILLET)])
    interchange = spreadsheet_receive(account=account, file_name="o.csv", content=content)
    assert interchange.status == InterchangeStatus.ERROR
    assert "The unit cost column is missing" in interchange.error

    english = SpreadsheetHeaderMap.objects.get(account=None, locale="en")
    english.headers["unit_cost"].append("Net cost")
    english.save()
    reprocessed = spreadsheet_reprocess(interchange)

    assert reprocessed.status == InterchangeStatus.IMPORTED
    assert reprocessed.error == ""
    assert list(reprocessed.purchase_orders.values_list("po_number", flat=True)) == ["1"]
    assert PurchaseOrder.objects.get().lines.get().net_cost == Decimal("18.40")


def test_reprocessing_a_duplicate_imports_it(account):
    content = csv_bytes([EN_HEADER, *en_rows()])
    spreadsheet_receive(account=account, file_name="o.csv", content=content)
    duplicate = spreadsheet_receive(account=account, file_name="o.csv", content=content)
    reprocessed = spreadsheet_reprocess(duplicate)
    assert (reprocessed.status, reprocessed.duplicate_of) == (InterchangeStatus.IMPORTED, None)
    assert reprocessed.spreadsheet.orders_unchanged == 2


def test_an_imported_spreadsheet_is_not_read_again(account):
    interchange = spreadsheet_receive(account=account, file_name="o.csv",
                                      content=csv_bytes([EN_HEADER, *en_rows()]))
    with pytest.raises(ValidationError, match="is not in error or a duplicate"):
        spreadsheet_reprocess(interchange)


def test_an_edi_interchange_is_not_reprocessed_as_a_spreadsheet():
    with pytest.raises(ValidationError, match="is not a Vendor Central spreadsheet"):
        spreadsheet_reprocess(InterchangeFactory(status=InterchangeStatus.ERROR))
