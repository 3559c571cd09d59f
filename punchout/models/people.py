from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from punchout.models.suppliers import Address


class Department(models.Model):
    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    cost_center = models.CharField(_("cost center"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DepartmentBudget(models.Model):
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="budgets",
                                   verbose_name=_("department"))
    year = models.PositiveIntegerField(_("year"))
    amount = models.DecimalField(_("budget"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("department budget")
        verbose_name_plural = _("department budgets")
        ordering = ["-year", "department"]
        constraints = [models.UniqueConstraint(fields=["department", "year"],
                                               name="department_budget_unique_year")]

    def __str__(self) -> str:
        return f"{self.department} {self.year}"


class BuyerProfile(models.Model):
    """What procurement knows about a person: where they book spend and where goods go."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="buyer_profile", verbose_name=_("user"))
    department = models.ForeignKey(Department, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="members", verbose_name=_("department"))
    default_ship_to = models.ForeignKey(Address, on_delete=models.PROTECT, null=True,
                                        blank=True, related_name="+",
                                        verbose_name=_("default ship to"))
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("invited by"))
    invited_at = models.DateTimeField(_("invited"), null=True, blank=True)

    class Meta:
        verbose_name = _("buyer profile")
        verbose_name_plural = _("buyer profiles")

    def __str__(self) -> str:
        return str(self.user)


class Delegation(models.Model):
    """While an approver is away, the delegate decides the approver's checkpoints."""

    approver = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                 related_name="delegations_given", verbose_name=_("approver"))
    delegate = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                 related_name="delegations_received", verbose_name=_("delegate"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")),
                                   name="delegation_ends_after_start"),
            models.CheckConstraint(condition=~Q(approver=F("delegate")),
                                   name="delegation_not_to_self"),
        ]

    def __str__(self) -> str:
        return f"{self.approver} → {self.delegate}"
