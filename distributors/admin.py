from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from config.admin import CredentialsAdminMixin, EstimatedCountPaginator
from distributors.models import Distributor, DistributorItem, Warehouse


class WarehouseInline(admin.TabularInline):
    model = Warehouse
    extra = 0
    fields = ("code", "name", "lead_time_days", "price_cutoff", "stock_buffer", "is_excluded")


@admin.register(Distributor)
class DistributorAdmin(CredentialsAdminMixin, admin.ModelAdmin):
    list_display = ("name", "code", "kind", "is_preferred", "dropship_fee", "enabled")
    list_filter = ("kind", "enabled")
    search_fields = ("name", "code")
    credential_fields = ("account_number", "api_key", "api_base_url")
    fieldsets = [
        (None, {"fields": ["code", "name", "kind", "is_preferred", "dropship_fee", "enabled"]}),
        (_("Credentials and endpoint"), {"fields": ["account_number", "api_key", "api_base_url"]}),
    ]
    inlines = [WarehouseInline]


@admin.register(Warehouse)
class WarehouseAdmin(admin.ModelAdmin):
    list_display = ("code", "distributor", "name", "lead_time_days", "stock_buffer",
                    "is_excluded")
    list_filter = ("distributor", "is_excluded")
    list_select_related = ("distributor",)
    search_fields = ("code", "name")


@admin.register(DistributorItem)
class DistributorItemAdmin(admin.ModelAdmin):
    list_display = ("part_number", "warehouse", "manufacturer_part_number", "upc", "cost",
                    "quantity", "is_available", "sku")
    list_filter = ("is_available", ("warehouse__distributor", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("warehouse__distributor", "sku")
    search_fields = ("=part_number", "=manufacturer_part_number", "=upc")
    raw_id_fields = ("warehouse", "sku")
    paginator = EstimatedCountPaginator
    show_full_result_count = False
