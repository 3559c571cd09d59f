from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from config.fields import EncryptedTextField


class DistributorKind(models.TextChoices):
    WPS = "wps", _("Western Power Sports")
    PARTS_UNLIMITED = "parts_unlimited", _("Parts Unlimited")
    TUCKER = "tucker", _("Tucker")
    AUTOMATIC = "automatic", _("Automatic Distributors")
    FILE_ONLY = "file", _("File-only distributor")


class Distributor(models.Model):
    """A distributor we buy from and that drop-ships to our buyers."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=DistributorKind.choices)
    account_number = models.CharField(_("dealer or customer number"), max_length=64, blank=True)
    api_key = EncryptedTextField(_("API key or token"), blank=True)
    api_base_url = models.URLField(_("API base URL"), blank=True,
                                   help_text=_("Leave blank for the distributor's own address."))
    is_preferred = models.BooleanField(_("preferred"), default=False)
    dropship_fee = models.DecimalField(_("drop-ship fee"), max_digits=10, decimal_places=2,
                                       default=Decimal("0"))
    enabled = models.BooleanField(_("enabled"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("distributor")
        verbose_name_plural = _("distributors")
        ordering = ["name"]
        permissions = [("manage_distributor_credentials",
                        _("Can see and change distributor credentials and endpoints"))]

    def __str__(self) -> str:
        return self.name


class Warehouse(models.Model):
    distributor = models.ForeignKey(Distributor, on_delete=models.CASCADE,
                                    related_name="warehouses", verbose_name=_("distributor"))
    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=200, blank=True)
    lead_time_days = models.PositiveSmallIntegerField(_("lead time (days)"), default=1)
    price_cutoff = models.DecimalField(
        _("price cutoff"), max_digits=12, decimal_places=2, null=True, blank=True,
        help_text=_("Items costing more than this are not drop-shipped from here."))
    stock_buffer = models.PositiveIntegerField(
        _("stock buffer"), default=0,
        help_text=_("Units held back: stock must exceed this to count as drop-shippable."))
    is_excluded = models.BooleanField(_("excluded"), default=False)

    class Meta:
        verbose_name = _("warehouse")
        verbose_name_plural = _("warehouses")
        ordering = ["distributor", "code"]
        constraints = [models.UniqueConstraint(fields=["distributor", "code"],
                                               name="warehouse_unique_per_distributor")]

    def __str__(self) -> str:
        return f"{self.distributor.code}/{self.code}"


class DistributorItem(models.Model):
    """One row of a distributor's feed: a part's cost and stock in one warehouse."""

    warehouse = models.ForeignKey(Warehouse, on_delete=models.CASCADE, related_name="items",
                                  verbose_name=_("warehouse"))
    part_number = models.CharField(_("distributor part number"), max_length=64)
    manufacturer_part_number = models.CharField(_("manufacturer part number"), max_length=64,
                                                blank=True, db_index=True)
    upc = models.CharField(_("UPC"), max_length=14, blank=True, db_index=True)
    brand = models.CharField(_("brand"), max_length=100, blank=True)
    description = models.CharField(_("description"), max_length=500, blank=True)
    cost = models.DecimalField(_("cost"), max_digits=12, decimal_places=2, null=True, blank=True)
    msrp = models.DecimalField(_("MSRP"), max_digits=12, decimal_places=2, null=True, blank=True)
    quantity = models.IntegerField(_("quantity"), default=0)
    is_available = models.BooleanField(_("available"), default=True)
    sku = models.ForeignKey("skurules.Sku", on_delete=models.SET_NULL, null=True, blank=True,
                            related_name="distributor_items", verbose_name=_("our SKU"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("distributor item")
        verbose_name_plural = _("distributor items")
        ordering = ["warehouse", "part_number"]
        constraints = [models.UniqueConstraint(fields=["warehouse", "part_number"],
                                               name="distributor_item_unique_per_warehouse")]

    def __str__(self) -> str:
        return f"{self.part_number} @ {self.warehouse_id}"
