from django.core.management.base import BaseCommand, CommandError

from distributors.models import FeedRunStatus
from distributors.services.feed_fetch import feed_fetch_and_import, feeds_to_fetch


class Command(BaseCommand):
    help = ("Fetch every enabled feed's file from its distributor's FTP server and import it, "
            "as the nightly schedule does. Exit status 1 when any feed failed; the others "
            "still run.")

    def add_arguments(self, parser):
        parser.add_argument("--distributor", help="only this distributor's feeds")

    def handle(self, *args, distributor: str | None = None, **options):
        feeds = feeds_to_fetch(distributor)
        runs = [feed_fetch_and_import(feed) for feed in feeds]
        for run in runs:
            self.stdout.write(f"{run.feed}: {run.get_status_display()} — {run.rows_read} rows, "
                              f"{run.inserted} inserted, {run.updated} updated, "
                              f"{run.rejected} rejected{'; ' + run.error if run.error else ''}")
        if not runs:
            self.stdout.write("no feeds with an FTP source")
        failed = [run for run in runs if run.status == FeedRunStatus.FAILED]
        if failed:
            raise CommandError(f"{len(failed)} of {len(runs)} feeds failed.")
