from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Sku(models.Model):
    """One product we sell, with the stock that auto-confirmation may promise."""

    sku = models.CharField(_("SKU"), max_length=64, unique=True)
    asin = models.CharField(_("ASIN"), max_length=10, blank=True, db_index=True)
    ean = models.CharField(_("EAN"), max_length=14, blank=True, db_index=True)
    upc = models.CharField(_("UPC"), max_length=12, blank=True, db_index=True)
    title = models.CharField(_("title"), max_length=500, blank=True)
    manufacturer_part_number = models.CharField(
        _("manufacturer part number"), max_length=64, blank=True, db_index=True,
        help_text=_("Matches the distributors' items with the same MPN."))
    on_hand = models.IntegerField(_("on hand"), default=0, validators=[MinValueValidator(0)])
    allocated = models.IntegerField(_("allocated"), default=0,
                                    help_text=_("Units promised to acknowledged orders."),
                                    validators=[MinValueValidator(0)])
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("SKU")
        verbose_name_plural = _("SKUs")
        ordering = ["sku"]
        constraints = [
            models.CheckConstraint(condition=models.Q(on_hand__gte=0), name="sku_on_hand_gte_0"),
            models.CheckConstraint(condition=models.Q(allocated__gte=0),
                                   name="sku_allocated_gte_0"),
        ]

    def __str__(self) -> str:
        return self.sku

    @property
    def unallocated(self) -> int:
        return self.on_hand - self.allocated


class AutoConfirmRule(models.Model):
    """When a purchase-order line for this SKU may be confirmed without a person."""

    sku = models.OneToOneField(Sku, on_delete=models.CASCADE, related_name="rule",
                               verbose_name=_("SKU"))
    min_cost = models.DecimalField(_("minimum cost"), max_digits=12, decimal_places=4,
                                   default=Decimal("0"), validators=[MinValueValidator(0)],
                                   help_text=_("Lines below this net cost go to review."))
    min_inventory = models.PositiveIntegerField(
        _("minimum inventory"), default=0,
        help_text=_("Units kept back: never promised to an automatic confirmation."))
    enabled = models.BooleanField(_("auto-confirm enabled"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("updated by"))

    class Meta:
        verbose_name = _("auto-confirm rule")
        verbose_name_plural = _("auto-confirm rules")

    def __str__(self) -> str:
        return f"{self.sku}: ≥ {self.min_cost}, keep {self.min_inventory}"
