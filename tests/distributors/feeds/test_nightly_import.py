"""A night's file against yesterday's: only changes written, gone items unavailable, the run's
counters true, a suspicious file refused whole."""

from distributors.models import DistributorItem, FeedRun, FeedRunStatus
from distributors.services.feeds import feed_import
from tests.distributors.feeds.conftest import HEADER, WPS_FILE, write_csv

R = FeedRunStatus


def stock_file(tmp_path, rows: dict[str, tuple[str, int]], name="feed.csv"):
    return write_csv(tmp_path, [HEADER, *(f"{part},M-{part},,{cost},{quantity},EAST"
                                          for part, (cost, quantity) in rows.items())], name)


def test_a_second_night_writes_only_the_changed_items(columns_feed, tmp_path):
    night = {f"P-{n}": ("5.00", 10) for n in range(20)}
    feed_import(feed=columns_feed, path=stock_file(tmp_path, night, "1.csv"))
    before = dict(DistributorItem.objects.values_list("part_number", "updated_at"))
    night |= {"P-3": ("5.50", 10), "P-7": ("5.00", 0), "P-20": ("1.00", 1)}

    run = feed_import(feed=columns_feed, path=stock_file(tmp_path, night, "2.csv"))

    assert (run.inserted, run.updated, run.unchanged, run.marked_unavailable) == (1, 2, 18, 0)
    after = dict(DistributorItem.objects.values_list("part_number", "updated_at"))
    assert [p for p in before if after[p] != before[p]] == ["P-3", "P-7"]
    assert str(DistributorItem.objects.get(part_number="P-3").cost) == "5.50"


def test_items_missing_from_a_full_feed_become_unavailable(columns_feed, tmp_path):
    feed_import(feed=columns_feed, path=stock_file(tmp_path, {"A": ("1", 5), "B": ("1", 5),
                                                              "C": ("1", 5)}, "1.csv"))

    run = feed_import(feed=columns_feed, path=stock_file(tmp_path, {"A": ("1", 5),
                                                                    "C": ("1", 5)}, "2.csv"))

    assert run.marked_unavailable == 1
    gone = DistributorItem.objects.get(part_number="B")
    assert (gone.is_available, gone.quantity) == (False, 0)
    again = feed_import(feed=columns_feed, path=stock_file(tmp_path, {"A": ("1", 5), "B": (
        "1", 2), "C": ("1", 5)}, "3.csv"))
    assert again.updated == 1
    assert DistributorItem.objects.get(part_number="B").is_available


def test_a_partial_feed_marks_nothing_unavailable(columns_feed, tmp_path):
    feed_import(feed=columns_feed, path=stock_file(tmp_path, {"A": ("1", 5), "B": ("1", 5)},
                                                   "1.csv"))
    run = feed_import(feed=columns_feed, path=stock_file(tmp_path, {"A": ("1", 4)}, "2.csv"),
                      full=False)
    assert run.marked_unavailable == 0
    assert DistributorItem.objects.get(part_number="B").is_available


def test_a_full_feed_far_shorter_than_the_catalogue_looks_cut_and_applies_nothing(
        columns_feed, tmp_path):
    feed_import(feed=columns_feed, path=stock_file(
        tmp_path, {f"P-{n}": ("1", 5) for n in range(300)}, "1.csv"))

    run = feed_import(feed=columns_feed, path=stock_file(
        tmp_path, {f"P-{n}": ("2", 5) for n in range(40)}, "2.csv"))

    assert run.status == R.FAILED
    assert "lists 40 items where 300 are held now" in run.error
    assert DistributorItem.objects.filter(is_available=True).count() == 300
    assert not DistributorItem.objects.filter(cost=2).exists()


def test_the_same_file_again_is_recognised_and_skipped(wps_feed):
    feed_import(feed=wps_feed, path=WPS_FILE)

    run = feed_import(feed=wps_feed, path=WPS_FILE)

    assert run.status == R.UNCHANGED
    assert "Same file as the import of" in run.error
    forced = feed_import(feed=wps_feed, path=WPS_FILE, force=True)
    assert (forced.status, forced.inserted, forced.updated, forced.unchanged) == (
        R.SUCCEEDED, 0, 0, 35)


def test_a_part_listed_twice_keeps_the_later_line(columns_feed, tmp_path):
    path = write_csv(tmp_path, [HEADER, "D-1,M,,1.00,3,EAST", "D-1,M,,1.00,8,EAST"])

    run = feed_import(feed=columns_feed, path=path)

    assert DistributorItem.objects.get(part_number="D-1").quantity == 8
    assert run.rejections == [{"line": 2, "reason": "part D-1 in warehouse EAST appears again "
                                                    "later in the file; the later line is used"}]


def test_a_column_the_file_lacks_keeps_what_the_item_had(db, tmp_path):
    from distributors.models import Feed
    from tests.factories import DistributorFactory

    distributor = DistributorFactory(kind="file")
    full = Feed.objects.create(distributor=distributor, name="catalogue", layout="columns",
                               column_map={"part_number": "Item", "quantity": "Qty",
                                           "cost": "Cost", "upc": "UPC",
                                           "warehouse_code": "MAIN"})
    stock_only = Feed.objects.create(distributor=distributor, name="stock", layout="columns",
                                     column_map={"part_number": "Item", "quantity": "Qty",
                                                 "warehouse_code": "MAIN"})
    feed_import(feed=full, path=write_csv(tmp_path, ["Item,Qty,Cost,UPC",
                                                     "K-1,5,12.00,012345678905"], "1.csv"))

    feed_import(feed=stock_only, path=write_csv(tmp_path, ["Item,Qty", "K-1,2"], "2.csv"))

    item = DistributorItem.objects.get(part_number="K-1")
    assert (item.quantity, str(item.cost), item.upc) == (2, "12.00", "012345678905")


def test_the_counters_are_visible_on_the_run_and_the_file_is_kept(columns_feed, tmp_path):
    path = stock_file(tmp_path, {f"P-{n}": ("1", 1) for n in range(5)})

    run = feed_import(feed=columns_feed, path=path)

    stored = FeedRun.objects.get(pk=run.pk)
    assert (stored.rows_read, stored.inserted, stored.status) == (5, 5, R.SUCCEEDED)
    assert stored.stored_file.read() == path.read_bytes()
    assert len(stored.checksum) == 64
