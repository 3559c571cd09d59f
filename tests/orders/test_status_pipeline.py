import pytest

from orders.models import PurchaseOrderStatus as Status
from orders.services.status import InvalidStatusTransition, purchase_order_transition
from tests.factories import PurchaseOrderFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_transition_records_who_when_from_to_and_why():
    order = PurchaseOrderFactory()
    user = UserFactory()
    purchase_order_transition(order=order, to=Status.NEEDS_REVIEW, actor=user,
                              reason="Line 1: cost below minimum")
    event = order.events.get()
    assert (event.from_status, event.to_status, event.actor, event.reason) == (
        Status.NEW, Status.NEEDS_REVIEW, user, "Line 1: cost below minimum")
    assert event.created_at is not None
    order.refresh_from_db()
    assert (order.status, order.status_reason) == (Status.NEEDS_REVIEW,
                                                   "Line 1: cost below minimum")


def test_an_illegal_transition_raises_and_changes_nothing():
    order = PurchaseOrderFactory()
    with pytest.raises(InvalidStatusTransition, match="cannot go from New to shipped"):
        purchase_order_transition(order=order, to=Status.SHIPPED)
    order.refresh_from_db()
    assert order.status == Status.NEW
    assert not order.events.exists()


@pytest.mark.parametrize("terminal", [Status.CLOSED, Status.CANCELLED])
def test_terminal_states_go_nowhere(terminal):
    order = PurchaseOrderFactory(status=terminal)
    for status in Status.values:
        assert not order.can_move_to(status)


def test_a_change_from_amazon_reopens_an_acknowledged_order():
    order = PurchaseOrderFactory(status=Status.ACKNOWLEDGED)
    purchase_order_transition(order=order, to=Status.NEW, reason="Amazon changed the order")
    assert order.events.get().from_status == Status.ACKNOWLEDGED
