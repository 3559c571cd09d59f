from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from config.admin import CredentialsAdminMixin
from punchout.models import DeploymentMode, Supplier
from punchout.services.suppliers import supplier_activate, supplier_preset_apply


def mode_badge(mode: str) -> str:
    """The Test/Active badge shown wherever a supplier, cart or order appears."""
    label = DeploymentMode(mode).label
    return format_html('<span class="punchout-mode punchout-mode-{}">{}</span>', mode, label)


@admin.register(Supplier)
class SupplierAdmin(CredentialsAdminMixin, admin.ModelAdmin):
    list_display = ("name", "code", "protocol", "preset", "mode")
    list_filter = ("protocol", "preset", "deployment_mode")
    search_fields = ("name", "code")
    readonly_fields = ("mode", "activated_at", "created_at")
    credential_fields = ("setup_url", "order_url", "sender_identity", "shared_secret",
                         "inbound_username", "inbound_password", "allowed_hosts")
    fieldsets = [
        (None, {"fields": ["code", "name", "protocol", "preset", "mode", "activated_at"]}),
        (_("Identities"), {"fields": ["from_domain", "from_identity", "to_domain",
                                      "to_identity", "sender_domain"]}),
        (_("Credentials and endpoints"),
         {"fields": ["setup_url", "order_url", "allowed_hosts", "sender_identity",
                     "shared_secret", "inbound_username", "inbound_password"]}),
        (_("Protocol details"), {"fields": ["cxml_version", "extrinsics", "created_at"]}),
    ]

    @admin.display(description=_("mode"), ordering="deployment_mode")
    def mode(self, supplier: Supplier) -> str:
        return mode_badge(supplier.deployment_mode)

    def save_model(self, request, obj, form, change):
        if not change:
            supplier_preset_apply(supplier=obj)
        super().save_model(request, obj, form, change)

    def get_urls(self):
        view = self.admin_site.admin_view(self.activate_view)
        return [path("<int:supplier_id>/activate/", view, name="punchout_supplier_activate"),
                *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra = {"activate_url": reverse("admin:punchout_supplier_activate", args=[object_id])}
        return super().change_view(request, object_id, form_url,
                                   {**extra, **(extra_context or {})})

    def activate_view(self, request, supplier_id: int):
        """Test → Active, after the person confirms on a page that says what it means."""
        supplier = get_object_or_404(Supplier, pk=supplier_id)
        if not self.has_change_permission(request, supplier):
            raise PermissionDenied
        if request.method == "POST":
            try:
                supplier_activate(supplier=supplier)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(request, _("%(supplier)s is Active: orders are now real.")
                                  % {"supplier": supplier}, messages.SUCCESS)
            return redirect("admin:punchout_supplier_change", supplier.pk)
        context = {**self.admin_site.each_context(request), "opts": self.opts,
                   "supplier": supplier, "title": _("Switch %(supplier)s to Active")
                   % {"supplier": supplier}}
        return TemplateResponse(request, "admin/punchout/supplier/activate.html", context)
