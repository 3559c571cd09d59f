from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_q.tasks import async_task

from config.admin import CredentialsAdminMixin, EstimatedCountPaginator
from orders.forms import LineDecisionsForm
from orders.models import (
    ApiPage,
    Invoice,
    InvoiceLine,
    OutboxMessage,
    OutboxStatus,
    PageStatus,
    PurchaseOrder,
    PurchaseOrderEvent,
    PurchaseOrderLine,
    Shipment,
    ShipmentItem,
    ShipToLocation,
    VendorAccount,
)
from orders.services.outbox import outbox_resend
from orders.services.pulling import page_apply
from orders.services.review import purchase_order_decide_by_hand, review_allowed


class ReadOnlyInline(admin.TabularInline):
    """Rows the system writes (events, messages, shipped items): shown, never typed in."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(VendorAccount)
class VendorAccountAdmin(CredentialsAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name", "marketplace", "enabled", "last_pull_at", "throttled_until",
                    "last_error")
    list_filter = ("marketplace", "enabled")
    search_fields = ("code", "name", "selling_party_id")
    readonly_fields = ("last_pull_at", "last_error", "throttled_until", "created_at")
    credential_fields = ("lwa_app_id", "lwa_client_secret", "refresh_token")
    actions = ["pull_now", "autoconfirm_now"]
    fieldsets = [
        (None, {"fields": ["code", "name", "selling_party_id", "marketplace", "enabled"]}),
        (_("Selling Partner API credentials"),
         {"fields": ["lwa_app_id", "lwa_client_secret", "refresh_token"]}),
        (_("Pulling"), {"fields": ["last_pull_at", "last_error", "throttled_until", "created_at"]}),
    ]


    @admin.action(description=_("Pull orders now"), permissions=["view"])
    def pull_now(self, request, queryset) -> None:
        for account in queryset:
            async_task("orders.tasks.pull_account", account.pk)
        self.message_user(request, _("Pull queued for %(codes)s; the account shows the result.")
                          % {"codes": ", ".join(a.code for a in queryset)})

    @admin.action(description=_("Decide and acknowledge new orders now"), permissions=["view"])
    def autoconfirm_now(self, request, queryset) -> None:
        for account in queryset:
            async_task("orders.tasks.autoconfirm", account.pk)
        self.message_user(request, _("Deciding queued for %(codes)s.")
                          % {"codes": ", ".join(a.code for a in queryset)})


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


class OutboxMessageInline(ReadOnlyInline):
    model = OutboxMessage
    fields = ("kind", "status", "attempts", "transaction_id", "transaction_status", "last_error",
              "created_at", "sent_at", "finished_at")
    readonly_fields = fields
    show_change_link = True


class PurchaseOrderEventInline(ReadOnlyInline):
    model = PurchaseOrderEvent
    fields = ("created_at", "from_status", "to_status", "actor", "reason")
    readonly_fields = fields


@admin.register(PurchaseOrder)
class PurchaseOrderAdmin(admin.ModelAdmin):
    list_display = ("po_number", "account", "source", "status", "ordered_at", "ship_to",
                    "line_count")
    list_filter = ("status", "source", ("account", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("account", "ship_to")
    search_fields = ("=po_number",)
    raw_id_fields = ("ship_to",)
    readonly_fields = ("status", "status_reason", "created_at", "updated_at")
    inlines = [PurchaseOrderLineInline, OutboxMessageInline, PurchaseOrderEventInline]
    paginator = EstimatedCountPaginator
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(line_count=Count("lines"))

    @admin.display(description=_("lines"), ordering="line_count")
    def line_count(self, order: PurchaseOrder) -> int:
        return order.line_count

    def get_urls(self):
        review = self.admin_site.admin_view(self.review_view)
        return [path("<int:order_id>/review/", review, name="orders_purchaseorder_review"),
                *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra = {"review_url": reverse("admin:orders_purchaseorder_review", args=[object_id])}
        return super().change_view(request, object_id, form_url, {**extra,
                                                                   **(extra_context or {})})

    def review_view(self, request, order_id: int):
        """Staff set accept/backorder/reject per line, then the acknowledgement goes out."""
        order = get_object_or_404(PurchaseOrder.objects.select_related("account"), pk=order_id)
        if not self.has_change_permission(request, order):
            raise PermissionDenied
        lines = list(order.lines.select_related("sku").order_by("id"))
        form = LineDecisionsForm(request.POST or None, lines=lines)
        if request.method == "POST" and form.is_valid():
            try:
                purchase_order_decide_by_hand(order=order, decisions=form.decisions(),
                                              actor=request.user)
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                self.message_user(request, _("Decisions saved; the acknowledgement is queued."))
                return redirect("admin:orders_purchaseorder_change", order.pk)
        context = {**self.admin_site.each_context(request), "opts": self.opts, "order": order,
                   "form": form, "allowed": review_allowed(order),
                   "title": _("Decide %(po)s by hand") % {"po": order.po_number}}
        return TemplateResponse(request, "admin/orders/purchaseorder/review.html", context)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written by the system: staff look, filter and act, never type them in."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ApiPage)
class ApiPageAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "account", "operation", "status", "order_count", "created_at",
                    "error")
    list_filter = ("status", "operation", ("account", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("account",)
    fields = ("account", "operation", "query", "status", "error", "order_count", "created_at",
              "applied_at", "raw_body")
    readonly_fields = fields
    actions = ["apply_again"]
    paginator = EstimatedCountPaginator
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).defer("body")

    @admin.display(description=_("raw body"))
    def raw_body(self, page: ApiPage) -> str:
        return format_html("<pre style='white-space: pre-wrap'>{}</pre>", page.body[:50000])

    @admin.action(description=_("Apply the selected pages again"), permissions=["view"])
    def apply_again(self, request, queryset) -> None:
        results = [page_apply(page) for page in queryset.exclude(status=PageStatus.APPLIED)]
        errors = [error for result in results for error in result.page_errors]
        applied = len(results) - len(errors)
        self.message_user(request, ngettext("%(n)d page applied again.",
                                            "%(n)d pages applied again.", applied)
                          % {"n": applied})
        for error in errors:
            self.message_user(request, error, messages.ERROR)


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    list_display = ("key", "kind", "status", "attempts", "purchase_order", "transaction_status",
                    "created_at", "last_error")
    list_filter = ("status", "kind")
    list_select_related = ("purchase_order",)
    search_fields = ("=key", "=transaction_id", "=purchase_order__po_number")
    fields = ("kind", "key", "account", "purchase_order", "status", "attempts", "next_attempt_at",
              "last_error", "transaction_id", "transaction_status", "checks", "created_at",
              "claimed_at", "sent_at", "finished_at", "payload")
    readonly_fields = fields
    actions = ["resend"]
    paginator = EstimatedCountPaginator
    show_full_result_count = False

    @admin.action(description=_("Send the selected failed messages again"),
                  permissions=["view"])
    def resend(self, request, queryset) -> None:
        copies = [outbox_resend(m) for m in queryset.filter(status=OutboxStatus.FAILED)]
        self.message_user(request, ngettext("%(n)d message queued again.",
                                            "%(n)d messages queued again.", len(copies))
                          % {"n": len(copies)})


class ShipmentItemInline(ReadOnlyInline):
    model = ShipmentItem
    fields = ("line", "shipped_quantity")
    readonly_fields = fields


@admin.register(Shipment)
class ShipmentAdmin(ReadOnlyAdmin):
    list_display = ("identifier", "account", "status", "ship_to", "shipped_at", "carrier",
                    "carrier_reference")
    list_filter = ("status", ("account", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("account", "ship_to")
    search_fields = ("=identifier", "=carrier_reference", "=bill_of_lading")
    inlines = [ShipmentItemInline]


class InvoiceLineInline(ReadOnlyInline):
    model = InvoiceLine
    fields = ("line", "quantity", "net_cost")
    readonly_fields = fields


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyAdmin):
    list_display = ("number", "purchase_order", "shipment", "issued_at", "total", "currency")
    list_select_related = ("purchase_order", "shipment")
    search_fields = ("=number", "=purchase_order__po_number")
    inlines = [InvoiceLineInline]
