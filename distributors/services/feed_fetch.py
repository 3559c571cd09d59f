"""Fetching a feed's file from where the feed says (the distributor's FTP server or its file
API), streamed to disk, then imported."""

import tempfile
from pathlib import Path

from django.db.models import Q
from django.utils.translation import gettext as _

from config.transport import Endpoint, TransportError, remote_session
from distributors.models import Feed, FeedRun, FeedSource
from distributors.services.feed_api import feed_api_fetch_and_import, fetch_failed
from distributors.services.feeds import feed_import


def feed_endpoint(feed: Feed) -> Endpoint:
    return Endpoint(protocol="ftp", host=feed.ftp_host, port=feed.ftp_port,
                    username=feed.ftp_username, password=feed.ftp_password,
                    use_tls=feed.ftp_use_tls)


def feed_fetch_and_import(feed: Feed, *, force: bool = False) -> FeedRun:
    """Fetch the feed's file and import it; a fetch that fails is a failed run too. `force`
    calls a file API even within the distributor's call limit (Parts Unlimited: two a day)."""
    if feed.source == FeedSource.API:
        return feed_api_fetch_and_import(feed, force=force)
    if feed.source == FeedSource.MANUAL:
        return fetch_failed(feed, _(
            "the feed is imported by hand: import its file with `manage.py import_feed "
            "%(code)s FILE`, or choose the FTP server or the file API as its source.") % {
            "code": feed.distributor.code})
    if not (feed.ftp_host and feed.ftp_file_name):
        return fetch_failed(feed, _(
            "the feed names no FTP host and file; import its file with `manage.py import_feed "
            "%(code)s FILE`, or enter where to fetch it.") % {"code": feed.distributor.code})
    return _ftp_fetch_and_import(feed)


def _ftp_fetch_and_import(feed: Feed) -> FeedRun:
    with tempfile.TemporaryDirectory(prefix="feed-") as folder:
        path = Path(folder) / "feed.csv"
        try:
            with remote_session(feed_endpoint(feed)) as session, path.open("wb") as local:
                session.download(feed.ftp_folder, feed.ftp_file_name, local)
        except TransportError as error:
            return fetch_failed(feed, str(error))
        return feed_import(feed=feed, path=path, file_name=feed.ftp_file_name)


def feeds_to_fetch(distributor_code: str | None = None) -> list[Feed]:
    """Feeds fetched from an FTP server or a file API: every enabled one, or all of one
    distributor's (enabled or not) when it is named."""
    fetched = Q(source=FeedSource.API) | (Q(source=FeedSource.FTP) & ~Q(ftp_host=""))
    feeds = Feed.objects.filter(fetched).select_related("distributor")
    if distributor_code:
        return list(feeds.filter(distributor__code=distributor_code))
    return list(feeds.filter(enabled=True, distributor__enabled=True))
