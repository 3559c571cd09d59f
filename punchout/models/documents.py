from django.db import models
from django.utils.translation import gettext_lazy as _

from punchout.models.suppliers import Supplier


class DocumentKind(models.TextChoices):
    CART = "cart", _("Cart (PunchOutOrderMessage or OCI)")
    CONFIRMATION = "confirmation", _("Order confirmation")
    SHIP_NOTICE = "ship_notice", _("Ship notice")
    INVOICE = "invoice", _("Invoice")
    UNKNOWN = "unknown", _("Unrecognised")


class DocumentStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    APPLIED = "applied", _("Applied")
    DUPLICATE = "duplicate", _("Duplicate (already applied)")
    REJECTED = "rejected", _("Rejected")
    FAILED = "failed", _("Failed")


class InboundDocument(models.Model):
    """Every document a supplier sends us, stored raw before it is parsed.

    Rejected: refused at the door (bad credentials, hostile or malformed XML); Failed: understood
    but could not be applied (an unknown order), which staff can fix and reprocess.
    """

    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="documents", verbose_name=_("supplier"))
    kind = models.CharField(_("kind"), max_length=16, choices=DocumentKind.choices,
                            default=DocumentKind.UNKNOWN)
    status = models.CharField(_("status"), max_length=16, choices=DocumentStatus.choices,
                              default=DocumentStatus.RECEIVED)
    payload_id = models.CharField(_("payload id"), max_length=200, blank=True, db_index=True)
    content_type = models.CharField(_("content type"), max_length=200, blank=True)
    body = models.BinaryField(_("raw body"))
    error = models.TextField(_("error"), blank=True)
    remote_addr = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)

    class Meta:
        verbose_name = _("inbound document")
        verbose_name_plural = _("inbound documents")
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.payload_id or self.pk}"
