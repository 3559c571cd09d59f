"""The outbox: every message to a partner is a row first, then sent by a task.

A row is claimed with a compare-and-set update (PENDING → SENDING), so two workers never send
the same message. A send that fails for a passing reason waits and tries again; a permanent
error, or a worker that died in the middle of sending (whether the partner got it is then
unknown), stops the message as FAILED with the reason, for a person to look at and resend.
"""

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import F, Field, JSONField, Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django_q.tasks import async_task

from config.bulk import rows_insert
from orders.models import OutboxMessage, OutboxStatus

MAX_ATTEMPTS = 6
# A new message's row: every column but the id, which the database gives.
INSERT_FIELDS = [field for field in OutboxMessage._meta.concrete_fields if not field.primary_key]
SENDING_LEASE = timedelta(minutes=15)
PLAIN_TYPES = frozenset({str, int})


@dataclass(frozen=True)
class OutboxKind:
    """Dotted paths: send(message) -> partner reference; accepted/failed(message) follow-ups.

    `settled_by_sending`: the partner has no later word (a file placed on its server), so a
    successful send is the acceptance.
    """

    send: str
    accepted: str
    failed: str
    settled_by_sending: bool = False


KINDS: dict[str, OutboxKind] = {
    "spapi.acknowledgement": OutboxKind(
        send="orders.services.acknowledgements.acknowledgement_send",
        accepted="orders.services.acknowledgements.acknowledgement_accepted",
        failed="orders.services.acknowledgements.acknowledgement_failed"),
    "spapi.shipment_confirmation": OutboxKind(
        send="orders.services.shipments.shipment_confirmation_send",
        accepted="orders.services.shipments.shipment_confirmation_accepted",
        failed="orders.services.shipments.shipment_confirmation_failed"),
    "spapi.invoice": OutboxKind(
        send="orders.services.invoices.invoice_send",
        accepted="orders.services.invoices.invoice_accepted",
        failed="orders.services.invoices.invoice_failed"),
    "distributor.order": OutboxKind(
        send="distributors.services.dropship.dropship_send",
        accepted="distributors.services.dropship.dropship_accepted",
        failed="distributors.services.dropship.dropship_failed", settled_by_sending=True),
    "marketplace.tracking": OutboxKind(
        send="orders.services.tracking_push.tracking_push_send",
        accepted="orders.services.tracking_push.tracking_push_accepted",
        failed="orders.services.tracking_push.tracking_push_failed", settled_by_sending=True),
    "edi.file": OutboxKind(
        send="edi.services.outbound.edi_file_send",
        accepted="edi.services.outbound.edi_file_accepted",
        failed="edi.services.outbound.edi_file_failed", settled_by_sending=True),
    "punchout.order_request": OutboxKind(
        send="punchout.services.orders.order_request_send",
        accepted="punchout.services.orders.order_request_accepted",
        failed="punchout.services.orders.order_request_failed", settled_by_sending=True),
}


def outbox_send_soon(messages: Sequence[OutboxMessage]) -> None:
    """Once the caller commits, a task sends these messages: their own task, so that a PO
    placed now does not wait behind thousands of acknowledgements queued before it. What it
    cannot send yet (throttled, retrying) the `outbox-send` schedule sends when due."""
    ids = [message.pk for message in messages]
    if ids:
        transaction.on_commit(lambda: async_task("orders.tasks.send_outbox_messages", ids))


def outbox_add(messages: Iterable[OutboxMessage]) -> list[OutboxMessage]:
    """Store messages in the caller's transaction; a task sends them once it commits."""
    created = _messages_insert(list(messages))
    outbox_send_soon(created)
    return created


def _messages_insert(messages: list[OutboxMessage]) -> list[OutboxMessage]:
    """What bulk_create() does, with the rows sent as plain values (config.bulk): bulk_create
    took 6 s for 10,000 acknowledgements on PostgreSQL, escaping the payloads on the client."""
    db = connections[DEFAULT_DB_ALIAS]  # once, not through the proxy for every value
    rows = [tuple(_db_value(field, message, db) for field in INSERT_FIELDS)
            for message in messages]
    ids = rows_insert(OutboxMessage, fields=[field.name for field in INSERT_FIELDS], rows=rows,
                      returning="id")
    for message, pk in zip(messages, ids, strict=True):
        message.pk = pk
        message._state.adding, message._state.db = False, db.alias
    return messages


def _db_value(field: Field, message: OutboxMessage, db: BaseDatabaseWrapper) -> object:
    value = field.pre_save(message, add=True)  # stamps created_at, as save() does
    # NULL whatever the field; a plain text or number (not a JSON payload) is already what the
    # database takes, and the field's preparation would only copy it.
    if value is None or (type(value) in PLAIN_TYPES and not isinstance(field, JSONField)):
        return value
    if isinstance(field, JSONField):
        return json.dumps(value, cls=field.encoder)  # as text: see config.bulk.rows_insert
    return field.get_db_prep_save(value, db)


def retry_delay(attempts: int) -> timedelta:
    return timedelta(seconds=min(30 * 2 ** (attempts - 1), 3600))


def outbox_claim(message_id: int) -> OutboxMessage | None:
    now = timezone.now()
    claimed = OutboxMessage.objects.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        pk=message_id, status=OutboxStatus.PENDING,
    ).update(status=OutboxStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    return OutboxMessage.objects.get(pk=message_id) if claimed else None


def _save(message: OutboxMessage, **values) -> None:
    for name, value in values.items():
        setattr(message, name, value)
    message.save(update_fields=list(values))


def outbox_finish(message: OutboxMessage, *, accepted: bool, detail: str = "") -> None:
    """The partner's final word on a message; runs the kind's follow-up."""
    status = OutboxStatus.ACCEPTED if accepted else OutboxStatus.FAILED
    with transaction.atomic():
        _save(message, status=status, last_error="" if accepted else detail,
              finished_at=timezone.now())
        kind = KINDS[message.kind]
        import_string(kind.accepted if accepted else kind.failed)(message)


def _send_failed(message: OutboxMessage, exc: Exception) -> None:
    if getattr(exc, "retryable", True) and message.attempts < MAX_ATTEMPTS:
        _save(message, status=OutboxStatus.PENDING, last_error=str(exc),
              next_attempt_at=timezone.now() + retry_delay(message.attempts))
    else:
        outbox_finish(message, accepted=False, detail=str(exc))


def outbox_send(message_id: int) -> OutboxMessage | None:
    """Send one message if it is due and nobody else has it; returns it, or None."""
    message = outbox_claim(message_id)
    if message is None:
        return None
    try:
        reference = import_string(KINDS[message.kind].send)(message)
    except Exception as exc:
        _send_failed(message, exc)
        return message
    _save(message, status=OutboxStatus.SENT, transaction_id=reference or "", last_error="",
          sent_at=timezone.now())
    if KINDS[message.kind].settled_by_sending:
        outbox_finish(message, accepted=True)
    return message


def outbox_abandon_stuck() -> int:
    """Messages a dead worker left in SENDING: unknown whether sent, so stop and show them."""
    stuck = OutboxMessage.objects.filter(status=OutboxStatus.SENDING,
                                         claimed_at__lt=timezone.now() - SENDING_LEASE)
    for message in stuck:
        outbox_finish(message, accepted=False, detail=(
            "The worker stopped while sending, so whether the partner received this is "
            "unknown. Check with the partner, then resend it if needed."))
    return len(stuck)


def outbox_send_each(message_ids: Iterable[int]) -> int:
    """Send these messages, those that are due and nobody else has; returns how many."""
    return sum(1 for message_id in message_ids if outbox_send(message_id))


def outbox_send_due() -> int:
    """Send every pending message that is due; returns how many were tried."""
    outbox_abandon_stuck()
    due = OutboxMessage.objects.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=timezone.now()),
        status=OutboxStatus.PENDING).order_by("created_at", "id").values_list("pk", flat=True)
    return outbox_send_each(due)


def outbox_resend(message: OutboxMessage) -> OutboxMessage:
    """A person decided to send a failed message again: a new row, so history stays."""
    copy = OutboxMessage.objects.create(
        kind=message.kind, key=f"{message.key}:resend:{timezone.now():%Y%m%d%H%M%S%f}",
        account=message.account, purchase_order=message.purchase_order, payload=message.payload)
    outbox_send_soon([copy])
    return copy
