import secrets
from decimal import Decimal

from django.conf import settings
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
    TEST = "test", _("Test")
    ACTIVE = "active", _("Active")


class Supplier(models.Model):
    """A supplier whose catalog staff punch out to."""

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
    cxml_version = models.CharField(_("cXML version"), max_length=16, default="1.2.063")
    extrinsics = models.JSONField(_("extrinsics"), default=dict, blank=True)
    deployment_mode = models.CharField(_("mode"), max_length=8, choices=DeploymentMode.choices,
                                       default=DeploymentMode.TEST)
    activated_at = models.DateTimeField(_("activated"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")
        ordering = ["name"]
        permissions = [("manage_supplier_credentials",
                        _("Can see and change supplier credentials and endpoints"))]

    def __str__(self) -> str:
        return self.name


class CartStatus(models.TextChoices):
    OPEN = "open", _("Shopping")
    RETURNED = "returned", _("Returned from supplier")
    SUBMITTED = "submitted", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    ORDERED = "ordered", _("Ordered")
    CANCELLED = "cancelled", _("Cancelled")


def new_buyer_cookie() -> str:
    return secrets.token_hex(16)


class Cart(models.Model):
    """A requisition: what one person brought back from a supplier's site."""

    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="carts",
                                 verbose_name=_("supplier"))
    requisitioner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                      related_name="carts", verbose_name=_("requisitioner"))
    status = models.CharField(_("status"), max_length=16, choices=CartStatus.choices,
                              default=CartStatus.OPEN)
    buyer_cookie = models.CharField(_("buyer cookie"), max_length=64, unique=True,
                                    default=new_buyer_cookie, editable=False)
    deployment_mode = models.CharField(_("mode"), max_length=8, choices=DeploymentMode.choices,
                                       default=DeploymentMode.TEST)
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("cart")
        verbose_name_plural = _("carts")
        ordering = ["-created_at"]
        permissions = [("approve_cart", _("Can approve or reject carts"))]

    def __str__(self) -> str:
        return f"{self.supplier} #{self.pk}"


class CartLine(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="lines",
                             verbose_name=_("cart"))
    line_number = models.PositiveIntegerField(_("line"))
    supplier_part_id = models.CharField(_("supplier part id"), max_length=200)
    supplier_part_auxiliary_id = models.TextField(_("supplier part auxiliary id"), blank=True)
    description = models.TextField(_("description"), blank=True)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=3)
    unit_price = models.DecimalField(_("unit price"), max_digits=14, decimal_places=4)
    currency = models.CharField(_("currency"), max_length=3)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=8, default="EA")
    unspsc = models.CharField(_("UNSPSC"), max_length=16, blank=True)

    class Meta:
        verbose_name = _("cart line")
        verbose_name_plural = _("cart lines")
        ordering = ["cart", "line_number"]
        constraints = [models.UniqueConstraint(fields=["cart", "line_number"],
                                               name="cart_line_unique_number")]

    def __str__(self) -> str:
        return f"{self.supplier_part_id} × {self.quantity}"

    @property
    def amount(self) -> Decimal:
        return self.quantity * self.unit_price
