from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import path
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django_q.tasks import async_task

from config.admin import CredentialsAdminMixin, EstimatedCountPaginator
from distributors.models import (
    Distributor,
    DistributorItem,
    DropshipAvailability,
    DropshipOrder,
    DropshipOrderLine,
    DropshipStatus,
    DropshipTracking,
    Feed,
    FeedRun,
    SkuMapping,
    Warehouse,
)
from distributors.services.availability import marketplace_quantities_csv
from distributors.services.feed_api import feed_api_description
from distributors.services.prerequisites import distributor_checks


class WarehouseInline(admin.TabularInline):
    model = Warehouse
    extra = 0
    fields = ("code", "name", "lead_time_days", "price_cutoff", "stock_buffer", "is_excluded")


@admin.register(Distributor)
class DistributorAdmin(CredentialsAdminMixin, admin.ModelAdmin):
    list_display = ("name", "code", "kind", "is_preferred", "dropship_fee", "enabled")
    list_filter = ("kind", "enabled")
    search_fields = ("name", "code")
    credential_fields = ("account_number", "api_key", "api_base_url", "portal_username",
                         "portal_password", "portal_base_url")
    readonly_fields = ("dropship_checks",)
    fieldsets = [
        (None, {"fields": ["code", "name", "kind", "is_preferred", "dropship_fee", "enabled"]}),
        (_("Drop-ship prerequisites"), {"fields": ["dropship_checks", "tax_id",
                                                   "card_on_file"]}),
        (_("Credentials and endpoint"), {"fields": ["account_number", "api_key", "api_base_url"]}),
        (_("Dealer portal (Parts Unlimited price file)"), {
            "fields": ["portal_username", "portal_password", "portal_base_url"],
            "description": _("Needed only when a Parts Unlimited feed is fetched from its file "
                             "API; the dealer number above signs in with them.")}),
    ]
    inlines = [WarehouseInline]

    @admin.display(description=_("checks"))
    def dropship_checks(self, distributor: Distributor) -> str:
        if distributor.pk is None:
            return "–"
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{} {}{}</li>", (
            ("✔" if check.ok else "✘", check.label, "" if check.ok else f" — {check.fix}")
            for check in distributor_checks(distributor))))


@admin.register(Warehouse)
class WarehouseAdmin(admin.ModelAdmin):
    list_display = ("code", "distributor", "name", "lead_time_days", "price_cutoff",
                    "stock_buffer", "is_excluded")
    list_filter = ("distributor", "is_excluded")
    list_select_related = ("distributor",)
    list_editable = ("lead_time_days", "price_cutoff", "stock_buffer", "is_excluded")
    search_fields = ("code", "name")


@admin.register(DistributorItem)
class DistributorItemAdmin(admin.ModelAdmin):
    list_display = ("part_number", "warehouse", "manufacturer_part_number", "upc", "cost",
                    "quantity", "quantity_is_capped", "is_available", "sku", "updated_at")
    list_filter = ("is_available", ("warehouse__distributor", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("warehouse__distributor", "sku")
    search_fields = ("=part_number", "=manufacturer_part_number", "=upc")
    raw_id_fields = ("warehouse", "sku")
    paginator = EstimatedCountPaginator
    show_full_result_count = False


@admin.register(SkuMapping)
class SkuMappingAdmin(admin.ModelAdmin):
    list_display = ("distributor", "part_number", "sku")
    list_filter = ("distributor",)
    list_select_related = ("distributor", "sku")
    search_fields = ("=part_number", "=sku__sku")
    raw_id_fields = ("sku",)


@admin.register(Feed)
class FeedAdmin(CredentialsAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "source", "layout", "is_full", "enabled", "last_run")
    list_filter = ("source", "layout", "enabled")
    list_select_related = ("distributor",)
    credential_fields = ("ftp_host", "ftp_port", "ftp_use_tls", "ftp_username", "ftp_password",
                         "file_api")
    readonly_fields = ("file_api", "api_fetched_at")
    actions = ["import_now", "import_now_forced"]
    fieldsets = [
        (None, {"fields": ["distributor", "name", "layout", "column_map", "is_full", "enabled"]}),
        (_("Where the file is fetched"), {"fields": ["source"]}),
        (_("The distributor's file API"), {
            "fields": ["file_api", "api_fetched_at"],
            "description": _("WPS: its dealer-pricing file, with the distributor's API token. "
                             "Parts Unlimited: its price file, with the dealer number and the "
                             "dealer portal user and password; two calls a day at most.")}),
        (_("FTP server"), {"fields": ["ftp_host", "ftp_port", "ftp_use_tls", "ftp_username",
                                      "ftp_password", "ftp_folder", "ftp_file_name"]}),
    ]

    @admin.display(description=_("file API"))
    def file_api(self, feed: Feed) -> str:
        if feed.pk is None:
            return "–"
        return feed_api_description(feed)

    @admin.display(description=_("last run"))
    def last_run(self, feed: Feed) -> str:
        run = feed.runs.order_by("-started_at").first()
        return f"{run.started_at:%Y-%m-%d %H:%M} {run.get_status_display()}" if run else "–"

    @admin.action(description=_("Fetch and import now"), permissions=["view"])
    def import_now(self, request, queryset) -> None:
        for feed in queryset:
            async_task("distributors.tasks.import_feed", feed.pk)
        self.message_user(request, _("Import queued for %(feeds)s; the feed runs show progress "
                                     "and counts.") % {"feeds": ", ".join(map(str, queryset))})

    @admin.action(description=_("Fetch and import now, even within the call limit"),
                  permissions=["change"])
    def import_now_forced(self, request, queryset) -> None:
        for feed in queryset:
            async_task("distributors.tasks.import_feed", feed.pk, force=True)
        self.message_user(request, _(
            "Import queued for %(feeds)s, calling the file APIs even within their call limits "
            "(Parts Unlimited counts this call among its two a day).") % {
            "feeds": ", ".join(map(str, queryset))})


@admin.register(FeedRun)
class FeedRunAdmin(admin.ModelAdmin):
    list_display = ("feed", "file_name", "status", "rows_read", "inserted", "updated",
                    "unchanged", "rejected", "marked_unavailable", "started_at", "finished_at")
    list_filter = ("status", "feed__distributor")
    list_select_related = ("feed__distributor",)
    readonly_fields = [field.name for field in FeedRun._meta.fields] + ["rejected_rows"]
    exclude = ("rejections",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("rejected rows"))
    def rejected_rows(self, run: FeedRun) -> str:
        if not run.rejections:
            return "–"
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}: {}</li>", (
            (_("line %(n)d") % {"n": rejection["line"]}, rejection["reason"])
            for rejection in run.rejections)))


@admin.register(DropshipAvailability)
class DropshipAvailabilityAdmin(admin.ModelAdmin):
    list_display = ("sku", "quantity", "warehouses", "computed_at")
    list_select_related = ("sku",)
    search_fields = ("=sku__sku",)
    change_list_template = "admin/distributors/dropshipavailability/change_list.html"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def get_urls(self):
        return [path("marketplace-quantities.csv",
                     self.admin_site.admin_view(self.quantities_view),
                     name="distributors_marketplace_quantities")] + super().get_urls()

    def quantities_view(self, request) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return HttpResponse(marketplace_quantities_csv(), content_type="text/csv", headers={
            "Content-Disposition": 'attachment; filename="marketplace-quantities.csv"'})


class DropshipOrderLineInline(admin.TabularInline):
    model = DropshipOrderLine
    extra = 0
    can_delete = False
    fields = ("sales_line", "part_number", "quantity", "unit_cost", "dropship_fee")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class DropshipTrackingInline(DropshipOrderLineInline):
    model = DropshipTracking
    fields = ("tracking_number", "carrier", "shipped_at", "pulled_at", "pushed_at",
              "marketplace_reference")
    readonly_fields = fields


class ShippedFilter(admin.SimpleListFilter):
    title = _("shipped")
    parameter_name = "shipped"

    def lookups(self, request, model_admin):
        return [("yes", _("Shipped")), ("no", _("Not shipped yet"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(status=DropshipStatus.SHIPPED)
        if self.value() == "no":
            return queryset.filter(status=DropshipStatus.PLACED)
        return queryset


@admin.register(DropshipOrder)
class DropshipOrderAdmin(admin.ModelAdmin):
    """The purchase orders page: by PO number, sales order id, distributor and shipping."""

    list_display = ("po_number", "distributor", "sales_order", "status",
                    "distributor_order_number", "placed_at", "shipped_at")
    list_filter = (ShippedFilter, "distributor")
    list_select_related = ("distributor", "sales_order")
    search_fields = ("=po_number", "=sales_order__marketplace_order_id",
                     "=distributor_order_number", "=trackings__tracking_number")
    readonly_fields = ("po_number", "distributor", "sales_order", "status",
                       "distributor_order_number", "placed_by", "placed_at", "shipped_at",
                       "reply")
    inlines = [DropshipOrderLineInline, DropshipTrackingInline]

    def has_add_permission(self, request) -> bool:
        return False  # placed from a sales order's Dropship button, never typed in
