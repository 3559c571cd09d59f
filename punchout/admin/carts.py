"""The cart page: where a requisitioner submits, approvers decide and everyone reads the history."""

from collections.abc import Callable
from contextlib import contextmanager

from django.contrib import admin, messages
from django.contrib.auth.models import Group
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from punchout.admin.approvals import ApprovalStepInline, CartRowsInline
from punchout.admin.suppliers import mode_badge
from punchout.approvals import amount
from punchout.models import Cart, CartEvent, CartLine, CartStatus, StepStatus
from punchout.selectors.approvals import (
    cart_budget_note,
    cart_decidable_by,
    cart_price_hold_warning,
    carts_awaiting,
    carts_visible,
)
from punchout.services.approvals import (
    cart_admin_path,
    cart_approve,
    cart_cancel,
    cart_checkpoints,
    cart_reject,
    cart_submit,
)

EDITABLE = (CartStatus.OPEN, CartStatus.RETURNED, CartStatus.REJECTED)
# Back from the supplier or rejected: the requisitioner may shop again or cancel.
REOPENABLE = (CartStatus.RETURNED, CartStatus.REJECTED)
# What the supplier's operationAllowed lets us do with a cart at its site later.
REOPENING = {"edit": ("edit", "inspect"), "inspect": ("inspect",)}


class AwaitingMyApprovalFilter(admin.SimpleListFilter):
    title = gettext_lazy("approval")
    parameter_name = "awaiting"

    def lookups(self, request, model_admin):
        return [("me", gettext_lazy("Awaiting my approval"))]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.filter(pk__in=carts_awaiting(request.user).values("pk"))
        return queryset


class CartLineInline(CartRowsInline):
    model = CartLine
    fields = ("line_number", "supplier_part_id", "supplier_part_auxiliary_id", "description",
              "quantity", "unit_of_measure", "unit_price", "currency", "unspsc")


class CartEventInline(CartRowsInline):
    model = CartEvent
    fields = ("created_at", "actor", "message", "comment")
    verbose_name_plural = gettext_lazy("history")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


@admin.register(Cart)
class CartAdmin(admin.ModelAdmin):
    list_display = ("__str__", "mode", "status", "requisitioner", "department", "total_amount",
                    "created_at")
    list_filter = ("status", "deployment_mode", "supplier", "department",
                   AwaitingMyApprovalFilter)
    list_select_related = ("supplier", "requisitioner", "department")
    search_fields = ("=id", "requisitioner__username", "requisitioner__last_name",
                     "lines__supplier_part_id")
    fieldsets = [
        (None, {"fields": ["supplier", "mode", "status", "requisitioner", "department",
                           "ship_to", "total_amount", "justification"]}),
        (gettext_lazy("Dates"), {"fields": ["created_at", "returned_at", "submitted_at",
                                            "approved_at", "ordered_at"]}),
    ]
    # Only the ship-to is the requisitioner's to change: the department, which approval rules
    # and budgets go by, comes from their buyer profile.
    readonly_fields = ("supplier", "mode", "status", "requisitioner", "department",
                       "total_amount", "justification", "created_at", "returned_at",
                       "submitted_at", "approved_at", "ordered_at")
    inlines = [CartLineInline, ApprovalStepInline, CartEventInline]

    @admin.display(description=gettext_lazy("mode"), ordering="deployment_mode")
    def mode(self, cart: Cart) -> str:
        return mode_badge(cart.deployment_mode)

    @admin.display(description=gettext_lazy("total"), ordering="total")
    def total_amount(self, cart: Cart) -> str:
        return f"{amount(cart.total)} {cart.currency}"

    def get_queryset(self, request):
        return super().get_queryset(request) & carts_visible(request.user)

    def has_add_permission(self, request) -> bool:
        return False  # carts come back from the suppliers' sites

    def has_view_permission(self, request, obj=None) -> bool:
        # Group membership, not the Approver role, makes a decider; a delegate may be neither.
        return super().has_view_permission(request, obj) or (
            obj is not None and cart_decidable_by(cart=obj, user=request.user))

    def has_change_permission(self, request, obj=None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.status in EDITABLE)

    def get_urls(self):
        views = [("submit", self.submit_view), ("approve", self.approve_view),
                 ("reject", self.reject_view), ("cancel", self.cancel_view)]
        return [path(f"<int:cart_id>/{name}/", self.admin_site.admin_view(require_POST(view)),
                     name=f"punchout_cart_{name}") for name, view in views] + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        cart = self.get_object(request, object_id)
        extra = self._workflow_context(request, cart) if cart is not None else {}
        return super().change_view(request, object_id, form_url,
                                   {**extra, **(extra_context or {})})

    def _workflow_context(self, request, cart: Cart) -> dict:
        """What the page's action panel shows; the services check again when a button is used."""
        own = cart.requisitioner_id == request.user.pk
        may_submit = own and cart.status == CartStatus.RETURNED
        context = {
            "mode_badge": mode_badge(cart.deployment_mode), "total": self.total_amount(cart),
            "active_step": cart.approval_steps.filter(status=StepStatus.PENDING)
            .select_related("approvers").first(),
            "may_submit": may_submit, "may_cancel": own and cart.status in REOPENABLE,
            "may_decide": cart.status == CartStatus.SUBMITTED
            and cart_decidable_by(cart=cart, user=request.user),
            "reopen_operations": REOPENING.get(cart.operation_allowed, ())
            if own and cart.status in REOPENABLE else (),
            "order_url": self._order_url(cart),
            **{f"{name}_url": reverse(f"admin:punchout_cart_{name}", args=[cart.pk])
               for name in ("submit", "approve", "reject", "cancel")},
        }
        if cart.status in (CartStatus.RETURNED, CartStatus.SUBMITTED):
            context["price_hold_warning"] = cart_price_hold_warning(cart=cart)
            context["budget_note"] = cart_budget_note(cart)
        if may_submit:
            checkpoints = cart_checkpoints(cart)
            groups = Group.objects.in_bulk([c.approvers_id for c in checkpoints])
            context["preview"] = [(checkpoint, groups[checkpoint.approvers_id])
                                  for checkpoint in checkpoints]
        return context

    def _order_url(self, cart: Cart) -> str:
        try:
            order = cart.order
        except ObjectDoesNotExist:
            return ""
        return reverse("admin:punchout_procurementorder_change", args=[order.pk])

    @contextmanager
    def _refusal_told(self, request):
        """The services refuse with a sentence saying why: show it instead of failing."""
        try:
            yield
        except ValidationError as refusal:
            self.message_user(request, " ".join(refusal.messages), messages.ERROR)
        except PermissionDenied as refusal:
            self.message_user(request, str(refusal), messages.ERROR)

    def _cart(self, request, cart_id: int) -> Cart:
        return get_object_or_404(self.get_queryset(request), pk=cart_id)

    def _link_for(self, request) -> Callable[[Cart], str]:
        """The cart's absolute address, for the mails."""
        return lambda cart: request.build_absolute_uri(cart_admin_path(cart))

    def submit_view(self, request, cart_id: int):
        cart = self._cart(request, cart_id)
        with self._refusal_told(request):
            cart_submit(cart=cart, actor=request.user, cart_url_for=self._link_for(request),
                        justification=request.POST.get("justification", ""))
            self.message_user(request, self._outcome(cart), messages.SUCCESS)
        return redirect("admin:punchout_cart_change", cart_id)

    def approve_view(self, request, cart_id: int):
        cart = self._cart(request, cart_id)
        with self._refusal_told(request):
            step = cart_approve(cart=cart, actor=request.user,
                                cart_url_for=self._link_for(request),
                                comment=request.POST.get("comment", ""))
            self.message_user(request, " ".join([
                _("Checkpoint %(step)s approved.") % {"step": step.name}, self._outcome(cart)]),
                messages.SUCCESS)
        return redirect("admin:punchout_cart_change", cart_id)

    def reject_view(self, request, cart_id: int):
        cart = self._cart(request, cart_id)
        with self._refusal_told(request):
            cart_reject(cart=cart, actor=request.user, cart_url_for=self._link_for(request),
                        comment=request.POST.get("comment", ""))
            self.message_user(request, _("Cart %(cart)s rejected; the requisitioner is mailed "
                                         "your comment.") % {"cart": cart.pk}, messages.SUCCESS)
        return redirect("admin:punchout_cart_change", cart_id)

    def cancel_view(self, request, cart_id: int):
        cart = self._cart(request, cart_id)
        with self._refusal_told(request):
            cart_cancel(cart=cart, actor=request.user)
            self.message_user(request, _("Cart %(cart)s cancelled.") % {"cart": cart.pk},
                              messages.SUCCESS)
        return redirect("admin:punchout_cart_change", cart_id)

    def _outcome(self, cart: Cart) -> str:
        """Where the cart stands after a submission or an approval."""
        step = cart.approval_steps.filter(status=StepStatus.PENDING).first()
        if step is not None:
            return _("Cart %(cart)s awaits checkpoint %(step)s; its approvers are mailed.") % {
                "cart": cart.pk, "step": step.name}
        if cart.status == CartStatus.ORDERED:
            return _("Cart %(cart)s is approved and ordered: purchase order %(po)s.") % {
                "cart": cart.pk, "po": cart.order.number}
        return _("Cart %(cart)s is %(status)s.") % {"cart": cart.pk,
                                                     "status": cart.get_status_display()}
