"""A purchase order whose every item Amazon cancelled has nothing to acknowledge."""

import pytest

from orders.models import OutboxMessage
from orders.models import PurchaseOrderStatus as S
from orders.services.acknowledgements import acknowledgements_queue
from tests.factories import PurchaseOrderLineFactory

pytestmark = pytest.mark.django_db


def test_an_order_amazon_cancelled_wholly_is_cancelled_not_acknowledged():
    cancelled = PurchaseOrderLineFactory(ordered_quantity=0, order__status=S.DECIDED).order
    live = PurchaseOrderLineFactory(order__status=S.DECIDED, order__account=cancelled.account,
                                    accepted_quantity=10).order

    messages = acknowledgements_queue()

    assert [message.purchase_order_id for message in messages] == [live.pk]
    cancelled.refresh_from_db()
    assert cancelled.status == S.CANCELLED
    assert not OutboxMessage.objects.filter(purchase_order=cancelled).exists()
