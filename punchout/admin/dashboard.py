"""The spend dashboard: figures with server-side SVG charts (no scripts, no external assets)
and a CSV of the order lines behind them."""

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from punchout.models import Department, SpendDashboard, Supplier
from punchout.selectors.spend import BudgetRow, SpendFigures, SpendFilter, spend_figures
from punchout.selectors.spend_export import spend_csv_rows

CHART_WIDTH = 760
LABEL_WIDTH = 300
VALUE_WIDTH = 120
ROW_HEIGHT = 24
COLUMN_AREA = 180
LABEL_CHARS = 40


class SpendFilterForm(forms.Form):
    date_from = forms.DateField(label=gettext_lazy("Ordered from"), required=False,
                                widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    date_to = forms.DateField(label=gettext_lazy("until"), required=False,
                              widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    supplier = forms.ModelChoiceField(Supplier.objects.order_by("name"), required=False,
                                      label=gettext_lazy("Supplier"),
                                      empty_label=gettext_lazy("All suppliers"))
    department = forms.ModelChoiceField(Department.objects.order_by("name"), required=False,
                                        label=gettext_lazy("Department"),
                                        empty_label=gettext_lazy("All departments"))
    include_test = forms.BooleanField(label=gettext_lazy("Include Test-mode orders"),
                                      required=False)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise ValidationError(_("The start date is after the end date: swap them or clear "
                                    "one of them."))
        return data

    def spend_filter(self) -> SpendFilter:
        """The filter the form asks for; everything (Active orders only) when it is invalid."""
        if not self.is_bound or not self.is_valid():
            return SpendFilter()
        data = self.cleaned_data
        return SpendFilter(date_from=data["date_from"], date_to=data["date_to"],
                           supplier_id=data["supplier"].pk if data["supplier"] else None,
                           department_id=data["department"].pk if data["department"] else None,
                           include_test=data["include_test"])


@dataclass(frozen=True)
class Rect:
    x: int
    y: int
    width: int
    height: int
    css: str
    title: str


@dataclass(frozen=True)
class Label:
    x: int
    y: int
    text: str
    anchor: str = "start"
    css: str = ""


@dataclass(frozen=True)
class Chart:
    """An SVG drawing in whole pixels (whole numbers: no locale may put a comma in them)."""

    title: str
    width: int
    height: int
    rects: list[Rect]
    labels: list[Label]


def bar_chart(title: str, items: list[tuple[str, Decimal]]) -> Chart:
    """Horizontal bars: a label, a bar scaled to the largest amount, the amount."""
    plot = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    largest = max((amount for _label, amount in items), default=0) or 1
    rects, labels = [], []
    for row, (label, amount) in enumerate(items):
        y = row * ROW_HEIGHT
        length = max(1, round(plot * amount / largest)) if amount else 0
        text = f"{label}: {_amount(amount)}"
        rects.append(Rect(LABEL_WIDTH, y + 4, length, ROW_HEIGHT - 8, "bar", text))
        labels.append(Label(LABEL_WIDTH - 8, y + 16, _short(label), "end"))
        labels.append(Label(LABEL_WIDTH + length + 6, y + 16, _amount(amount)))
    return Chart(title, CHART_WIDTH, max(1, len(items)) * ROW_HEIGHT, rects, labels)


def column_chart(title: str, items: list[tuple[str, Decimal]]) -> Chart:
    """Columns left to right (months), labelled underneath."""
    step = max(24, min(72, CHART_WIDTH // max(1, len(items))))
    largest = max((amount for _label, amount in items), default=0) or 1
    rects, labels = [], []
    for column, (label, amount) in enumerate(items):
        height = max(1, round(COLUMN_AREA * amount / largest)) if amount else 0
        x = column * step
        rects.append(Rect(x + 4, 16 + COLUMN_AREA - height, step - 8, height, "bar",
                          f"{label}: {_amount(amount)}"))
        labels.append(Label(x + step // 2, COLUMN_AREA + 32, label, "middle", "axis"))
    return Chart(title, max(CHART_WIDTH, step * len(items)), COLUMN_AREA + 40, rects, labels)


def budget_chart(title: str, rows: list[BudgetRow]) -> Chart:
    """Per department a budget bar over an actual bar, on one scale; overspend shows red."""
    plot = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    largest = max((max(row.budget or 0, row.actual) for row in rows), default=0) or 1
    rects, labels = [], []
    pair = ROW_HEIGHT * 2
    for row_number, row in enumerate(rows):
        y = row_number * pair
        labels.append(Label(LABEL_WIDTH - 8, y + 26, _short(row.department), "end"))
        budget = (_("budget %(amount)s") % {"amount": _amount(row.budget)}
                  if row.budget is not None else _("no budget"))
        actual = _("actual %(amount)s") % {"amount": _amount(row.actual)}
        for offset, amount, css, text in (
                (4, row.budget or Decimal(0), "budget", budget),
                (24, row.actual, "actual over" if row.over_budget else "actual", actual)):
            length = max(1, round(plot * amount / largest)) if amount else 0
            rects.append(Rect(LABEL_WIDTH, y + offset, length, 16, css,
                              f"{row.department}: {text}"))
            labels.append(Label(LABEL_WIDTH + length + 6, y + offset + 13, text))
    return Chart(title, CHART_WIDTH, max(1, len(rows)) * pair, rects, labels)


def per_currency(build, title: str, rows: Iterable[tuple[str, str, Decimal]]) -> list[Chart]:
    """One chart per currency from (currency, label, amount) rows."""
    groups: dict[str, list[tuple[str, Decimal]]] = {}
    for currency, label, amount in rows:
        groups.setdefault(currency, []).append((label, amount))
    return [build(f"{title} ({currency})", items) for currency, items in sorted(groups.items())]


def dashboard_charts(figures: SpendFigures) -> dict[str, list[Chart]]:
    categories = figures.categories
    return {
        "supplier": per_currency(bar_chart, _("Spend by supplier"),
                                 ((r.currency, r.supplier, r.spend)
                                  for r in figures.by_supplier if r.spend)),
        "segment": per_currency(bar_chart, _("Spend by category"),
                                ((r.currency, r.label, r.amount) for r in categories.segments)),
        "department": per_currency(bar_chart, _("Spend by department"),
                                   ((r.currency, r.label, r.amount)
                                    for r in figures.by_department)),
        "month": per_currency(column_chart, _("Spend by month"),
                              ((r.currency, f"{r.key[5:]}/{r.key[2:4]}", r.amount)
                               for r in figures.by_month)),
        "budget": [budget_chart(_("Budget against actual %(year)s (%(currency)s)") % {
            "year": figures.budget_year, "currency": figures.budgets[0].currency},
            figures.budgets)] if figures.budgets else [],
    }


def _amount(amount: Decimal) -> str:
    return number_format(amount, 2, force_grouping=True)


def _short(label: str) -> str:
    return Truncator(label).chars(LABEL_CHARS)


class Echo:
    """A file-like object csv.writer writes into, handing each row back for streaming."""

    def write(self, value: str) -> str:
        return value


def csv_chunks(rows: Iterator[list[str]]) -> Iterator[str]:
    # The byte-order mark makes Excel read the file as UTF-8 (supplier names have accents).
    yield "\ufeff"
    writer = csv.writer(Echo())
    for row in rows:
        yield writer.writerow(row)


@admin.register(SpendDashboard)
class SpendDashboardAdmin(admin.ModelAdmin):
    """The dashboard is the changelist page; there is nothing to add, change or delete."""

    def has_view_permission(self, request, obj=None) -> bool:
        return obj is None and request.user.has_perm("punchout.view_spend")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_urls(self):
        return [path("csv/", self.admin_site.admin_view(self.csv_view),
                     name="punchout_spenddashboard_csv")] + super().get_urls()

    def changelist_view(self, request, extra_context=None) -> TemplateResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = SpendFilterForm(request.GET or None)
        figures = spend_figures(form.spend_filter())
        context = {
            **self.admin_site.each_context(request),
            "title": _("Spend dashboard"), "opts": self.model._meta, "form": form,
            "figures": figures, "charts": dashboard_charts(figures),
            "query": request.GET.urlencode(),
        }
        return TemplateResponse(request, "admin/punchout/spenddashboard/dashboard.html",
                                context)

    def csv_view(self, request) -> StreamingHttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        spend_filter = SpendFilterForm(request.GET or None).spend_filter()
        name = f"spend-lines-{timezone.localdate():%Y-%m-%d}.csv"
        return StreamingHttpResponse(
            csv_chunks(spend_csv_rows(spend_filter)), content_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}"'})
