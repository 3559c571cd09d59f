"""Approvers clicking at the same moment: the cart row lock lets one pass the checkpoint."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from punchout.models import ApprovalStep, Cart, CartStatus, ProcurementOrder, StepStatus
from punchout.services.approvals import cart_approve, cart_reject, cart_submit
from tests.factories import ApprovalRuleFactory

from .conftest import returned_cart, user_in

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="row locks need PostgreSQL (SQLite serialises all writers)"),
]
APPROVERS = 4


def decide(cart_id: int, actor, start: threading.Barrier, outcomes: list) -> None:
    try:
        start.wait()
        cart = Cart.objects.get(pk=cart_id)
        if actor.username.endswith("0"):
            cart_reject(cart=cart, actor=actor, comment="Too expensive")
        else:
            cart_approve(cart=cart, actor=actor)
        outcomes.append("decided")
    except (ValidationError, PermissionDenied) as refusal:
        outcomes.append(type(refusal).__name__)
    finally:
        connection.close()


def test_concurrent_decisions_never_both_pass_the_same_checkpoint(people, finance, addresses):
    ApprovalRuleFactory(name="Finance", approvers=finance)
    cart = returned_cart(requisitioner=people.requisitioner)
    cart_submit(cart=cart, actor=people.requisitioner)
    approvers = [user_in("Finance", username=f"fin{n}") for n in range(APPROVERS)]
    start, outcomes = threading.Barrier(APPROVERS), []
    threads = [threading.Thread(target=decide, args=(cart.pk, approver, start, outcomes))
               for approver in approvers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert sorted(outcomes) == ["IllegalCartMove"] * (APPROVERS - 1) + ["decided"]
    step = ApprovalStep.objects.get(cart=cart)
    assert step.status in (StepStatus.APPROVED, StepStatus.REJECTED)
    cart.refresh_from_db()
    if step.status == StepStatus.APPROVED:
        assert cart.status == CartStatus.ORDERED
        assert ProcurementOrder.objects.filter(cart=cart).count() == 1
    else:
        assert cart.status == CartStatus.REJECTED
    assert cart.events.filter(kind__in=["checkpoint_approved", "rejected"]).count() == 1
