import pytest

from distributors.adapters import DistributorRefused, DistributorUnavailable
from sandbox.distributors import state
from tests.distributors.adapters.builders import dropship

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def parts_unlimited(adapter):
    return adapter("parts_unlimited")


def test_check_has_no_live_call_and_returns_nothing(parts_unlimited):
    assert parts_unlimited.check(["0712-0999"]) == {}
    assert state.calls_received("parts_unlimited") == []


def test_place_sends_one_drop_ship_order_with_the_country(parts_unlimited):
    placed = parts_unlimited.place(dropship("PO-2001", ("0712-0999", 2)))

    assert placed.raw == {"status_code": 202, "status_message": "Order received."}
    order = state.order_find("parts_unlimited", "PO-2001")
    assert order.lines == [("0712-0999", 2)]
    assert order.ship_to["country"] == "US"
    assert order.ship_to["address_line_1"] == "12 Main St"
    assert order.ship_via == "ground"


def test_an_unknown_part_is_refused_in_parts_unlimited_words(parts_unlimited):
    with pytest.raises(DistributorRefused) as refused:
        parts_unlimited.place(dropship("PO-2002", ("9999-0000", 1)))

    assert refused.value.message == "Part number 9999-0000 is not a valid part."
    assert refused.value.status == 400


def test_a_second_order_with_the_same_po_is_refused(parts_unlimited):
    parts_unlimited.place(dropship("PO-2003", ("0712-0999", 1)))

    with pytest.raises(DistributorRefused, match="already been submitted"):
        parts_unlimited.place(dropship("PO-2003", ("0712-0999", 1)))


def test_a_refusal_carries_the_status_message_verbatim(parts_unlimited):
    state.fault_add("parts_unlimited", "refuse", operation="dropship",
                    message="Dealer account SBX100 is not set up for drop-ship.")

    with pytest.raises(DistributorRefused) as refused:
        parts_unlimited.place(dropship("PO-2004", ("0712-0999", 1)))

    assert refused.value.message == "Dealer account SBX100 is not set up for drop-ship."


def test_a_server_error_is_not_repeated_because_the_order_may_exist(parts_unlimited):
    state.fault_add("parts_unlimited", "500", operation="dropship", count=4)

    with pytest.raises(DistributorUnavailable, match="dealer portal") as unavailable:
        parts_unlimited.place(dropship("PO-2005", ("0712-0999", 1)))

    assert unavailable.value.outcome_unknown
    assert state.calls_received("parts_unlimited") == ["dropship"]


def test_throttling_is_waited_out_then_the_order_is_placed(parts_unlimited):
    state.fault_add("parts_unlimited", "429", operation="dropship", count=3)

    parts_unlimited.place(dropship("PO-2006", ("0712-0999", 1)))

    assert state.calls_received("parts_unlimited") == ["dropship"] * 4
    assert state.order_find("parts_unlimited", "PO-2006") is not None


def test_throttling_on_every_attempt_makes_parts_unlimited_unavailable(parts_unlimited):
    state.fault_add("parts_unlimited", "429", operation="dropship", count=4)

    with pytest.raises(DistributorUnavailable, match="HTTP 429") as unavailable:
        parts_unlimited.place(dropship("PO-2007", ("0712-0999", 1)))

    assert not unavailable.value.outcome_unknown  # a throttled request never ran


def test_a_wrong_api_key_is_refused(adapter):
    with pytest.raises(DistributorRefused) as refused:
        adapter("parts_unlimited", api_key="WRONG").place(dropship("PO-2008", ("0712-0999", 1)))

    assert (refused.value.status, refused.value.message) == (401, "Invalid API key.")


def test_shipments_are_not_available_through_the_dealer_api(parts_unlimited):
    parts_unlimited.place(dropship("PO-2009", ("0712-0999", 1)))

    assert parts_unlimited.shipments("PO-2009") == []
