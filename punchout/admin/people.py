"""Departments, addresses, the procurement defaults, and people: buyer profiles and invitations."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from config.roles import PUNCHOUT_USER, ROLE_PERMISSIONS
from punchout.models import (
    Address,
    BuyerProfile,
    Department,
    DepartmentBudget,
    ProcurementSettings,
)
from punchout.services.people import invitation_send, procurement_settings_get, user_invite


class DepartmentBudgetInline(admin.TabularInline):
    model = DepartmentBudget
    extra = 1
    fields = ("year", "amount")


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "cost_center")
    search_fields = ("name", "code", "cost_center")
    prepopulated_fields = {"code": ("name",)}
    inlines = [DepartmentBudgetInline]


@admin.register(Address)
class AddressAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "deliver_to", "city", "country_code")
    list_filter = ("country_code",)
    search_fields = ("name", "code", "city", "deliver_to")


@admin.register(ProcurementSettings)
class ProcurementSettingsAdmin(admin.ModelAdmin):
    """One row: the list shows the form itself."""

    fields = ("bill_to", "default_ship_to", "currency", "price_hold_days", "po_number_format",
              "po_number_next", "po_number_year")

    def changelist_view(self, request, extra_context=None):
        settings = procurement_settings_get()
        return self.change_view(request, str(settings.pk), extra_context=extra_context)

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class BuyerProfileInline(admin.StackedInline):
    model = BuyerProfile
    fk_name = "user"
    can_delete = False
    fields = ("department", "default_ship_to", "invited_by", "invited_at")
    readonly_fields = ("invited_by", "invited_at")
    verbose_name_plural = gettext_lazy("procurement")


class InviteForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("e-mail"), max_length=150)
    first_name = forms.CharField(label=gettext_lazy("first name"), max_length=150)
    last_name = forms.CharField(label=gettext_lazy("last name"), max_length=150)
    role = forms.ChoiceField(
        label=gettext_lazy("role"), initial=PUNCHOUT_USER,
        choices=[(role, gettext_lazy(role)) for role in ROLE_PERMISSIONS],
        help_text=gettext_lazy("PunchOut users shop and submit carts, approvers decide them, "
                               "administrators manage suppliers, users, rules and defaults."))
    department = forms.ModelChoiceField(Department.objects.all(), required=False,
                                        label=gettext_lazy("department"))
    ship_to = forms.ModelChoiceField(
        Address.objects.all(), required=False, label=gettext_lazy("default ship to"),
        help_text=gettext_lazy("Where this person's orders are delivered."))


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Django's user admin, with the procurement profile and invitations."""

    inlines = [*DjangoUserAdmin.inlines, BuyerProfileInline]
    actions = ["invitation_resend"]

    def get_urls(self):
        view = self.admin_site.admin_view(self.invite_view)
        return [path("invite/", view, name="auth_user_invite"), *super().get_urls()]

    def _set_password_url_for(self, request):
        return lambda user, uidb64, token: request.build_absolute_uri(
            reverse("punchout:invitation", args=[uidb64, token]))

    def invite_view(self, request):
        """An administrator invites a person, who chooses a password from the mail."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = InviteForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                user = user_invite(**form.cleaned_data, invited_by=request.user,
                                   set_password_url_for=self._set_password_url_for(request))
            except ValidationError as refusal:
                form.add_error(None, refusal)
            else:
                self.message_user(request, _("Invitation sent to %(email)s.")
                                  % {"email": user.email}, messages.SUCCESS)
                return redirect("admin:auth_user_change", user.pk)
        context = {**self.admin_site.each_context(request), "opts": self.opts, "form": form,
                   "title": _("Invite a user")}
        return TemplateResponse(request, "admin/auth/user/invite.html", context)

    @admin.action(description=gettext_lazy("Send the invitation again"), permissions=["add"])
    def invitation_resend(self, request, queryset) -> None:
        sent = 0
        for user in queryset:
            try:
                invitation_send(user=user, invited_by=request.user,
                                set_password_url_for=self._set_password_url_for(request))
            except ValidationError as refusal:
                self.message_user(request, " ".join(refusal.messages), messages.WARNING)
            else:
                sent += 1
        self.message_user(request, ngettext("%(n)d invitation sent.", "%(n)d invitations sent.",
                                            sent) % {"n": sent})
