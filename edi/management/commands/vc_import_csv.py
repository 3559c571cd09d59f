from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from edi.models import InterchangeStatus
from edi.services.spreadsheets import account_for_spreadsheet, spreadsheet_receive
from orders.models import VendorAccount


class Command(BaseCommand):
    help = ("Import a Vendor Central purchase-order spreadsheet: CSV (comma, semicolon or tab) "
            "or Excel .xlsx, despite the name. The file is stored first; a file received before "
            "is a duplicate and imports nothing. On any error nothing is imported, each error "
            "is printed on its own line and the exit status is 1.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="path of the CSV or .xlsx file")
        parser.add_argument("--account", help="vendor code of the account (default: the vendor "
                                              "code in the file's vendor-code column)")

    def handle(self, *args, file: str, account: str | None = None, **options):
        try:
            content = Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        vendor = self._account(account, content)
        interchange = spreadsheet_receive(account=vendor, file_name=file, content=content)
        if interchange.status == InterchangeStatus.ERROR:
            errors = interchange.error.splitlines()
            for message in errors:
                self.stderr.write(message)
            count = "1 error" if len(errors) == 1 else f"{len(errors)} errors"
            raise CommandError(f"Nothing imported: {count} in {file} "
                               f"(interchange #{interchange.pk}).")
        self.stdout.write(self._summary(file, interchange))

    def _account(self, code: str | None, content: bytes) -> VendorAccount:
        if code:
            try:
                return VendorAccount.objects.get(code=code)
            except VendorAccount.DoesNotExist:
                raise CommandError(f"No vendor account has the code {code}.") from None
        try:
            return account_for_spreadsheet(content)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages) + " Name the account with "
                               "--account CODE.") from error

    def _summary(self, file: str, interchange) -> str:
        if interchange.status == InterchangeStatus.DUPLICATE:
            return (f"{file}: already received as interchange #{interchange.duplicate_of_id}; "
                    f"nothing imported (interchange #{interchange.pk}).")
        sheet = interchange.spreadsheet
        return (f"{file}: {sheet.orders_created} new, {sheet.orders_changed} changed, "
                f"{sheet.orders_unchanged} unchanged purchase orders, {sheet.lines} lines, "
                f"{sheet.get_locale_display()} headers, account {sheet.account.code} "
                f"(interchange #{interchange.pk}).")
