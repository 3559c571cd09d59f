import logging
from decimal import Decimal

import pytest

from distributors.adapters import DistributorRefused, DistributorUnavailable, InvalidRequest
from sandbox.distributors import state
from sandbox.distributors.catalog import TUCKER_API_KEY
from tests.distributors.adapters.builders import dropship

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def tucker(adapter):
    return adapter("tucker")


def test_check_reports_stock_per_distribution_centre_and_price(tucker):
    found = tucker.check(["101-2345", "650-1122", "000-0000"])

    gloves = found["101-2345"]
    assert gloves.quantity == 13
    assert gloves.warehouse_quantities == {"FORT WORTH": 9, "LEWISVILLE": 4, "FRANKLIN": 0}
    assert gloves.is_capped
    assert gloves.cost == Decimal("12.50")
    assert not found["650-1122"].is_capped
    assert "000-0000" not in found
    assert state.calls_received("tucker") == ["INV", "PRC"]


def test_place_sends_an_order_that_refuses_duplicate_pos(tucker):
    placed = tucker.place(dropship("PO-3001", ("101-2345", 2)))

    order = state.order_find("tucker", "PO-3001")
    assert placed.distributor_order_number == order.order_number
    assert order.lines == [("1012345", 2)]  # sent without dashes
    with pytest.raises(DistributorRefused, match="Duplicate PO number PO-3001"):
        tucker.place(dropship("PO-3001", ("101-2345", 2)))


def test_a_line_tucker_cannot_fill_is_refused_with_its_line_message(tucker):
    with pytest.raises(DistributorRefused) as refused:
        tucker.place(dropship("PO-3002", ("650-1122", 5)))

    assert refused.value.message == "Order not submitted. (6501122: Item not available)"


def test_a_ship_to_outside_the_united_states_is_refused_before_sending(tucker):
    with pytest.raises(InvalidRequest, match="United States only"):
        tucker.place(dropship("PO-3003", ("101-2345", 1), country="MX"))
    assert state.calls_received("tucker") == []


def test_a_server_error_on_the_order_is_retried_safely(tucker):
    state.fault_add("tucker", "500", operation="ORD")

    placed = tucker.place(dropship("PO-3004", ("101-2345", 1)))

    assert placed.distributor_order_number
    assert state.calls_received("tucker") == ["ORD", "ORD"]


def test_a_duplicate_refusal_after_a_lost_answer_is_reported_as_unknown(adapter):
    tucker = adapter("tucker", timeout=0.5)
    state.fault_add("tucker", "slow", operation="ORD", seconds=1.5)

    with pytest.raises(DistributorUnavailable, match="order history") as unavailable:
        tucker.place(dropship("PO-3005", ("101-2345", 1)))

    assert unavailable.value.outcome_unknown
    assert state.order_find("tucker", "PO-3005") is not None  # the first attempt got through


def test_throttling_on_every_attempt_makes_tucker_unavailable(tucker):
    state.fault_add("tucker", "429", operation="INV", count=4)

    with pytest.raises(DistributorUnavailable, match="HTTP 429"):
        tucker.check(["101-2345"])
    assert state.calls_received("tucker") == ["INV"] * 4


def test_a_wrong_key_is_refused_and_never_appears_in_messages_or_logs(adapter, caplog):
    caplog.set_level(logging.DEBUG)  # urllib3 included: it logs the request line
    tucker = adapter("tucker", account_number="000000")

    with pytest.raises(DistributorRefused) as refused:
        tucker.check(["101-2345"])

    assert refused.value.message == "Invalid API key or customer number."
    assert TUCKER_API_KEY not in caplog.text
    assert "apikey" in caplog.text  # the parameters were logged, masked


def test_shipments_report_the_tracking_number_once_the_order_ships(tucker):
    placed = tucker.place(dropship("PO-3006", ("101-2345", 1)))

    assert tucker.shipments("PO-3006", placed.distributor_order_number) == []
    shipped = tucker.shipments("PO-3006", placed.distributor_order_number)

    assert [shipment.tracking_number for shipment in shipped] == [
        state.order_find("tucker", "PO-3006").tracking_number]
    assert shipped[0].carrier == "UPS"


def test_shipments_need_tuckers_order_number(tucker):
    assert tucker.shipments("PO-3007") == []
    assert state.calls_received("tucker") == []
