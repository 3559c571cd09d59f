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


class SpreadsheetLocale(models.TextChoices):
    EN = "en", _("English")
    DE = "de", _("German")
    IT = "it", _("Italian")


class SpreadsheetHeaderMap(models.Model):
    """Which column headers of a Vendor Central spreadsheet mean which field, per UI language.

    A map without an account is the default for every account; an account's own map for a
    language wins over the default for that language.
    """

    account = models.ForeignKey("orders.VendorAccount", on_delete=models.CASCADE, null=True,
                                blank=True, related_name="spreadsheet_header_maps",
                                verbose_name=_("vendor account"),
                                help_text=_("Empty: the default for every account."))
    locale = models.CharField(_("language"), max_length=2, choices=SpreadsheetLocale.choices)
    headers = models.JSONField(_("accepted headers"), default=dict,
                               help_text=_("Field → list of accepted column headers."))
    availability_labels = models.JSONField(
        _("availability texts"), default=dict, blank=True,
        help_text=_("Two-letter code (AC, OS, IR, OB) → the availability text written into "
                    "confirmations."))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("spreadsheet header map")
        verbose_name_plural = _("spreadsheet header maps")
        ordering = ["account__code", "locale"]
        constraints = [
            models.UniqueConstraint(fields=["account", "locale"],
                                    name="header_map_unique_per_account"),
            models.UniqueConstraint(fields=["locale"], condition=models.Q(account__isnull=True),
                                    name="header_map_unique_default"),
        ]

    def __str__(self) -> str:
        owner = self.account.code if self.account_id else _("default")
        return f"{owner} ({self.get_locale_display()})"


class SpreadsheetFile(models.Model):
    """What only a spreadsheet interchange has: the account it was received for, and what
    reading it found (kept so that a reprocess and the confirmation know the account)."""

    interchange = models.OneToOneField(Interchange, on_delete=models.CASCADE, primary_key=True,
                                       related_name="spreadsheet",
                                       verbose_name=_("interchange"))
    account = models.ForeignKey("orders.VendorAccount", on_delete=models.PROTECT,
                                related_name="spreadsheet_files",
                                verbose_name=_("vendor account"))
    locale = models.CharField(_("language"), max_length=2, blank=True,
                              choices=SpreadsheetLocale.choices)
    orders_created = models.PositiveIntegerField(_("new orders"), default=0)
    orders_changed = models.PositiveIntegerField(_("changed orders"), default=0)
    orders_unchanged = models.PositiveIntegerField(_("unchanged orders"), default=0)
    lines = models.PositiveIntegerField(_("lines"), default=0)

    class Meta:
        verbose_name = _("spreadsheet file")
        verbose_name_plural = _("spreadsheet files")

    def __str__(self) -> str:
        return str(self.interchange_id)
