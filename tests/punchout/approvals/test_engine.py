"""The checkpoint engine as a table: every condition, alone and together, and the order."""

from decimal import Decimal

import pytest

from punchout.approvals import CartFacts, LineFacts, RuleFacts, checkpoints_for

CART = CartFacts(total=Decimal("1240.00"), currency="USD", supplier_id=1,
                 supplier_name="Amazon Business", department_id=7, department_name="Marketing",
                 lines=(LineFacts(1, "43211503"), LineFacts(2, "44121600")))


def rule(**conditions) -> RuleFacts:
    return RuleFacts(id=1, name="Finance", approvers_id=5, **conditions)


@pytest.mark.parametrize(("conditions", "reason"), [
    ({}, "This checkpoint applies to every cart."),
    ({"min_amount": Decimal("1000")}, "The cart total 1,240.00 USD is at least 1,000.00."),
    ({"min_amount": Decimal("1240.00")}, "The cart total 1,240.00 USD is at least 1,240.00."),
    ({"min_amount": Decimal("0")}, "The cart total 1,240.00 USD is at least 0.00."),
    ({"department_id": 7}, "The cart is booked to Marketing."),
    ({"unspsc_prefix": "4321"}, "Line 1's category 43211503 starts with 4321."),
    ({"unspsc_prefix": "4412"}, "Line 2's category 44121600 starts with 4412."),
    ({"unspsc_prefix": " 44 "}, "Line 2's category 44121600 starts with 44."),
    ({"unspsc_prefix": "43211503"}, "Line 1's category 43211503 starts with 43211503."),
    ({"supplier_id": 1}, "The cart comes from Amazon Business."),
    ({"min_amount": Decimal("500"), "department_id": 7, "unspsc_prefix": "4321",
      "supplier_id": 1},
     "The cart total 1,240.00 USD is at least 500.00. The cart is booked to Marketing. "
     "Line 1's category 43211503 starts with 4321. The cart comes from Amazon Business."),
], ids=lambda value: str(value)[:40])
def test_a_rule_applies_when_every_condition_it_sets_holds(conditions, reason):
    [checkpoint] = checkpoints_for(cart=CART, rules=[rule(**conditions)])
    assert (checkpoint.rule_id, checkpoint.name, checkpoint.approvers_id) == (1, "Finance", 5)
    assert checkpoint.reason == reason


@pytest.mark.parametrize("conditions", [
    {"min_amount": Decimal("1240.01")},
    {"department_id": 8},
    {"unspsc_prefix": "4320"},
    {"unspsc_prefix": "321"},
    {"supplier_id": 2},
    {"enabled": False},
    {"min_amount": Decimal("500"), "department_id": 7, "unspsc_prefix": "4321",
     "supplier_id": 2},
    {"min_amount": Decimal("5000"), "department_id": 7, "supplier_id": 1},
], ids=lambda value: str(value)[:40])
def test_a_rule_does_not_apply_when_one_condition_fails_or_it_is_disabled(conditions):
    assert checkpoints_for(cart=CART, rules=[rule(**conditions)]) == []


def test_a_department_rule_never_applies_to_a_cart_without_department():
    cart = CartFacts(total=Decimal("10"), currency="USD", supplier_id=1)
    assert checkpoints_for(cart=cart, rules=[rule(department_id=7)]) == []


def test_a_category_rule_ignores_lines_without_unspsc():
    cart = CartFacts(total=Decimal("10"), currency="USD", supplier_id=1,
                     lines=(LineFacts(1, ""), LineFacts(2, "  ")))
    assert checkpoints_for(cart=cart, rules=[rule(unspsc_prefix="4")]) == []


def test_no_rule_means_no_checkpoint():
    assert checkpoints_for(cart=CART, rules=[]) == []


def test_checkpoints_are_ordered_by_position_then_id():
    rules = [RuleFacts(id=1, name="C", approvers_id=1, position=20),
             RuleFacts(id=3, name="B", approvers_id=1, position=10),
             RuleFacts(id=2, name="A", approvers_id=1, position=10),
             RuleFacts(id=4, name="off", approvers_id=1, position=1, enabled=False),
             RuleFacts(id=5, name="big", approvers_id=1, position=5,
                       min_amount=Decimal("99999"))]
    checkpoints = checkpoints_for(cart=CART, rules=rules)
    assert [(c.name, c.position) for c in checkpoints] == [("A", 10), ("B", 10), ("C", 20)]
