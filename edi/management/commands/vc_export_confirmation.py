from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from edi.models import Interchange
from edi.services.spreadsheets import confirmation_export


class Command(BaseCommand):
    help = ("Write the confirmation of an imported Vendor Central spreadsheet: the same file "
            "with the accepted quantity (and availability) of every decided PO line filled in, "
            "ready to upload to Vendor Central. Lines of POs not decided yet stay blank and are "
            "listed on stderr.")

    def add_arguments(self, parser):
        parser.add_argument("interchange_id", type=int, help="id of the imported interchange")
        parser.add_argument("--out", required=True, help="path of the file to write")

    def handle(self, *args, interchange_id: int, out: str, **options):
        interchange = Interchange.objects.filter(pk=interchange_id).first()
        if interchange is None:
            raise CommandError(f"No interchange has the id {interchange_id}.")
        try:
            export = confirmation_export(interchange=interchange)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        try:
            Path(out).write_bytes(export.content)
        except OSError as error:
            raise CommandError(f"Cannot write {out}: {error.strerror}.") from error
        if export.undecided:
            self.stderr.write(f"Not decided yet, left blank: {', '.join(export.undecided)}.")
        self.stdout.write(f"{out}: {export.confirmed_lines} lines confirmed, "
                          f"{len(export.undecided)} purchase orders not decided yet.")
