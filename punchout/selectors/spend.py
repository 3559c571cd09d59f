"""Where the money goes: the spend dashboard's figures, read set-based.

Each figure is one or two grouped queries whatever the number of orders, and every amount is
grouped per currency: USD and EUR are never added together.

Spend is what was ordered less what the supplier rejected, at the ordered unit price, on orders
that are not FAILED (never reached the supplier) or REJECTED (refused outright). Test-mode
orders are not real spend: they are left out unless the filter includes them.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Count,
    DateField,
    DecimalField,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Substr, TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from punchout.models import (
    Cart,
    Department,
    DepartmentBudget,
    DeploymentMode,
    OrderStatus,
    ProcurementOrder,
    ProcurementOrderLine,
    ProcurementSettings,
    SupplierInvoice,
)
from punchout.selectors.cycle_times import NO_DEPARTMENT, CycleFigure, cycle_times
from punchout.unspsc import (
    unspsc_family,
    unspsc_family_title,
    unspsc_segment,
    unspsc_segment_title,
)

NOT_SPEND = (OrderStatus.FAILED, OrderStatus.REJECTED)
CLOSED = (OrderStatus.INVOICED, OrderStatus.REJECTED, OrderStatus.FAILED)
# Orders the supplier has answered: only these say anything about its rejections and backorders.
ANSWERED = (OrderStatus.CONFIRMED, OrderStatus.PARTLY_CONFIRMED, OrderStatus.REJECTED,
            OrderStatus.SHIPPED, OrderStatus.PARTLY_SHIPPED, OrderStatus.INVOICED)
TOP_SUPPLIERS = 5
CENT = Decimal("0.01")
OTHER_SUPPLIERS = _("Other suppliers")


def _line_spend(prefix: str = "") -> ExpressionWrapper:
    """(ordered − rejected) × unit price: one order line's spend, reached through `prefix`
    ("lines__" from an order)."""
    return ExpressionWrapper(
        (F(f"{prefix}quantity") - F(f"{prefix}rejected_quantity")) * F(f"{prefix}unit_price"),
        output_field=DecimalField(max_digits=28, decimal_places=4))


@dataclass(frozen=True)
class SpendFilter:
    """What the dashboard looks at. Dates are on the order date, both ends included."""

    date_from: date | None = None
    date_to: date | None = None
    supplier_id: int | None = None
    department_id: int | None = None
    include_test: bool = False

    @property
    def budget_year(self) -> int:
        """The year budgets are compared in: the period's (last) year, else this year."""
        day = self.date_to or self.date_from or timezone.localdate()
        return day.year


@dataclass(frozen=True)
class Money:
    currency: str
    amount: Decimal


@dataclass(frozen=True)
class SpendRow:
    """One bar of a figure: `key` is the code (supplier, UNSPSC, department, YYYY-MM)."""

    key: str
    label: str
    currency: str
    amount: Decimal


@dataclass(frozen=True)
class SupplierSpend:
    supplier_id: int
    supplier: str
    currency: str
    spend: Decimal
    invoiced: Decimal
    orders: int


@dataclass(frozen=True)
class SupplierShare:
    supplier: str
    currency: str
    amount: Decimal
    percent: Decimal


@dataclass(frozen=True)
class SupplierFulfilment:
    """How a supplier answered our order lines (counted in lines: units of measure differ)."""

    supplier_id: int
    supplier: str
    lines: int
    rejected_lines: int
    backordered_lines: int

    @property
    def rejection_rate(self) -> Decimal:
        return _percent(self.rejected_lines, self.lines)

    @property
    def backorder_rate(self) -> Decimal:
        return _percent(self.backordered_lines, self.lines)


@dataclass(frozen=True)
class CategorySpend:
    segments: list[SpendRow]
    families: list[SpendRow]


@dataclass(frozen=True)
class OpenValue:
    currency: str
    orders: int
    amount: Decimal


@dataclass(frozen=True)
class OldestOrder:
    order_id: int
    number: str
    supplier: str
    order_date: datetime


@dataclass(frozen=True)
class OpenOrders:
    count: int
    by_currency: list[OpenValue]
    oldest: OldestOrder | None


@dataclass(frozen=True)
class BudgetRow:
    """A department's budget for the year against its spend in the budget's currency; spend in
    other currencies is listed apart, never converted."""

    department: str
    currency: str
    budget: Decimal | None
    actual: Decimal
    other_currencies: tuple[Money, ...] = ()

    @property
    def used_percent(self) -> Decimal | None:
        return _percent(self.actual, self.budget) if self.budget else None

    @property
    def over_budget(self) -> bool:
        return self.budget is not None and self.actual > self.budget


@dataclass(frozen=True)
class SpendFigures:
    spend_filter: SpendFilter
    totals: list[Money]
    invoiced: list[Money]
    by_supplier: list[SupplierSpend]
    shares: list[SupplierShare]
    fulfilment: list[SupplierFulfilment]
    categories: CategorySpend
    by_department: list[SpendRow]
    by_month: list[SpendRow]
    approval: CycleFigure
    requisition_to_order: CycleFigure
    open_orders: OpenOrders
    budget_year: int
    budgets: list[BudgetRow]


def spend_figures(spend_filter: SpendFilter) -> SpendFigures:
    """Every figure of the dashboard, in a fixed number of queries."""
    by_supplier = spend_by_supplier(spend_filter)
    return SpendFigures(
        spend_filter=spend_filter,
        totals=_totals((row.currency, row.spend) for row in by_supplier),
        invoiced=_totals((row.currency, row.invoiced) for row in by_supplier),
        by_supplier=by_supplier,
        shares=supplier_shares(by_supplier),
        fulfilment=supplier_fulfilment(spend_filter),
        categories=spend_by_category(spend_filter),
        by_department=spend_by_department(spend_filter),
        by_month=spend_by_month(spend_filter),
        approval=approval_cycle_times(spend_filter),
        requisition_to_order=requisition_to_order_times(spend_filter),
        open_orders=open_orders(spend_filter),
        budget_year=spend_filter.budget_year,
        budgets=budget_against_actual(spend_filter),
    )


def orders_q(spend_filter: SpendFilter, *, order: str = "",
             department: str | None = None) -> Q:
    """The filter on orders reached through the lookup path `order` ("order__" from a line);
    `department` is the path to the department when it is shorter than through the cart."""
    department = department or f"{order}cart__department"
    q = Q()
    if spend_filter.date_from:
        q &= Q(**{f"{order}order_date__gte": _day_start(spend_filter.date_from)})
    if spend_filter.date_to:
        q &= Q(**{f"{order}order_date__lt":
                  _day_start(spend_filter.date_to + timedelta(days=1))})
    if spend_filter.supplier_id:
        q &= Q(**{f"{order}supplier_id": spend_filter.supplier_id})
    if spend_filter.department_id:
        q &= Q(**{f"{department}_id": spend_filter.department_id})
    if not spend_filter.include_test:
        q &= Q(**{f"{order}deployment_mode": DeploymentMode.ACTIVE})
    return q


def spend_lines(spend_filter: SpendFilter) -> QuerySet[ProcurementOrderLine]:
    """The order lines that count as spend under the filter, each annotated with `spend`."""
    return (ProcurementOrderLine.objects
            .filter(orders_q(spend_filter, order="order__"))
            .exclude(order__status__in=NOT_SPEND)
            .annotate(spend=_line_spend()))


def spend_by_supplier(spend_filter: SpendFilter) -> list[SupplierSpend]:
    """Spend and invoiced amounts per supplier and currency, largest spend first."""
    spent = (spend_lines(spend_filter)
             .values("order__supplier_id", "order__supplier__name", "order__currency")
             .annotate(amount=Sum("spend"), orders=Count("order_id", distinct=True)))
    invoiced = (SupplierInvoice.objects.filter(orders_q(spend_filter, order="order__"))
                .values("order__supplier_id", "order__supplier__name", "currency")
                .annotate(amount=Sum("total")))
    rows: dict[tuple[int, str], dict] = {}
    for row in spent:
        key = (row["order__supplier_id"], row["order__currency"])
        rows[key] = {"name": row["order__supplier__name"], "spend": row["amount"],
                     "orders": row["orders"], "invoiced": Decimal(0)}
    for row in invoiced:
        key = (row["order__supplier_id"], row["currency"])
        entry = rows.setdefault(key, {"name": row["order__supplier__name"],
                                      "spend": Decimal(0), "orders": 0})
        entry["invoiced"] = row["amount"]
    result = [SupplierSpend(supplier_id=supplier_id, supplier=entry["name"], currency=currency,
                            spend=cents(entry["spend"]), invoiced=cents(entry["invoiced"]),
                            orders=entry["orders"])
              for (supplier_id, currency), entry in rows.items()]
    return sorted(result, key=lambda row: (row.currency, -row.spend, row.supplier))


def supplier_shares(rows: list[SupplierSpend], *, top: int = TOP_SUPPLIERS
                    ) -> list[SupplierShare]:
    """Per currency, the `top` suppliers' share of spend and one row for all the others."""
    shares = []
    for currency, group in _grouped(rows, key=lambda row: row.currency).items():
        group = [row for row in group if row.spend]
        total = sum((row.spend for row in group), Decimal(0))
        leaders = sorted(group, key=lambda row: -row.spend)[:top]
        shares += [SupplierShare(row.supplier, currency, row.spend, _percent(row.spend, total))
                   for row in leaders]
        rest = total - sum((row.spend for row in leaders), Decimal(0))
        if rest:
            shares.append(SupplierShare(str(OTHER_SUPPLIERS), currency, rest,
                                        _percent(rest, total)))
    return shares


def supplier_fulfilment(spend_filter: SpendFilter) -> list[SupplierFulfilment]:
    """Rejected and backordered lines per supplier, of orders the supplier has answered. A line
    of an order rejected outright counts as rejected."""
    rejected = Q(rejected_quantity__gt=0) | Q(order__status=OrderStatus.REJECTED)
    rows = (ProcurementOrderLine.objects
            .filter(orders_q(spend_filter, order="order__"), order__status__in=ANSWERED)
            .values("order__supplier_id", "order__supplier__name")
            .annotate(lines=Count("id"), rejected=Count("id", filter=rejected),
                      backordered=Count("id", filter=Q(backordered_quantity__gt=0)))
            .order_by("order__supplier__name"))
    return [SupplierFulfilment(supplier_id=row["order__supplier_id"],
                               supplier=row["order__supplier__name"], lines=row["lines"],
                               rejected_lines=row["rejected"],
                               backordered_lines=row["backordered"])
            for row in rows]


def spend_by_category(spend_filter: SpendFilter) -> CategorySpend:
    """Spend per UNSPSC segment and family: one query by family, rolled up into segments."""
    rows = (spend_lines(spend_filter)
            .values(family=Substr("unspsc", 1, 4), currency=F("order__currency"))
            .annotate(amount=Sum("spend")))
    segments: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    families: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for row in rows:
        family = row["family"].strip()
        segments[(unspsc_segment(family), row["currency"])] += row["amount"]
        families[(unspsc_family(family), row["currency"])] += row["amount"]
    return CategorySpend(
        segments=_rows(segments, label=unspsc_segment_title),
        families=_rows(families, label=unspsc_family_title))


def spend_by_department(spend_filter: SpendFilter) -> list[SpendRow]:
    rows = (spend_lines(spend_filter)
            .values("order__cart__department__code", "order__cart__department__name",
                    "order__currency")
            .annotate(amount=Sum("spend")))
    return sorted((SpendRow(key=row["order__cart__department__code"] or "",
                            label=row["order__cart__department__name"] or str(NO_DEPARTMENT),
                            currency=row["order__currency"], amount=cents(row["amount"]))
                   for row in rows),
                  key=lambda row: (row.currency, -row.amount, row.label))


def spend_by_month(spend_filter: SpendFilter) -> list[SpendRow]:
    """Spend per calendar month (in the current time zone) and currency, oldest first; months
    without spend between a currency's first and last month are there with 0."""
    rows = (spend_lines(spend_filter)
            .values(month=TruncMonth("order__order_date", output_field=DateField()),
                    currency=F("order__currency"))
            .annotate(amount=Sum("spend")))
    amounts = {(row["month"], row["currency"]): cents(row["amount"]) for row in rows}
    result = []
    for currency in sorted({currency for _month, currency in amounts}):
        months = [month for month, row_currency in amounts if row_currency == currency]
        for month in _months(min(months), max(months)):
            result.append(SpendRow(key=f"{month:%Y-%m}",
                                   label=date_format(month, "YEAR_MONTH_FORMAT"),
                                   currency=currency,
                                   amount=amounts.get((month, currency), Decimal("0.00"))))
    return result


def approval_cycle_times(spend_filter: SpendFilter) -> CycleFigure:
    """Submitted → approved, over the carts that became orders under the filter."""
    carts = Cart.objects.filter(orders_q(spend_filter, order="order__", department="department"))
    return cycle_times(carts, start="submitted_at", end="approved_at", department="department")


def requisition_to_order_times(spend_filter: SpendFilter) -> CycleFigure:
    """Cart created (the requisition) → purchase order created."""
    orders = ProcurementOrder.objects.filter(orders_q(spend_filter))
    return cycle_times(orders, start="cart__created_at", end="created_at",
                       department="cart__department")


def open_orders(spend_filter: SpendFilter) -> OpenOrders:
    """Orders still waiting for the supplier or its invoice: count and value per currency, and
    the oldest (each currency's oldest found by subqueries, to stay one query)."""
    orders = ProcurementOrder.objects.filter(orders_q(spend_filter)).exclude(status__in=CLOSED)
    first = orders.filter(currency=OuterRef("currency")).order_by("order_date", "id")
    rows = (orders.values("currency")
            .annotate(count=Count("id", distinct=True),
                      value=Coalesce(Sum(_line_spend("lines__")), Value(Decimal(0))),
                      oldest_date=Min("order_date"),
                      oldest_id=Subquery(first.values("id")[:1]),
                      oldest_number=Subquery(first.values("number")[:1]),
                      oldest_supplier=Subquery(first.values("supplier__name")[:1]))
            .order_by("currency"))
    rows = list(rows)
    oldest = min(rows, key=lambda row: (row["oldest_date"], row["oldest_id"]), default=None)
    return OpenOrders(
        count=sum(row["count"] for row in rows),
        by_currency=[OpenValue(row["currency"], row["count"], cents(row["value"]))
                     for row in rows],
        oldest=oldest and OldestOrder(order_id=oldest["oldest_id"],
                                      number=oldest["oldest_number"],
                                      supplier=oldest["oldest_supplier"],
                                      order_date=oldest["oldest_date"]))


def budget_against_actual(spend_filter: SpendFilter) -> list[BudgetRow]:
    """Each department's budget for the filter's year against its spend that whole year, from
    every supplier (a budget spans suppliers); the department and mode filters apply.

    Spend counts against the budget in the budget currency of the procurement settings.
    """
    year = spend_filter.budget_year
    departments = Department.objects.annotate(
        budget=Subquery(DepartmentBudget.objects.filter(department=OuterRef("pk"), year=year)
                        .values("amount")[:1]),
        currency=Subquery(ProcurementSettings.objects.filter(pk=1).values("currency")[:1]))
    if spend_filter.department_id:
        departments = departments.filter(pk=spend_filter.department_id)
    departments = list(departments.values("code", "name", "budget", "currency"))
    if not departments:
        return []
    currency = departments[0]["currency"] or ProcurementSettings._meta.get_field(
        "currency").get_default()
    whole_year = replace(spend_filter, date_from=date(year, 1, 1), date_to=date(year, 12, 31),
                         supplier_id=None)
    actual: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for row in spend_by_department(whole_year):
        actual[row.key][row.currency] = row.amount
    departments.append({"code": "", "name": str(NO_DEPARTMENT), "budget": None})
    return [BudgetRow(department=department["name"], currency=currency,
                      budget=department["budget"],
                      actual=actual[department["code"]].get(currency, Decimal("0.00")),
                      other_currencies=tuple(
                          Money(other, amount)
                          for other, amount in sorted(actual[department["code"]].items())
                          if other != currency))
            for department in departments
            if department["budget"] is not None or department["code"] in actual]


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _months(first: date, last: date) -> Iterator[date]:
    month = first
    while month <= last:
        yield month
        month = (month + timedelta(days=32)).replace(day=1)


def _rows(amounts: dict[tuple[str, str], Decimal], *, label) -> list[SpendRow]:
    rows = [SpendRow(key=key, label=label(key), currency=currency, amount=cents(amount))
            for (key, currency), amount in amounts.items()]
    # Uncategorised after the categories it ties with.
    return sorted(rows, key=lambda row: (row.currency, -row.amount, not row.key, row.key))


def _totals(amounts: Iterable[tuple[str, Decimal]]) -> list[Money]:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for currency, amount in amounts:
        totals[currency] += amount
    return [Money(currency, totals[currency]) for currency in sorted(totals)]


def _grouped(rows: Iterable, *, key) -> dict:
    groups: dict = defaultdict(list)
    for row in rows:
        groups[key(row)].append(row)
    return groups


def cents(value: Decimal | float | None) -> Decimal:
    """An amount read from the database, in cents."""
    # SQLite sums decimals as floats: round them back to cents.
    return Decimal(str(value or 0)).quantize(CENT, rounding=ROUND_HALF_UP)


def _percent(part: Decimal | int, whole: Decimal | int | None) -> Decimal:
    if not whole:
        return Decimal("0.0")
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"),
                                                           rounding=ROUND_HALF_UP)
