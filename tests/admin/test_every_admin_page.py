"""Every registered ModelAdmin: changelist, search, add and change pages, under a query budget.

Each model gets several rows, so a per-row query (N+1) in a list pushes the count over budget.
"""

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from tests import factories

ADMINS = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
IDS = [model._meta.label for model, _ in ADMINS]
ROWS = 5
QUERY_BUDGET = 16


@pytest.fixture
def rows(db):
    """Several rows of every model, linked the way real data is."""
    for _ in range(ROWS):
        factories.PurchaseOrderLineFactory.create_batch(2)
        factories.PurchaseOrderEventFactory()
        factories.AutoConfirmRuleFactory()
        factories.DistributorItemFactory()
        factories.CartLineFactory.create_batch(2)
        factories.InterchangeFactory()
        factories.ApiPageFactory()
        factories.OutboxMessageFactory()
        factories.ShipmentItemFactory()
        factories.InvoiceLineFactory()
    call_command("setup_schedules")


def url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize(("model", "model_admin"), ADMINS, ids=IDS)
def test_changelist_stays_within_the_query_budget(admin_client, rows,
                                                  django_assert_max_num_queries,
                                                  model, model_admin):
    with django_assert_max_num_queries(QUERY_BUDGET):
        response = admin_client.get(url(model, "changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize(("model", "model_admin"), ADMINS, ids=IDS)
def test_search_add_and_change_pages_render(admin_client, rows, django_assert_max_num_queries,
                                            model, model_admin):
    if model_admin.search_fields:
        assert admin_client.get(url(model, "changelist"), {"q": "x"}).status_code == 200
    assert admin_client.get(url(model, "add")).status_code in (200, 403)
    obj = model._default_manager.first()
    if obj is not None:
        with django_assert_max_num_queries(QUERY_BUDGET * 2):
            assert admin_client.get(url(model, "change", obj.pk)).status_code == 200
