"""The auto-confirm rules as a table: one row per rule, read as "given this line and this stock"."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skurules.decisions import (
    LineDecision,
    LineFacts,
    Outcome,
    StockFacts,
    available_eaches,
    decide_line,
)

DECIDED, REVIEW = Outcome.DECIDED, Outcome.NEEDS_REVIEW
UNAVAILABLE = "TemporarilyUnavailable"


def line(ordered=10, uom="Eaches", unit_size=1, backorder=False, cost="9.00") -> LineFacts:
    return LineFacts(ordered_quantity=ordered, unit_of_measure=uom, unit_size=unit_size,
                     is_backorder_allowed=backorder,
                     net_cost=None if cost is None else Decimal(cost), currency="USD")


def stock(on_hand=100, allocated=0, min_inventory=10, min_cost="8.25", has_rule=True,
          enabled=True) -> StockFacts:
    return StockFacts(sku="ABC-1", on_hand=on_hand, allocated=allocated, has_rule=has_rule,
                      rule_enabled=enabled, min_cost=Decimal(min_cost),
                      min_inventory=min_inventory)


# (line, stock) → (outcome, accepted, backordered, rejected, rejection reason, allocate, reason)
RULES = [
    pytest.param(
        line(ordered=10), stock(on_hand=100),
        (DECIDED, 10, 0, 0, "", 10, "Accepted 10 of 10 eaches (available 90)."),
        id="eaches-accepted-in-full-when-stock-covers-the-line"),
    pytest.param(
        line(ordered=10, backorder=True), stock(on_hand=14),
        (DECIDED, 4, 6, 0, "", 4,
         "Accepted 4 of 10 eaches (available 4); 6 eaches backordered."),
        id="eaches-partly-accepted-rest-backordered-when-allowed"),
    pytest.param(
        line(ordered=10, backorder=False), stock(on_hand=14),
        (DECIDED, 4, 0, 6, UNAVAILABLE, 4,
         "Accepted 4 of 10 eaches (available 4); 6 eaches rejected as "
         "TemporarilyUnavailable."),
        id="eaches-partly-accepted-rest-rejected-without-backorders"),
    pytest.param(
        line(ordered=10, backorder=True), stock(on_hand=10),
        (DECIDED, 0, 10, 0, "", 0,
         "Accepted 0 of 10 eaches (available 0); 10 eaches backordered."),
        id="nothing-available-whole-line-backordered"),
    pytest.param(
        line(ordered=1, backorder=False), stock(on_hand=0, min_inventory=0),
        (DECIDED, 0, 0, 1, UNAVAILABLE, 0,
         "Accepted 0 of 1 each (available 0); 1 each rejected as TemporarilyUnavailable."),
        id="nothing-available-whole-line-rejected"),
    pytest.param(
        line(ordered=10), stock(on_hand=20, min_inventory=15),
        (DECIDED, 5, 0, 5, UNAVAILABLE, 5,
         "Accepted 5 of 10 eaches (available 5); 5 eaches rejected as "
         "TemporarilyUnavailable."),
        id="minimum-inventory-holds-stock-back"),
    pytest.param(
        line(ordered=10), stock(on_hand=20, allocated=12, min_inventory=0),
        (DECIDED, 8, 0, 2, UNAVAILABLE, 8,
         "Accepted 8 of 10 eaches (available 8); 2 eaches rejected as "
         "TemporarilyUnavailable."),
        id="allocated-stock-reduces-availability"),
    pytest.param(
        line(ordered=3, backorder=True), stock(on_hand=5, allocated=9, min_inventory=0),
        (DECIDED, 0, 3, 0, "", 0,
         "Accepted 0 of 3 eaches (available 0); 3 eaches backordered."),
        id="over-allocated-stock-counts-as-nothing-available"),
    pytest.param(
        line(ordered=5, uom="Cases", unit_size=12), stock(on_hand=100),
        (DECIDED, 5, 0, 0, "", 60,
         "Accepted 5 of 5 cases (available 90 eaches = 7 whole cases of 12)."),
        id="cases-accepted-in-full-allocating-eaches"),
    pytest.param(
        line(ordered=5, uom="Cases", unit_size=12, backorder=True), stock(on_hand=50),
        (DECIDED, 3, 2, 0, "", 36,
         "Accepted 3 of 5 cases (available 40 eaches = 3 whole cases of 12); "
         "2 cases backordered."),
        id="cases-only-whole-cases-accepted-rest-backordered"),
    pytest.param(
        line(ordered=5, uom="Cases", unit_size=12, backorder=False), stock(on_hand=50),
        (DECIDED, 3, 0, 2, UNAVAILABLE, 36,
         "Accepted 3 of 5 cases (available 40 eaches = 3 whole cases of 12); "
         "2 cases rejected as TemporarilyUnavailable."),
        id="cases-only-whole-cases-accepted-rest-rejected"),
    pytest.param(
        line(ordered=2, uom="Cases", unit_size=12, backorder=True), stock(on_hand=21),
        (DECIDED, 0, 2, 0, "", 0,
         "Accepted 0 of 2 cases (available 11 eaches = 0 whole cases of 12); "
         "2 cases backordered."),
        id="cases-less-than-one-case-available-accepts-none"),
    pytest.param(
        line(ordered=5, uom="CASES", unit_size=12, backorder=True), stock(on_hand=50),
        (DECIDED, 3, 2, 0, "", 36,
         "Accepted 3 of 5 cases (available 40 eaches = 3 whole cases of 12); "
         "2 cases backordered."),
        id="upper-case-CASES-from-amazons-sandbox-counts-as-cases"),
    pytest.param(
        line(ordered=10), stock(has_rule=False, enabled=False, min_cost="0", min_inventory=0),
        (REVIEW, 10, 0, 0, "", 0,
         "SKU ABC-1 has no auto-confirm rule; confirm by hand or add a rule in Get SKU Data."),
        id="no-rule-goes-to-review-with-a-proposal"),
    pytest.param(
        line(ordered=10), stock(on_hand=14, enabled=False),
        (REVIEW, 4, 0, 6, UNAVAILABLE, 0,
         "Auto-confirm is disabled for SKU ABC-1; confirm by hand or enable the rule in "
         "Get SKU Data."),
        id="disabled-rule-goes-to-review-with-a-proposal"),
    pytest.param(
        line(cost="7.90"), stock(min_cost="8.2500"),
        (REVIEW, 10, 0, 0, "", 0,
         "Unit cost 7.90 is below the minimum cost 8.25 set for SKU ABC-1; raise the price "
         "rule or confirm by hand."),
        id="cost-below-minimum-goes-to-review"),
    pytest.param(
        line(cost="8.25"), stock(min_cost="8.25"),
        (DECIDED, 10, 0, 0, "", 10, "Accepted 10 of 10 eaches (available 90)."),
        id="cost-equal-to-minimum-is-accepted"),
    pytest.param(
        line(cost=None), stock(),
        (REVIEW, 10, 0, 0, "", 0,
         "The line has no unit cost to check against the minimum cost 8.25 set for SKU ABC-1; "
         "confirm by hand."),
        id="missing-cost-goes-to-review"),
    pytest.param(
        line(ordered=0, cost=None), stock(),
        (DECIDED, 0, 0, 0, "", 0, "Cancelled by Amazon (ordered quantity 0)."),
        id="zero-ordered-is-amazon-cancelling-the-item"),
    pytest.param(
        line(ordered=7), None,
        (DECIDED, 0, 0, 7, "InvalidProductIdentifier", 0,
         "No SKU matches this line's identifiers; rejected as InvalidProductIdentifier."),
        id="no-sku-matched-rejects-as-invalid-product-identifier"),
    pytest.param(
        line(ordered=3, uom="Cases", unit_size=0, backorder=True), stock(),
        (REVIEW, 0, 3, 0, "", 0, "Case order without a case size; confirm by hand."),
        id="case-order-without-case-size-goes-to-review"),
]


@pytest.mark.parametrize(("line_facts", "stock_facts", "expected"), RULES)
def test_decision_rules(line_facts, stock_facts, expected):
    outcome, accepted, backordered, rejected, rejection_reason, allocate, reason = expected
    assert decide_line(line_facts, stock_facts) == LineDecision(
        outcome=outcome, accepted=accepted, backordered=backordered, rejected=rejected,
        rejection_reason=rejection_reason, reason=reason, allocate_eaches=allocate)


def test_available_eaches_never_goes_below_zero():
    assert available_eaches(stock(on_hand=5, allocated=3, min_inventory=10)) == 0
    assert available_eaches(stock(on_hand=50, allocated=3, min_inventory=10)) == 37


def test_a_cost_with_more_than_two_places_is_shown_as_given():
    decision = decide_line(line(cost="8.1234"), stock(min_cost="8.12345"))
    assert decision.reason.startswith("Unit cost 8.1234 is below the minimum cost 8.12345 ")


counts = st.integers(min_value=0, max_value=10_000)
costs = st.decimals(min_value=0, max_value=100, places=2)
lines = st.builds(
    LineFacts, ordered_quantity=counts,
    unit_of_measure=st.sampled_from(["Eaches", "Cases", "CASES", "cases"]),
    unit_size=st.integers(min_value=1, max_value=48), is_backorder_allowed=st.booleans(),
    net_cost=st.none() | costs)
stocks = st.none() | st.builds(
    StockFacts, sku=st.just("ABC-1"), on_hand=counts, allocated=counts,
    has_rule=st.booleans(), rule_enabled=st.booleans(), min_cost=costs, min_inventory=counts)


@given(line_facts=lines, stock_facts=stocks)
def test_every_decision_keeps_the_quantities_consistent(line_facts, stock_facts):
    decision = decide_line(line_facts, stock_facts)
    eaches_per_unit = line_facts.unit_size if line_facts.is_cases else 1
    assert (decision.accepted + decision.backordered + decision.rejected
            == line_facts.ordered_quantity)
    assert min(decision.accepted, decision.backordered, decision.rejected) >= 0
    if stock_facts is not None:
        assert decision.accepted * eaches_per_unit <= available_eaches(stock_facts)
    if decision.outcome == Outcome.DECIDED:
        assert decision.allocate_eaches == decision.accepted * eaches_per_unit
    else:
        assert decision.allocate_eaches == 0
    assert decision.reason
    assert (decision.rejection_reason == "") == (decision.rejected == 0)
