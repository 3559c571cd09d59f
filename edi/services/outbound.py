"""EDI files out: written and stored as an outbound interchange in the caller's transaction,
with an outbox row that uploads it to the partner's outbound folder.

Upload is under a unique name and skipped when that name is already there (a retry after a
worker died mid-upload), so a file never reaches the partner twice.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from config.transport import TransportError, remote_session
from edi.amazon.edifact_contrl import write_contrl
from edi.amazon.order_files import X12, ReadFile
from edi.amazon.x12_997 import write_997
from edi.models import Direction, EdiPartner, Interchange, InterchangeStatus, SftpChannel
from edi.services.channels import sftp_endpoint
from edi.services.documents import ACKNOWLEDGEMENT, acknowledgement_input, document_write
from edi.services.envelopes import (
    ControlNumbers,
    control_numbers_take,
    edifact_envelope,
    x12_envelope,
)
from orders.models import OutboxMessage, OutboxStatus, PurchaseOrder, PurchaseOrderStatus
from orders.services.lines import LineRow
from orders.services.outbox import outbox_add, outbox_resend
from orders.services.status import purchase_order_transition

KIND = "edi.file"
S = InterchangeStatus
EXTENSIONS = {X12: "x12", "edifact": "edi"}


def outbound_file_name(partner: EdiPartner, document_type: str, numbers: ControlNumbers,
                       created_at: datetime) -> str:
    extension = EXTENSIONS[X12 if partner.is_x12 else "edifact"]
    return (f"{partner.code}_{document_type}_{numbers.interchange:09d}_"
            f"{created_at:%Y%m%d%H%M%S}.{extension}")


def outbound_file_add(*, partner: EdiPartner, document_type: str, content: bytes,
                      numbers: ControlNumbers, created_at: datetime,
                      answers: Interchange | None = None,
                      orders: list[PurchaseOrder] = ()) -> OutboxMessage:
    """Store the file we send and queue its upload (in the caller's transaction)."""
    interchange = Interchange.objects.create(
        direction=Direction.OUTBOUND, standard=X12 if partner.is_x12 else "edifact",
        file_name=outbound_file_name(partner, document_type, numbers, created_at),
        content=content, document_types=document_type, sender_id=partner.our_id[:35],
        receiver_id=partner.partner_id[:35], control_number=str(numbers.interchange),
        status=S.PENDING, partner=partner, answers=answers)
    interchange.purchase_orders.set(orders)
    return outbox_add([OutboxMessage(kind=KIND, key=f"{KIND}:{interchange.pk}",
                                     account=partner.account,
                                     purchase_order=orders[0] if len(orders) == 1 else None,
                                     payload={"interchange": interchange.pk,
                                              "file_name": interchange.file_name})])[0]


def functional_acknowledgement_add(*, partner: EdiPartner, read: ReadFile,
                                   answers: Interchange) -> OutboxMessage:
    """The 997 (X12) or CONTRL (EDIFACT) for an inbound file, saying what was accepted."""
    numbers, now = control_numbers_take(partner), timezone.now()
    problems = read.order_file.problems
    if read.standard == X12:
        content = write_997(read.interchange, problems, x12_envelope(partner, numbers, now))
    else:
        content = write_contrl(read.interchange, problems, edifact_envelope(partner, numbers,
                                                                           now))
    return outbound_file_add(partner=partner, document_type="997" if read.standard == X12
                             else "CONTRL", content=content, numbers=numbers, created_at=now,
                             answers=answers)


def _order_sources(orders: list[PurchaseOrder]) -> dict[int, Interchange]:
    """Each order's latest inbound interchange with a partner: the file the answer answers."""
    links = Interchange.purchase_orders.through.objects.filter(
        purchaseorder__in=orders, interchange__direction=Direction.INBOUND,
        interchange__partner__isnull=False).values("purchaseorder").annotate(
        latest=Max("interchange"))
    latest = {row["purchaseorder"]: row["latest"] for row in links}
    by_id = Interchange.objects.select_related("partner__account").defer("content").in_bulk(
        set(latest.values()))
    return {order_id: by_id[interchange_id] for order_id, interchange_id in latest.items()}


def order_partner(order: PurchaseOrder) -> EdiPartner:
    """The partner whose file brought `order`; ValidationError when none did."""
    source = _order_sources([order]).get(order.pk)
    if source is None:
        raise ValidationError(_("Purchase order %(po)s did not come from a known EDI partner's "
                                "file.") % {"po": order.po_number})
    return source.partner


def acknowledgement_files_add(orders: list[PurchaseOrder], lines: dict[int, list[LineRow]]
                              ) -> list[OutboxMessage]:
    """An 855 or ORDRSP per decided EDI order, built from its decided `lines`; an order whose
    file came from no known partner goes to review instead."""
    sources, files = _order_sources(orders), []
    for order in orders:
        if order.pk in sources:
            files.append(_acknowledgement_file(order, lines[order.pk], sources[order.pk]))
        else:
            purchase_order_transition(order=order, to=PurchaseOrderStatus.NEEDS_REVIEW, reason=_(
                "No EDI partner is known for this order's file, so no acknowledgement file can "
                "be sent; reprocess the file once the partner is set up."))
    return files


def _acknowledgement_file(order: PurchaseOrder, lines, source: Interchange) -> OutboxMessage:
    partner, numbers, now = source.partner, control_numbers_take(source.partner), timezone.now()
    content = document_write(ACKNOWLEDGEMENT, acknowledgement_input(order, lines, partner),
                             partner, numbers, now)
    return outbound_file_add(partner=partner, document_type=ACKNOWLEDGEMENT.name_for(partner),
                             content=content, numbers=numbers, created_at=now, answers=source,
                             orders=[order])


def _channel_of(interchange: Interchange) -> SftpChannel:
    channel = SftpChannel.objects.filter(partner=interchange.partner_id).first()
    if channel is None:
        raise TransportError(_(
            "EDI partner %(partner)s has no SFTP channel, so %(file)s cannot be uploaded; add "
            "the channel and resend, or download the file from the interchange.") % {
            "partner": interchange.partner, "file": interchange.file_name}, retryable=False)
    return channel


def edi_file_send(message: OutboxMessage) -> str:
    interchange = Interchange.objects.select_related("partner").get(
        pk=message.payload["interchange"])
    channel = _channel_of(interchange)
    with remote_session(sftp_endpoint(channel)) as session:
        if not session.exists(channel.outbound_folder, interchange.file_name):
            session.upload(channel.outbound_folder, interchange.file_name,
                           bytes(interchange.content))
    return f"{channel.outbound_folder}/{interchange.file_name}"[:100]


def _orders_acknowledging(interchange_id: int) -> list[PurchaseOrder]:
    return list(PurchaseOrder.objects.select_for_update().filter(
        interchanges=interchange_id, status=PurchaseOrderStatus.ACKNOWLEDGING))


def edi_file_accepted(message: OutboxMessage) -> None:
    interchange_id = message.payload["interchange"]
    Interchange.objects.filter(pk=interchange_id).update(status=S.SENT, error="",
                                                         processed_at=timezone.now())
    for order in _orders_acknowledging(interchange_id):
        purchase_order_transition(order=order, to=PurchaseOrderStatus.ACKNOWLEDGED, reason=_(
            "Acknowledgement file %(file)s placed in the partner's outbound folder.")
            % {"file": message.payload["file_name"]})


def edi_file_failed(message: OutboxMessage) -> None:
    interchange_id = message.payload["interchange"]
    Interchange.objects.filter(pk=interchange_id).update(status=S.ERROR,
                                                         error=message.last_error)
    for order in _orders_acknowledging(interchange_id):
        purchase_order_transition(order=order, to=PurchaseOrderStatus.NEEDS_REVIEW, reason=_(
            "The acknowledgement file could not be sent: %(error)s") % {
            "error": message.last_error})


def interchange_resend(interchange: Interchange) -> OutboxMessage:
    """Upload an outbound file again (its upload failed, or the partner lost it): a new outbox
    row, so the history of the earlier attempts stays."""
    last = OutboxMessage.objects.filter(kind=KIND, payload__interchange=interchange.pk) \
        .order_by("-created_at", "-id").first()
    if interchange.direction != Direction.OUTBOUND or last is None:
        raise ValidationError(_("%(file)s is not a file we send, so it cannot be resent.")
                              % {"file": interchange.file_name})
    if last.status not in (OutboxStatus.FAILED, OutboxStatus.ACCEPTED):
        raise ValidationError(_("%(file)s is still being sent; wait for the outcome.")
                              % {"file": interchange.file_name})
    Interchange.objects.filter(pk=interchange.pk).update(status=S.PENDING, error="")
    return outbox_resend(last)
