"""Fetching a feed file from the distributor's FTP server, streamed to disk, then imported."""

import tempfile
from pathlib import Path

from django.utils import timezone

from config.transport import Endpoint, TransportError, remote_session
from distributors.models import Feed, FeedRun, FeedRunStatus
from distributors.services.feeds import feed_import


def feed_endpoint(feed: Feed) -> Endpoint:
    return Endpoint(protocol="ftp", host=feed.ftp_host, port=feed.ftp_port,
                    username=feed.ftp_username, password=feed.ftp_password,
                    use_tls=feed.ftp_use_tls)


def _fetch_failed(feed: Feed, error: TransportError) -> FeedRun:
    return FeedRun.objects.create(feed=feed, file_name=feed.ftp_file_name[:255],
                                  status=FeedRunStatus.FAILED, finished_at=timezone.now(),
                                  error=f"The file could not be fetched: {error}")


def feed_fetch_and_import(feed: Feed) -> FeedRun:
    """Download the feed's file and import it; a download failure is a failed run too."""
    if not (feed.ftp_host and feed.ftp_file_name):
        return _fetch_failed(feed, TransportError(
            "the feed names no FTP host and file; import its file with `manage.py import_feed "
            f"{feed.distributor.code} FILE`, or enter where to fetch it.", retryable=False))
    with tempfile.TemporaryDirectory(prefix="feed-") as folder:
        path = Path(folder) / (feed.ftp_file_name or "feed.csv")
        try:
            with remote_session(feed_endpoint(feed)) as session, path.open("wb") as local:
                session.download(feed.ftp_folder, feed.ftp_file_name, local)
        except TransportError as error:
            return _fetch_failed(feed, error)
        return feed_import(feed=feed, path=path, file_name=feed.ftp_file_name)


def feeds_to_fetch(distributor_code: str | None = None) -> list[Feed]:
    feeds = Feed.objects.exclude(ftp_host="").select_related("distributor")
    if distributor_code:
        return list(feeds.filter(distributor__code=distributor_code))
    return list(feeds.filter(enabled=True, distributor__enabled=True))
