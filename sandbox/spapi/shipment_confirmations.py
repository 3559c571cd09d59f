"""SubmitShipmentConfirmations' effect: the ASNs are stored as received under one transaction
whose outcome is decided on arrival by Amazon's documented rules — a shipmentIdentifier is not
reused (an Original for one already confirmed fails; a Replace needs one to replace), and an
item's itemDetails.purchaseOrderNumber must be a purchase order Amazon placed."""

from datetime import datetime

from django.db import transaction as db_transaction

from sandbox.models import ShipmentConfirmation, Transaction
from sandbox.spapi.lines import business_error, purchase_order_find
from sandbox.spapi.transactions import transaction_record

OPERATION = "SubmitShipmentConfirmations"


def shipment_confirmations_submit(*, body: dict, now: datetime) -> Transaction:
    """Record a schema-valid SubmitShipmentConfirmationsRequest and decide its outcome."""
    confirmations = body.get("shipmentConfirmations", [])
    confirmed = set(
        ShipmentConfirmation.objects.filter(
            transaction__outcome=Transaction.Status.SUCCESS
        ).values_list("shipment_identifier", flat=True)
    )
    errors = []
    for confirmation in confirmations:
        errors += _identifier_errors(confirmation, confirmed)
        errors += _purchase_order_errors(confirmation, now)
        confirmed.add(confirmation["shipmentIdentifier"])
    with db_transaction.atomic():
        record = transaction_record(operation=OPERATION, errors=errors, now=now)
        ShipmentConfirmation.objects.bulk_create(
            [_row(confirmation, record, now) for confirmation in confirmations]
        )
    return record


def _identifier_errors(confirmation: dict, confirmed: set[str]) -> list[dict]:
    identifier = confirmation["shipmentIdentifier"]
    original = confirmation["shipmentConfirmationType"] == "Original"
    if original and identifier in confirmed:
        return [
            business_error(
                "DUPLICATE_SHIPMENT_IDENTIFIER",
                f"Shipment {identifier}: this shipmentIdentifier was already confirmed.",
                "Use a new shipmentIdentifier for every shipment (not reused within 365 days), or "
                "send shipmentConfirmationType Replace to correct the earlier confirmation.",
            )
        ]
    if not original and identifier not in confirmed:
        return [
            business_error(
                "INVALID_SHIPMENT_IDENTIFIER",
                f"Shipment {identifier}: there is no confirmed shipment with this identifier to "
                "replace.",
                "Send shipmentConfirmationType Original for a new shipment.",
            )
        ]
    return []


def _purchase_order_errors(confirmation: dict, now: datetime) -> list[dict]:
    numbers = {
        item.get("itemDetails", {}).get("purchaseOrderNumber")
        for item in confirmation["shippedItems"]
    }
    return [
        business_error(
            "INVALID_ORDER_ID",
            f"Invalid order ID. Shipment {confirmation['shipmentIdentifier']} ships items of "
            f"purchase order {number}, which is not known to Amazon.",
            "Name in itemDetails.purchaseOrderNumber an order returned by getPurchaseOrders.",
        )
        for number in sorted(n for n in numbers if n)
        if purchase_order_find(number, now=now) is None
    ]


def _row(confirmation: dict, record: Transaction, now: datetime) -> ShipmentConfirmation:
    return ShipmentConfirmation(
        shipment_identifier=confirmation["shipmentIdentifier"],
        confirmation_type=confirmation["shipmentConfirmationType"],
        body=confirmation,
        transaction=record,
        received_at=now,
    )
