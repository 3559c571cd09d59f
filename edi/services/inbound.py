"""EDI files in: stored raw first, then read, recognised, imported and answered.

A file moves received → parsed → imported, or ends in error (with every problem as a sentence)
or as a duplicate (the same bytes, or the same control number from the same partner). The
orders that the functional acknowledgement accepts are imported in one transaction with the
acknowledgement's outbox row; a file with any problem is in error even so, and is answered
with a negative 997 or CONTRL naming each rejected part.
"""

from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from edi.amazon.order_files import ReadFile, read_order_file, standard_of
from edi.codec.problems import EdiError
from edi.models import Direction, EdiPartner, Interchange, InterchangeStatus, Standard
from edi.services.outbound import functional_acknowledgement_add
from orders.models import OrderSource, PurchaseOrder
from orders.services.intake import purchase_orders_receive

S = InterchangeStatus
REPROCESSABLE = (S.ERROR, S.DUPLICATE)


def _finish(interchange: Interchange, status: str, **values) -> Interchange:
    values = {"status": status, "processed_at": timezone.now(), **values}
    Interchange.objects.filter(pk=interchange.pk).update(**values)
    for name, value in values.items():
        setattr(interchange, name, value)
    return interchange


def _sniffed_standard(content: bytes) -> str:
    try:
        return standard_of(content)
    except EdiError:
        return Standard.UNKNOWN


def edi_receive(*, file_name: str, content: bytes,
                partner: EdiPartner | None = None) -> Interchange:
    """Store the file (committed on its own, so nothing received is lost), then import it."""
    interchange = Interchange.objects.create(
        direction=Direction.INBOUND, standard=_sniffed_standard(content),
        file_name=PurePath(file_name).name[:255], content=content, partner=partner)
    return edi_import(interchange)


def _same_bytes_before(interchange: Interchange) -> Interchange | None:
    return Interchange.objects.filter(
        direction=Direction.INBOUND, checksum=interchange.checksum, pk__lt=interchange.pk,
    ).exclude(status=S.DUPLICATE).order_by("pk").first()


def _same_control_number_before(interchange: Interchange) -> Interchange | None:
    return Interchange.objects.filter(
        direction=Direction.INBOUND, partner=interchange.partner,
        control_number=interchange.control_number, pk__lt=interchange.pk,
    ).exclude(status__in=REPROCESSABLE).order_by("pk").first()


def partner_for(read: ReadFile) -> EdiPartner | None:
    """The partner whose interchange id sent the file (to us, when several share it)."""
    candidates = list(EdiPartner.objects.filter(partner_id__iexact=read.sender_id.strip())
                      .select_related("account"))
    addressed = [p for p in candidates if p.our_id.strip().upper() == read.receiver_id.upper()]
    chosen = addressed or candidates
    return chosen[0] if len(chosen) == 1 else None


def _no_partner_error(read: ReadFile) -> str:
    return _("No EDI partner has the interchange id %(sender)s (the file's sender, addressed "
             "to %(receiver)s). Add the partner, or correct its id, then reprocess the file.") % {
        "sender": read.sender_id, "receiver": read.receiver_id}


def edi_import(interchange: Interchange) -> Interchange:
    """Read the stored file and apply it; the interchange says how it ended."""
    original = _same_bytes_before(interchange)
    if original is not None:
        return _finish(interchange, S.DUPLICATE, duplicate_of=original, error="")
    try:
        read = read_order_file(bytes(interchange.content))
    except EdiError as error:
        return _finish(interchange, S.ERROR, error=str(error))
    partner = interchange.partner or partner_for(read)
    _finish(interchange, S.PARSED, sender_id=read.sender_id[:35],
            receiver_id=read.receiver_id[:35], control_number=read.control_number[:14],
            document_types=",".join(read.document_types)[:64], partner=partner, error="")
    if partner is None:
        return _finish(interchange, S.ERROR, error=_no_partner_error(read))
    earlier = _same_control_number_before(interchange)
    if earlier is not None:
        return _finish(interchange, S.DUPLICATE, duplicate_of=earlier, error=_(
            "Interchange control number %(number)s from %(partner)s was received before "
            "(%(file)s); nothing was imported.") % {
            "number": read.control_number, "partner": partner.code, "file": earlier.file_name})
    return _apply(interchange, read, partner)


@transaction.atomic
def _apply(interchange: Interchange, read: ReadFile, partner: EdiPartner) -> Interchange:
    orders = read.order_file.orders
    purchase_orders_receive(account=partner.account, orders=orders, source=OrderSource.EDI)
    interchange.purchase_orders.set(PurchaseOrder.objects.filter(
        account=partner.account, po_number__in=[order.po_number for order in orders]))
    if not read.is_acknowledgement:
        functional_acknowledgement_add(partner=partner, read=read, answers=interchange)
    problems = read.order_file.problems
    if problems:
        return _finish(interchange, S.ERROR, duplicate_of=None,
                       error="\n".join(problem.message for problem in problems))
    return _finish(interchange, S.IMPORTED, duplicate_of=None, error="")


def edi_reprocess(interchange: Interchange) -> Interchange:
    """Read a stored inbound file in error (or marked duplicate) again, e.g. after the partner
    was added. Claimed with one conditional update, so two staff never import it twice."""
    claimed = Interchange.objects.filter(
        Q(standard__in=[Standard.X12, Standard.EDIFACT, Standard.UNKNOWN]),
        pk=interchange.pk, direction=Direction.INBOUND, status__in=REPROCESSABLE,
    ).update(status=S.RECEIVED, error="", duplicate_of=None)
    if not claimed:
        raise ValidationError(_("The file %(file)s is not an inbound EDI file in error or a "
                                "duplicate, so it is not read again.")
                              % {"file": interchange.file_name})
    return edi_import(Interchange.objects.get(pk=interchange.pk))
