from functools import partial

from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _

from config.admin import EstimatedCountPaginator
from skurules import admin_views
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
    actions = ["export_selected_csv"]

    def get_urls(self):
        tools = [
            ("get-sku-data/", admin_views.get_sku_data, "get_data"),
            ("import-csv/", admin_views.import_csv, "import_csv"),
            ("export-csv/", admin_views.export_csv, "export_csv"),
        ]
        return [
            path(route, self.admin_site.admin_view(partial(view, self)),
                 name=f"skurules_sku_{name}")
            for route, view, name in tools
        ] + super().get_urls()

    @admin.action(description=_("Export selected SKUs as CSV"), permissions=["view"])
    def export_selected_csv(self, request, queryset):
        return admin_views.skus_csv_response(queryset)


@admin.register(AutoConfirmRule)
class AutoConfirmRuleAdmin(admin.ModelAdmin):
    list_display = ("sku", "min_cost", "min_inventory", "enabled", "updated_at")
    list_filter = ("enabled",)
    list_select_related = ("sku",)
    search_fields = ("=sku__sku",)
    raw_id_fields = ("sku",)
    readonly_fields = ("updated_by", "updated_at")
