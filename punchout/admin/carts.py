from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from config.admin import CredentialsAdminMixin
from punchout.models import Cart, CartLine, Supplier


@admin.register(Supplier)
class SupplierAdmin(CredentialsAdminMixin, admin.ModelAdmin):
    list_display = ("name", "code", "protocol", "preset", "deployment_mode")
    list_filter = ("protocol", "preset", "deployment_mode")
    search_fields = ("name", "code")
    readonly_fields = ("deployment_mode", "activated_at", "created_at")
    credential_fields = ("setup_url", "order_url", "sender_identity", "shared_secret")
    fieldsets = [
        (None, {"fields": ["code", "name", "protocol", "preset", "deployment_mode",
                           "activated_at"]}),
        (_("Identities"), {"fields": ["from_domain", "from_identity", "to_domain",
                                      "to_identity", "sender_domain"]}),
        (_("Credentials and endpoints"),
         {"fields": ["setup_url", "order_url", "sender_identity", "shared_secret"]}),
        (_("Protocol details"), {"fields": ["cxml_version", "extrinsics", "created_at"]}),
    ]


class CartLineInline(admin.TabularInline):
    model = CartLine
    extra = 0
    fields = ("line_number", "supplier_part_id", "supplier_part_auxiliary_id", "description",
              "quantity", "unit_price", "currency", "unit_of_measure", "unspsc")


@admin.register(Cart)
class CartAdmin(admin.ModelAdmin):
    list_display = ("__str__", "requisitioner", "status", "deployment_mode", "total",
                    "created_at")
    list_filter = ("status", "deployment_mode", "supplier")
    list_select_related = ("supplier", "requisitioner")
    search_fields = ("=id", "requisitioner__username", "lines__supplier_part_id")
    raw_id_fields = ("requisitioner",)
    readonly_fields = ("buyer_cookie", "deployment_mode", "created_at", "updated_at")
    inlines = [CartLineInline]
