from django.core.management.base import BaseCommand, CommandError

from distributors.models import FeedRunStatus
from distributors.services.feed_fetch import feed_fetch_and_import, feeds_to_fetch


class Command(BaseCommand):
    help = ("Fetch every enabled feed's file from its source (the distributor's FTP server or "
            "its file API) and import it, as the nightly schedule does. Exit status 1 when "
            "any feed failed; the others still run. A file API call within the distributor's "
            "call limit (Parts Unlimited: two a day) is skipped, not failed.")

    def add_arguments(self, parser):
        parser.add_argument("--distributor", help="only this distributor's feeds")
        parser.add_argument("--force", action="store_true",
                            help="call the file APIs even within the distributors' call limits")

    def handle(self, *args, distributor: str | None = None, force: bool = False, **options):
        feeds = feeds_to_fetch(distributor)
        runs = [feed_fetch_and_import(feed, force=force) for feed in feeds]
        for run in runs:
            self.stdout.write(f"{run.feed}: {run.get_status_display()} — {run.rows_read} rows, "
                              f"{run.inserted} inserted, {run.updated} updated, "
                              f"{run.rejected} rejected{'; ' + run.error if run.error else ''}")
        if not runs:
            self.stdout.write("no feeds fetched by FTP or file API")
        failed = [run for run in runs if run.status == FeedRunStatus.FAILED]
        if failed:
            raise CommandError(f"{len(failed)} of {len(runs)} feeds failed.")
