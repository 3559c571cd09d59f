from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from skurules.models import AutoConfirmRule
from skurules.services import rule_update
from tests.factories import AutoConfirmRuleFactory, SkuFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_rule_update_creates_the_missing_rule_and_records_who():
    sku, user = SkuFactory(), UserFactory()
    rule = rule_update(sku=sku, min_cost=Decimal("8.25"), min_inventory=5, enabled=True,
                       actor=user)
    assert AutoConfirmRule.objects.get(sku=sku) == rule
    assert (rule.min_cost, rule.min_inventory, rule.enabled, rule.updated_by) == (
        Decimal("8.25"), 5, True, user)


def test_rule_update_changes_the_existing_rule():
    existing = AutoConfirmRuleFactory(min_cost=Decimal("1"), enabled=True)
    rule_update(sku=existing.sku, min_cost=Decimal("2"), min_inventory=0, enabled=False,
                actor=None)
    existing.refresh_from_db()
    assert (existing.min_cost, existing.min_inventory, existing.enabled,
            existing.updated_by) == (Decimal("2"), 0, False, None)


def test_rule_update_refuses_a_negative_cost_and_changes_nothing():
    existing = AutoConfirmRuleFactory(min_cost=Decimal("1"))
    with pytest.raises(ValidationError) as error:
        rule_update(sku=existing.sku, min_cost=Decimal("-1"), min_inventory=0, enabled=True,
                    actor=None)
    assert "min_cost" in error.value.message_dict
    existing.refresh_from_db()
    assert existing.min_cost == Decimal("1")
