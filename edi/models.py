import hashlib

from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    INBOUND = "in", _("Inbound")
    OUTBOUND = "out", _("Outbound")


class Standard(models.TextChoices):
    X12 = "x12", _("X12")
    EDIFACT = "edifact", _("EDIFACT")
    SPREADSHEET = "spreadsheet", _("Vendor Central spreadsheet")


class InterchangeStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    PARSED = "parsed", _("Parsed")
    IMPORTED = "imported", _("Imported")
    ERROR = "error", _("Error")
    DUPLICATE = "duplicate", _("Duplicate")
    PENDING = "pending", _("Waiting to send")
    SENT = "sent", _("Sent")


def checksum_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


class Interchange(models.Model):
    """One file, in or out, stored raw before anything reads it."""

    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    standard = models.CharField(_("standard"), max_length=16, choices=Standard.choices)
    file_name = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("raw content"))
    checksum = models.CharField(_("SHA-256"), max_length=64, db_index=True, editable=False)
    document_types = models.CharField(_("document types"), max_length=64, blank=True)
    sender_id = models.CharField(_("sender id"), max_length=35, blank=True)
    receiver_id = models.CharField(_("receiver id"), max_length=35, blank=True)
    control_number = models.CharField(_("control number"), max_length=14, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=InterchangeStatus.choices,
                              default=InterchangeStatus.RECEIVED)
    error = models.TextField(_("error"), blank=True)
    duplicate_of = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="duplicates", verbose_name=_("duplicate of"))
    purchase_orders = models.ManyToManyField("orders.PurchaseOrder", blank=True,
                                             related_name="interchanges",
                                             verbose_name=_("purchase orders"))
    created_at = models.DateTimeField(_("received or created"), auto_now_add=True)
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)

    class Meta:
        verbose_name = _("interchange")
        verbose_name_plural = _("interchanges")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["direction", "status"], name="interchange_dir_status")]

    def __str__(self) -> str:
        return self.file_name

    def save(self, *args, **kwargs):
        # The checksum is a pure function of the content: keep them from drifting apart.
        self.checksum = checksum_of(bytes(self.content))
        super().save(*args, **kwargs)

    @property
    def text(self) -> str:
        return bytes(self.content).decode("utf-8", errors="replace")
