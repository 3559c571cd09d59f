"""Loading SKUs for the decision engine: few queries, locked rows, allocated stock."""

from decimal import Decimal

import pytest
from django.db import transaction
from django.db.transaction import TransactionManagementError

from skurules.decisions import StockFacts, match_sku
from skurules.models import Sku
from skurules.selectors import sku_index_for, stock_facts_for_update
from skurules.services import sku_allocate
from tests.factories import AutoConfirmRuleFactory, SkuFactory

pytestmark = pytest.mark.django_db


def test_the_index_matches_lines_by_every_identifier():
    by_ean = SkuFactory(sku="BY-EAN", ean="4006381333931")
    by_upc = SkuFactory(sku="BY-UPC", ean="", upc="028877454078")
    by_asin = SkuFactory(sku="BY-ASIN", asin="B0ASIN0001", ean="")
    SkuFactory(sku="UNRELATED")
    index = sku_index_for(["BY-EAN", "4006381333931", "0028877454078"], ["B0ASIN0001"])
    assert set(index.by_sku) == {"BY-EAN", "BY-UPC", "BY-ASIN"}
    assert match_sku("4006381333931", "", index) == by_ean.sku
    assert match_sku("0028877454078", "", index) == by_upc.sku
    assert match_sku("nope", "B0ASIN0001", index) == by_asin.sku


@pytest.mark.parametrize("lines", [1, 50, 500])
def test_the_index_takes_one_query_however_many_lines(django_assert_num_queries, lines):
    skus = SkuFactory.create_batch(lines)
    with django_assert_num_queries(1):
        index = sku_index_for([s.ean for s in skus], [s.asin for s in skus])
    assert all(match_sku(s.ean, s.asin, index) == s.sku for s in skus)


def test_the_index_of_no_identifiers_needs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert sku_index_for(["", "  "], []).by_sku == {}


@pytest.mark.parametrize("count", [1, 40])
def test_stock_facts_take_one_query_however_many_skus(django_assert_num_queries, count):
    rules = AutoConfirmRuleFactory.create_batch(count)
    with transaction.atomic(), django_assert_num_queries(1):
        facts = stock_facts_for_update([r.sku.sku for r in rules])
    assert len(facts) == count


def test_stock_facts_carry_the_rule_or_say_there_is_none():
    rule = AutoConfirmRuleFactory(sku__on_hand=60, sku__allocated=5, min_cost=Decimal("8.25"),
                                  min_inventory=12, enabled=False)
    bare = SkuFactory(on_hand=3)
    with transaction.atomic():
        facts = stock_facts_for_update([bare.sku, rule.sku.sku, "UNKNOWN"])
    assert facts == {
        rule.sku.sku: StockFacts(sku=rule.sku.sku, on_hand=60, allocated=5, has_rule=True,
                                 rule_enabled=False, min_cost=Decimal("8.25"), min_inventory=12),
        bare.sku: StockFacts(sku=bare.sku, on_hand=3, allocated=0, has_rule=False,
                             rule_enabled=False, min_cost=Decimal("0"), min_inventory=0),
    }


@pytest.mark.django_db(transaction=True)
def test_locking_and_allocating_refuse_to_run_outside_a_transaction():
    with pytest.raises(TransactionManagementError, match="inside transaction.atomic"):
        stock_facts_for_update(["ABC-1"])
    with pytest.raises(TransactionManagementError, match="inside the transaction"):
        sku_allocate(allocations={"ABC-1": 1})


def test_allocation_adds_eaches_to_several_skus_in_one_statement(django_assert_num_queries):
    first, second, untouched = (SkuFactory(allocated=4), SkuFactory(allocated=0),
                                SkuFactory(allocated=7))
    with django_assert_num_queries(1):
        sku_allocate(allocations={first.sku: 10, second.sku: 36, untouched.sku: 0})
    assert dict(Sku.objects.values_list("sku", "allocated")) == {
        first.sku: 14, second.sku: 36, untouched.sku: 7}


def test_allocation_to_an_unknown_sku_rolls_the_transaction_back():
    known = SkuFactory(allocated=1)
    with pytest.raises(Sku.DoesNotExist, match="unknown SKUs"), transaction.atomic():
        sku_allocate(allocations={known.sku: 5, "NOT-A-SKU": 5})
    known.refresh_from_db()
    assert known.allocated == 1


def test_allocating_nothing_runs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        sku_allocate(allocations={})
