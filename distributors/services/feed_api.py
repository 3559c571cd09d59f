"""Fetching a feed's file from the distributor's file API, streamed to disk, then imported:
WPS's dealer-pricing file (asked for, waited for while WPS generates it, downloaded) and
Parts Unlimited's price file (one POST answering a ZIP that holds one CSV).

Parts Unlimited allows two price-file calls a day. The feed's `api_fetched_at` is claimed
atomically before calling, so that two workers (the nightly run and a button press) cannot
both call; a call that got no file gives the claim back. Within the spacing, the run is
skipped with a sentence saying when the next call is possible and how to force one.
"""

import tempfile
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from distributors.adapters import (
    DistributorRefused,
    DistributorUnavailable,
    FeedFileClient,
    FileUnusable,
    feed_file_client,
    parts_unlimited,
    wps,
)
from distributors.feeds.files import is_zip, single_csv_extract
from distributors.feeds.layouts import FeedRejected
from distributors.models import (
    API_FEED_LAYOUTS,
    DistributorKind,
    Feed,
    FeedRun,
    FeedRunStatus,
    FeedSource,
)
from distributors.services.feeds import feed_import


@dataclass(frozen=True)
class FetchLimits:
    timeout: float = 60
    max_attempts: int = 4
    retry_base_seconds: float = 2
    # WPS: the wait between checks while it generates the file, and how many checks (about
    # five minutes of waiting: the nightly task, which fetches every feed, has ten).
    poll_seconds: float = 20
    max_polls: int = 15
    max_bytes: int = 2 << 30  # the download, and what a ZIP may unpack to


LIMITS = FetchLimits()
# Two calls a day: twelve hours apart keeps any 24 hours within it.
CALL_SPACING = {DistributorKind.PARTS_UNLIMITED: timedelta(hours=12)}
FILE_NAMES = {DistributorKind.WPS: "dealer-pricing", DistributorKind.PARTS_UNLIMITED:
              "pricefile.zip"}
WHAT_TO_CHECK = {
    DistributorKind.WPS: gettext_lazy("the API token (and that WPS lets it use dealer "
                                      "pricing)"),
    DistributorKind.PARTS_UNLIMITED: gettext_lazy("the dealer number and the dealer portal "
                                                  "user and password"),
}


def feed_api_fetch_and_import(feed: Feed, *, force: bool = False,
                              limits: FetchLimits | None = None) -> FeedRun:
    """Ask the distributor's file API for the feed's file and import it. Failures are failed
    runs; a call within the distributor's call limit is a skipped run unless `force`."""
    limits = limits or LIMITS
    problem = _not_fetchable(feed)
    if problem:
        return fetch_failed(feed, problem)
    try:
        client = _client(feed, limits)
    except ValueError as missing:
        return fetch_failed(feed, str(missing))
    previous, claimed = _call_claim(feed, force)
    if claimed is None:
        return _skipped(feed)
    with tempfile.TemporaryDirectory(prefix="feed-") as folder:
        download = Path(folder) / "download"
        try:
            name = client.download(download)
        except (DistributorRefused, DistributorUnavailable) as failure:
            _call_release(feed, previous, claimed)  # no file came: the call did not count
            return fetch_failed(feed, _sentence(feed, failure))
        except FileUnusable as unusable:
            return fetch_failed(feed, unusable.message)
        try:
            path = _unpacked(download, feed, limits)
        except FeedRejected as rejected:
            return fetch_failed(feed, str(rejected), file_name=name)
        return feed_import(feed=feed, path=path, file_name=name if path == download
                           else path.name)


def fetch_failed(feed: Feed, reason: str, file_name: str = "") -> FeedRun:
    """A failed run for a file that never arrived (or arrived unusable); `file_name` is what
    was asked for, by default the file API's."""
    file_name = file_name or (FILE_NAMES.get(feed.distributor.kind, "")
                              if feed.source == FeedSource.API else feed.ftp_file_name)
    return FeedRun.objects.create(
        feed=feed, file_name=file_name[:255], status=FeedRunStatus.FAILED,
        finished_at=timezone.now(),
        error=_("The file could not be fetched: %(reason)s") % {"reason": reason})


def _not_fetchable(feed: Feed) -> str:
    distributor = feed.distributor
    layout = API_FEED_LAYOUTS.get(distributor.kind)
    if layout is None:
        return _("%(distributor)s has no file API we can fetch from; choose FTP as the feed's "
                 "source, or import its file with `manage.py import_feed %(code)s FILE`.") % {
            "distributor": distributor, "code": distributor.code}
    if feed.layout != layout:
        return _("the file API of %(distributor)s sends the layout “%(layout)s”, and the feed "
                 "is set to another; choose that layout on the feed.") % {
            "distributor": distributor, "layout": layout.label}
    return ""


def _client(feed: Feed, limits: FetchLimits) -> FeedFileClient:
    distributor = feed.distributor
    base_url = distributor.portal_base_url if distributor.kind == DistributorKind.PARTS_UNLIMITED \
        else distributor.api_base_url
    return feed_file_client(distributor.kind, base_url=base_url, api_key=distributor.api_key,
                            dealer_number=distributor.account_number,
                            username=distributor.portal_username,
                            password=distributor.portal_password, **asdict(limits))


def _call_claim(feed: Feed, force: bool) -> tuple[datetime | None, datetime | None]:
    """(the last call before, this call's time), or (…, None) within the call spacing."""
    now = timezone.now()
    previous = Feed.objects.values_list("api_fetched_at", flat=True).get(pk=feed.pk)
    claim = Feed.objects.filter(pk=feed.pk)
    spacing = CALL_SPACING.get(feed.distributor.kind)
    if spacing and not force:
        claim = claim.filter(Q(api_fetched_at__isnull=True) | Q(api_fetched_at__lte=now - spacing))
    if not claim.update(api_fetched_at=now):
        return previous, None
    feed.api_fetched_at = now
    return previous, now


def _call_release(feed: Feed, previous: datetime | None, claimed: datetime) -> None:
    Feed.objects.filter(pk=feed.pk, api_fetched_at=claimed).update(api_fetched_at=previous)
    feed.api_fetched_at = previous


def _skipped(feed: Feed) -> FeedRun:
    distributor = feed.distributor
    last = Feed.objects.values_list("api_fetched_at", flat=True).get(pk=feed.pk) or \
        timezone.now()  # given back meanwhile by a call that failed
    spacing = CALL_SPACING[distributor.kind]
    return FeedRun.objects.create(
        feed=feed, file_name=FILE_NAMES[distributor.kind], status=FeedRunStatus.SKIPPED,
        finished_at=timezone.now(), error=_(
            "Not fetched: %(distributor)s allows two price-file calls a day, and the last one "
            "was at %(last)s, so the next waits until %(next)s. To call now anyway, use the "
            "feed's action “Fetch and import now, even within the call limit” or `manage.py "
            "import_feeds --distributor %(code)s --force`.") % {
            "distributor": distributor, "code": distributor.code,
            "last": f"{timezone.localtime(last):%Y-%m-%d %H:%M}",
            "next": f"{timezone.localtime(last + spacing):%Y-%m-%d %H:%M}"})


def _sentence(feed: Feed, failure: DistributorRefused | DistributorUnavailable) -> str:
    if isinstance(failure, DistributorUnavailable):
        return failure.message
    values = {"distributor": feed.distributor, "status": failure.status,
              "message": failure.message.rstrip("."),
              "check": WHAT_TO_CHECK.get(feed.distributor.kind, _("the credentials"))}
    if failure.status in (401, 403):
        return _("%(distributor)s refused our credentials (HTTP %(status)s: %(message)s); "
                 "check %(check)s on the distributor.") % values
    return _("%(distributor)s refused the request (HTTP %(status)s: %(message)s); check the "
             "distributor's settings, or ask %(distributor)s what the message means.") % values


def _unpacked(download: Path, feed: Feed, limits: FetchLimits) -> Path:
    """The CSV to import: the download itself, or the one CSV of the ZIP it is."""
    if feed.distributor.kind != DistributorKind.PARTS_UNLIMITED and not is_zip(download):
        return download
    folder = download.parent / "unpacked"
    folder.mkdir()
    return single_csv_extract(download, folder, max_bytes=limits.max_bytes,
                              sender=str(feed.distributor))


def feed_api_description(feed: Feed) -> str:
    """What the file API source asks for, and with which credentials: for the feed's page."""
    distributor = feed.distributor
    if distributor.kind == DistributorKind.WPS:
        url = (distributor.api_base_url or wps.DEFAULT_BASE_URL).rstrip("/")
        return _("GET %(url)s/dealer-pricing with the API token of %(distributor)s "
                 "(%(token)s).") % {"url": url, "distributor": distributor,
                                    "token": _stored(distributor.api_key)}
    if distributor.kind == DistributorKind.PARTS_UNLIMITED:
        url = (distributor.portal_base_url or parts_unlimited.DEFAULT_PORTAL_URL).rstrip("/")
        return _("POST %(url)s/quotes/v2/pricefile as dealer %(dealer)s, portal user "
                 "%(user)s (password %(password)s).") % {
            "url": url, "dealer": distributor.account_number or _("(missing)"),
            "user": distributor.portal_username or _("(missing)"),
            "password": _stored(distributor.portal_password)}
    return _("%(distributor)s has no file API: fetch its file by FTP or import it by "
             "hand.") % {"distributor": distributor}


def _stored(secret: str) -> str:
    return _("stored") if secret else _("missing: enter it on the distributor")
