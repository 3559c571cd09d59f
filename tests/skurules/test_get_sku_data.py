"""The Get SKU Data tool in the admin: look a SKU up, see its stock and decisions, edit its rule."""

import html
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from skurules.models import AutoConfirmRule
from tests.factories import (
    AutoConfirmRuleFactory,
    PurchaseOrderLineFactory,
    SkuFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

URL = reverse("admin:skurules_sku_get_data")


@pytest.fixture
def rule():
    return AutoConfirmRuleFactory(
        sku__sku="ABC-1", sku__asin="B0ABC00001", sku__ean="4006381333931",
        sku__upc="028877454078", sku__title="Blue widget", sku__on_hand=60, sku__allocated=8,
        min_cost=Decimal("8.25"), min_inventory=10)


def staff_with(*codenames: str):
    user = UserFactory()
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


def page_text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.mark.parametrize("identifier", [
    pytest.param("ABC-1", id="sku"),
    pytest.param("B0ABC00001", id="asin"),
    pytest.param("4006381333931", id="ean"),
    pytest.param("028877454078", id="upc"),
    pytest.param("0028877454078", id="upc-written-as-ean13"),
])
def test_a_sku_is_found_by_each_identifier(admin_client, rule, identifier):
    response = admin_client.get(URL, {"q": identifier})
    assert response.status_code == 200
    assert response.context["sku"] == rule.sku
    text = page_text(response)
    assert "Blue widget" in text
    assert '<td id="stock-on-hand">60</td>' in text
    assert '<td id="stock-allocated">8</td>' in text
    assert '<td id="stock-available">42</td>' in text


def test_an_unknown_identifier_says_so(admin_client, rule):
    response = admin_client.get(URL, {"q": "XYZ"})
    assert response.context.get("sku") is None
    assert "No SKU has the SKU, ASIN, EAN or UPC 'XYZ'." in page_text(response)


def test_the_page_without_a_query_shows_the_search_box_and_button(admin_client):
    text = page_text(admin_client.get(URL))
    assert 'name="q"' in text
    assert ">Get SKU Data</button>" in text


def test_open_demand_counts_eaches_of_open_orders_only(admin_client, rule):
    sku = rule.sku
    PurchaseOrderLineFactory(sku=sku, ordered_quantity=10, order__status="new")
    PurchaseOrderLineFactory(sku=sku, ordered_quantity=2, unit_of_measure="Cases", unit_size=12,
                             order__status="needs_review")
    PurchaseOrderLineFactory(sku=sku, ordered_quantity=3, order__status="decided")
    PurchaseOrderLineFactory(sku=sku, ordered_quantity=500, order__status="acknowledged")
    PurchaseOrderLineFactory(ordered_quantity=700, order__status="new")  # another SKU
    response = admin_client.get(URL, {"q": "ABC-1"})
    assert response.context["open_demand"] == 10 + 24 + 3


def test_the_last_ten_decisions_newest_first(admin_client, rule):
    now = timezone.now()
    for days in range(12):
        PurchaseOrderLineFactory(
            sku=rule.sku, order__po_number=f"PO-{days:02d}", decided_at=now - timedelta(days=days),
            accepted_quantity=10, backordered_quantity=0, rejected_quantity=0,
            decision_reason=f"Accepted 10 of 10 eaches (available {days}).")
    PurchaseOrderLineFactory(sku=rule.sku, order__po_number="PO-UNDECIDED")
    response = admin_client.get(URL, {"q": "ABC-1"})
    numbers = [line["order__po_number"] for line in response.context["decisions"]]
    assert numbers == [f"PO-{days:02d}" for days in range(10)]
    assert "Accepted 10 of 10 eaches (available 0)." in page_text(response)


def test_the_page_stays_within_a_query_budget(admin_client, rule, django_assert_max_num_queries):
    PurchaseOrderLineFactory.create_batch(5, sku=rule.sku, decided_at=timezone.now())
    with django_assert_max_num_queries(8):
        admin_client.get(URL, {"q": "ABC-1"})


def test_saving_the_rule_records_who_and_returns_to_the_sku(client, rule):
    user = staff_with("view_sku", "change_autoconfirmrule")
    client.force_login(user)
    response = client.post(URL, {"sku": rule.sku.pk, "min_cost": "9.10", "min_inventory": "4",
                                 "enabled": "on"}, follow=True)
    assert response.redirect_chain == [(f"{URL}?q=ABC-1", 302)]
    assert ("Saved the auto-confirm rule of SKU ABC-1: minimum cost 9.10, minimum inventory 4, "
            "auto-confirm enabled.") in page_text(response)
    rule.refresh_from_db()
    assert (rule.min_cost, rule.min_inventory, rule.enabled, rule.updated_by) == (
        Decimal("9.10"), 4, True, user)
    assert response.context["available"] == 60 - 8 - 4


def test_saving_creates_the_rule_of_a_sku_without_one(admin_client):
    sku = SkuFactory(sku="NEW-1")
    assert admin_client.get(URL, {"q": "NEW-1"}).context["rule_form"]["min_cost"].value() is None
    admin_client.post(URL, {"sku": sku.pk, "min_cost": "3", "min_inventory": "0"})
    rule = AutoConfirmRule.objects.get(sku=sku)
    assert (rule.min_cost, rule.min_inventory, rule.enabled) == (Decimal("3"), 0, False)


@pytest.mark.parametrize(("field", "value", "message"), [
    pytest.param("min_cost", "-1", "The minimum cost cannot be negative; enter 0 or more.",
                 id="negative-cost"),
    pytest.param("min_inventory", "-5",
                 "The minimum inventory cannot be negative; enter 0 or more.",
                 id="negative-inventory"),
    pytest.param("min_cost", "abc", "Enter a number.", id="cost-not-a-number"),
    pytest.param("min_cost", "1.123456", "Ensure that there are no more than 4 decimal places.",
                 id="cost-too-precise"),
])
def test_invalid_rule_values_are_refused_with_a_clear_message(admin_client, rule, field, value,
                                                              message):
    data = {"sku": rule.sku.pk, "min_cost": "9", "min_inventory": "1", "enabled": "on",
            field: value}
    response = admin_client.post(URL, data)
    assert response.status_code == 200
    assert message in page_text(response)
    assert "The rule was not saved; correct the errors below." in page_text(response)
    rule.refresh_from_db()
    assert (rule.min_cost, rule.min_inventory) == (Decimal("8.25"), 10)


def test_a_user_who_may_only_view_sees_the_rule_but_cannot_save_it(client, rule):
    client.force_login(staff_with("view_sku"))
    text = page_text(client.get(URL, {"q": "ABC-1"}))
    assert "Save rule" not in text
    assert "<td>8.25</td>" in text
    response = client.post(URL, {"sku": rule.sku.pk, "min_cost": "0", "min_inventory": "0"})
    assert response.status_code == 403
    rule.refresh_from_db()
    assert rule.min_cost == Decimal("8.25")


def test_a_user_without_view_permission_cannot_look(client, rule):
    client.force_login(staff_with("change_autoconfirmrule"))
    assert client.get(URL, {"q": "ABC-1"}).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_tampered_sku_id_is_not_found(admin_client):
    assert admin_client.post(URL, {"sku": "x", "min_cost": "1", "min_inventory": "1"}
                             ).status_code == 404


def test_the_sku_list_and_the_app_page_link_to_the_tools(admin_client):
    changelist = page_text(admin_client.get(reverse("admin:skurules_sku_changelist")))
    app_page = page_text(admin_client.get(reverse("admin:app_list", args=["skurules"])))
    for text in (changelist, app_page):
        assert f'href="{URL}">Get SKU Data</a>' in text
        assert 'href="/admin/skurules/sku/import-csv/">Import CSV</a>' in text
        assert 'href="/admin/skurules/sku/export-csv/">Export CSV</a>' in text


def test_saving_without_the_csrf_token_is_refused(rule):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_with("view_sku", "change_autoconfirmrule"))
    response = client.post(URL, {"sku": rule.sku.pk, "min_cost": "0", "min_inventory": "0"})
    assert response.status_code == 403
    rule.refresh_from_db()
    assert rule.min_cost == Decimal("8.25")
