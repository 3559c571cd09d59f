from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from distributors.models import Feed, FeedRunStatus
from distributors.services.feeds import feed_import


class Command(BaseCommand):
    help = ("Import a distributor's price and inventory file from a local path: only changed "
            "items are written, items missing from a full feed become unavailable, and "
            "drop-shipping is recomputed. Bad rows are listed with their line numbers and do "
            "not stop the file; a file that cannot be read applies nothing (exit status 1).")

    def add_arguments(self, parser):
        parser.add_argument("distributor", metavar="DISTRIBUTOR_CODE")
        parser.add_argument("file", metavar="FILE")
        parser.add_argument("--feed", help="the feed's name, when the distributor has several")
        parser.add_argument("--partial", action="store_true",
                            help="the file lists only some items: mark nothing unavailable")
        parser.add_argument("--force", action="store_true",
                            help="import even if it is the same file as last time")

    def handle(self, *args, distributor: str, file: str, feed: str | None = None,
               partial: bool = False, force: bool = False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Cannot read {file}: no such file.")
        run = feed_import(feed=self._feed(distributor, feed), path=path,
                          full=False if partial else None, force=force)
        for rejection in run.rejections:
            self.stderr.write(f"line {rejection['line']}: {rejection['reason']}")
        if run.status == FeedRunStatus.FAILED:
            raise CommandError(f"{path.name}: nothing applied. {run.error}")
        if run.status == FeedRunStatus.UNCHANGED:
            self.stdout.write(f"{path.name}: {run.error}")
            return
        self.stdout.write(
            f"{path.name}: {run.rows_read} rows read; items {run.inserted} inserted, "
            f"{run.updated} updated, {run.unchanged} unchanged, {run.marked_unavailable} marked "
            f"unavailable; {run.rejected} rows rejected (run #{run.pk})")

    def _feed(self, distributor: str, name: str | None) -> Feed:
        feeds = Feed.objects.filter(distributor__code=distributor).select_related("distributor")
        if name:
            feeds = feeds.filter(name=name)
        found = list(feeds[:2])
        if not found:
            raise CommandError(f"Distributor {distributor} has no feed"
                               f"{' named ' + name if name else ''}; add one in the admin.")
        if len(found) > 1:
            raise CommandError(f"Distributor {distributor} has several feeds; name one with "
                               "--feed.")
        return found[0]
