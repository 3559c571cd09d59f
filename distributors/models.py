from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Now
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
    portal_username = models.CharField(
        _("dealer portal user"), max_length=100, blank=True,
        help_text=_("Parts Unlimited: the dealer portal login that may download the price file."))
    portal_password = EncryptedTextField(_("dealer portal password"), blank=True)
    portal_base_url = models.URLField(
        _("dealer portal base URL"), blank=True,
        help_text=_("Parts Unlimited's dealer portal API; leave blank for "
                    "https://dealer.parts-unlimited.com/api."))
    tax_id = models.CharField(_("tax id on the account"), max_length=32, blank=True,
                              help_text=_("WPS drop-ships only for accounts with a tax id."))
    card_on_file = models.BooleanField(_("card on file"), default=False,
                                       help_text=_("Tucker drop-ships only with a card on file."))
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
        _("drop-ship cutoff"), max_digits=12, decimal_places=2, null=True, blank=True,
        help_text=_("Items costing more than this drop-ship from here in a day whatever the "
                    "lead time (1.00 drop-ships everything); empty: the lead time decides."))
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

    def save(self, *args, **kwargs) -> None:
        renamed = self.pk is not None and Warehouse.objects.filter(pk=self.pk).exclude(
            code=self.code).exists()
        super().save(*args, **kwargs)
        if renamed:
            # A feed names its warehouses by code: under the new code the same lines mean
            # another warehouse, so the next import must read them again, not skip them.
            self.items.update(line_fingerprint=None)


class DistributorItem(models.Model):
    """One row of a distributor's feed: a part's cost and stock in one warehouse."""

    # A feed writes a million of these a night; each index and each row-by-row foreign-key
    # check costs seconds per million, so the table keeps only what its queries use: the
    # (warehouse, part) key, which also serves lookups by warehouse, and a partial SKU index.
    # Deleting a warehouse still deletes its items (Django cascades), without a database
    # constraint checking every inserted row at commit.
    warehouse = models.ForeignKey(Warehouse, on_delete=models.CASCADE, related_name="items",
                                  verbose_name=_("warehouse"), db_index=False,
                                  db_constraint=False)
    part_number = models.CharField(_("distributor part number"), max_length=64)
    manufacturer_part_number = models.CharField(_("manufacturer part number"), max_length=64,
                                                blank=True)
    upc = models.CharField(_("UPC"), max_length=14, blank=True)
    brand = models.CharField(_("brand"), max_length=100, blank=True)
    description = models.CharField(_("description"), max_length=500, blank=True)
    cost = models.DecimalField(_("cost"), max_digits=12, decimal_places=2, null=True, blank=True)
    msrp = models.DecimalField(_("MSRP"), max_digits=12, decimal_places=2, null=True, blank=True)
    quantity = models.IntegerField(_("quantity"), default=0)
    quantity_is_capped = models.BooleanField(
        _("quantity is a floor"), default=False,
        help_text=_("The distributor shows at most a cap (WPS and Tucker 9, Parts Unlimited "
                    "'+'): the real stock is this or more."))
    dropship_fee = models.DecimalField(_("drop-ship fee"), max_digits=10, decimal_places=2,
                                       null=True, blank=True)
    is_available = models.BooleanField(_("available"), default=True)
    sku = models.ForeignKey("skurules.Sku", on_delete=models.SET_NULL, null=True, blank=True,
                            related_name="distributor_items", verbose_name=_("our SKU"),
                            db_index=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_default=Now())
    line_fingerprint = models.BigIntegerField(
        _("feed line fingerprint"), null=True, blank=True, editable=False,
        help_text=_("A hash of the feed line this item was last read from: the next import "
                    "skips a line whose hash an item still holds. Cleared when the item is "
                    "marked unavailable or changed by hand."))

    class Meta:
        verbose_name = _("distributor item")
        verbose_name_plural = _("distributor items")
        ordering = ["warehouse", "part_number"]
        constraints = [models.UniqueConstraint(fields=["warehouse", "part_number"],
                                               name="distributor_item_unique_per_warehouse")]
        indexes = [models.Index(fields=["sku"], condition=models.Q(sku__isnull=False),
                                name="distributor_item_sku")]

    def __str__(self) -> str:
        return f"{self.part_number} @ {self.warehouse_id}"

    def save(self, *args, **kwargs) -> None:
        # Changed by hand (or by anything but an import): the next import must not take the
        # item's line as unchanged, or it would keep the hand's values over the file's.
        self.line_fingerprint = None
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "line_fingerprint"}
        super().save(*args, **kwargs)


class SkuMapping(models.Model):
    """Staff's word on which of our SKUs a distributor's part is, over UPC and MPN matching."""

    distributor = models.ForeignKey(Distributor, on_delete=models.CASCADE,
                                    related_name="sku_mappings", verbose_name=_("distributor"))
    part_number = models.CharField(_("distributor part number"), max_length=64)
    sku = models.ForeignKey("skurules.Sku", on_delete=models.CASCADE,
                            related_name="distributor_mappings", verbose_name=_("our SKU"))

    class Meta:
        verbose_name = _("SKU mapping")
        verbose_name_plural = _("SKU mappings")
        ordering = ["distributor", "part_number"]
        constraints = [models.UniqueConstraint(fields=["distributor", "part_number"],
                                               name="sku_mapping_unique_part")]

    def __str__(self) -> str:
        return f"{self.distributor.code} {self.part_number} → {self.sku_id}"


class FeedLayout(models.TextChoices):
    WPS = "wps", _("Western Power Sports items and inventory")
    PARTS_UNLIMITED = "parts_unlimited", _("Parts Unlimited price file")
    AUTOMATIC = "automatic", _("Automatic price and inventory")
    COLUMNS = "columns", _("Columns named in the column map")


class FeedSource(models.TextChoices):
    FTP = "ftp", _("The distributor's FTP server")
    API = "api", _("The distributor's file API")
    MANUAL = "manual", _("None: imported by hand or command")


# The distributors whose API hands out the feed file, and the layout of that file.
API_FEED_LAYOUTS = {DistributorKind.WPS: FeedLayout.WPS,
                    DistributorKind.PARTS_UNLIMITED: FeedLayout.PARTS_UNLIMITED}


class Feed(models.Model):
    """A distributor's nightly price and inventory file: its layout and where to fetch it."""

    distributor = models.ForeignKey(Distributor, on_delete=models.CASCADE, related_name="feeds",
                                    verbose_name=_("distributor"))
    name = models.CharField(_("name"), max_length=100)
    layout = models.CharField(_("layout"), max_length=16, choices=FeedLayout.choices)
    column_map = models.JSONField(
        _("column map"), default=dict, blank=True,
        help_text=_("For the columns layout: field → column header, e.g. {\"part_number\": "
                    "\"Item\", \"quantity\": \"Qty\", \"cost\": \"Cost\", \"warehouse\": "
                    "\"Location\"}; or \"warehouse_code\": \"MAIN\" for a one-warehouse file."))
    is_full = models.BooleanField(
        _("full feed"), default=True,
        help_text=_("Every item is in every file: items missing from it are marked unavailable."))
    source = models.CharField(
        _("fetched from"), max_length=8, choices=FeedSource.choices, default=FeedSource.FTP,
        help_text=_("The file API (WPS dealer pricing, Parts Unlimited price file) uses the "
                    "distributor's own credentials; FTP uses the fields below."))
    api_fetched_at = models.DateTimeField(
        _("last fetched from the file API"), null=True, blank=True,
        help_text=_("Parts Unlimited allows two price-file calls a day: the next call waits "
                    "until 12 hours after this one unless forced."))
    ftp_host = models.CharField(_("FTP host"), max_length=255, blank=True)
    ftp_port = models.PositiveIntegerField(_("FTP port"), default=21)
    ftp_use_tls = models.BooleanField(_("TLS (explicit FTPS)"), default=True)
    ftp_username = models.CharField(_("FTP user"), max_length=100, blank=True)
    ftp_password = EncryptedTextField(_("FTP password"), blank=True)
    ftp_folder = models.CharField(_("folder"), max_length=255, blank=True)
    ftp_file_name = models.CharField(_("file name"), max_length=255, blank=True)
    enabled = models.BooleanField(_("nightly import enabled"), default=True)

    class Meta:
        verbose_name = _("feed")
        verbose_name_plural = _("feeds")
        ordering = ["distributor", "name"]
        permissions = [("manage_feed_credentials",
                        _("Can see and change feed credentials and endpoints"))]

    def __str__(self) -> str:
        return f"{self.distributor.code}: {self.name}"

    def clean(self) -> None:
        if self.source == FeedSource.FTP and not (self.ftp_host and self.ftp_file_name):
            # On the source: the FTP fields are hidden from staff without the permission.
            raise ValidationError({"source": _(
                "The FTP server needs its host and the file name: enter them, or choose "
                "another source.")})
        if self.source == FeedSource.API and self.distributor_id:
            layout = API_FEED_LAYOUTS.get(self.distributor.kind)
            if layout is None:
                raise ValidationError({"source": _(
                    "%(distributor)s has no file API we can fetch from: choose FTP or by "
                    "hand.") % {"distributor": self.distributor}})
            if self.layout != layout:
                raise ValidationError({"layout": _(
                    "The file API of %(distributor)s sends the layout “%(layout)s”: choose "
                    "it.") % {"distributor": self.distributor, "layout": layout.label}})


class FeedRunStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Imported")
    UNCHANGED = "unchanged", _("Same file as last time")
    SKIPPED = "skipped", _("Not fetched (call limit)")
    FAILED = "failed", _("Failed")


class FeedRun(models.Model):
    """One import of a feed file: what was read and what it changed, or why nothing was."""

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="runs",
                             verbose_name=_("feed"))
    file_name = models.CharField(_("file name"), max_length=255)
    stored_file = models.FileField(_("stored file"), upload_to="feeds/%Y/%m/", blank=True)
    checksum = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveBigIntegerField(_("bytes"), default=0)
    status = models.CharField(_("status"), max_length=16, choices=FeedRunStatus.choices,
                              default=FeedRunStatus.RUNNING)
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    inserted = models.PositiveIntegerField(_("inserted"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    marked_unavailable = models.PositiveIntegerField(_("marked unavailable"), default=0)
    rejections = models.JSONField(_("rejected rows"), default=list, blank=True,
                                  help_text=_("The first rejected rows: line number and reason."))
    error = models.TextField(_("error"), blank=True)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("feed run")
        verbose_name_plural = _("feed runs")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.feed} {self.started_at:%Y-%m-%d %H:%M}"


class DropshipAvailability(models.Model):
    """What can be drop-shipped of one of our SKUs: recomputed after every feed import."""

    sku = models.OneToOneField("skurules.Sku", on_delete=models.CASCADE, primary_key=True,
                               related_name="dropship_availability", verbose_name=_("SKU"))
    quantity = models.PositiveIntegerField(
        _("marketplace quantity"),
        help_text=_("Stock above the buffers in the warehouses that can drop-ship it."))
    warehouses = models.PositiveIntegerField(_("drop-ship warehouses"))
    computed_at = models.DateTimeField(_("computed"))

    class Meta:
        verbose_name = _("drop-ship availability")
        verbose_name_plural = _("drop-ship availability")
        ordering = ["sku"]

    def __str__(self) -> str:
        return f"{self.sku_id}: {self.quantity}"


class DropshipStatus(models.TextChoices):
    PLACED = "placed", _("Placed")
    SHIPPED = "shipped", _("Shipped")
    CANCELLED = "cancelled", _("Cancelled")


class DropshipOrder(models.Model):
    """Our purchase order to a distributor for one sales order: it exists only once the
    distributor accepted it."""

    po_number = models.CharField(_("PO number"), max_length=22, unique=True)
    distributor = models.ForeignKey(Distributor, on_delete=models.PROTECT,
                                    related_name="dropship_orders", verbose_name=_("distributor"))
    sales_order = models.ForeignKey("orders.SalesOrder", on_delete=models.PROTECT,
                                    related_name="dropship_orders",
                                    verbose_name=_("sales order"))
    status = models.CharField(_("status"), max_length=16, choices=DropshipStatus.choices,
                              default=DropshipStatus.PLACED, db_index=True)
    distributor_order_number = models.CharField(_("distributor's order number"), max_length=64,
                                                blank=True)
    reply = models.JSONField(_("distributor's reply"), default=dict, blank=True)
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="+",
                                  verbose_name=_("placed by"))
    placed_at = models.DateTimeField(_("placed"), auto_now_add=True)
    shipped_at = models.DateTimeField(_("shipped"), null=True, blank=True)

    class Meta:
        verbose_name = _("drop-ship purchase order")
        verbose_name_plural = _("drop-ship purchase orders")
        ordering = ["-placed_at", "-id"]

    def __str__(self) -> str:
        return self.po_number


class DropshipOrderLine(models.Model):
    order = models.ForeignKey(DropshipOrder, on_delete=models.CASCADE, related_name="lines",
                              verbose_name=_("purchase order"))
    sales_line = models.ForeignKey("orders.SalesOrderLine", on_delete=models.PROTECT,
                                   related_name="dropship_lines",
                                   verbose_name=_("sales order line"))
    item = models.ForeignKey(DistributorItem, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="dropship_lines", verbose_name=_("distributor item"))
    part_number = models.CharField(_("distributor part number"), max_length=64)
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_cost = models.DecimalField(_("unit cost"), max_digits=12, decimal_places=2, null=True,
                                    blank=True)
    dropship_fee = models.DecimalField(_("drop-ship fee"), max_digits=10, decimal_places=2,
                                       default=Decimal("0"))

    class Meta:
        verbose_name = _("drop-ship line")
        verbose_name_plural = _("drop-ship lines")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.part_number} × {self.quantity}"


class DropshipTracking(models.Model):
    """A package the distributor shipped for a purchase order, and its push to the
    marketplace."""

    order = models.ForeignKey(DropshipOrder, on_delete=models.CASCADE, related_name="trackings",
                              verbose_name=_("purchase order"))
    tracking_number = models.CharField(_("tracking number"), max_length=64)
    carrier = models.CharField(_("carrier"), max_length=64, blank=True)
    shipped_at = models.DateTimeField(_("shipped"), null=True, blank=True)
    reply = models.JSONField(_("distributor's reply"), default=dict, blank=True)
    pulled_at = models.DateTimeField(_("pulled"), auto_now_add=True)
    pushed_at = models.DateTimeField(_("pushed to the marketplace"), null=True, blank=True)
    marketplace_reference = models.CharField(_("marketplace reference"), max_length=100,
                                             blank=True)

    class Meta:
        verbose_name = _("tracking number")
        verbose_name_plural = _("tracking numbers")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["order", "tracking_number"],
                                               name="tracking_unique_per_order")]

    def __str__(self) -> str:
        return self.tracking_number
