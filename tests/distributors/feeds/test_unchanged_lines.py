"""A re-import skips the lines whose fingerprint the items still hold, and never skips one it
should have read: an item changed by hand or deleted, a header moved, a warehouse of a
multi-warehouse line gone, a record whose quoted cell runs over a line break."""

from distributors.models import DistributorItem, FeedRunStatus
from distributors.services.feeds import feed_import
from tests.distributors.feeds.conftest import HEADER, WPS_FILE, write_csv

R = FeedRunStatus
NIGHT = [HEADER, *(f"P-{n},M-{n},,5.00,{n},EAST" for n in range(1, 9))]


def item(part: str, warehouse: str = "EAST") -> DistributorItem:
    return DistributorItem.objects.get(part_number=part, warehouse__code=warehouse)


def test_unchanged_lines_are_counted_and_hold_their_fingerprints(columns_feed, tmp_path):
    feed_import(feed=columns_feed, path=write_csv(tmp_path, NIGHT, "1.csv"))
    held = dict(DistributorItem.objects.values_list("part_number", "line_fingerprint"))

    run = feed_import(feed=columns_feed, path=write_csv(
        tmp_path, [*NIGHT[:3], "P-3,M-3,,5.00,30,EAST", *NIGHT[4:]], "2.csv"))

    assert (run.rows_read, run.updated, run.unchanged, run.inserted) == (8, 1, 7, 0)
    assert None not in held.values()
    assert len(set(held.values())) == 8
    assert item("P-3").quantity == 30
    assert item("P-3").line_fingerprint != held["P-3"]
    assert item("P-4").line_fingerprint == held["P-4"]


def test_an_item_changed_by_hand_or_deleted_is_read_from_its_line_again(columns_feed,
                                                                         tmp_path):
    feed_import(feed=columns_feed, path=write_csv(tmp_path, NIGHT, "1.csv"))
    edited = item("P-2")
    edited.quantity = 99
    edited.save()
    item("P-5").delete()

    run = feed_import(feed=columns_feed, path=write_csv(tmp_path, [*NIGHT, ""], "2.csv"))

    assert (run.inserted, run.updated, run.unchanged) == (1, 1, 6)
    assert (item("P-2").quantity, item("P-5").quantity) == (2, 5)


def test_a_line_that_changed_only_where_we_do_not_read_keeps_its_values(db, tmp_path):
    from distributors.models import Feed
    from tests.factories import DistributorFactory

    feed = Feed.objects.create(distributor=DistributorFactory(code="x", kind="file"),
                               name="stock", layout="columns",
                               column_map={"part_number": "Item", "quantity": "Qty",
                                           "warehouse": "Location"})
    feed_import(feed=feed, path=write_csv(tmp_path, [HEADER, "A,M,,1.00,4,EAST"], "1.csv"))
    first = item("A").line_fingerprint

    run = feed_import(feed=feed, path=write_csv(tmp_path, [HEADER, "A,M,,2.00,4,EAST"],
                                                "2.csv"))

    assert (run.updated, run.unchanged) == (0, 1)
    assert item("A").line_fingerprint not in (None, first)  # skipped the night after


def test_a_moved_column_reads_every_line_again(columns_feed, tmp_path):
    feed_import(feed=columns_feed, path=write_csv(tmp_path, NIGHT, "1.csv"))
    moved = ["Qty,Item,MPN,UPC,Cost,Location",
             *(f"{n},P-{n},M-{n},,5.00,EAST" for n in range(1, 9))]

    run = feed_import(feed=columns_feed, path=write_csv(tmp_path, moved, "2.csv"))

    assert (run.rows_read, run.updated, run.unchanged) == (8, 0, 8)
    assert len(set(DistributorItem.objects.values_list("line_fingerprint", flat=True))) == 8
    assert item("P-6").quantity == 6


def test_a_wps_line_is_unchanged_only_while_all_its_warehouses_hold_it(wps_feed, tmp_path):
    feed_import(feed=wps_feed, path=WPS_FILE)
    lines = WPS_FILE.read_text().splitlines()
    part = lines[1].split(",")[1]
    DistributorItem.objects.filter(part_number=part, warehouse__code="GA").delete()
    again = write_csv(tmp_path, [*lines, ""], "again.csv")  # another checksum, same lines

    run = feed_import(feed=wps_feed, path=again)

    assert run.inserted == 1
    assert item(part, "GA").quantity == 9


def test_a_quoted_cell_over_a_line_break_is_read_and_then_skipped(db, tmp_path):
    from distributors.models import Feed
    from tests.factories import DistributorFactory

    feed = Feed.objects.create(distributor=DistributorFactory(code="y", kind="file"),
                               name="stock", layout="columns",
                               column_map={"part_number": "Item", "quantity": "Qty",
                                           "warehouse": "Location", "description": "Name"})
    lines = ["Item,Name,Qty,Location", 'A,"Two', 'lines",3,EAST', "B,One line,4,EAST"]
    first = feed_import(feed=feed, path=write_csv(tmp_path, lines, "1.csv"))
    changed = [*lines[:3], "B,One line,5,EAST"]

    run = feed_import(feed=feed, path=write_csv(tmp_path, changed, "2.csv"))

    assert (first.status, first.inserted) == (R.SUCCEEDED, 2)
    assert item("A").description == "Two\nlines"
    assert (run.status, run.rows_read, run.updated, run.unchanged) == (R.SUCCEEDED, 2, 1, 1)
    assert item("B").quantity == 5
    assert item("A").is_available


def test_new_warehouses_appearing_mid_file_are_created_on_a_first_load(columns_feed,
                                                                        tmp_path):
    lines = [HEADER, "A,M,,1,1,EAST", "B,M,,1,2,WEST", "C,M,,1,3,EAST", "D,M,,1,4,NORTH"]

    run = feed_import(feed=columns_feed, path=write_csv(tmp_path, lines))

    assert (run.status, run.inserted) == (R.SUCCEEDED, 4)
    assert {(i.warehouse.code, i.part_number, i.quantity)
            for i in DistributorItem.objects.select_related("warehouse")} == {
        ("EAST", "A", 1), ("WEST", "B", 2), ("EAST", "C", 3), ("NORTH", "D", 4)}


def test_a_renamed_warehouse_has_its_lines_read_again(columns_feed, tmp_path):
    # The file names warehouses by code: under a new code, the same lines mean another one.
    feed_import(feed=columns_feed, path=write_csv(tmp_path, NIGHT, "1.csv"))
    renamed = item("P-1").warehouse
    renamed.code = "EAST-OLD"
    renamed.save()

    run = feed_import(feed=columns_feed, path=write_csv(tmp_path, [*NIGHT, ""], "2.csv"))

    assert (run.inserted, run.unchanged, run.marked_unavailable) == (8, 0, 8)
    assert item("P-1").warehouse != renamed
    assert not DistributorItem.objects.filter(warehouse=renamed, is_available=True).exists()


def test_a_warehouse_saved_under_the_same_code_keeps_its_lines_skipped(columns_feed, tmp_path):
    feed_import(feed=columns_feed, path=write_csv(tmp_path, NIGHT, "1.csv"))
    warehouse = item("P-1").warehouse
    warehouse.lead_time_days = 3
    warehouse.save()

    run = feed_import(feed=columns_feed, path=write_csv(tmp_path, [*NIGHT, ""], "2.csv"))

    assert (run.inserted, run.updated, run.unchanged) == (0, 0, 8)


def test_a_part_listed_twice_keeps_its_later_line_night_after_night(columns_feed, tmp_path):
    twice = [HEADER, "P-1,M-1,,5.00,1,EAST", "P-2,M-2,,5.00,2,EAST", "P-1,M-1,,5.00,7,EAST"]
    nights, quantities = [], []
    for night in range(3):
        nights.append(feed_import(feed=columns_feed, force=True,
                                  path=write_csv(tmp_path, twice, f"{night}.csv")))
        quantities.append(item("P-1").quantity)

    assert quantities == [7, 7, 7]
    assert [run.rejected for run in nights] == [1, 1, 1]
    assert all("appears again later" in str(run.rejections) for run in nights)
