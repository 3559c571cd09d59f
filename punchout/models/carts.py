import secrets
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from punchout.models.people import Department
from punchout.models.suppliers import Address, DeploymentMode, Supplier


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
    deployment_mode = models.CharField(_("mode"), max_length=16, choices=DeploymentMode.choices,
                                       default=DeploymentMode.TEST)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="carts", verbose_name=_("department"))
    ship_to = models.ForeignKey(Address, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="carts", verbose_name=_("ship to"))
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    total = models.DecimalField(_("total"), max_digits=14, decimal_places=2, default=0)
    operation_allowed = models.CharField(
        _("supplier allows"), max_length=8, blank=True,
        help_text=_("What the supplier lets us do with these lines later: create, inspect or "
                    "edit."))
    justification = models.TextField(_("justification"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    returned_at = models.DateTimeField(_("returned"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    ordered_at = models.DateTimeField(_("ordered"), null=True, blank=True)

    class Meta:
        verbose_name = _("cart")
        verbose_name_plural = _("carts")
        ordering = ["-created_at"]
        permissions = [("approve_cart", _("Can approve or reject carts"))]
        indexes = [models.Index(fields=["status", "-created_at"], name="cart_status_created")]

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


class SessionOperation(models.TextChoices):
    CREATE = "create", _("Create")
    EDIT = "edit", _("Edit")
    INSPECT = "inspect", _("Inspect")


class SessionStatus(models.TextChoices):
    STARTED = "started", _("Waiting for the supplier")
    SHOPPING = "shopping", _("Shopping at the supplier")
    RETURNED = "returned", _("Cart returned")
    CANCELLED = "cancelled", _("Cancelled")
    FAILED = "failed", _("Failed")


class PunchOutSession(models.Model):
    """One trip to a supplier's site. The return URL carries a one-time token (only its hash is
    stored) because the supplier's cross-site POST brings no session cookie."""

    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="sessions",
                             verbose_name=_("cart"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="punchout_sessions", verbose_name=_("user"))
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="sessions",
                                 verbose_name=_("supplier"))
    operation = models.CharField(_("operation"), max_length=8, choices=SessionOperation.choices,
                                 default=SessionOperation.CREATE)
    deployment_mode = models.CharField(_("mode"), max_length=16, choices=DeploymentMode.choices)
    status = models.CharField(_("status"), max_length=16, choices=SessionStatus.choices,
                              default=SessionStatus.STARTED)
    buyer_cookie = models.CharField(_("buyer cookie"), max_length=64, unique=True,
                                    default=new_buyer_cookie, editable=False)
    token_hash = models.CharField(_("return token hash"), max_length=64, unique=True,
                                  editable=False)
    payload_id = models.CharField(_("payload id"), max_length=200, blank=True)
    setup_request = models.TextField(_("setup request"), blank=True)
    setup_response = models.TextField(_("setup response"), blank=True)
    start_url = models.URLField(_("start page"), max_length=2000, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    expires_at = models.DateTimeField(_("return URL expires"))
    returned_at = models.DateTimeField(_("returned"), null=True, blank=True)

    class Meta:
        verbose_name = _("PunchOut session")
        verbose_name_plural = _("PunchOut sessions")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.supplier} {self.get_operation_display()} #{self.pk}"


class CartEvent(models.Model):
    """The cart's history, one row per thing that happened, in the words staff read."""

    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="events",
                             verbose_name=_("cart"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="+", verbose_name=_("by"))
    kind = models.CharField(_("event"), max_length=32)
    message = models.TextField(_("what happened"))
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("cart event")
        verbose_name_plural = _("cart events")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.message
