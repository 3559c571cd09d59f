"""Transactions: what submitAcknowledgement, SubmitShipmentConfirmations and submitInvoices
answer with (202 and a transactionId), and what getTransaction reports about them.

Amazon accepts a well-formed submission at once and checks its business rules later. Here the
outcome is decided on arrival and revealed by polling: getTransaction reports Processing for
the first PROCESSING_POLLS polls, then Success or Failure with the errors. A transaction created
while a "stuck_processing" fault is on reports Processing forever (integrators see this on
Amazon for days: research §7), although its submission takes effect.
"""

import re
import uuid
from datetime import datetime

from django.db.models import F

from sandbox.models import Fault, Transaction
from sandbox.spapi.faults import fault_claim

PROCESSING_POLLS = 1
TRANSACTION_ID = re.compile(r"\d{14}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


class MalformedTransactionId(Exception):
    pass


class UnknownTransaction(Exception):
    pass


def transaction_record(
    *, operation: str, errors: list[dict], now: datetime, transaction_id: str = ""
) -> Transaction:
    """A new transaction whose outcome is Failure with `errors`, or Success without."""
    stuck = fault_claim(operation, (Fault.Kind.STUCK_PROCESSING,)) is not None
    outcome = Transaction.Status.FAILURE if errors else Transaction.Status.SUCCESS
    return Transaction.objects.create(
        transaction_id=transaction_id or transaction_id_new(now),
        operation=operation,
        outcome=outcome,
        errors=errors,
        stuck=stuck,
        created_at=now,
    )


def transaction_id_new(now: datetime) -> str:
    """Amazon's shape: the UTC moment, then a UUID (20190827182357-8725bde9-…)."""
    return f"{now:%Y%m%d%H%M%S}-{uuid.uuid4()}"


def transaction_poll(transaction_id: str) -> dict:
    """The model's Transaction for `transaction_id`, counting this poll."""
    if not TRANSACTION_ID.fullmatch(transaction_id):
        raise MalformedTransactionId(transaction_id)
    polled = Transaction.objects.filter(transaction_id=transaction_id)
    if not polled.update(polls=F("polls") + 1):
        raise UnknownTransaction(transaction_id)
    record = polled.get()
    if record.status == Transaction.Status.PROCESSING and _processed(record):
        record.status = record.outcome
        record.save(update_fields=["status"])
    return transaction_status(record)


def transaction_status(record: Transaction) -> dict:
    status = {"transactionId": record.transaction_id, "status": record.status}
    if record.status == Transaction.Status.FAILURE:
        status["errors"] = record.errors
    return status


def _processed(record: Transaction) -> bool:
    return not record.stuck and record.polls > PROCESSING_POLLS
