from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from edi.models import EdiPartner, Interchange, InterchangeStatus
from edi.services.inbound import edi_receive

S = InterchangeStatus


class Command(BaseCommand):
    help = ("Import local X12 or EDIFACT files as if they had been received: each is stored, "
            "read, recognised (a duplicate imports nothing), its purchase orders stored and "
            "its 997 or CONTRL queued. The partner follows the file's sender id unless "
            "--partner is given. Exit status 1 when any file ends in error.")

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--partner", help="code of the EDI partner that sent the files")

    def handle(self, *args, files: list[str], partner: str | None = None, **options):
        sender = self._partner(partner)
        results = [self._import(Path(name), sender) for name in files]
        failed = [i for i in results if i.status == S.ERROR]
        counts = {status: sum(1 for i in results if i.status == status)
                  for status in (S.IMPORTED, S.DUPLICATE, S.ERROR)}
        summary = (f"{len(results)} files: {counts[S.IMPORTED]} imported, "
                   f"{counts[S.DUPLICATE]} duplicates, {counts[S.ERROR]} in error")
        if failed:
            raise CommandError(summary)
        self.stdout.write(summary)

    def _partner(self, code: str | None) -> EdiPartner | None:
        if not code:
            return None
        partner = EdiPartner.objects.filter(code=code).first()
        if partner is None:
            raise CommandError(f"No EDI partner has the code {code}.")
        return partner

    def _import(self, path: Path, partner: EdiPartner | None) -> Interchange:
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
        interchange = edi_receive(file_name=path.name, content=content, partner=partner)
        orders = ", ".join(interchange.purchase_orders.values_list("po_number", flat=True))
        line = (f"{path}: {interchange.get_status_display().lower()} (interchange "
                f"#{interchange.pk}{', orders ' + orders if orders else ''})")
        if interchange.status == S.ERROR:
            self.stderr.write(line)
            for message in interchange.error.splitlines():
                self.stderr.write(f"  {message}")
        else:
            self.stdout.write(line)
        return interchange
