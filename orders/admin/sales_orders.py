from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from config.admin import CredentialsAdminMixin
from distributors.models import DropshipOrder
from distributors.routing import route
from distributors.selectors import line_candidates
from distributors.services.dropship import dropship_place
from orders.admin.purchase_orders import ReadOnlyInline
from orders.models import MarketplaceAccount, SalesOrder, SalesOrderLine, SalesOrderStatus


@admin.register(MarketplaceAccount)
class MarketplaceAccountAdmin(CredentialsAdminMixin, admin.ModelAdmin):
    list_display = ("code", "channel", "enabled", "last_pull_at", "last_error")
    list_filter = ("channel", "enabled")
    readonly_fields = ("last_pull_at", "last_error")
    credential_fields = ("base_url", "token", "lwa_app_id", "lwa_client_secret",
                         "refresh_token")
    fieldsets = [
        (None, {"fields": ["code", "channel", "marketplace_id", "enabled"]}),
        (_("Credentials and endpoint"), {"fields": list(credential_fields)}),
        (_("Pulling"), {"fields": ["last_pull_at", "last_error"]}),
    ]


class SalesOrderLineInline(admin.TabularInline):
    model = SalesOrderLine
    extra = 0
    raw_id_fields = ("sku",)
    fields = ("line_id", "sku_code", "sku", "title", "quantity", "unit_price", "currency")


class DropshipOrderInline(ReadOnlyInline):
    model = DropshipOrder
    fields = ("po_number", "distributor", "status", "distributor_order_number", "placed_at",
              "shipped_at")
    readonly_fields = fields
    show_change_link = True


@admin.register(SalesOrder)
class SalesOrderAdmin(admin.ModelAdmin):
    list_display = ("marketplace_order_id", "channel", "status", "ordered_at", "ship_name",
                    "dropship_button")
    list_filter = ("status", "channel")
    list_select_related = ("account",)
    search_fields = ("=marketplace_order_id", "ship_name", "dropship_orders__po_number")
    readonly_fields = ("status", "created_at")
    inlines = [SalesOrderLineInline, DropshipOrderInline]
    fieldsets = [
        (None, {"fields": ["channel", "account", "marketplace_order_id", "ordered_at",
                           "status", "created_at"]}),
        (_("Ship to the buyer"), {"fields": [
            "ship_name", "ship_address1", "ship_address2", "ship_city", "ship_state",
            "ship_postal_code", "ship_country", "ship_phone", "ship_email"]}),
    ]

    @admin.display(description=_("drop-ship"))
    def dropship_button(self, order: SalesOrder) -> str:
        if order.status != SalesOrderStatus.OPEN:
            return "–"
        return format_html('<a class="button" href="{}">{}</a>',
                           reverse("admin:orders_salesorder_dropship", args=[order.pk]),
                           _("Dropship"))

    def get_urls(self):
        view = self.admin_site.admin_view(self.dropship_view)
        return [path("<int:order_id>/dropship/", view, name="orders_salesorder_dropship"),
                *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra = {"dropship_url": reverse("admin:orders_salesorder_dropship", args=[object_id])}
        return super().change_view(request, object_id, form_url,
                                   {**extra, **(extra_context or {})})

    def dropship_view(self, request, order_id: int):
        """Each line's sources with the routed default; Confirm places the orders."""
        if not request.user.has_perm("distributors.add_dropshiporder"):
            raise PermissionDenied
        order = get_object_or_404(SalesOrder, pk=order_id)
        lines = list(order.lines.select_related("sku").order_by("id"))
        candidates = line_candidates(lines)
        if request.method == "POST":
            choices = {line.pk: request.POST.get(f"line-{line.pk}", "") for line in lines}
            self._placed_messages(request, dropship_place(order=order, choices=choices,
                                                          actor=request.user))
            return redirect("admin:orders_salesorder_change", order.pk)
        rows = [{"line": line, "candidates": candidates[line.pk],
                 "route": route(line.quantity, candidates[line.pk])} for line in lines]
        context = {**self.admin_site.each_context(request), "opts": self.opts, "order": order,
                   "rows": rows, "title": _("Dropship %(order)s") % {"order": order}}
        return TemplateResponse(request, "admin/orders/salesorder/dropship.html", context)

    def _placed_messages(self, request, result) -> None:
        for po in result.placed:
            self.message_user(request, _("Purchase order %(po)s placed with %(distributor)s "
                                         "(their order %(number)s).") % {
                "po": po.po_number, "distributor": po.distributor.name,
                "number": po.distributor_order_number or "–"})
        for sentence in result.refused:
            self.message_user(request, sentence, messages.ERROR)
        for sentence in result.waiting:
            self.message_user(request, sentence, messages.WARNING)
        if result.own_stock:
            self.message_user(request, _("%(n)d line(s) ship from our own stock: no purchase "
                                         "order.") % {"n": result.own_stock})
