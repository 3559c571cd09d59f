"""The admin's SKU tools: Get SKU Data, and CSV import and export. They call selectors and
services; SkuAdmin.get_urls() wires them in behind admin_site.admin_view."""

import io
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.admin import ModelAdmin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from skurules.decisions import available_eaches, money_text
from skurules.forms import RuleForm, SkuImportForm, SkuLookupForm
from skurules.models import Sku
from skurules.selectors import (
    sku_find,
    sku_open_demand_eaches,
    sku_recent_decisions,
    stock_facts_from,
)
from skurules.services import SkuImportRejected, rule_update, skus_export_csv, skus_import_csv

CHANGE_RULE = "skurules.change_autoconfirmrule"
IMPORT_PERMISSIONS = ("skurules.add_sku", "skurules.change_sku", "skurules.add_autoconfirmrule",
                      CHANGE_RULE)
ERRORS_SHOWN = 200


def get_sku_data(model_admin: ModelAdmin, request: HttpRequest) -> HttpResponse:
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    if request.method == "POST":
        return _rule_save(model_admin, request)
    lookup = SkuLookupForm(request.GET or None)
    if not lookup.is_valid():
        return _render(model_admin, request, lookup=lookup)
    sku = sku_find(lookup.cleaned_data["q"])
    if sku is None:
        return _render(model_admin, request, lookup=lookup, not_found=lookup.cleaned_data["q"])
    return _render(model_admin, request, lookup=lookup, sku=sku, rule_form=_rule_form_for(sku))


def _rule_form_for(sku: Sku) -> RuleForm:
    rule = getattr(sku, "rule", None)
    if rule is None:
        # No minimum cost is suggested: saving must not enable auto-confirm at any price.
        return RuleForm(initial={"min_inventory": 0, "enabled": True})
    return RuleForm(initial={"min_cost": money_text(rule.min_cost),
                             "min_inventory": rule.min_inventory, "enabled": rule.enabled})


def _rule_save(model_admin: ModelAdmin, request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm(CHANGE_RULE):
        raise PermissionDenied
    sku_id = request.POST.get("sku", "")
    sku = get_object_or_404(Sku.objects.select_related("rule__updated_by"),
                            pk=sku_id if sku_id.isdigit() else None)
    form = RuleForm(request.POST)
    if not form.is_valid():
        lookup = SkuLookupForm({"q": sku.sku})
        return _render(model_admin, request, lookup=lookup, sku=sku, rule_form=form)
    rule = rule_update(sku=sku, actor=request.user, **form.cleaned_data)
    messages.success(request, _(
        "Saved the auto-confirm rule of SKU %(sku)s: minimum cost %(cost)s, minimum inventory "
        "%(inventory)d, auto-confirm %(state)s.") % {
            "sku": sku.sku, "cost": money_text(rule.min_cost), "inventory": rule.min_inventory,
            "state": _("enabled") if rule.enabled else _("disabled")})
    return HttpResponseRedirect(
        f"{reverse('admin:skurules_sku_get_data')}?{urlencode({'q': sku.sku})}")


def _render(model_admin: ModelAdmin, request: HttpRequest, *, lookup: SkuLookupForm,
            sku: Sku | None = None, rule_form: RuleForm | None = None,
            not_found: str = "") -> TemplateResponse:
    context = {**model_admin.admin_site.each_context(request), "opts": Sku._meta,
               "title": _("Get SKU Data"), "lookup": lookup, "not_found": not_found,
               "can_change_rule": request.user.has_perm(CHANGE_RULE)}
    if sku is not None:
        stock = stock_facts_from(sku)
        rule = getattr(sku, "rule", None)
        context |= {"sku": sku, "rule": rule, "rule_form": rule_form,
                    "min_cost": money_text(rule.min_cost) if rule else "",
                    "available": available_eaches(stock),
                    "open_demand": sku_open_demand_eaches(sku),
                    "decisions": sku_recent_decisions(sku)}
    return TemplateResponse(request, "admin/skurules/sku/get_sku_data.html", context)


def import_csv(model_admin: ModelAdmin, request: HttpRequest) -> HttpResponse:
    if not request.user.has_perms(IMPORT_PERMISSIONS):
        raise PermissionDenied
    form = SkuImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        text = io.TextIOWrapper(form.cleaned_data["file"].file, encoding="utf-8-sig",
                                newline="")
        try:
            result = skus_import_csv(file=text, actor=request.user)
        except SkuImportRejected as rejected:
            errors = rejected.messages
        else:
            messages.success(request, result.summary())
            return HttpResponseRedirect(reverse("admin:skurules_sku_changelist"))
    context = {**model_admin.admin_site.each_context(request), "opts": Sku._meta,
               "title": _("Import SKUs from CSV"), "form": form,
               "errors": errors[:ERRORS_SHOWN], "errors_hidden": max(0, len(errors) - ERRORS_SHOWN),
               "error_count": len(errors)}
    return TemplateResponse(request, "admin/skurules/sku/import_csv.html", context)


def export_csv(model_admin: ModelAdmin, request: HttpRequest) -> HttpResponse:
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    return skus_csv_response(Sku.objects.all())


def skus_csv_response(queryset) -> HttpResponse:
    name = f"skus-{timezone.localdate():%Y-%m-%d}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8",
                            headers={"Content-Disposition": f'attachment; filename="{name}"'})
    skus_export_csv(response, queryset)
    return response
