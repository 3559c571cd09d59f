from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from config.admin import CredentialsAdminMixin, EstimatedCountPaginator
from orders.models import (
    PurchaseOrder,
    PurchaseOrderEvent,
    PurchaseOrderLine,
    ShipToLocation,
    VendorAccount,
)


@admin.register(VendorAccount)
class VendorAccountAdmin(CredentialsAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name", "marketplace", "enabled", "last_pull_at", "throttled_until")
    list_filter = ("marketplace", "enabled")
    search_fields = ("code", "name", "selling_party_id")
    readonly_fields = ("last_pull_at", "last_error", "throttled_until", "created_at")
    credential_fields = ("lwa_app_id", "lwa_client_secret", "refresh_token")
    fieldsets = [
        (None, {"fields": ["code", "name", "selling_party_id", "marketplace", "enabled"]}),
        (_("Selling Partner API credentials"),
         {"fields": ["lwa_app_id", "lwa_client_secret", "refresh_token"]}),
        (_("Pulling"), {"fields": ["last_pull_at", "last_error", "throttled_until", "created_at"]}),
    ]


@admin.register(ShipToLocation)
class ShipToLocationAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "city", "state_or_region", "country_code")
    list_filter = ("country_code",)
    search_fields = ("=code", "name", "city")


class PurchaseOrderLineInline(admin.TabularInline):
    model = PurchaseOrderLine
    extra = 0
    raw_id_fields = ("sku",)
    fields = ("item_sequence", "vendor_product_id", "amazon_product_id", "sku",
              "ordered_quantity", "unit_of_measure", "unit_size", "net_cost", "currency",
              "accepted_quantity", "backordered_quantity", "rejected_quantity",
              "rejection_reason", "decision_reason")
    readonly_fields = ("accepted_quantity", "backordered_quantity", "rejected_quantity",
                       "rejection_reason", "decision_reason")


class PurchaseOrderEventInline(admin.TabularInline):
    model = PurchaseOrderEvent
    extra = 0
    can_delete = False
    fields = ("created_at", "from_status", "to_status", "actor", "reason")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PurchaseOrder)
class PurchaseOrderAdmin(admin.ModelAdmin):
    list_display = ("po_number", "account", "source", "status", "ordered_at", "ship_to",
                    "line_count")
    list_filter = ("status", "source", ("account", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("account", "ship_to")
    search_fields = ("=po_number",)
    raw_id_fields = ("ship_to",)
    readonly_fields = ("status", "status_reason", "created_at", "updated_at")
    inlines = [PurchaseOrderLineInline, PurchaseOrderEventInline]
    paginator = EstimatedCountPaginator
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(line_count=Count("lines"))

    @admin.display(description=_("lines"), ordering="line_count")
    def line_count(self, order: PurchaseOrder) -> int:
        return order.line_count
