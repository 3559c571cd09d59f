"""Our purchase orders to suppliers and the documents suppliers send back about them.

Everything here is written by the system (an approval, a supplier's document): staff read it,
nobody edits it. Requisitioners see their own orders only.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from config.admin import EstimatedCountPaginator, ReadOnlyMixin
from punchout.admin.suppliers import mode_badge
from punchout.cxml.documents import secrets_masked
from punchout.models import (
    InboundDocument,
    ProcurementOrder,
    ProcurementOrderLine,
    ShipNotice,
    ShipNoticeLine,
    SupplierInvoice,
    SupplierInvoiceLine,
)
from punchout.services.inbound import document_reprocess
from punchout.services.orders import KIND, order_outbox_messages

# Who sees every order: those who may approve carts (approvers, administrators).
SEES_ALL_ORDERS = "punchout.approve_cart"
SEES_OUTBOX = "orders.view_outboxmessage"


def _pre(text: str) -> str:
    return format_html("<pre style='white-space: pre-wrap; max-height: 40em; overflow: auto'>"
                       "{}</pre>", text)


def _admin_link(obj, label: str | None = None) -> str:
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, label or obj)


class ReadOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    pass


class ReadOnlyInline(ReadOnlyMixin, admin.TabularInline):
    extra = 0
    can_delete = False
    related: tuple[str, ...] = ()  # what each row shows of other tables

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.select_related(*self.related) if self.related else queryset


class OwnOrdersMixin:
    """Requisitioners see the orders of their own carts; approvers and administrators all."""

    order_path = "order__"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.has_perm(SEES_ALL_ORDERS):
            return queryset
        return queryset.filter(**{f"{self.order_path}cart__requisitioner": request.user})


class OrderLineInline(ReadOnlyInline):
    model = ProcurementOrderLine
    fields = ("line_number", "supplier_part_id", "supplier_part_auxiliary_id", "description",
              "quantity", "unit_of_measure", "unit_price", "accepted_quantity",
              "backordered_quantity", "rejected_quantity", "shipped_quantity",
              "invoiced_quantity", "confirmed_unit_price", "expected_delivery",
              "supplier_comment")
    readonly_fields = fields


class ShipNoticeInline(ReadOnlyInline):
    model = ShipNotice
    fields = ("shipment_id", "carrier", "tracking_number", "shipped_at", "delivery_at",
              "received_at")
    readonly_fields = fields
    show_change_link = True


class SupplierInvoiceInline(ReadOnlyInline):
    model = SupplierInvoice
    fields = ("invoice_id", "invoice_date", "total", "currency", "match", "differences")
    readonly_fields = fields
    show_change_link = True


@admin.register(ProcurementOrder)
class ProcurementOrderAdmin(OwnOrdersMixin, ReadOnlyAdmin):
    order_path = ""
    list_display = ("number", "supplier", "mode", "status", "requisitioner", "total_amount",
                    "order_date", "supplier_order_id")
    list_filter = ("status", "deployment_mode", "supplier")
    list_select_related = ("supplier", "cart__requisitioner")
    search_fields = ("=number", "=supplier_order_id", "cart__requisitioner__username",
                     "cart__requisitioner__last_name", "cart__requisitioner__email")
    date_hierarchy = "order_date"
    inlines = [OrderLineInline, ShipNoticeInline, SupplierInvoiceInline]
    paginator = EstimatedCountPaginator
    show_full_result_count = False
    fieldsets = [
        (None, {"fields": ["number", "cart_link", "supplier", "mode", "status",
                           "requisitioner", "total_amount"]}),
        (gettext_lazy("The supplier's word"), {"fields": ["supplier_status",
                                                          "supplier_order_id"]}),
        (gettext_lazy("Dates"), {"fields": ["order_date", "sent_at", "confirmed_at"]}),
        (gettext_lazy("Sending"), {"fields": ["outbox_messages"]}),
        (gettext_lazy("OrderRequest as sent"), {"fields": ["payload_id", "document"],
                                                "classes": ["collapse"]}),
    ]
    readonly_fields = ("number", "cart_link", "supplier", "mode", "status", "requisitioner",
                       "total_amount", "supplier_status", "supplier_order_id", "order_date",
                       "sent_at", "confirmed_at", "outbox_messages", "payload_id", "document")

    def get_queryset(self, request):
        return super().get_queryset(request).defer("order_request")

    def get_fieldsets(self, request, obj=None):
        """The outbox is the operators' tool: people who cannot open it do not see it."""
        if request.user.has_perm(SEES_OUTBOX):
            return self.fieldsets
        return [fieldset for fieldset in self.fieldsets if fieldset[1]["fields"] !=
                ["outbox_messages"]]

    @admin.display(description=gettext_lazy("sent in mode"), ordering="deployment_mode")
    def mode(self, order: ProcurementOrder) -> str:
        return mode_badge(order.deployment_mode)

    @admin.display(description=gettext_lazy("requisitioner"),
                   ordering="cart__requisitioner__username")
    def requisitioner(self, order: ProcurementOrder) -> str:
        return str(order.cart.requisitioner)

    @admin.display(description=gettext_lazy("total"), ordering="total")
    def total_amount(self, order: ProcurementOrder) -> str:
        return f"{order.total:,} {order.currency}"

    @admin.display(description=gettext_lazy("cart"))
    def cart_link(self, order: ProcurementOrder) -> str:
        return _admin_link(order.cart)

    @admin.display(description=gettext_lazy("OrderRequest (shared secret masked)"))
    def document(self, order: ProcurementOrder) -> str:
        return _pre(secrets_masked(order.order_request))

    @admin.display(description=gettext_lazy("outbox messages"))
    def outbox_messages(self, order: ProcurementOrder) -> str:
        rows = format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", (
            (_admin_link(message, message.key), message.get_status_display(),
             message.attempts, message.last_error or "–")
            for message in order_outbox_messages(order)))
        changelist = reverse("admin:orders_outboxmessage_changelist")
        query = urlencode({"kind": KIND, "key__startswith": f"{KIND}:{order.number}"})
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>"
            "<tbody>{}</tbody></table><p><a href='{}?{}'>{}</a></p>",
            _("message"), _("status"), _("attempts"), _("last error"), rows, changelist,
            query, _("Open these messages in the outbox, where a failed one can be sent "
                     "again."))


class ShipNoticeLineInline(ReadOnlyInline):
    model = ShipNoticeLine
    fields = ("order_line", "quantity")
    readonly_fields = fields
    related = ("order_line__order",)


@admin.register(ShipNotice)
class ShipNoticeAdmin(OwnOrdersMixin, ReadOnlyAdmin):
    order_path = "order__"
    list_display = ("shipment_id", "order", "carrier", "tracking_number", "shipped_at",
                    "delivery_at", "received_at")
    list_select_related = ("order",)
    search_fields = ("=shipment_id", "=tracking_number", "=order__number")
    fields = ("order", "shipment_id", "carrier", "tracking_number", "shipped_at",
              "delivery_at", "received_at", "document")
    readonly_fields = fields
    inlines = [ShipNoticeLineInline]


class SupplierInvoiceLineInline(ReadOnlyInline):
    model = SupplierInvoiceLine
    fields = ("invoice_line_number", "order_line", "quantity", "unit_price", "amount",
              "problem")
    readonly_fields = fields
    related = ("order_line__order",)


@admin.register(SupplierInvoice)
class SupplierInvoiceAdmin(OwnOrdersMixin, ReadOnlyAdmin):
    order_path = "order__"
    list_display = ("invoice_id", "order", "invoice_date", "total", "currency", "match",
                    "received_at")
    list_filter = ("match",)
    list_select_related = ("order",)
    search_fields = ("=invoice_id", "=order__number")
    fields = ("order", "invoice_id", "invoice_date", "currency", "subtotal", "tax", "shipping",
              "total", "match", "differences", "received_at", "document")
    readonly_fields = fields
    inlines = [SupplierInvoiceLineInline]


@admin.register(InboundDocument)
class InboundDocumentAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "kind", "status", "supplier", "payload_id", "received_at",
                    "error")
    list_filter = ("status", "kind", "supplier")
    list_select_related = ("supplier",)
    search_fields = ("=payload_id",)
    fields = ("supplier", "kind", "status", "payload_id", "error", "content_type",
              "remote_addr", "received_at", "processed_at", "raw_body")
    readonly_fields = fields
    actions = ["reprocess"]
    paginator = EstimatedCountPaginator
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).defer("body")

    @admin.display(description=gettext_lazy("raw body (shared secret masked)"))
    def raw_body(self, document: InboundDocument) -> str:
        return _pre(secrets_masked(bytes(document.body).decode("utf-8", errors="replace")))

    @admin.action(description=gettext_lazy("Reprocess the selected failed documents"),
                  permissions=["view"])
    def reprocess(self, request, queryset) -> None:
        applied = 0
        for document in queryset.order_by("received_at", "id"):
            try:
                document = document_reprocess(document=document)
            except ValidationError as refusal:
                self.message_user(request, " ".join(refusal.messages), messages.WARNING)
                continue
            if document.error:
                self.message_user(request, _("%(document)s failed again: %(error)s")
                                  % {"document": document, "error": document.error},
                                  messages.ERROR)
            else:
                applied += 1
        self.message_user(request, ngettext("%(n)d document applied.",
                                            "%(n)d documents applied.", applied)
                          % {"n": applied})
