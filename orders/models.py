from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from config.fields import EncryptedTextField


class Marketplace(models.TextChoices):
    US = "US", _("United States")
    CA = "CA", _("Canada")
    MX = "MX", _("Mexico")
    BR = "BR", _("Brazil")
    UK = "UK", _("United Kingdom")
    DE = "DE", _("Germany")
    FR = "FR", _("France")
    IT = "IT", _("Italy")
    ES = "ES", _("Spain")
    NL = "NL", _("Netherlands")
    SE = "SE", _("Sweden")
    PL = "PL", _("Poland")
    TR = "TR", _("Turkey")
    JP = "JP", _("Japan")
    AU = "AU", _("Australia")
    IN = "IN", _("India")


class VendorAccount(models.Model):
    """An Amazon vendor code we receive purchase orders for, with its SP-API authorisation."""

    code = models.CharField(_("vendor code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    selling_party_id = models.CharField(_("selling party id"), max_length=32)
    marketplace = models.CharField(_("marketplace"), max_length=2, choices=Marketplace.choices,
                                   default=Marketplace.US)
    lwa_app_id = models.CharField(_("LWA app id"), max_length=200, blank=True)
    lwa_client_secret = EncryptedTextField(_("LWA client secret"), blank=True)
    refresh_token = EncryptedTextField(_("refresh token"), blank=True)
    enabled = models.BooleanField(_("enabled"), default=True)
    last_pull_at = models.DateTimeField(_("last successful pull"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    throttled_until = models.DateTimeField(_("throttled until"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("vendor account")
        verbose_name_plural = _("vendor accounts")
        ordering = ["code"]
        permissions = [("manage_vendoraccount_credentials",
                        _("Can see and change vendor account credentials and endpoints"))]

    def __str__(self) -> str:
        return self.code


class ShipToLocation(models.Model):
    """A fixed ship-to address, such as an Amazon fulfillment center."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    address_line1 = models.CharField(_("address line 1"), max_length=200, blank=True)
    address_line2 = models.CharField(_("address line 2"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    state_or_region = models.CharField(_("state or region"), max_length=100, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    country_code = models.CharField(_("country"), max_length=2, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("ship-to location")
        verbose_name_plural = _("ship-to locations")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.city}".strip()


class PurchaseOrderStatus(models.TextChoices):
    NEW = "new", _("New")
    NEEDS_REVIEW = "needs_review", _("Needs review")
    DECIDED = "decided", _("Decided")
    ACKNOWLEDGING = "acknowledging", _("Acknowledgement sent")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    SHIPPED = "shipped", _("Shipped")
    INVOICED = "invoiced", _("Invoiced")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


S = PurchaseOrderStatus
# The only moves a purchase order may make. A change from Amazon re-opens a decided or
# acknowledged order (back to NEW) so that its lines are decided again; a correction within
# Amazon's 48-hour window sends an acknowledged order again.
PURCHASE_ORDER_PIPELINE: dict[str, tuple[str, ...]] = {
    S.NEW: (S.DECIDED, S.NEEDS_REVIEW, S.CANCELLED),
    S.NEEDS_REVIEW: (S.DECIDED, S.ACKNOWLEDGING, S.NEW, S.CANCELLED),
    S.DECIDED: (S.ACKNOWLEDGING, S.NEEDS_REVIEW, S.NEW, S.CANCELLED),
    S.ACKNOWLEDGING: (S.ACKNOWLEDGED, S.NEEDS_REVIEW, S.NEW),
    S.ACKNOWLEDGED: (S.SHIPPED, S.ACKNOWLEDGING, S.NEW, S.CLOSED, S.CANCELLED),
    S.SHIPPED: (S.INVOICED, S.CLOSED),
    S.INVOICED: (S.CLOSED,),
    S.CLOSED: (),
    S.CANCELLED: (),
}


class OrderSource(models.TextChoices):
    API = "api", _("Selling Partner API")
    SPREADSHEET = "spreadsheet", _("Vendor Central spreadsheet")
    EDI = "edi", _("EDI")


class PurchaseOrder(models.Model):
    """A purchase order we received from Amazon, by whichever route it came."""

    # Account and status have no index of their own: the unique (account, PO number) index and
    # the (status, ordered) index lead with them, and every status move rewrites each index.
    account = models.ForeignKey(VendorAccount, on_delete=models.PROTECT, db_index=False,
                                related_name="purchase_orders", verbose_name=_("vendor account"))
    po_number = models.CharField(_("PO number"), max_length=64)
    source = models.CharField(_("source"), max_length=16, choices=OrderSource.choices)
    status = models.CharField(_("status"), max_length=16, choices=PurchaseOrderStatus.choices,
                              default=PurchaseOrderStatus.NEW)
    status_reason = models.TextField(_("status reason"), blank=True)
    amazon_state = models.CharField(_("Amazon state"), max_length=16, blank=True)
    order_type = models.CharField(_("order type"), max_length=32, blank=True)
    ordered_at = models.DateTimeField(_("ordered"), null=True, blank=True)
    changed_at = models.DateTimeField(_("changed by Amazon"), null=True, blank=True)
    ship_window_start = models.DateTimeField(_("ship window start"), null=True, blank=True)
    ship_window_end = models.DateTimeField(_("ship window end"), null=True, blank=True)
    delivery_window_start = models.DateTimeField(_("delivery window start"), null=True,
                                                 blank=True)
    delivery_window_end = models.DateTimeField(_("delivery window end"), null=True, blank=True)
    ship_to = models.ForeignKey(ShipToLocation, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="purchase_orders", verbose_name=_("ship to"))
    buying_party_id = models.CharField(_("buying party id"), max_length=32, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("purchase order")
        verbose_name_plural = _("purchase orders")
        ordering = ["-ordered_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["account", "po_number"],
                                               name="purchase_order_unique_per_account")]
        indexes = [models.Index(fields=["status", "ordered_at"], name="po_status_ordered")]

    def __str__(self) -> str:
        return self.po_number

    def can_move_to(self, status: str) -> bool:
        return status in PURCHASE_ORDER_PIPELINE[self.status]


class UnitOfMeasure(models.TextChoices):
    EACHES = "Eaches", _("Eaches")
    CASES = "Cases", _("Cases")


class RejectionReason(models.TextChoices):
    TEMPORARILY_UNAVAILABLE = "TemporarilyUnavailable", _("Temporarily unavailable")
    INVALID_PRODUCT_IDENTIFIER = "InvalidProductIdentifier", _("Invalid product identifier")
    OBSOLETE_PRODUCT = "ObsoleteProduct", _("Obsolete product")


class PurchaseOrderLine(models.Model):
    # No index of its own: the unique (order, item) index leads with the order.
    order = models.ForeignKey(PurchaseOrder, on_delete=models.CASCADE, related_name="lines",
                              verbose_name=_("purchase order"), db_index=False)
    item_sequence = models.CharField(_("item"), max_length=10)
    amazon_product_id = models.CharField(_("ASIN"), max_length=10, blank=True)
    vendor_product_id = models.CharField(_("vendor product id"), max_length=64, blank=True)
    sku = models.ForeignKey("skurules.Sku", on_delete=models.SET_NULL, null=True, blank=True,
                            related_name="purchase_order_lines", verbose_name=_("SKU"))
    ordered_quantity = models.PositiveIntegerField(_("ordered quantity"))
    unit_of_measure = models.CharField(_("unit of measure"), max_length=8,
                                       choices=UnitOfMeasure.choices, default=UnitOfMeasure.EACHES)
    unit_size = models.PositiveIntegerField(_("unit size"), default=1)
    is_backorder_allowed = models.BooleanField(_("backorder allowed"), default=False)
    net_cost = models.DecimalField(_("net cost"), max_digits=12, decimal_places=4, null=True,
                                   blank=True)
    list_price = models.DecimalField(_("list price"), max_digits=12, decimal_places=4, null=True,
                                     blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    accepted_quantity = models.PositiveIntegerField(_("accepted"), null=True, blank=True)
    backordered_quantity = models.PositiveIntegerField(_("backordered"), null=True, blank=True)
    rejected_quantity = models.PositiveIntegerField(_("rejected"), null=True, blank=True)
    rejection_reason = models.CharField(_("rejection reason"), max_length=32, blank=True,
                                        choices=RejectionReason.choices)
    decision_reason = models.TextField(_("decision reason"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("purchase order line")
        verbose_name_plural = _("purchase order lines")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["order", "item_sequence"],
                                               name="purchase_order_line_unique_item")]

    def __str__(self) -> str:
        return f"{self.order_id}/{self.item_sequence}"

    @property
    def ordered_eaches(self) -> int:
        if self.unit_of_measure == UnitOfMeasure.CASES:
            return self.ordered_quantity * self.unit_size
        return self.ordered_quantity


class PurchaseOrderEvent(models.Model):
    """One row per status change: who moved the order, when, from where to where, and why."""

    order = models.ForeignKey(PurchaseOrder, on_delete=models.CASCADE, related_name="events",
                              verbose_name=_("purchase order"))
    from_status = models.CharField(_("from"), max_length=16, choices=PurchaseOrderStatus.choices)
    to_status = models.CharField(_("to"), max_length=16, choices=PurchaseOrderStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="+", verbose_name=_("by"))
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("purchase order event")
        verbose_name_plural = _("purchase order events")
        ordering = ["order", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.from_status} → {self.to_status}"


class PageStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    APPLIED = "applied", _("Applied")
    ERROR = "error", _("Error")


class ApiPage(models.Model):
    """One page of an Amazon API answer, stored raw before anything reads it."""

    account = models.ForeignKey(VendorAccount, on_delete=models.CASCADE, related_name="api_pages",
                                verbose_name=_("vendor account"))
    operation = models.CharField(_("operation"), max_length=64)
    query = models.JSONField(_("query"), default=dict)
    body = models.TextField(_("raw body"))
    status = models.CharField(_("status"), max_length=16, choices=PageStatus.choices,
                              default=PageStatus.RECEIVED)
    error = models.TextField(_("error"), blank=True)
    order_count = models.PositiveIntegerField(_("orders"), default=0)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)

    class Meta:
        verbose_name = _("API page")
        verbose_name_plural = _("API pages")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"], name="api_page_status")]

    def __str__(self) -> str:
        return f"{self.operation} #{self.pk}"


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to send")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent, awaiting the partner")
    ACCEPTED = "accepted", _("Accepted")
    FAILED = "failed", _("Failed")


class OutboxMessage(models.Model):
    """A message to a partner, written in the same transaction as the change that causes it.

    A task sends it; the state says how far it got, so a retry never sends twice and a
    permanent error stops and shows.
    """

    kind = models.CharField(_("kind"), max_length=64)
    key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    account = models.ForeignKey(VendorAccount, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="outbox_messages", verbose_name=_("vendor account"))
    purchase_order = models.ForeignKey(PurchaseOrder, on_delete=models.CASCADE, null=True,
                                       blank=True, related_name="outbox_messages",
                                       verbose_name=_("purchase order"))
    payload = models.JSONField(_("payload"))
    status = models.CharField(_("status"), max_length=16, choices=OutboxStatus.choices,
                              default=OutboxStatus.PENDING)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    transaction_id = models.CharField(_("transaction id"), max_length=100, blank=True)
    transaction_status = models.CharField(_("transaction status"), max_length=32, blank=True)
    checks = models.PositiveIntegerField(_("status checks"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]

    def __str__(self) -> str:
        return self.key


class Shipment(models.Model):
    """A finalized shipment Amazon reports for our purchase orders, confirmed to it by ASN."""

    account = models.ForeignKey(VendorAccount, on_delete=models.PROTECT,
                                related_name="shipments", verbose_name=_("vendor account"))
    identifier = models.CharField(_("shipment identifier"), max_length=100)
    status = models.CharField(_("Amazon status"), max_length=32, blank=True)
    ship_from_party_id = models.CharField(_("ship from"), max_length=32, blank=True)
    ship_to = models.ForeignKey(ShipToLocation, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="shipments", verbose_name=_("ship to"))
    shipped_at = models.DateTimeField(_("shipped"), null=True, blank=True)
    estimated_delivery_at = models.DateTimeField(_("estimated delivery"), null=True, blank=True)
    carrier = models.CharField(_("carrier"), max_length=100, blank=True)
    carrier_reference = models.CharField(_("carrier reference (PRO)"), max_length=64,
                                         blank=True)
    bill_of_lading = models.CharField(_("bill of lading"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("pulled"), auto_now_add=True)

    class Meta:
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")
        ordering = ["-shipped_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["account", "identifier"],
                                               name="shipment_unique_per_account")]

    def __str__(self) -> str:
        return self.identifier


class ShipmentItem(models.Model):
    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="items",
                                 verbose_name=_("shipment"))
    line = models.ForeignKey(PurchaseOrderLine, on_delete=models.PROTECT,
                             related_name="shipment_items", verbose_name=_("purchase order line"))
    shipped_quantity = models.PositiveIntegerField(_("shipped quantity"))

    class Meta:
        verbose_name = _("shipment item")
        verbose_name_plural = _("shipment items")
        ordering = ["shipment", "id"]

    def __str__(self) -> str:
        return f"{self.shipment_id}: {self.line_id} × {self.shipped_quantity}"


class Invoice(models.Model):
    """Our invoice to Amazon for what a shipment delivered, at the acknowledged costs."""

    purchase_order = models.ForeignKey(PurchaseOrder, on_delete=models.PROTECT,
                                       related_name="invoices", verbose_name=_("purchase order"))
    shipment = models.ForeignKey(Shipment, on_delete=models.PROTECT, related_name="invoices",
                                 verbose_name=_("shipment"))
    number = models.CharField(_("invoice number"), max_length=64, unique=True)
    issued_at = models.DateTimeField(_("issued"))
    currency = models.CharField(_("currency"), max_length=3)
    total = models.DecimalField(_("total"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return self.number


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines",
                                verbose_name=_("invoice"))
    line = models.ForeignKey(PurchaseOrderLine, on_delete=models.PROTECT,
                             related_name="invoice_lines", verbose_name=_("purchase order line"))
    quantity = models.PositiveIntegerField(_("quantity"))
    net_cost = models.DecimalField(_("net cost"), max_digits=12, decimal_places=4)

    class Meta:
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")
        ordering = ["invoice", "id"]

    def __str__(self) -> str:
        return f"{self.invoice_id}: {self.line_id} × {self.quantity}"


class SalesChannel(models.TextChoices):
    EBAY = "ebay", _("eBay")
    AMAZON = "amazon", _("Amazon (merchant fulfilled)")
    SHOPIFY = "shopify", _("Shopify")
    OTHER = "other", _("Other shop")


class MarketplaceAccount(models.Model):
    """A marketplace we sell on: where its orders are pulled from and tracking pushed to."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    channel = models.CharField(_("channel"), max_length=16, choices=SalesChannel.choices)
    base_url = models.URLField(_("API base URL"), blank=True,
                               help_text=_("Empty: the marketplace's own address."))
    token = EncryptedTextField(_("access token"), blank=True,
                               help_text=_("eBay: the OAuth user token; Shopify: the Admin API "
                                           "access token."))
    lwa_app_id = models.CharField(_("LWA app id"), max_length=200, blank=True,
                                  help_text=_("Amazon."))
    lwa_client_secret = EncryptedTextField(_("LWA client secret"), blank=True)
    refresh_token = EncryptedTextField(_("refresh token"), blank=True)
    marketplace_id = models.CharField(_("marketplace id"), max_length=20, blank=True,
                                      default="ATVPDKIKX0DER")
    enabled = models.BooleanField(_("pull orders"), default=True)
    last_pull_at = models.DateTimeField(_("last successful pull"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("marketplace account")
        verbose_name_plural = _("marketplace accounts")
        ordering = ["code"]
        permissions = [("manage_marketplaceaccount_credentials",
                        _("Can see and change marketplace credentials and endpoints"))]

    def __str__(self) -> str:
        return self.code


class SalesOrderStatus(models.TextChoices):
    OPEN = "open", _("To ship")
    DROPSHIPPED = "dropshipped", _("Drop-ship ordered")
    SHIPPED = "shipped", _("Shipped, tracking sent")
    CANCELLED = "cancelled", _("Cancelled")


class SalesOrder(models.Model):
    """An order a buyer placed with us on a marketplace, that a distributor may ship."""

    account = models.ForeignKey(MarketplaceAccount, on_delete=models.PROTECT, null=True,
                                blank=True, related_name="sales_orders",
                                verbose_name=_("marketplace account"))
    channel = models.CharField(_("channel"), max_length=16, choices=SalesChannel.choices)
    marketplace_order_id = models.CharField(_("marketplace order id"), max_length=64)
    status = models.CharField(_("status"), max_length=16, choices=SalesOrderStatus.choices,
                              default=SalesOrderStatus.OPEN, db_index=True)
    ordered_at = models.DateTimeField(_("ordered"), null=True, blank=True)
    ship_name = models.CharField(_("ship to name"), max_length=200)
    ship_address1 = models.CharField(_("address line 1"), max_length=200)
    ship_address2 = models.CharField(_("address line 2"), max_length=200, blank=True)
    ship_city = models.CharField(_("city"), max_length=100)
    ship_state = models.CharField(_("state or region"), max_length=100, blank=True)
    ship_postal_code = models.CharField(_("postal code"), max_length=20)
    ship_country = models.CharField(_("country"), max_length=2, default="US")
    ship_phone = models.CharField(_("phone"), max_length=40, blank=True)
    ship_email = models.EmailField(_("e-mail"), blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        verbose_name = _("sales order")
        verbose_name_plural = _("sales orders")
        ordering = ["-ordered_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["channel", "marketplace_order_id"],
                                               name="sales_order_unique_per_channel")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.marketplace_order_id}"


class SalesOrderLine(models.Model):
    order = models.ForeignKey(SalesOrder, on_delete=models.CASCADE, related_name="lines",
                              verbose_name=_("sales order"))
    line_id = models.CharField(_("marketplace line id"), max_length=64, blank=True)
    sku = models.ForeignKey("skurules.Sku", on_delete=models.PROTECT, null=True, blank=True,
                            related_name="sales_order_lines", verbose_name=_("SKU"))
    sku_code = models.CharField(_("SKU as ordered"), max_length=64)
    title = models.CharField(_("title"), max_length=500, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_price = models.DecimalField(_("unit price"), max_digits=12, decimal_places=2,
                                     null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)

    class Meta:
        verbose_name = _("sales order line")
        verbose_name_plural = _("sales order lines")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.sku_code} × {self.quantity}"
