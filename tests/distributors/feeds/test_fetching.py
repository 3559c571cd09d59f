"""The nightly pull: the feed's file fetched from the distributor's FTP server and imported."""

import shutil

import pytest
from django.core.management import CommandError, call_command

from distributors.models import DistributorItem, FeedRun, FeedRunStatus
from distributors.tasks import import_feeds
from tests.distributors.feeds.conftest import WPS_FILE


def on_box(feed, box, name="items.csv"):
    endpoint = box.endpoint
    feed.ftp_host, feed.ftp_port, feed.ftp_use_tls = endpoint.host, endpoint.port, False
    feed.ftp_username, feed.ftp_password = endpoint.username, endpoint.password
    feed.ftp_folder, feed.ftp_file_name = "inbound", name
    feed.save()


def test_the_nightly_task_fetches_and_imports_the_file(wps_feed, ftp_box):
    shutil.copy(WPS_FILE, ftp_box.root / "inbound" / "items.csv")
    on_box(wps_feed, ftp_box)

    summary = import_feeds()

    assert summary == "wps: items: Imported"
    run = FeedRun.objects.get()
    assert (run.status, run.inserted, run.file_name) == (FeedRunStatus.SUCCEEDED, 35,
                                                         "items.csv")
    assert run.stored_file.read() == WPS_FILE.read_bytes()
    assert DistributorItem.objects.count() == 35


def test_a_missing_file_is_a_failed_run_with_the_servers_reason(wps_feed, ftp_box, capsys):
    on_box(wps_feed, ftp_box, name="not-there.csv")

    with pytest.raises(CommandError, match="1 of 1 feeds failed"):
        call_command("import_feeds", distributor="wps")

    run = FeedRun.objects.get()
    assert run.status == FeedRunStatus.FAILED
    assert run.error.startswith("The file could not be fetched: The FTP server")
    assert "not-there.csv" in run.error
    assert not DistributorItem.objects.exists()


def test_the_import_feed_command_reports_counts_and_rejections(wps_feed, tmp_path, capsys):
    bad = tmp_path / "items.csv"
    bad.write_text(WPS_FILE.read_text().replace("7.41", "seven"))

    call_command("import_feed", "wps", str(bad))

    out, err = capsys.readouterr()
    assert "5 rows read; items 28 inserted, 0 updated, 0 unchanged" in out
    assert "line 2: cost 'seven' is not an amount" in err


def test_the_import_feed_command_fails_on_an_unreadable_file(wps_feed, tmp_path):
    (tmp_path / "x.csv").write_bytes(b"")
    with pytest.raises(CommandError, match="nothing applied. The file is empty."):
        call_command("import_feed", "wps", str(tmp_path / "x.csv"))
    with pytest.raises(CommandError, match="Distributor nope has no feed"):
        call_command("import_feed", "nope", str(tmp_path / "x.csv"))
