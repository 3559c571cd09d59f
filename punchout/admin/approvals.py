from django import forms
from django.contrib import admin
from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.admin import ReadOnlyMixin
from punchout.approvals import amount
from punchout.models import ApprovalRule, ApprovalStep, Delegation

# Who manages everyone's delegations: those who manage the users.
MANAGES_ALL_DELEGATIONS = "auth.change_user"


class CartRowsInline(ReadOnlyMixin, admin.TabularInline):
    """Rows of a cart the system writes (lines, checkpoints, history): whoever may open the
    cart sees them, nobody types them in."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_view_permission(self, request, obj=None) -> bool:
        return True


class ApprovalStepInline(CartRowsInline):
    model = ApprovalStep
    fields = ("position", "name", "approvers", "reason", "status", "decided_by", "on_behalf_of",
              "comment", "activated_at", "decided_at")
    verbose_name_plural = gettext_lazy("approval checkpoints")

    def get_queryset(self, request):
        # Every round of submissions, in the order they happened.
        return (super().get_queryset(request).select_related("approvers", "decided_by",
                                                             "on_behalf_of").order_by("id"))


@admin.register(ApprovalRule)
class ApprovalRuleAdmin(admin.ModelAdmin):
    list_display = ("name", "position", "enabled", "conditions", "approvers")
    list_display_links = ("name",)
    list_editable = ("position", "enabled")
    list_filter = ("enabled", "approvers", "department", "supplier")
    list_select_related = ("approvers", "department", "supplier")
    search_fields = ("name", "unspsc_prefix")
    ordering = ("position", "id")
    fields = ("name", "position", "enabled", "min_amount", "department", "unspsc_prefix",
              "supplier", "approvers")

    @admin.display(description=gettext_lazy("applies when"))
    def conditions(self, rule: ApprovalRule) -> str:
        parts = []
        if rule.min_amount is not None:
            parts.append(_("total ≥ %(amount)s") % {"amount": amount(rule.min_amount)})
        if rule.department_id:
            parts.append(_("department %(department)s") % {"department": rule.department})
        if rule.unspsc_prefix:
            parts.append(_("UNSPSC %(prefix)s…") % {"prefix": rule.unspsc_prefix})
        if rule.supplier_id:
            parts.append(_("supplier %(supplier)s") % {"supplier": rule.supplier})
        return ", ".join(parts) or _("every cart")


class DelegationForm(forms.ModelForm):
    class Meta:
        model = Delegation
        fields = ("approver", "delegate", "starts_on", "ends_on")

    def clean(self):
        data = super().clean()
        if data.get("approver") and data.get("approver") == data.get("delegate"):
            self.add_error("delegate", _("Pick the colleague who decides while you are away; "
                                         "a delegation to oneself changes nothing."))
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The delegation ends before it starts; set Until on or "
                                        "after From."))
        return data


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    """Approvers manage the delegations they give; user administrators manage all."""

    form = DelegationForm
    list_display = ("approver", "delegate", "starts_on", "ends_on", "is_active")
    list_filter = ("starts_on",)
    list_select_related = ("approver", "delegate")
    search_fields = ("approver__username", "approver__last_name", "delegate__username",
                     "delegate__last_name")
    date_hierarchy = "starts_on"

    def _manages_all(self, request) -> bool:
        return request.user.has_perm(MANAGES_ALL_DELEGATIONS)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self._manages_all(request):
            return queryset
        return queryset.filter(approver=request.user) | queryset.filter(delegate=request.user)

    def get_changeform_initial_data(self, request):
        return {"approver": request.user.pk, "starts_on": timezone.localdate()}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        users = User.objects.filter(is_active=True, is_staff=True).order_by("username")
        if db_field.name == "approver" and not self._manages_all(request):
            users = users.filter(pk=request.user.pk)
        if db_field.name in ("approver", "delegate"):
            kwargs["queryset"] = users
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None) -> bool:
        allowed = super().has_change_permission(request, obj)
        if obj is None or self._manages_all(request):
            return allowed
        return allowed and obj.approver_id == request.user.pk

    @admin.display(description=gettext_lazy("active today"), boolean=True)
    def is_active(self, delegation: Delegation) -> bool:
        return delegation.starts_on <= timezone.localdate() <= delegation.ends_on
