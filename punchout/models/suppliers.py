from django.db import models
from django.utils.translation import gettext_lazy as _

from config.fields import EncryptedTextField


class Protocol(models.TextChoices):
    CXML = "cxml", _("cXML")
    OCI = "oci", _("OCI")


class SupplierPreset(models.TextChoices):
    AMAZON_BUSINESS = "amazon_business", _("Amazon Business")
    GENERIC = "generic", _("Generic")


class DeploymentMode(models.TextChoices):
    """cXML's own words (`deploymentMode="test|production"`); staff see Test and Active."""

    TEST = "test", _("Test")
    ACTIVE = "production", _("Active")


class Supplier(models.Model):
    """A supplier whose catalog staff punch out to.

    OCI suppliers take `from_identity` as the catalog's USERNAME and `shared_secret` as its
    PASSWORD; `extrinsics` are sent as extra form fields (OCI) or Extrinsic elements (cXML).
    """

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    protocol = models.CharField(_("protocol"), max_length=8, choices=Protocol.choices,
                                default=Protocol.CXML)
    preset = models.CharField(_("preset"), max_length=32, choices=SupplierPreset.choices,
                              default=SupplierPreset.GENERIC)
    setup_url = models.URLField(_("PunchOut setup URL"), blank=True)
    order_url = models.URLField(_("order URL"), blank=True)
    from_domain = models.CharField(_("From domain"), max_length=64, default="NetworkID")
    from_identity = models.CharField(_("From identity"), max_length=200, blank=True)
    to_domain = models.CharField(_("To domain"), max_length=64, default="NetworkID")
    to_identity = models.CharField(_("To identity"), max_length=200, blank=True)
    sender_domain = models.CharField(_("Sender domain"), max_length=64, default="NetworkID")
    sender_identity = models.CharField(_("Sender identity"), max_length=200, blank=True)
    shared_secret = EncryptedTextField(_("shared secret"), blank=True)
    inbound_username = models.CharField(
        _("inbound user name"), max_length=100, blank=True,
        help_text=_("HTTP Basic user the supplier may use instead of the shared secret when it "
                    "posts confirmations, ship notices and invoices."))
    inbound_password = EncryptedTextField(_("inbound password"), blank=True)
    allowed_hosts = models.CharField(
        _("allowed start page hosts"), max_length=500, blank=True,
        help_text=_("Comma-separated host names the supplier's start page may be on (a leading "
                    "dot allows sub-domains). Empty: the host of the setup URL."))
    cxml_version = models.CharField(_("cXML version"), max_length=16, default="1.2.063")
    extrinsics = models.JSONField(_("extrinsics"), default=dict, blank=True)
    deployment_mode = models.CharField(_("mode"), max_length=16, choices=DeploymentMode.choices,
                                       default=DeploymentMode.TEST)
    activated_at = models.DateTimeField(_("activated"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")
        ordering = ["name"]
        permissions = [("manage_supplier_credentials",
                        _("Can see and change supplier credentials and endpoints")),
                       ("shop_supplier", _("Can punch out to suppliers"))]

    def __str__(self) -> str:
        return self.name


class Address(models.Model):
    """A ship-to or bill-to address of ours, sent to suppliers as cXML `Address`."""

    code = models.SlugField(_("address id"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    deliver_to = models.CharField(_("deliver to"), max_length=200, blank=True)
    street = models.CharField(_("street"), max_length=200)
    city = models.CharField(_("city"), max_length=100)
    state = models.CharField(_("state or province"), max_length=64, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20)
    country_code = models.CharField(_("country code"), max_length=2, default="US")
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.city}"


class ProcurementSettings(models.Model):
    """The procurement defaults administrators set: one row (pk 1)."""

    bill_to = models.ForeignKey(Address, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("bill to"))
    default_ship_to = models.ForeignKey(Address, on_delete=models.PROTECT, null=True,
                                        blank=True, related_name="+",
                                        verbose_name=_("default ship to"))
    po_number_format = models.CharField(
        _("PO number format"), max_length=64, default="PO-{year}-{number:06d}",
        help_text=_("Python format with {year} and {number}; the number restarts each year "
                    "when the format holds {year}."))
    po_number_next = models.PositiveIntegerField(_("next PO number"), default=1)
    po_number_year = models.PositiveIntegerField(_("year of the next PO number"), default=0)
    price_hold_days = models.PositiveIntegerField(
        _("price hold (days)"), default=7,
        help_text=_("Approvers are warned when a cart is older than this: suppliers such as "
                    "Amazon Business hold cart prices for 7 days."))
    currency = models.CharField(_("budget currency"), max_length=3, default="USD")

    class Meta:
        verbose_name = _("procurement settings")
        verbose_name_plural = _("procurement settings")

    def __str__(self) -> str:
        return str(_("Procurement settings"))
