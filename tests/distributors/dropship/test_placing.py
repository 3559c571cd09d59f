"""Confirming a drop-ship: one purchase order per distributor, only once it accepted."""

from distributors.models import DropshipOrder
from distributors.routing import route
from distributors.selectors import line_candidates
from distributors.services.dropship import dropship_place
from orders.models import OutboxMessage, OutboxStatus, SalesOrderStatus
from sandbox.distributors import state


def choose(order, item) -> dict[int, str]:
    return {line.pk: f"item:{item.pk}" for line in order.lines.all()}


def test_routing_picks_the_lowest_landed_cost(three_distributors, sales_order):
    line = sales_order.lines.get()
    candidates = line_candidates([line])[line.pk]
    assert [c.distributor for c in candidates] == ["Automatic", "Parts Unlimited",
                                                   "Western Power Sports"]
    chosen = route(line.quantity, candidates)
    assert chosen.chosen.part_number == "07120999"
    assert chosen.reason == "Lowest landed cost: 7.02 (7.02 + 0.00 fee)."


def test_the_purchase_order_exists_once_the_distributor_accepted(three_distributors,
                                                                 sales_order):
    result = dropship_place(order=sales_order, choices=choose(sales_order,
                                                               three_distributors["pu"]))

    assert result.refused == []
    [po] = result.placed
    assert (po.distributor.code, po.status, po.lines.get().quantity) == ("pu", "placed", 2)
    assert po.lines.get().part_number == "07120999"
    assert [order.po_number for order in state.orders_placed("parts_unlimited")] == [
        po.po_number]
    sales_order.refresh_from_db()
    assert sales_order.status == SalesOrderStatus.DROPSHIPPED
    message = OutboxMessage.objects.get(kind="distributor.order")
    assert message.status == OutboxStatus.ACCEPTED


def test_swapping_to_another_distributor_orders_its_own_part(three_distributors, sales_order):
    [po] = dropship_place(order=sales_order, choices=choose(
        sales_order, three_distributors["wps"])).placed

    assert po.distributor.code == "wps"
    assert po.lines.get().part_number == "87-9204"
    assert po.distributor_order_number
    assert len(po.po_number) <= 22


def test_a_refusal_shows_the_distributors_own_message_and_creates_nothing(
        three_distributors, sales_order):
    state.fault_add("automatic", "refuse", operation="create",
                    message="Dealer account on credit hold.")

    result = dropship_place(order=sales_order, choices=choose(
        sales_order, three_distributors["automatic"]))

    assert result.placed == []
    assert result.refused == ["Automatic refused the order: Dealer account on credit hold."]
    assert not DropshipOrder.objects.exists()
    sales_order.refresh_from_db()
    assert sales_order.status == SalesOrderStatus.OPEN


def test_a_missing_account_prerequisite_stops_the_order_with_the_fix(three_distributors,
                                                                    sales_order):
    wps = three_distributors["wps"].warehouse.distributor
    wps.tax_id = ""
    wps.save()

    result = dropship_place(order=sales_order, choices=choose(sales_order,
                                                               three_distributors["wps"]))

    assert not result.placed
    assert "WPS drop-ships only for accounts with a tax id" in result.refused[0]
    assert state.orders_placed("wps") == []


def test_the_live_stock_check_catches_what_the_nightly_file_missed(three_distributors,
                                                                   sales_order):
    state.part_make_unavailable("wps", "87-9204")

    result = dropship_place(order=sales_order, choices=choose(sales_order,
                                                               three_distributors["wps"]))

    assert not result.placed
    assert result.refused == ["Western Power Sports: Western Power Sports now has 0 of 87-9204 "
                              "(the nightly file said more); choose another source."]
