"""submitAcknowledgement's effect, and the acknowledgements in force that getPurchaseOrdersStatus,
the shipments and the invoice checks read.

A submission is stored as it came (one Acknowledgement row per purchase order) under one
transaction whose outcome the rules in acknowledgement_rules decide on arrival. An
acknowledgement is in force once its transaction's outcome is Success, whatever getTransaction
has reported so far (a stuck transaction included: Vendor Central shows it confirmed while the
transaction says Processing); the latest one per purchase order replaces the earlier ones.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction as db_transaction
from jsonschema import ValidationError

from sandbox.models import Acknowledgement, Transaction
from sandbox.spapi.acknowledgement_rules import acknowledgement_errors
from sandbox.spapi.lines import eaches, line_for, purchase_order_find
from sandbox.spapi.transactions import transaction_record
from sandbox.spapi.validation import strict_enum_errors

OPERATION = "submitAcknowledgement"
ACCEPTING_CODES = ("Accepted", "Backordered")


@dataclass(frozen=True)
class LineConfirmation:
    """What an acknowledgement in force says about one order line, in single units."""

    accepted: int
    rejected: int
    net_cost: dict | None


def acknowledgement_submit(*, body: dict, now: datetime) -> Transaction:
    """Record a schema-valid SubmitAcknowledgementRequest and decide its outcome."""
    acknowledgements = body.get("acknowledgements", [])
    enum_errors = strict_enum_errors(OPERATION, body)
    errors = []
    for index, acknowledgement in enumerate(acknowledgements):
        order = purchase_order_find(acknowledgement["purchaseOrderNumber"], now=now)
        wrong_case = _wrong_case_values(acknowledgement, index, enum_errors)
        errors += acknowledgement_errors(acknowledgement, order, wrong_case)
    with db_transaction.atomic():
        record = transaction_record(operation=OPERATION, errors=errors, now=now)
        Acknowledgement.objects.bulk_create(
            [_acknowledgement_row(entry, record, now) for entry in acknowledgements]
        )
    return record


def acknowledgements_in_force(*, until: datetime, since: datetime | None = None) -> dict:
    """The latest successful Acknowledgement of each purchase order received by `until` (and
    from `since`), by purchase order number."""
    rows = Acknowledgement.objects.filter(
        transaction__outcome=Transaction.Status.SUCCESS, received_at__lte=until
    )
    if since is not None:
        rows = rows.filter(received_at__gte=since)
    return {row.purchase_order_number: row for row in rows.order_by("received_at", "id")}


def line_confirmations(acknowledgement: dict, order: dict) -> dict[str, LineConfirmation]:
    """Per itemSequenceNumber of `order`, what `acknowledgement` accepted and rejected."""
    confirmations = {}
    for item in acknowledgement.get("items", []):
        line = line_for(order, item)
        if line is None:
            continue
        entries = item.get("itemAcknowledgements", [])
        confirmations[line["itemSequenceNumber"]] = LineConfirmation(
            accepted=_units(entries, line, ACCEPTING_CODES),
            rejected=_units(entries, line, ("Rejected",)),
            net_cost=item.get("netCost"),
        )
    return confirmations


def _units(entries: list[dict], line: dict, codes: tuple[str, ...]) -> int:
    return sum(
        eaches(entry["acknowledgedQuantity"], line)
        for entry in entries
        if entry.get("acknowledgementCode") in codes
    )


def _wrong_case_values(
    acknowledgement: dict, index: int, enum_errors: list[ValidationError]
) -> list[tuple[dict | None, str]]:
    found = []
    for error in enum_errors:
        path = list(error.absolute_path)
        if path[:2] != ["acknowledgements", index]:
            continue
        in_items = len(path) > 3 and path[2] == "items"
        found.append((acknowledgement["items"][path[3]] if in_items else None, error.instance))
    return found


def _acknowledgement_row(
    acknowledgement: dict, record: Transaction, now: datetime
) -> Acknowledgement:
    return Acknowledgement(
        purchase_order_number=acknowledgement["purchaseOrderNumber"],
        vendor_code=acknowledgement["sellingParty"].get("partyId", ""),
        body=acknowledgement,
        transaction=record,
        received_at=now,
    )
