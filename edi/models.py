import hashlib

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from config.fields import EncryptedTextField


class Direction(models.TextChoices):
    INBOUND = "in", _("Inbound")
    OUTBOUND = "out", _("Outbound")


class Standard(models.TextChoices):
    X12 = "x12", _("X12")
    EDIFACT = "edifact", _("EDIFACT")
    SPREADSHEET = "spreadsheet", _("Vendor Central spreadsheet")
    UNKNOWN = "unknown", _("Not recognised")


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
    partner = models.ForeignKey("EdiPartner", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="interchanges", verbose_name=_("EDI partner"))
    answers = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="answered_by", verbose_name=_("answers"),
                                help_text=_("The inbound file this outbound file answers."))
    purchase_orders = models.ManyToManyField("orders.PurchaseOrder", blank=True,
                                             related_name="interchanges",
                                             verbose_name=_("purchase orders"))
    created_at = models.DateTimeField(_("received or created"), auto_now_add=True)
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)

    class Meta:
        verbose_name = _("interchange")
        verbose_name_plural = _("interchanges")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["direction", "status"], name="interchange_dir_status"),
                   models.Index(fields=["partner", "control_number"],
                                name="interchange_partner_control")]

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


class RemoteChannel(models.Model):
    """A partner's file server we poll: where, who we are there, and which folders."""

    host = models.CharField(_("host"), max_length=255)
    username = models.CharField(_("user"), max_length=100)
    password = EncryptedTextField(_("password"), blank=True)
    inbound_folder = models.CharField(_("inbound folder"), max_length=255, default="inbound")
    archive_folder = models.CharField(
        _("archive folder"), max_length=255, blank=True,
        help_text=_("Picked-up files are moved here; empty: they are deleted after pickup."))
    enabled = models.BooleanField(_("polling enabled"), default=True)
    last_poll_at = models.DateTimeField(_("last successful poll"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        abstract = True


class FtpChannel(RemoteChannel):
    """An FTP drop box where staff (or a script) put Vendor Central spreadsheets."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    account = models.ForeignKey("orders.VendorAccount", on_delete=models.PROTECT,
                                related_name="ftp_channels", verbose_name=_("vendor account"),
                                help_text=_("The spreadsheets found here are this account's."))
    port = models.PositiveIntegerField(_("port"), default=21)
    use_tls = models.BooleanField(_("TLS (explicit FTPS)"), default=True)
    ca_certificate = models.TextField(
        _("trusted certificate"), blank=True,
        help_text=_("PEM of a private CA or of the server's self-signed certificate; empty: "
                    "the system's certificate authorities."))

    class Meta:
        verbose_name = _("FTP channel")
        verbose_name_plural = _("FTP channels")
        ordering = ["code"]
        permissions = [("manage_ftpchannel_credentials",
                        _("Can see and change FTP channel credentials and endpoints"))]

    def __str__(self) -> str:
        return self.code



class EdiStandard(models.TextChoices):
    X12_004010 = "x12-004010", _("X12 004010")
    X12_005010 = "x12-005010", _("X12 005010")
    EDIFACT_D96A = "edifact-d96a", _("EDIFACT D96A (EANCOM)")


class EdiPartner(models.Model):
    """A trading partner exchanging EDI with us: who is who in the envelopes, how segments
    are separated, and the control-number sequences of what we send."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    account = models.ForeignKey("orders.VendorAccount", on_delete=models.PROTECT,
                                related_name="edi_partners", verbose_name=_("vendor account"),
                                help_text=_("The purchase orders received are this account's."))
    standard = models.CharField(_("standard"), max_length=16, choices=EdiStandard.choices,
                                default=EdiStandard.X12_004010)
    is_test = models.BooleanField(_("test mode"), default=False,
                                  help_text=_("Files we send are marked test (ISA15 T, UNB "
                                              "test indicator 1)."))
    partner_qualifier = models.CharField(_("their id qualifier"), max_length=4, default="ZZ",
                                         help_text=_("ISA05/ISA07 or the UNB qualifier (14 for "
                                                     "a GLN)."))
    partner_id = models.CharField(_("their interchange id"), max_length=35,
                                  help_text=_("ISA06 of their files, or their UNB sender."))
    partner_group_id = models.CharField(_("their group id (GS)"), max_length=15, blank=True,
                                        help_text=_("Empty: the interchange id."))
    our_qualifier = models.CharField(_("our id qualifier"), max_length=4, default="ZZ")
    our_id = models.CharField(_("our interchange id"), max_length=35)
    our_group_id = models.CharField(_("our group id (GS)"), max_length=15, blank=True,
                                    help_text=_("Empty: the interchange id."))
    element_separator = models.CharField(_("element separator"), max_length=1, default="*")
    component_separator = models.CharField(_("component separator"), max_length=1, default=">")
    segment_terminator = models.CharField(_("segment terminator"), max_length=1, default="~")
    repetition_separator = models.CharField(_("repetition separator (005010)"), max_length=1,
                                            default="^", blank=True)
    edifact_characters = models.CharField(
        _("EDIFACT service characters (UNA)"), max_length=6, default=":+.? '",
        help_text=_("Component, element, decimal mark, release, reserved, segment."))
    syntax_identifier = models.CharField(_("EDIFACT syntax identifier"), max_length=4,
                                         default="UNOA")
    next_interchange_number = models.PositiveBigIntegerField(_("next interchange number"),
                                                             default=1)
    next_group_number = models.PositiveBigIntegerField(_("next group number"), default=1)
    next_set_number = models.PositiveBigIntegerField(_("next transaction set number"),
                                                     default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("EDI partner")
        verbose_name_plural = _("EDI partners")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    @property
    def is_x12(self) -> bool:
        return self.standard != EdiStandard.EDIFACT_D96A

    def clean(self) -> None:
        separators = [self.element_separator, self.component_separator, self.segment_terminator,
                      self.repetition_separator]
        chosen = [s for s in separators if s]
        if self.is_x12 and len(set(chosen)) != len(chosen):
            raise ValidationError(_("The X12 separators must all be different characters."))
        if not self.is_x12 and len(self.edifact_characters) != 6:
            raise ValidationError({"edifact_characters": _(
                "Give all six UNA characters, for example :+.? '")})


class SftpChannel(RemoteChannel):
    """The partner's SFTP server: their files in the inbound folder, ours to the outbound."""

    partner = models.OneToOneField(EdiPartner, on_delete=models.CASCADE,
                                   related_name="sftp_channel", verbose_name=_("EDI partner"))
    port = models.PositiveIntegerField(_("port"), default=22)
    private_key = EncryptedTextField(_("private key"), blank=True,
                                     help_text=_("OpenSSH or PEM private key, instead of or "
                                                 "beside the password."))
    host_key = models.TextField(_("pinned host key"), help_text=_(
        "The server's public key as one OpenSSH line (ssh-ed25519 AAAA…); a server presenting "
        "another key is refused."))
    outbound_folder = models.CharField(_("outbound folder"), max_length=255, default="outbound")

    class Meta:
        verbose_name = _("SFTP channel")
        verbose_name_plural = _("SFTP channels")
        ordering = ["partner__code"]
        permissions = [("manage_sftpchannel_credentials",
                        _("Can see and change SFTP channel credentials and endpoints"))]

    def __str__(self) -> str:
        return f"{self.partner.code} SFTP"  # no host: only some staff may see endpoints
