import csv
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from config import roles
from punchout.models import DeploymentMode, OrderStatus
from tests.factories import SupplierFactory, UserFactory
from tests.punchout.dashboard.conftest import at, table_rows, text_of
from tests.punchout.dashboard.factories import (
    DepartmentBudgetFactory,
    DepartmentFactory,
    order_with_lines,
)

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("admin:punchout_spenddashboard_changelist")
CSV = reverse("admin:punchout_spenddashboard_csv")
YEAR_2025 = {"date_from": "2025-01-01", "date_to": "2025-12-31"}


def user_in(role: str):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def spend():
    """Two suppliers, two departments, USD and EUR, an order in Test mode."""
    acme = SupplierFactory(name="Acme Office")
    globex = SupplierFactory(name="Globex")
    ops = DepartmentFactory(code="ops", name="Operations", cost_center="CC-100")
    it = DepartmentFactory(code="it", name="IT")
    DepartmentBudgetFactory(department=ops, year=2025, amount=Decimal("100.00"))
    order_with_lines({"quantity": 2, "unit_price": "45.99", "unspsc": "14111507",
                      "description": "Copy paper, 10 reams"},
                     cart__supplier=acme, cart__department=ops, order_date=at(2025, 3, 4),
                     status=OrderStatus.INVOICED, number="PO-2025-000001")
    order_with_lines({"quantity": 1, "unit_price": "899.00", "unspsc": "52161505",
                      "description": "=HYPERLINK(\"http://evil.example\")"},
                     cart__supplier=globex, cart__department=it, order_date=at(2025, 5, 20),
                     currency="EUR", number="PO-2025-000002")
    order_with_lines({"quantity": 5, "unit_price": "1000.00"}, cart__supplier=acme,
                     cart__department=ops, order_date=at(2025, 5, 21),
                     deployment_mode=DeploymentMode.TEST, number="PO-2025-000003")


def dashboard(client, **params) -> str:
    response = client.get(DASHBOARD, {**YEAR_2025, **params})
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_shows_each_figure_in_a_table_beneath_its_chart(admin_client, spend):
    html = dashboard(admin_client)
    assert table_rows(html, "spend-by-supplier") == [
        ["Globex", "EUR", "1", "899.00", "0.00"], ["Acme Office", "USD", "1", "91.98", "0.00"]]
    assert table_rows(html, "spend-by-segment") == [
        ["52", "Domestic Appliances and Supplies and Consumer Electronic Products", "EUR",
         "899.00"],
        ["14", "Paper Materials and Products", "USD", "91.98"]]
    assert table_rows(html, "spend-by-department") == [
        ["IT", "EUR", "899.00"], ["Operations", "USD", "91.98"]]
    assert ["March 2025", "USD", "91.98"] in table_rows(html, "spend-by-month")
    assert table_rows(html, "budget-against-actual") == [
        ["IT", "USD", "–", "0.00", "–", "899.00 EUR"],
        ["Operations", "USD", "100.00", "91.98", "92.0 %", "–"]]
    assert table_rows(html, "open-orders") == [["EUR", "1", "899.00"]]
    # Supplier, category, department and month: one chart per currency; one budget chart.
    assert html.count('<figure class="spend-chart">') == 9
    assert "<script" not in html.split('id="content-main"')[1]


def test_the_kpi_tiles_give_totals_per_currency_and_the_cycle_times(admin_client, spend):
    html = dashboard(admin_client)
    assert text_of(html, "kpi-total-spend") == (
        "Total spend 899.00 EUR 91.98 USD 0.00 EUR invoiced 0.00 USD invoiced")
    assert text_of(html, "kpi-open-orders") == (
        "Open orders 1 899.00 EUR Oldest: PO-2025-000002 (Globex, 05/20/2025)")
    assert table_rows(html, "approval-cycle")[-1] == ["All departments", "2", "4.0 h", "4.0 h"]


def test_test_mode_orders_count_only_when_asked(admin_client, spend):
    html = dashboard(admin_client, include_test="on")
    assert ["Acme Office", "USD", "2", "5,091.98", "0.00"] in table_rows(html,
                                                                        "spend-by-supplier")
    assert "Test-mode orders are included" in html


def test_a_start_after_the_end_is_explained(admin_client, spend):
    html = dashboard(admin_client, date_from="2025-12-31", date_to="2025-01-01")
    assert "The start date is after the end date: swap them or clear one of them." in html


def test_administrators_see_the_dashboard(client, spend):
    client.force_login(user_in(roles.ADMINISTRATOR))
    html = dashboard(client)
    assert table_rows(html, "spend-by-department")[0] == ["IT", "EUR", "899.00"]
    assert client.get(reverse("admin:index")).content.decode().count(DASHBOARD) >= 1


@pytest.mark.parametrize("role", [roles.PUNCHOUT_USER, roles.APPROVER])
def test_requisitioners_and_approvers_are_refused(client, role):
    client.force_login(user_in(role))
    assert client.get(DASHBOARD).status_code == 403
    assert client.get(CSV).status_code == 403


def test_there_is_nothing_to_add_or_change(admin_client, spend):
    assert admin_client.get(reverse("admin:punchout_spenddashboard_add")).status_code == 403
    order = order_with_lines()
    change = reverse("admin:punchout_spenddashboard_change", args=[order.pk])
    assert admin_client.get(change).status_code == 403


def csv_rows(client, **params) -> list[dict]:
    response = client.get(CSV, {**YEAR_2025, **params})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="spend-lines-')
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_the_csv_has_one_row_per_order_line_that_is_spend(admin_client, spend):
    rows = csv_rows(admin_client)
    assert [row["po_number"] for row in rows] == ["PO-2025-000001", "PO-2025-000002"]
    paper = rows[0]
    assert {key: paper[key] for key in (
        "order_date", "month", "supplier", "department", "cost_center", "unspsc", "segment",
        "segment_title", "family", "family_title", "quantity", "unit_price", "amount",
        "invoiced_amount", "currency", "order_status", "mode")} == {
        "order_date": "2025-03-04", "month": "2025-03", "supplier": "Acme Office",
        "department": "Operations", "cost_center": "CC-100", "unspsc": "14111507",
        "segment": "14", "segment_title": "Paper Materials and Products", "family": "1411",
        "family_title": "Paper products", "quantity": "2", "unit_price": "45.99",
        "amount": "91.98", "invoiced_amount": "0.00", "currency": "USD",
        "order_status": "Invoiced", "mode": "Active"}


def test_the_csv_keeps_supplier_texts_from_running_as_formulas(admin_client, spend):
    rows = csv_rows(admin_client, supplier=SupplierFactory._meta.model.objects.get(
        name="Globex").pk)
    assert [row["description"] for row in rows] == ["'=HYPERLINK(\"http://evil.example\")"]


def test_the_page_links_the_csv_with_the_same_filter(admin_client, spend):
    html = dashboard(admin_client, include_test="on")
    assert f'{CSV}?date_from=2025-01-01&amp;date_to=2025-12-31&amp;include_test=on' in html
    assert len(csv_rows(admin_client, include_test="on")) == 3
