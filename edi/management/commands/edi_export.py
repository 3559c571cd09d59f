import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from edi.services.exports import document_export
from orders.models import PurchaseOrder


class Command(BaseCommand):
    help = ("Write one EDI document for a purchase order in the standard of the partner it came "
            "from: 855 (acknowledgement, or ORDRSP), 856 (ship notice, or DESADV, one per "
            "shipment) or 810 (invoice, or INVOIC, one per invoice). Takes the partner's next "
            "control numbers. Written to --out, or to standard output.")

    def add_arguments(self, parser):
        parser.add_argument("po_number", metavar="PO_NUMBER")
        parser.add_argument("--type", required=True, choices=["855", "856", "810"],
                            dest="document_type")
        parser.add_argument("--account", help="vendor code, when several accounts have the PO")
        parser.add_argument("--out", help="file to write (default: standard output)")

    def handle(self, *args, po_number: str, document_type: str, account: str | None = None,
               out: str | None = None, **options):
        orders = PurchaseOrder.objects.filter(po_number=po_number)
        if account:
            orders = orders.filter(account__code=account)
        if not orders:
            raise CommandError(f"No purchase order has the number {po_number}.")
        if len(orders) > 1:
            raise CommandError(f"Several accounts have PO {po_number}; name one with --account.")
        try:
            documents = document_export(order=orders[0], document_type=document_type)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        content = b"\n".join(document.content for document in documents)
        if out:
            Path(out).write_bytes(content)
        else:
            sys.stdout.buffer.write(content)
        names = ", ".join(document.file_name for document in documents)
        summary = f"{po_number}: {len(documents)} {document_type} written ({names})"
        (self.stdout if out else self.stderr).write(summary)
