"""Items become our SKUs by mapping, UPC or MPN; a SKU is drop-shippable from a warehouse
that ships within a day and holds more than its buffer; the marketplace file sums those."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from distributors.models import DistributorItem, DropshipAvailability, SkuMapping
from distributors.services.availability import availability_recompute, items_match
from distributors.services.feeds import feed_import
from tests.distributors.feeds.conftest import HEADER, WPS_FILE, write_csv
from tests.factories import DistributorItemFactory, SkuFactory, WarehouseFactory


def available_quantity(sku) -> int | None:
    row = DropshipAvailability.objects.filter(sku=sku).first()
    return row.quantity if row else None


def test_items_match_our_skus_by_upc_ean_and_mpn(wps_feed):
    by_upc = SkuFactory(sku="OIL-HF204", ean="0840113900015", upc="")  # EAN = 0 + UPC
    by_mpn = SkuFactory(sku="PLUG-1", upc="", ean="", manufacturer_part_number="CR9E")
    by_code = SkuFactory(sku="FA196HH", upc="", ean="")  # our code is the MPN

    feed_import(feed=wps_feed, path=WPS_FILE)

    parts = dict(wps_feed.distributor.warehouses.get(code="GA").items.values_list(
        "part_number", "sku"))
    assert parts["87-9204"] == by_upc.pk
    assert parts["87-9981"] == by_mpn.pk
    assert parts["26-1187"] == by_code.pk


def test_staff_mapping_wins_over_matching(wps_feed):
    SkuFactory(sku="OIL-HF204", ean="0840113900015")
    chosen = SkuFactory(sku="OIL-OTHER", ean="")
    SkuMapping.objects.create(distributor=wps_feed.distributor, part_number="87-9204",
                              sku=chosen)

    feed_import(feed=wps_feed, path=WPS_FILE)

    assert set(DistributorItem.objects.filter(part_number="87-9204")
               .values_list("sku", flat=True)) == {chosen.pk}


@pytest.mark.parametrize(("warehouse", "quantity", "cost", "expected"), [
    ({"lead_time_days": 1, "stock_buffer": 2}, 7, "10", 5),
    ({"lead_time_days": 0, "stock_buffer": 0}, 1, "10", 1),
    ({"lead_time_days": 2, "stock_buffer": 0}, 7, "10", None),
    ({"lead_time_days": 1, "stock_buffer": 7}, 7, "10", None),
    ({"lead_time_days": 1, "stock_buffer": 0, "is_excluded": True}, 7, "10", None),
    ({"lead_time_days": 3, "price_cutoff": Decimal("50")}, 7, "80", 7),
    ({"lead_time_days": 3, "price_cutoff": Decimal("50")}, 7, "20", None),
])
def test_drop_shippable_only_within_a_day_above_the_buffer(db, warehouse, quantity, cost,
                                                           expected):
    sku = SkuFactory()
    DistributorItemFactory(warehouse=WarehouseFactory(**warehouse), sku=sku, quantity=quantity,
                           cost=Decimal(cost))

    availability_recompute()

    assert available_quantity(sku) == expected


def test_unavailable_items_and_disabled_distributors_do_not_count(db):
    sku = SkuFactory()
    DistributorItemFactory(warehouse=WarehouseFactory(), sku=sku, quantity=9, is_available=False)
    DistributorItemFactory(warehouse=WarehouseFactory(distributor__enabled=False), sku=sku,
                           quantity=9)
    availability_recompute()
    assert available_quantity(sku) is None


def test_the_marketplace_quantity_sums_the_drop_ship_warehouses(db, tmp_path, capsys):
    sku, other = SkuFactory(sku="AAA-1"), SkuFactory(sku="BBB-2")
    for quantity, buffer in ((6, 1), (4, 0)):
        DistributorItemFactory(warehouse=WarehouseFactory(stock_buffer=buffer), sku=sku,
                               quantity=quantity)
    availability_recompute()

    call_command("export_dropship_quantities", out=str(tmp_path / "q.csv"))

    assert (tmp_path / "q.csv").read_text() == "sku,quantity\nAAA-1,9\nBBB-2,0\n"
    assert other.pk not in DropshipAvailability.objects.values_list("sku", flat=True)


def test_an_import_recomputes_drop_shipping(columns_feed, tmp_path):
    sku = SkuFactory(sku="M-Z", upc="", ean="")
    WarehouseFactory(distributor=columns_feed.distributor, code="EAST", lead_time_days=1)
    feed_import(feed=columns_feed, path=write_csv(tmp_path, [HEADER, "Z,M-Z,,1.00,3,EAST"],
                                                  "1.csv"))
    assert available_quantity(sku) == 3

    feed_import(feed=columns_feed, path=write_csv(tmp_path, [HEADER, "Z,M-Z,,1.00,0,EAST"],
                                                  "2.csv"))
    assert available_quantity(sku) is None


def test_remapping_after_a_new_sku_needs_no_new_file(wps_feed):
    feed_import(feed=wps_feed, path=WPS_FILE)
    sku = SkuFactory(sku="PLUG-1", upc="", ean="", manufacturer_part_number="CR9E")

    moved = items_match(distributor_id=wps_feed.distributor_id)

    assert moved == 7  # the plug in each of the seven WPS warehouses
    assert wps_feed.distributor.warehouses.filter(items__sku=sku).count() == 7
