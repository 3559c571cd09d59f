"""Sales orders from a shop's CSV export: grouped by order, all or nothing, never twice."""

import pytest
from django.core.management import CommandError, call_command

from orders.models import SalesOrder
from orders.services.sales_orders import HEADER
from tests.factories import SkuFactory

ROWS = ["ebay,12-001,2026-12-01T09:30:00Z,Jane Rider,12 Main St,,Boise,ID,83702,US,,,L1,"
        "HF-HF204,Oil filter,2,12.95,USD",
        "ebay,12-001,2026-12-01T09:30:00Z,Jane Rider,12 Main St,,Boise,ID,83702,US,,,L2,"
        "NGK-CR9E,Plug,4,6.49,USD",
        "amazon,113-55,,Max Mustermann,1 Elm Rd,Apt 2,Austin,TX,73301,US,,,A1,HF-HF204,"
        "Oil filter,1,,USD"]


def csv_file(tmp_path, rows):
    path = tmp_path / "orders.csv"
    path.write_text("\n".join([",".join(HEADER), *rows]) + "\n")
    return path


def test_rows_become_orders_with_lines_matched_to_our_skus(db, tmp_path, capsys):
    filter_sku = SkuFactory(sku="HF-HF204")

    call_command("import_sales_orders", str(csv_file(tmp_path, ROWS)))

    assert "2 sales orders imported, 0 already known" in capsys.readouterr().out
    ebay = SalesOrder.objects.get(marketplace_order_id="12-001")
    assert (ebay.channel, ebay.ship_city, ebay.lines.count()) == ("ebay", "Boise", 2)
    first = ebay.lines.get(line_id="L1")
    assert (first.sku, first.quantity, str(first.unit_price)) == (filter_sku, 2, "12.95")
    assert ebay.lines.get(line_id="L2").sku is None  # not one of our SKUs yet


def test_the_same_file_twice_creates_nothing_new(db, tmp_path, capsys):
    call_command("import_sales_orders", str(csv_file(tmp_path, ROWS)))
    call_command("import_sales_orders", str(csv_file(tmp_path, ROWS)))
    assert "0 sales orders imported, 2 already known" in capsys.readouterr().out
    assert SalesOrder.objects.count() == 2


def test_a_bad_row_imports_nothing_and_is_named(db, tmp_path, capsys):
    bad = ROWS[:1] + [ROWS[1].replace(",4,", ",four,"), ROWS[2].replace("amazon", "etsy")]
    with pytest.raises(CommandError, match="Nothing imported: 2 problem"):
        call_command("import_sales_orders", str(csv_file(tmp_path, bad)))
    err = capsys.readouterr().err
    assert "Line 3: quantity 'four' is not a whole number." in err
    assert "Line 4: channel 'etsy' is not one of ebay, amazon, shopify, other." in err
    assert not SalesOrder.objects.exists()
