"""From the distributor's shipment to the buyer's marketplace, with nobody touching it."""

from distributors.models import DropshipStatus, DropshipTracking
from distributors.services.dropship import dropship_place
from distributors.tasks import pull_tracking
from orders.models import MarketplaceAccount, OutboxMessage, OutboxStatus, SalesOrderStatus
from orders.services.outbox import outbox_send_due
from sandbox.distributors import state
from sandbox.marketplaces.ebay import EBAY_USER_TOKEN
from sandbox.marketplaces.pushes import pushes_received


def placed_with(order, item):
    state.shipping_configure(ship_after_lookups=0)  # shipped by the time we ask
    return dropship_place(order=order, choices={
        line.pk: f"item:{item.pk}" for line in order.lines.all()}).placed[0]


def test_tracking_is_pulled_from_wps_and_pushed_to_ebay(sandbox_url, three_distributors,
                                                        sales_order):
    sales_order.account = MarketplaceAccount.objects.create(
        code="ebay", channel="ebay", base_url=sandbox_url, token=EBAY_USER_TOKEN)
    sales_order.save()
    po = placed_with(sales_order, three_distributors["wps"])

    first = pull_tracking()
    outbox_send_due()

    assert first.startswith("1 purchase orders asked, 1 new tracking numbers")
    tracking = DropshipTracking.objects.get(order=po)
    po.refresh_from_db()
    assert po.status == DropshipStatus.SHIPPED
    [push] = pushes_received("ebay", "12-34567-89012")
    assert push.body["trackingNumber"] == tracking.tracking_number
    assert push.body["lineItems"] == [{"lineItemId": "10000000000000", "quantity": 2}]
    tracking.refresh_from_db()
    assert tracking.pushed_at is not None
    sales_order.refresh_from_db()
    assert sales_order.status == SalesOrderStatus.SHIPPED


def test_a_second_pull_adds_nothing_and_pushes_nothing_twice(sandbox_url, three_distributors,
                                                             sales_order):
    sales_order.account = MarketplaceAccount.objects.create(
        code="ebay", channel="ebay", base_url=sandbox_url, token=EBAY_USER_TOKEN)
    sales_order.save()
    placed_with(sales_order, three_distributors["wps"])
    pull_tracking()
    outbox_send_due()

    again = pull_tracking()
    outbox_send_due()

    assert again.startswith("0 purchase orders asked")
    assert len(pushes_received("ebay", "12-34567-89012")) == 1


def test_a_refused_push_stops_and_shows_the_marketplaces_words(sandbox_url, three_distributors,
                                                               sales_order):
    sales_order.account = MarketplaceAccount.objects.create(
        code="ebay", channel="ebay", base_url=sandbox_url, token="expired-token")
    sales_order.save()
    placed_with(sales_order, three_distributors["wps"])
    pull_tracking()

    outbox_send_due()

    message = OutboxMessage.objects.get(kind="marketplace.tracking")
    assert message.status == OutboxStatus.FAILED
    assert "token" in message.last_error.lower()
    sales_order.refresh_from_db()
    assert sales_order.status == SalesOrderStatus.DROPSHIPPED
