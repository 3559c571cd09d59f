"""Each distributor's file layout read into items; hostile files refused or rows rejected."""

import zipfile

from distributors.models import DistributorItem, FeedRunStatus
from distributors.services.feeds import feed_import
from tests.distributors.feeds.conftest import (
    AUTOMATIC_FILE,
    HEADER,
    PU_FILE,
    WPS_FILE,
    write_csv,
)
from tests.factories import DistributorFactory

R = FeedRunStatus


def items(**filters) -> dict[tuple[str, str], DistributorItem]:
    return {(i.warehouse.code, i.part_number): i
            for i in DistributorItem.objects.filter(**filters).select_related("warehouse")}


def test_the_wps_file_becomes_one_item_per_warehouse(wps_feed):
    run = feed_import(feed=wps_feed, path=WPS_FILE)

    assert run.status == R.SUCCEEDED, run.error
    assert (run.rows_read, run.inserted, run.rejected) == (5, 35, 0)
    stock = items()
    filter_ga = stock["GA", "87-9204"]
    assert (filter_ga.quantity, filter_ga.quantity_is_capped) == (9, True)  # 9 means 9 or more
    assert (str(filter_ga.cost), filter_ga.manufacturer_part_number, filter_ga.upc) == (
        "7.41", "HF204", "840113900015")
    assert stock["PA2", "87-9981"].quantity == 6
    assert not stock["CA", "370-6402X"].is_available  # DSC: discontinued
    assert sorted(wps_feed.distributor.warehouses.values_list("code", flat=True)) == [
        "CA", "GA", "ID", "IN", "PA", "PA2", "TX"]


def test_the_parts_unlimited_price_file_reads_plus_and_not_available(db):
    from distributors.models import Feed

    feed = Feed.objects.create(distributor=DistributorFactory(code="pu", kind="parts_unlimited"),
                               name="price file", layout="parts_unlimited")
    run = feed_import(feed=feed, path=PU_FILE)

    assert run.status == R.SUCCEEDED, run.error
    stock = items()
    assert (stock["NY", "07120999"].quantity, stock["NY", "07120999"].quantity_is_capped) == (
        10, True)  # "+": above the display cap
    assert str(stock["WI", "07120999"].cost) == "7.02"  # your dealer price over base
    assert stock["WI", "13200999"].is_available is False  # status D, and N/A stock
    assert str(stock["WI", "21130999"].dropship_fee) == "7.50"


def test_the_automatic_file_has_three_numbered_warehouses(db):
    from distributors.models import Feed

    feed = Feed.objects.create(distributor=DistributorFactory(code="ad", kind="automatic"),
                               name="price and inventory", layout="automatic")
    feed_import(feed=feed, path=AUTOMATIC_FILE)

    assert items()["2", "NGK-CR9E"].quantity == 40
    assert items()["1", "EBC-FA196HH"].manufacturer_part_number == "FA196HH"


def test_a_bad_row_is_rejected_with_its_line_and_the_rest_is_applied(columns_feed, tmp_path):
    path = write_csv(tmp_path, [HEADER, "A-1,M1,,9.50,4,EAST", "A-2,M2,,abc,4,EAST",
                                "A-3,M3,,1.00,1.5,EAST", ",M4,,1.00,1,EAST", "A-5,M5,,1,2,EAST",
                                "A-6,M6"])

    run = feed_import(feed=columns_feed, path=path)

    assert run.status == R.SUCCEEDED
    assert (run.rows_read, run.inserted, run.rejected) == (6, 2, 4)
    assert run.rejections == [
        {"line": 3, "reason": "cost 'abc' is not an amount"},
        {"line": 4, "reason": "quantity '1.5' is not a whole quantity"},
        {"line": 5, "reason": "part number is empty"},
        {"line": 7, "reason": "the row has 2 cells, fewer than the header"}]
    assert set(items()) == {("EAST", "A-1"), ("EAST", "A-5")}


def test_a_file_missing_a_required_column_applies_nothing(wps_feed, tmp_path):
    feed_import(feed=wps_feed, path=WPS_FILE)
    header, *rows = WPS_FILE.read_text().splitlines()
    broken = write_csv(tmp_path, [header.replace("tx_warehouse", "texas"),
                                  *(r.replace("Oil Filter", "Changed") for r in rows)])

    run = feed_import(feed=wps_feed, path=broken)

    assert run.status == R.FAILED
    assert "no 'tx_warehouse' column" in run.error
    assert not DistributorItem.objects.filter(description__startswith="Changed").exists()


def test_empty_binary_and_non_csv_files_fail_with_a_reason(columns_feed, tmp_path):
    cases = {"empty.csv": b"", "binary.csv": b"\x89PNG\r\n\x1a\n\x00\x00",
             "letter.csv": b"Dear dealer\nhere are prices\n"}
    errors = {}
    for name, content in cases.items():
        (tmp_path / name).write_bytes(content)
        run = feed_import(feed=columns_feed, path=tmp_path / name)
        assert run.status == R.FAILED, name
        assert run.stored_file.read() == content  # kept as received
        errors[name] = run.error
    assert errors["empty.csv"] == "The file is empty."
    assert "binary data" in errors["binary.csv"]
    assert "not a CSV feed" in errors["letter.csv"]


def test_semicolons_a_byte_order_mark_windows_1252_and_zip_are_read(columns_feed, tmp_path):
    semicolon = write_csv(tmp_path, ["\ufeffItem;MPN;UPC;Cost;Qty;Location",
                                     "B-1;M1;;2.00;3;EAST"], name="a.csv")
    latin = write_csv(tmp_path, [HEADER, "B-2,Größe,,2.00,3,EAST"], name="b.csv",
                      encoding="cp1252")
    zipped = tmp_path / "c.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("prices.csv", f"{HEADER}\nB-3,M3,,2.00,3,EAST\n")
    for path in (semicolon, latin, zipped):
        run = feed_import(feed=columns_feed, path=path, full=False)
        assert run.status == R.SUCCEEDED, (path.name, run.error)
    assert set(items()) == {("EAST", "B-1"), ("EAST", "B-2"), ("EAST", "B-3")}
    assert items()["EAST", "B-2"].manufacturer_part_number == "Größe"
