from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from punchout.models import Cart, DeploymentMode, OrderStatus, ProcurementOrder
from punchout.selectors.spend import (
    Money,
    SpendFilter,
    approval_cycle_times,
    budget_against_actual,
    open_orders,
    requisition_to_order_times,
    spend_by_category,
    spend_by_department,
    spend_by_month,
    spend_by_supplier,
    spend_figures,
    supplier_fulfilment,
    supplier_shares,
)
from tests.factories import SupplierFactory
from tests.punchout.dashboard.conftest import at
from tests.punchout.dashboard.factories import (
    DepartmentBudgetFactory,
    DepartmentFactory,
    SupplierInvoiceFactory,
    order_with_lines,
)

pytestmark = pytest.mark.django_db
EVERYTHING = SpendFilter()


def line(quantity="1", price="10.00", **fields) -> dict:
    return {"quantity": Decimal(quantity), "unit_price": Decimal(price), **fields}


def cycle_set(order: ProcurementOrder, *, submitted_hours_before_approval: float = 0,
              requisitioned_hours_before_order: float = 0) -> None:
    """Dates the cart's submission and creation back from its approval and its order."""
    approved = order.cart.approved_at
    Cart.objects.filter(pk=order.cart_id).update(
        submitted_at=approved - timedelta(hours=submitted_hours_before_approval),
        created_at=order.created_at - timedelta(hours=requisitioned_hours_before_order))


def totals(spend_filter: SpendFilter = EVERYTHING) -> list[Money]:
    return spend_figures(spend_filter).totals


def test_spend_is_the_ordered_less_the_rejected_quantity_at_the_unit_price():
    order_with_lines(line("10", "2.50", rejected_quantity=Decimal("3")), line("2", "19.99"))
    assert totals() == [Money("USD", Decimal("57.48"))]


@pytest.mark.parametrize("status", [OrderStatus.FAILED, OrderStatus.REJECTED])
def test_orders_that_failed_or_were_rejected_are_not_spend(status):
    order_with_lines(line("1", "100"), status=status)
    order_with_lines(line("1", "7"), status=OrderStatus.SHIPPED)
    assert totals() == [Money("USD", Decimal("7.00"))]


def test_test_mode_orders_are_left_out_unless_included():
    order_with_lines(line("1", "100"), deployment_mode=DeploymentMode.TEST)
    order_with_lines(line("1", "7"))
    assert totals() == [Money("USD", Decimal("7.00"))]
    assert totals(SpendFilter(include_test=True)) == [Money("USD", Decimal("107.00"))]


def test_currencies_are_never_added_together():
    acme = SupplierFactory(name="Acme")
    order_with_lines(line("1", "100"), cart__supplier=acme, currency="USD")
    order_with_lines(line("1", "80"), cart__supplier=acme, currency="EUR")
    assert totals() == [Money("EUR", Decimal("80.00")), Money("USD", Decimal("100.00"))]
    assert [(row.supplier, row.currency, row.spend) for row in spend_by_supplier(EVERYTHING)] \
        == [("Acme", "EUR", Decimal("80.00")), ("Acme", "USD", Decimal("100.00"))]


def test_spend_by_supplier_counts_orders_and_the_invoiced_amounts():
    acme, globex = SupplierFactory(name="Acme"), SupplierFactory(name="Globex")
    first = order_with_lines(line("2", "50"), cart__supplier=acme)
    order_with_lines(line("1", "30"), cart__supplier=acme)
    order_with_lines(line("1", "300"), cart__supplier=globex)
    SupplierInvoiceFactory(order=first, subtotal=Decimal("100.00"), tax=Decimal("8.00"))
    rows = [(row.supplier, row.orders, row.spend, row.invoiced)
            for row in spend_by_supplier(EVERYTHING)]
    assert rows == [("Globex", 1, Decimal("300.00"), Decimal("0.00")),
                    ("Acme", 2, Decimal("130.00"), Decimal("108.00"))]
    assert spend_figures(EVERYTHING).invoiced == [Money("USD", Decimal("108.00"))]


def test_shares_show_the_five_largest_suppliers_and_the_rest():
    for amount in ("10", "20", "30", "40", "50", "60", "90"):
        order_with_lines(line("1", amount), cart__supplier=SupplierFactory(name=f"S{amount}"))
    shares = supplier_shares(spend_by_supplier(EVERYTHING))
    assert [(share.supplier, share.amount, share.percent) for share in shares] == [
        ("S90", Decimal("90.00"), Decimal("30.0")), ("S60", Decimal("60.00"), Decimal("20.0")),
        ("S50", Decimal("50.00"), Decimal("16.7")), ("S40", Decimal("40.00"), Decimal("13.3")),
        ("S30", Decimal("30.00"), Decimal("10.0")),
        ("Other suppliers", Decimal("30.00"), Decimal("10.0"))]


def test_categories_are_unspsc_segments_and_families_with_their_titles():
    order_with_lines(line("1", "40", unspsc="43211902"), line("1", "10", unspsc="43222610"),
                     line("1", "5", unspsc="14111507"), line("1", "3", unspsc=""),
                     line("1", "2", unspsc="ean1234"), line("1", "1", unspsc="99123456"))
    categories = spend_by_category(EVERYTHING)
    assert [(row.key, row.label, row.amount) for row in categories.segments] == [
        ("43", "Information Technology Broadcasting and Telecommunications", Decimal("50.00")),
        ("14", "Paper Materials and Products", Decimal("5.00")),
        ("", "Uncategorised", Decimal("5.00")),
        ("99", "Segment 99", Decimal("1.00"))]
    assert [(row.key, row.label, row.amount) for row in categories.families] == [
        ("4321", "Computer Equipment and Accessories", Decimal("40.00")),
        ("4322", "Data Voice or Multimedia Network Equipment or Platforms and Accessories",
         Decimal("10.00")),
        ("1411", "Paper products", Decimal("5.00")),
        ("", "Uncategorised", Decimal("5.00")),
        ("9912", "Family 9912 (Segment 99)", Decimal("1.00"))]


def test_spend_by_department_includes_orders_without_one():
    ops = DepartmentFactory(code="ops", name="Operations")
    order_with_lines(line("1", "40"), cart__department=ops)
    order_with_lines(line("1", "15"))
    assert [(row.key, row.label, row.amount) for row in spend_by_department(EVERYTHING)] == [
        ("ops", "Operations", Decimal("40.00")), ("", "No department", Decimal("15.00"))]


def test_spend_by_month_fills_the_months_without_spend():
    order_with_lines(line("1", "10"), order_date=at(2025, 1, 31))
    order_with_lines(line("1", "20"), order_date=at(2025, 1, 2))
    order_with_lines(line("1", "5"), order_date=at(2025, 4, 1))
    assert [(row.key, row.amount) for row in spend_by_month(EVERYTHING)] == [
        ("2025-01", Decimal("30.00")), ("2025-02", Decimal("0.00")),
        ("2025-03", Decimal("0.00")), ("2025-04", Decimal("5.00"))]


def test_the_date_range_includes_both_days_and_the_filters_combine():
    acme, ops = SupplierFactory(), DepartmentFactory()
    wanted = {"cart__supplier": acme, "cart__department": ops}
    order_with_lines(line("1", "1"), order_date=at(2025, 2, 28, 23), **wanted)
    order_with_lines(line("1", "2"), order_date=at(2025, 2, 1, 0), **wanted)
    order_with_lines(line("1", "4"), order_date=at(2025, 3, 1, 0), **wanted)
    order_with_lines(line("1", "8"), order_date=at(2025, 2, 10), cart__supplier=acme)
    order_with_lines(line("1", "16"), order_date=at(2025, 2, 10), cart__department=ops)
    february = SpendFilter(date_from=date(2025, 2, 1), date_to=date(2025, 2, 28),
                           supplier_id=acme.pk, department_id=ops.pk)
    assert totals(february) == [Money("USD", Decimal("3.00"))]


def test_approval_cycle_time_is_submitted_to_approved_with_average_and_median():
    ops, it = DepartmentFactory(name="Operations"), DepartmentFactory(name="IT")
    for hours, department in ((1, ops), (2, ops), (3, ops), (10, ops), (6, it)):
        cycle_set(order_with_lines(cart__department=department),
                  submitted_hours_before_approval=hours)
    figure = approval_cycle_times(EVERYTHING)
    assert (figure.overall.count, figure.overall.average_hours, figure.overall.median_hours) \
        == (5, Decimal("4.4"), Decimal("3.0"))
    assert [(row.department, row.times.count, row.times.average_hours, row.times.median_hours)
            for row in figure.by_department] == [
        ("IT", 1, Decimal("6.0"), Decimal("6.0")),
        ("Operations", 4, Decimal("4.0"), Decimal("2.5"))]


def test_requisition_to_order_time_runs_from_the_cart_to_the_purchase_order():
    for hours in (2, 4, 12):
        cycle_set(order_with_lines(), requisitioned_hours_before_order=hours)
    cycle_set(order_with_lines(deployment_mode=DeploymentMode.TEST),
              requisitioned_hours_before_order=100)
    overall = requisition_to_order_times(EVERYTHING).overall
    assert (overall.count, overall.average_hours, overall.median_hours) == (
        3, Decimal("6.0"), Decimal("4.0"))


def test_open_orders_are_those_not_invoiced_rejected_or_failed():
    oldest = order_with_lines(line("2", "10"), status=OrderStatus.SENT,
                              order_date=at(2025, 1, 5))
    order_with_lines(line("1", "5", rejected_quantity=Decimal("1")), line("1", "7"),
                     status=OrderStatus.PARTLY_CONFIRMED, order_date=at(2025, 2, 5))
    order_with_lines(line("1", "9"), status=OrderStatus.SENT, currency="EUR",
                     order_date=at(2025, 3, 5))
    for closed in (OrderStatus.INVOICED, OrderStatus.REJECTED, OrderStatus.FAILED):
        order_with_lines(status=closed, order_date=at(2024, 1, 1))
    found = open_orders(EVERYTHING)
    assert found.count == 3
    assert [(value.currency, value.orders, value.amount) for value in found.by_currency] == [
        ("EUR", 1, Decimal("9.00")), ("USD", 2, Decimal("27.00"))]
    assert (found.oldest.order_id, found.oldest.number) == (oldest.pk, oldest.number)


def test_budget_against_actual_is_the_whole_year_in_the_budget_currency():
    ops, it = DepartmentFactory(name="Operations"), DepartmentFactory(name="IT")
    DepartmentBudgetFactory(department=ops, year=2025, amount=Decimal("100.00"))
    DepartmentBudgetFactory(department=ops, year=2024, amount=Decimal("999.00"))
    DepartmentBudgetFactory(department=it, year=2025, amount=Decimal("500.00"))
    order_with_lines(line("1", "60"), cart__department=ops, order_date=at(2025, 1, 10))
    order_with_lines(line("1", "70"), cart__department=ops, order_date=at(2025, 11, 10))
    order_with_lines(line("1", "40"), cart__department=ops, currency="EUR",
                     order_date=at(2025, 6, 1))
    order_with_lines(line("1", "1000"), cart__department=ops, order_date=at(2024, 6, 1))
    march = SpendFilter(date_from=date(2025, 3, 1), date_to=date(2025, 3, 31),
                        supplier_id=SupplierFactory().pk)
    rows = budget_against_actual(march)
    assert [(row.department, row.currency, row.budget, row.actual, row.over_budget,
             row.other_currencies) for row in rows] == [
        ("IT", "USD", Decimal("500.00"), Decimal("0.00"), False, ()),
        ("Operations", "USD", Decimal("100.00"), Decimal("130.00"), True,
         (Money("EUR", Decimal("40.00")),))]
    assert rows[1].used_percent == Decimal("130.0")


def test_rejection_and_backorder_rates_count_the_answered_lines():
    acme = SupplierFactory(name="Acme")
    order_with_lines(line(rejected_quantity=Decimal("1")), line(backordered_quantity=Decimal("1")),
                     line(), line(), cart__supplier=acme, status=OrderStatus.PARTLY_CONFIRMED)
    order_with_lines(line(), line(), line(), line(), cart__supplier=acme,
                     status=OrderStatus.REJECTED)
    order_with_lines(line(rejected_quantity=Decimal("1")), cart__supplier=acme,
                     status=OrderStatus.SENT)
    [acme_row] = supplier_fulfilment(EVERYTHING)
    assert (acme_row.lines, acme_row.rejected_lines, acme_row.backordered_lines) == (8, 5, 1)
    assert (acme_row.rejection_rate, acme_row.backorder_rate) == (Decimal("62.5"),
                                                                  Decimal("12.5"))


def orders_in_bulk(count: int) -> None:
    """Orders over several suppliers, departments, currencies, months and statuses."""
    suppliers = [SupplierFactory() for _ in range(3)]
    departments = [DepartmentFactory() for _ in range(3)]
    for department in departments:
        DepartmentBudgetFactory(department=department, year=2025)
    statuses = [OrderStatus.CONFIRMED, OrderStatus.SENT, OrderStatus.INVOICED,
                OrderStatus.REJECTED]
    for n in range(count):
        order = order_with_lines(
            line("2", "10", unspsc="43211902", rejected_quantity=Decimal(n % 2)),
            line("1", "5", unspsc="44121706"),
            cart__supplier=suppliers[n % 3], cart__department=departments[n % 3],
            currency=("USD", "EUR")[n % 2], status=statuses[n % 4],
            order_date=at(2025, 1 + n % 12, 1 + n % 28))
        SupplierInvoiceFactory(order=order)


def queries_for_all_figures() -> int:
    with CaptureQueriesContext(connection) as queries:
        spend_figures(SpendFilter(date_to=date(2025, 12, 31)))
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_orders():
    orders_in_bulk(5)
    few = queries_for_all_figures()
    orders_in_bulk(45)
    assert queries_for_all_figures() == few
    assert few <= 14
