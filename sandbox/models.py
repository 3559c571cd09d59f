"""What the simulated partners remember between requests.

The generated purchase orders stay stateless (sandbox.spapi.orders); only what a vendor sends
Amazon, the transactions Amazon answers with, and the faults a test or demo switches on are
stored. The tables live in whichever database the process uses: the test database in tests,
var/sandbox.sqlite3 when `sandbox.settings` serves the sandbox alone.
"""

from django.db import models
from django.utils import timezone


class Transaction(models.Model):
    """A submission Amazon accepted with 202 and checks asynchronously.

    `outcome` and `errors` are decided when the submission arrives; `status` is what
    getTransaction has reported so far (Processing until enough polls, or forever if stuck).
    """

    class Status(models.TextChoices):
        PROCESSING = "Processing"
        SUCCESS = "Success"
        FAILURE = "Failure"

    transaction_id = models.CharField(max_length=64, unique=True)
    operation = models.CharField(max_length=64)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PROCESSING)
    outcome = models.CharField(max_length=16, choices=Status.choices)
    errors = models.JSONField(default=list, blank=True)
    polls = models.PositiveIntegerField(default=0)
    stuck = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.operation} {self.transaction_id} ({self.status})"


class Acknowledgement(models.Model):
    """One OrderAcknowledgement as received; the latest successful one per PO is in force."""

    purchase_order_number = models.CharField(max_length=64, db_index=True)
    vendor_code = models.CharField(max_length=64)
    body = models.JSONField()
    transaction = models.ForeignKey(
        Transaction, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    received_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"Acknowledgement of {self.purchase_order_number}"


class ShipmentConfirmation(models.Model):
    """One ShipmentConfirmation (ASN) as received."""

    shipment_identifier = models.CharField(max_length=128, db_index=True)
    confirmation_type = models.CharField(max_length=16)
    body = models.JSONField()
    transaction = models.ForeignKey(
        Transaction, on_delete=models.CASCADE, related_name="shipment_confirmations"
    )
    received_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Shipment confirmation {self.shipment_identifier}"


class Invoice(models.Model):
    """One Invoice or CreditNote as received."""

    invoice_number = models.CharField(max_length=128, db_index=True)
    invoice_type = models.CharField(max_length=16)
    body = models.JSONField()
    transaction = models.ForeignKey(Transaction, on_delete=models.CASCADE, related_name="invoices")
    received_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.invoice_type} {self.invoice_number}"


class Fault(models.Model):
    """A misbehaviour switched on for the next `remaining` matching requests."""

    class Kind(models.TextChoices):
        THROTTLED = "429"
        INTERNAL_FAILURE = "500"
        UNAVAILABLE = "503"
        HTML = "html"
        SLOW = "slow"
        STUCK_PROCESSING = "stuck_processing"

    # An operationId from the models (e.g. "getPurchaseOrders"), or "*" for every operation.
    operation = models.CharField(max_length=64)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    remaining = models.PositiveIntegerField(default=1)
    seconds = models.FloatField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.kind} on {self.operation} ×{self.remaining}"
