"""Which approval checkpoints a cart must pass: a pure function of the cart and the rules.

Plain dataclasses in and out (no ORM, no I/O), so the rules are tested as a table and every caller
decides the same way. The only Django imports are translation and number formatting, so the
reason sentences come out in the active language.

A rule applies when it is enabled and every condition it sets holds; a condition it leaves empty
holds for any cart:

- from amount: the cart total is at least the amount;
- department: the cart is booked to that department;
- category: a line's UNSPSC code starts with the prefix (4321 matches 43211503);
- supplier: the cart comes from that supplier.

The cart passes the checkpoints of the applying rules one after the other, ordered by (position,
id). When no rule applies there is no checkpoint and the cart is approved at once: this is how
small purchases go through without anyone's approval.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class LineFacts:
    line_number: int
    unspsc: str = ""


@dataclass(frozen=True)
class CartFacts:
    """What the engine reads of a cart; the names are for the reason sentences."""

    total: Decimal
    currency: str
    supplier_id: int
    supplier_name: str = ""
    department_id: int | None = None
    department_name: str = ""
    lines: tuple[LineFacts, ...] = ()


@dataclass(frozen=True)
class RuleFacts:
    """One approval rule; None or "" leaves a condition unset."""

    id: int
    name: str
    approvers_id: int
    position: int = 10
    enabled: bool = True
    min_amount: Decimal | None = None
    department_id: int | None = None
    unspsc_prefix: str = ""
    supplier_id: int | None = None


@dataclass(frozen=True)
class Checkpoint:
    """A checkpoint the cart must pass, with the sentence saying why."""

    rule_id: int
    name: str
    position: int
    approvers_id: int
    reason: str


def amount(value: Decimal) -> str:
    """1240 → "1,240.00" (in the active language's format)."""
    return number_format(value, decimal_pos=2, force_grouping=True)


def _amount_reason(cart: CartFacts, rule: RuleFacts) -> str | None:
    if rule.min_amount is None:
        return ""
    if cart.total < rule.min_amount:
        return None
    return _("The cart total %(total)s %(currency)s is at least %(min)s.") % {
        "total": amount(cart.total), "currency": cart.currency, "min": amount(rule.min_amount)}


def _department_reason(cart: CartFacts, rule: RuleFacts) -> str | None:
    if rule.department_id is None:
        return ""
    if cart.department_id != rule.department_id:
        return None
    return _("The cart is booked to %(department)s.") % {"department": cart.department_name}


def _category_reason(cart: CartFacts, rule: RuleFacts) -> str | None:
    prefix = rule.unspsc_prefix.strip()
    if not prefix:
        return ""
    matching = [line for line in cart.lines if line.unspsc.strip().startswith(prefix)]
    if not matching:
        return None
    return _("Line %(line)d's category %(unspsc)s starts with %(prefix)s.") % {
        "line": matching[0].line_number, "unspsc": matching[0].unspsc.strip(), "prefix": prefix}


def _supplier_reason(cart: CartFacts, rule: RuleFacts) -> str | None:
    if rule.supplier_id is None:
        return ""
    if cart.supplier_id != rule.supplier_id:
        return None
    return _("The cart comes from %(supplier)s.") % {"supplier": cart.supplier_name}


CONDITIONS = (_amount_reason, _department_reason, _category_reason, _supplier_reason)


def rule_reason(*, cart: CartFacts, rule: RuleFacts) -> str | None:
    """Why `rule` applies to `cart`, or None when it does not.

    Each condition answers None (it fails), "" (the rule does not set it) or its sentence.
    """
    if not rule.enabled:
        return None
    sentences = []
    for condition in CONDITIONS:
        sentence = condition(cart, rule)
        if sentence is None:
            return None
        if sentence:
            sentences.append(sentence)
    return " ".join(sentences) or _("This checkpoint applies to every cart.")


def checkpoints_for(*, cart: CartFacts, rules: Sequence[RuleFacts]) -> list[Checkpoint]:
    """The checkpoints `cart` must pass, in the order it passes them."""
    checkpoints = []
    for rule in sorted(rules, key=lambda rule: (rule.position, rule.id)):
        reason = rule_reason(cart=cart, rule=rule)
        if reason is not None:
            checkpoints.append(Checkpoint(rule_id=rule.id, name=rule.name,
                                          position=rule.position,
                                          approvers_id=rule.approvers_id, reason=reason))
    return checkpoints
