"""Thin django-q2 tasks for the distributors."""

from distributors.models import Feed
from distributors.services.feed_fetch import feed_fetch_and_import, feeds_to_fetch
from distributors.services.tracking import dropship_tracking_pull


def import_feeds() -> str:
    """The nightly run: every enabled feed fetched by FTP or file API, one after the other."""
    runs = [feed_fetch_and_import(feed) for feed in feeds_to_fetch()]
    return "; ".join(f"{run.feed}: {run.get_status_display()}" for run in runs) or \
        "no feeds to fetch"


def import_feed(feed_id: int, force: bool = False) -> str:
    run = feed_fetch_and_import(Feed.objects.select_related("distributor").get(pk=feed_id),
                                force=force)
    return f"{run.feed}: {run.get_status_display()}"


def pull_tracking() -> str:
    result = dropship_tracking_pull()
    return "; ".join([f"{result.orders} purchase orders asked, {result.new_tracking} new "
                      "tracking numbers", *result.failures])
