from django.db import models
from django.utils.translation import gettext_lazy as _

from punchout.models.carts import Cart, CartLine
from punchout.models.documents import InboundDocument
from punchout.models.suppliers import DeploymentMode, Supplier


class OrderStatus(models.TextChoices):
    SENDING = "sending", _("Sending to the supplier")
    SENT = "sent", _("Sent, awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    PARTLY_CONFIRMED = "partly_confirmed", _("Partly confirmed")
    REJECTED = "rejected", _("Rejected by the supplier")
    SHIPPED = "shipped", _("Shipped")
    PARTLY_SHIPPED = "partly_shipped", _("Partly shipped")
    INVOICED = "invoiced", _("Invoiced")
    FAILED = "failed", _("Could not be sent")


class ProcurementOrder(models.Model):
    """Our purchase order to a supplier, made from an approved cart and sent as a cXML
    OrderRequest. The document is kept as sent: a retry posts the same bytes and payloadID."""

    number = models.CharField(_("PO number"), max_length=64, unique=True)
    cart = models.OneToOneField(Cart, on_delete=models.PROTECT, related_name="order",
                                verbose_name=_("cart"))
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="orders",
                                 verbose_name=_("supplier"))
    deployment_mode = models.CharField(_("sent in mode"), max_length=16,
                                       choices=DeploymentMode.choices)
    status = models.CharField(_("status"), max_length=20, choices=OrderStatus.choices,
                              default=OrderStatus.SENDING)
    order_date = models.DateTimeField(_("order date"))
    currency = models.CharField(_("currency"), max_length=3)
    total = models.DecimalField(_("total"), max_digits=14, decimal_places=2)
    payload_id = models.CharField(_("payload id"), max_length=200, unique=True)
    order_request = models.TextField(_("OrderRequest sent"), blank=True)
    supplier_status = models.CharField(_("supplier's answer"), max_length=500, blank=True)
    supplier_order_id = models.CharField(_("supplier order id"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("procurement order")
        verbose_name_plural = _("procurement orders")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.number


class ProcurementOrderLine(models.Model):
    order = models.ForeignKey(ProcurementOrder, on_delete=models.CASCADE, related_name="lines",
                              verbose_name=_("order"))
    cart_line = models.OneToOneField(CartLine, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("cart line"))
    line_number = models.PositiveIntegerField(_("line"))
    supplier_part_id = models.CharField(_("supplier part id"), max_length=200)
    supplier_part_auxiliary_id = models.TextField(_("supplier part auxiliary id"), blank=True)
    description = models.TextField(_("description"), blank=True)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=3)
    unit_price = models.DecimalField(_("unit price"), max_digits=14, decimal_places=4)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=8, default="EA")
    unspsc = models.CharField(_("UNSPSC"), max_length=16, blank=True)
    accepted_quantity = models.DecimalField(_("accepted"), max_digits=12, decimal_places=3,
                                            default=0)
    backordered_quantity = models.DecimalField(_("backordered"), max_digits=12,
                                               decimal_places=3, default=0)
    rejected_quantity = models.DecimalField(_("rejected"), max_digits=12, decimal_places=3,
                                            default=0)
    shipped_quantity = models.DecimalField(_("shipped quantity"), max_digits=12, decimal_places=3,
                                           default=0)
    invoiced_quantity = models.DecimalField(_("invoiced"), max_digits=12, decimal_places=3,
                                            default=0)
    confirmed_unit_price = models.DecimalField(_("confirmed unit price"), max_digits=14,
                                               decimal_places=4, null=True, blank=True)
    expected_delivery = models.DateField(_("expected delivery"), null=True, blank=True)
    supplier_comment = models.TextField(_("supplier's comment"), blank=True)

    class Meta:
        verbose_name = _("procurement order line")
        verbose_name_plural = _("procurement order lines")
        ordering = ["order", "line_number"]
        constraints = [models.UniqueConstraint(fields=["order", "line_number"],
                                               name="procurement_line_unique_number")]

    def __str__(self) -> str:
        return f"{self.order} line {self.line_number}"


class ShipNotice(models.Model):
    order = models.ForeignKey(ProcurementOrder, on_delete=models.CASCADE,
                              related_name="ship_notices", verbose_name=_("order"))
    document = models.ForeignKey(InboundDocument, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("document"))
    shipment_id = models.CharField(_("shipment id"), max_length=100)
    carrier = models.CharField(_("carrier"), max_length=100, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=100, blank=True)
    shipped_at = models.DateTimeField(_("shipped"), null=True, blank=True)
    delivery_at = models.DateTimeField(_("expected delivery"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        verbose_name = _("ship notice")
        verbose_name_plural = _("ship notices")
        ordering = ["-received_at"]
        constraints = [models.UniqueConstraint(fields=["order", "shipment_id"],
                                               name="ship_notice_unique_shipment")]

    def __str__(self) -> str:
        return self.shipment_id


class ShipNoticeLine(models.Model):
    notice = models.ForeignKey(ShipNotice, on_delete=models.CASCADE, related_name="lines",
                               verbose_name=_("ship notice"))
    order_line = models.ForeignKey(ProcurementOrderLine, on_delete=models.CASCADE,
                                   related_name="shipped", verbose_name=_("order line"))
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=3)

    class Meta:
        verbose_name = _("ship notice line")
        verbose_name_plural = _("ship notice lines")

    def __str__(self) -> str:
        return f"{self.order_line} × {self.quantity}"


class InvoiceMatch(models.TextChoices):
    MATCHED = "matched", _("Matches order and receipt")
    DIFFERENCES = "differences", _("Differences to check")


class SupplierInvoice(models.Model):
    order = models.ForeignKey(ProcurementOrder, on_delete=models.CASCADE,
                              related_name="invoices", verbose_name=_("order"))
    document = models.ForeignKey(InboundDocument, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("document"))
    invoice_id = models.CharField(_("invoice number"), max_length=100)
    invoice_date = models.DateTimeField(_("invoice date"))
    currency = models.CharField(_("currency"), max_length=3)
    subtotal = models.DecimalField(_("subtotal"), max_digits=14, decimal_places=2)
    tax = models.DecimalField(_("tax"), max_digits=14, decimal_places=2, default=0)
    shipping = models.DecimalField(_("shipping"), max_digits=14, decimal_places=2, default=0)
    total = models.DecimalField(_("amount due"), max_digits=14, decimal_places=2)
    match = models.CharField(_("match"), max_length=16, choices=InvoiceMatch.choices)
    differences = models.TextField(_("differences"), blank=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        verbose_name = _("supplier invoice")
        verbose_name_plural = _("supplier invoices")
        ordering = ["-received_at"]
        constraints = [models.UniqueConstraint(fields=["order", "invoice_id"],
                                               name="supplier_invoice_unique_number")]

    def __str__(self) -> str:
        return self.invoice_id


class SupplierInvoiceLine(models.Model):
    invoice = models.ForeignKey(SupplierInvoice, on_delete=models.CASCADE, related_name="lines",
                                verbose_name=_("invoice"))
    order_line = models.ForeignKey(ProcurementOrderLine, on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="invoiced",
                                   verbose_name=_("order line"))
    invoice_line_number = models.PositiveIntegerField(_("invoice line"))
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=3)
    unit_price = models.DecimalField(_("unit price"), max_digits=14, decimal_places=4)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    problem = models.TextField(_("difference"), blank=True)

    class Meta:
        verbose_name = _("supplier invoice line")
        verbose_name_plural = _("supplier invoice lines")
        ordering = ["invoice", "invoice_line_number"]

    def __str__(self) -> str:
        return f"{self.invoice} line {self.invoice_line_number}"


class SpendDashboard(ProcurementOrder):
    """The spend dashboard's place in the admin menu (a proxy: no table of its own)."""

    class Meta:
        proxy = True
        verbose_name = _("spend dashboard")
        verbose_name_plural = _("spend dashboard")
        permissions = [("view_spend", _("Can see the spend dashboard"))]
