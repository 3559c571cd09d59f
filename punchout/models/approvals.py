from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _

from punchout.models.carts import Cart
from punchout.models.people import Department
from punchout.models.suppliers import Supplier


class ApprovalRule(models.Model):
    """A checkpoint a cart must pass when every condition set here holds (empty = any).

    Checkpoints are passed one after the other, in `position` order.
    """

    name = models.CharField(_("name"), max_length=200)
    position = models.PositiveIntegerField(_("position"), default=10)
    min_amount = models.DecimalField(_("from amount"), max_digits=14, decimal_places=2,
                                     null=True, blank=True,
                                     help_text=_("The cart total must be at least this."))
    department = models.ForeignKey(Department, on_delete=models.CASCADE, null=True, blank=True,
                                   related_name="approval_rules", verbose_name=_("department"))
    unspsc_prefix = models.CharField(
        _("category (UNSPSC prefix)"), max_length=16, blank=True,
        help_text=_("Applies when a line's UNSPSC starts with this, e.g. 4321 for computers."))
    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="approval_rules", verbose_name=_("supplier"))
    approvers = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("approver group"))
    enabled = models.BooleanField(_("enabled"), default=True)

    class Meta:
        verbose_name = _("approval rule")
        verbose_name_plural = _("approval rules")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class StepStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting for an earlier checkpoint")
    PENDING = "pending", _("Awaiting decision")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    SKIPPED = "skipped", _("Not needed")


class ApprovalStep(models.Model):
    """One checkpoint of one cart, copied from its rule when the cart was submitted, so that
    later rule edits do not change a decision under way."""

    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="approval_steps",
                             verbose_name=_("cart"))
    rule = models.ForeignKey(ApprovalRule, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="steps", verbose_name=_("rule"))
    position = models.PositiveIntegerField(_("position"))
    name = models.CharField(_("checkpoint"), max_length=200)
    approvers = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("approver group"))
    reason = models.TextField(_("why this checkpoint"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=StepStatus.choices,
                              default=StepStatus.WAITING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("decided by"))
    on_behalf_of = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("on behalf of"))
    comment = models.TextField(_("comment"), blank=True)
    activated_at = models.DateTimeField(_("awaiting since"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")
        ordering = ["cart", "position", "id"]

    def __str__(self) -> str:
        return f"{self.cart}: {self.name}"
