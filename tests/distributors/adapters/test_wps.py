from decimal import Decimal

import pytest

from distributors.adapters import DistributorRefused, DistributorUnavailable, InvalidRequest
from distributors.adapters.wps import cart_fields
from sandbox.distributors import state
from tests.distributors.adapters.builders import dropship

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def wps(adapter):
    return adapter("wps")


def test_check_reports_stock_per_warehouse_and_the_dealer_price(wps):
    found = wps.check(["87-9204", "72-7044L", "99-0000"])

    gloves = found["87-9204"]
    assert gloves.quantity == 24
    assert gloves.warehouse_quantities["CA"] == 9
    assert gloves.is_capped  # 9 in CA means 9 or more
    assert gloves.cost == Decimal("14.36")
    assert not found["72-7044L"].is_capped
    assert "99-0000" not in found


def test_place_builds_a_cart_adds_the_lines_and_submits_it(wps):
    placed = wps.place(dropship("PO-1001", ("87-9204", 2), ("72-7044L", 1)))

    assert placed.distributor_order_number.startswith("W")
    assert state.calls_received("wps") == [
        "orders_show", "carts", "cart_items", "cart_items", "orders_submit"]
    order = state.order_find("wps", "PO-1001")
    assert order.lines == [("87-9204", 2), ("72-7044L", 1)]
    assert order.ship_to["ship_phone"] == "2085550100"
    assert order.ship_to["ship_via"] == "BEST"


def test_placing_the_same_po_again_returns_the_order_wps_already_has(wps):
    first = wps.place(dropship("PO-1002", ("87-9204", 1)))
    again = wps.place(dropship("PO-1002", ("87-9204", 1)))

    assert again.distributor_order_number == first.distributor_order_number
    assert state.calls_received("wps").count("orders_submit") == 1


def test_a_long_address_is_fitted_to_wps_limits_and_accepted(wps):
    request = dropship(
        "PO-1003", ("87-9204", 1),
        name="Maximiliane Josépha Müller-Lüdenscheidt",
        address1="12345 North Whispering Pines Boulevard", address2="Apartment 1204B",
        city="Rancho Santa Margarita", state="ca", email="x" * 45 + "@example.com")

    wps.place(request)

    sent = state.order_find("wps", "PO-1003").ship_to
    assert sent["ship_name"] == "Maximiliane Josepha Muller-Lud"
    assert sent["ship_address1"] == "12345 North Whispering Pines"
    assert sent["ship_address2"] == "Boulevard"
    assert sent["ship_address3"] == "Apartment 1204B"
    assert sent["ship_city"] == "Rancho Santa"
    assert sent["ship_state"] == "CA"
    assert "email" not in sent  # a clipped address would reach a stranger


def test_a_street_address_beyond_three_lines_is_refused_before_sending(wps):
    request = dropship("PO-1004", ("87-9204", 1),
                       address1="Building 7 Suite 400 Industrial Park Of The Greater Boise "
                                "Metropolitan Area Eastern Section")

    with pytest.raises(InvalidRequest, match="3 lines of 30 characters"):
        wps.place(request)
    assert state.calls_received("wps") == []


def test_a_ship_to_outside_the_united_states_is_refused_before_sending(wps):
    with pytest.raises(InvalidRequest, match="only within the United States"):
        wps.place(dropship("PO-1005", ("87-9204", 1), country="CA"))
    assert state.calls_received("wps") == []


def test_cart_fields_keep_within_every_published_limit():
    fields = cart_fields(dropship("PO-1006", ("87-9204", 1), name="N" * 45, city="C" * 25,
                                  phone="+1 208 555 0100 ext 12345"))

    assert len(fields["ship_name"]) == 30
    assert len(fields["ship_city"]) == 17
    assert len(fields["ship_phone"]) <= 15
    assert fields["comment1"] == "eBay 12-34567-89012"


def test_an_item_wps_cannot_add_discards_the_cart_and_shows_wps_message(wps):
    with pytest.raises(DistributorRefused) as refused:
        wps.place(dropship("PO-1007", ("87-9204", 1), ("370-6402X", 1)))

    assert refused.value.message == (
        "Item 370-6402X is out of stock (0 available, 1 requested) and backorders are not "
        "allowed.")
    assert state.calls_received("wps")[-1] == "cart_delete"
    assert state.cart_find("PO-1007") is None
    assert state.order_find("wps", "PO-1007") is None


def test_a_refused_submission_shows_wps_own_message_and_discards_the_cart(wps):
    state.fault_add("wps", "refuse", operation="orders_submit",
                    message="Your account is on credit hold; call your WPS rep.")

    with pytest.raises(DistributorRefused) as refused:
        wps.place(dropship("PO-1008", ("87-9204", 1)))

    assert refused.value.message == "Your account is on credit hold; call your WPS rep."
    assert state.cart_find("PO-1008") is None


def test_a_server_error_once_is_retried_without_the_caller_noticing(wps):
    state.fault_add("wps", "500", operation="items")

    assert wps.check(["87-9204"])["87-9204"].quantity == 24
    assert state.calls_received("wps") == ["items", "items"]


def test_server_errors_on_every_attempt_make_wps_unavailable(wps):
    state.fault_add("wps", "500", operation="items", count=4)

    with pytest.raises(DistributorUnavailable, match="HTTP 500") as unavailable:
        wps.check(["87-9204"])

    assert state.calls_received("wps") == ["items"] * 4
    assert not unavailable.value.outcome_unknown


def test_throttling_is_waited_out_even_for_the_cart(wps):
    state.fault_add("wps", "429", operation="carts", count=2)

    placed = wps.place(dropship("PO-1009", ("87-9204", 1)))

    assert placed.distributor_order_number
    assert state.calls_received("wps").count("carts") == 3


def test_a_submission_whose_answer_is_lost_is_looked_up_not_sent_twice(adapter):
    wps = adapter("wps", timeout=0.5)
    state.fault_add("wps", "slow", operation="orders_submit", seconds=1.5)

    placed = wps.place(dropship("PO-1010", ("87-9204", 1)))

    assert placed.distributor_order_number == state.order_find("wps", "PO-1010").order_number
    assert state.calls_received("wps").count("orders_submit") == 1


def test_a_wrong_token_is_refused_in_wps_words_without_echoing_it(adapter):
    wps = adapter("wps", api_key="not-the-token")

    with pytest.raises(DistributorRefused) as refused:
        wps.check(["87-9204"])

    assert refused.value.status == 401
    assert refused.value.message == "Unauthenticated."


def test_shipments_report_the_tracking_number_once_the_order_ships(wps):
    wps.place(dropship("PO-1011", ("87-9204", 1)))

    assert wps.shipments("PO-1011") == []
    shipped = wps.shipments("PO-1011")

    assert [shipment.tracking_number for shipment in shipped] == [
        state.order_find("wps", "PO-1011").tracking_number]
    assert shipped[0].carrier == "UPS"  # BEST names no carrier: read from the 1Z number
    assert shipped[0].shipped_at is not None


def test_shipments_of_a_po_wps_does_not_know_are_empty(wps):
    assert wps.shipments("PO-NEVER") == []
