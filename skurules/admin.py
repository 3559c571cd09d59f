from django.contrib import admin

from config.admin import EstimatedCountPaginator
from skurules.models import AutoConfirmRule, Sku


class AutoConfirmRuleInline(admin.StackedInline):
    model = AutoConfirmRule
    extra = 0
    max_num = 1
    fields = ("min_cost", "min_inventory", "enabled", "updated_by", "updated_at")
    readonly_fields = ("updated_by", "updated_at")


@admin.register(Sku)
class SkuAdmin(admin.ModelAdmin):
    list_display = ("sku", "asin", "ean", "title", "on_hand", "allocated", "rule")
    list_select_related = ("rule",)
    search_fields = ("=sku", "=asin", "=ean", "=upc", "title")
    inlines = [AutoConfirmRuleInline]
    paginator = EstimatedCountPaginator
    show_full_result_count = False


@admin.register(AutoConfirmRule)
class AutoConfirmRuleAdmin(admin.ModelAdmin):
    list_display = ("sku", "min_cost", "min_inventory", "enabled", "updated_at")
    list_filter = ("enabled",)
    list_select_related = ("sku",)
    search_fields = ("=sku__sku",)
    raw_id_fields = ("sku",)
    readonly_fields = ("updated_by", "updated_at")
