"""Feeds fetched from the distributors' file APIs, end to end against their simulators on the
live server: WPS's dealer-pricing file (202 while generated, then its location) and Parts
Unlimited's price file (a ZIP holding one CSV, two calls a day)."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from distributors.adapters.http import Answer
from distributors.adapters.wps import WpsDealerPricing
from distributors.models import DistributorItem, Feed, FeedRun, FeedRunStatus
from distributors.services.feed_api import FetchLimits, feed_api_fetch_and_import
from distributors.services.feed_fetch import feed_fetch_and_import
from distributors.tasks import import_feeds
from sandbox.distributors import state
from tests.distributors.feeds.conftest import FAST, PU_FILE, WPS_FILE

pytestmark = pytest.mark.django_db(transaction=True)
R = FeedRunStatus


def last_fetched(feed: Feed):
    return Feed.objects.values_list("api_fetched_at", flat=True).get(pk=feed.pk)


def test_wps_is_polled_while_it_generates_the_file_then_the_file_is_imported(wps_api_feed):
    state.feed_files_configure(checks_before_ready=2)

    summary = import_feeds()

    assert summary == "wps: dealer pricing: Imported"
    assert state.calls_received("wps") == ["dealer_pricing"] * 3 + ["dealer_pricing_file"]
    run = FeedRun.objects.get()
    assert (run.status, run.file_name, run.inserted) == (R.SUCCEEDED, "dealer-pricing.csv", 35)
    assert run.stored_file.read() == WPS_FILE.read_bytes()
    assert DistributorItem.objects.filter(warehouse__distributor__code="wps").count() == 35
    assert last_fetched(wps_api_feed) is not None


def test_the_polling_gives_up_after_its_checks_and_says_the_file_will_be_ready(wps_api_feed):
    state.feed_files_configure(checks_before_ready=10)

    run = feed_api_fetch_and_import(wps_api_feed, limits=FetchLimits(
        timeout=5, retry_base_seconds=0.001, poll_seconds=0.001, max_polls=3))

    assert run.status == R.FAILED
    assert run.error.startswith("The file could not be fetched: WPS was still generating the "
                                "dealer-pricing file after 3 checks")
    assert "fetch again in a few minutes" in run.error
    assert state.calls_received("wps") == ["dealer_pricing"] * 3
    assert last_fetched(wps_api_feed) is None
    assert not DistributorItem.objects.exists()


def test_a_wrong_wps_token_fails_the_run_and_says_what_to_check(wps_api_feed):
    wps_api_feed.distributor.api_key = "not-the-token"
    wps_api_feed.distributor.save()

    with pytest.raises(CommandError, match="1 of 1 feeds failed"):
        call_command("import_feeds", distributor="wps")

    run = FeedRun.objects.get()
    assert run.status == R.FAILED
    assert run.error == ("The file could not be fetched: WPS refused our credentials (HTTP 401: "
                         "Unauthenticated); check the API token (and that WPS lets it use "
                         "dealer pricing) on the distributor.")
    assert "not-the-token" not in run.error


def test_a_passing_wps_server_error_is_retried(wps_api_feed):
    state.fault_add("wps", "500", operation="dealer_pricing_file", count=2)

    run = feed_fetch_and_import(wps_api_feed)

    assert run.status == R.SUCCEEDED, run.error
    assert state.calls_received("wps").count("dealer_pricing_file") == 3


def test_a_lasting_wps_server_error_fails_the_run_after_the_retries(wps_api_feed):
    state.fault_add("wps", "500", operation="dealer_pricing", count=FAST.max_attempts)

    run = feed_fetch_and_import(wps_api_feed)

    assert run.status == R.FAILED
    assert run.error == ("The file could not be fetched: WPS answered HTTP 500 (a fault on its "
                         "side). Gave up after 4 attempts; try again later.")
    assert last_fetched(wps_api_feed) is None


def test_wps_throttling_is_waited_out(wps_api_feed):
    state.fault_add("wps", "429", operation="dealer_pricing", count=1)

    assert feed_fetch_and_import(wps_api_feed).status == R.SUCCEEDED


def test_the_parts_unlimited_price_file_is_unzipped_and_imported(pu_api_feed):
    run = feed_fetch_and_import(pu_api_feed)

    assert run.status == R.SUCCEEDED, run.error
    assert run.file_name == "SBX100_pricefile.csv"
    assert run.stored_file.read() == PU_FILE.read_bytes()
    assert state.calls_received("parts_unlimited") == ["pricefile"]
    item = DistributorItem.objects.get(warehouse__code="NY", part_number="07120999")
    assert (item.quantity, item.quantity_is_capped, str(item.cost)) == (10, True, "7.02")


def test_a_second_price_file_call_within_twelve_hours_is_skipped_with_how_to_force(
        pu_api_feed, capsys):
    feed_fetch_and_import(pu_api_feed)

    call_command("import_feeds", distributor="pu")  # a skip is not a failure: no exit 1

    skipped = FeedRun.objects.order_by("-id").first()
    assert skipped.status == R.SKIPPED
    assert skipped.error.startswith("Not fetched: Parts Unlimited allows two price-file calls "
                                    "a day, and the last one was at ")
    assert "`manage.py import_feeds --distributor pu --force`" in skipped.error
    assert "pu: price file: Not fetched (call limit)" in capsys.readouterr().out
    assert state.calls_received("parts_unlimited") == ["pricefile"]


def test_forcing_calls_again_within_the_limit(pu_api_feed):
    feed_fetch_and_import(pu_api_feed)

    call_command("import_feeds", distributor="pu", force=True)

    assert state.calls_received("parts_unlimited") == ["pricefile", "pricefile"]
    assert FeedRun.objects.order_by("-id").first().status == R.UNCHANGED  # the same file


def test_twelve_hours_after_the_last_call_the_price_file_is_asked_for_again(pu_api_feed):
    Feed.objects.filter(pk=pu_api_feed.pk).update(
        api_fetched_at=timezone.now() - timedelta(hours=12, minutes=1))

    assert feed_fetch_and_import(pu_api_feed).status == R.SUCCEEDED
    assert state.calls_received("parts_unlimited") == ["pricefile"]


def test_the_limit_guard_keeps_us_within_parts_unlimiteds_two_calls_a_day(pu_api_feed):
    for _ in range(2):
        feed_fetch_and_import(pu_api_feed, force=True)

    third = feed_fetch_and_import(pu_api_feed, force=True)  # what the guard spares us

    assert third.status == R.FAILED
    assert "Parts Unlimited is throttling our requests (HTTP 429)" in third.error


def test_a_price_file_server_error_is_not_repeated_and_does_not_count(pu_api_feed):
    state.fault_add("parts_unlimited", "500", operation="pricefile")

    run = feed_fetch_and_import(pu_api_feed)

    assert run.status == R.FAILED
    assert run.error == (
        "The file could not be fetched: Parts Unlimited answered HTTP 500 (a fault on its "
        "side). The price file was not received, and it was not asked for again at once "
        "because Parts Unlimited allows two price-file calls a day: the next nightly run tries "
        "again.")
    assert state.calls_received("parts_unlimited") == ["pricefile"]
    assert last_fetched(pu_api_feed) is None
    assert feed_fetch_and_import(pu_api_feed).status == R.SUCCEEDED  # not blocked


def test_a_wrong_portal_password_fails_and_says_what_to_check(pu_api_feed):
    pu_api_feed.distributor.portal_password = "wrong"
    pu_api_feed.distributor.save()

    run = feed_fetch_and_import(pu_api_feed)

    assert run.error == (
        "The file could not be fetched: Parts Unlimited refused our credentials (HTTP 401: "
        "Invalid dealer code, username or password); check the dealer number and the dealer "
        "portal user and password on the distributor.")
    assert last_fetched(pu_api_feed) is None


def test_missing_portal_credentials_fail_before_any_call(pu_api_feed):
    pu_api_feed.distributor.portal_username = ""
    pu_api_feed.distributor.save()

    run = feed_fetch_and_import(pu_api_feed)

    assert run.status == R.FAILED
    assert "needs the dealer number and the dealer portal user and password" in run.error
    assert state.calls_received("parts_unlimited") == []


def test_a_distributor_without_a_file_api_is_a_failed_run_with_the_fix(pu_api_feed):
    pu_api_feed.distributor.kind = "automatic"
    pu_api_feed.distributor.save()

    run = feed_fetch_and_import(pu_api_feed)

    assert run.error == ("The file could not be fetched: Parts Unlimited has no file API we can "
                         "fetch from; choose FTP as the feed's source, or import its file with "
                         "`manage.py import_feed pu FILE`.")


def test_a_feed_imported_by_hand_is_not_fetched_at_night(pu_api_feed):
    pu_api_feed.source = "manual"
    pu_api_feed.save()

    assert import_feeds() == "no feeds to fetch"
    assert "imported by hand" in feed_fetch_and_import(pu_api_feed).error


class RecordingTransport:
    """Answers /dealer-pricing with a file on another host; records each request's headers."""

    base_url = "https://api.wps-inc.com"

    def __init__(self, location: str):
        self.location, self.sent = location, []

    def send(self, method, path, **options):
        self.sent.append((path, options.get("headers")))
        if path == "/dealer-pricing":
            return Answer(200, {"data": {"location": self.location}}, "")
        options["save_to"].write_bytes(b"sku\n")
        return Answer(200, None, "")


@pytest.mark.parametrize(("location", "headers"), [
    ("https://files.example-cdn.com/dp.csv?X-Signature=abc", {"Authorization": None}),
    ("https://api.wps-inc.com/dealer-pricing/files/dp.csv", None),
])
def test_the_token_goes_with_the_download_only_to_wps_itself(tmp_path, location, headers):
    transport = RecordingTransport(location)

    name = WpsDealerPricing(transport, poll_seconds=0, max_polls=1, max_bytes=100) \
        .download(tmp_path / "file")

    assert name == "dp.csv"
    assert transport.sent[-1] == (location, headers)
