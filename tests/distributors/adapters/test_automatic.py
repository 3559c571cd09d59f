import pytest

from distributors.adapters import (
    DistributorRefused,
    DistributorUnavailable,
    InvalidRequest,
    adapter_for,
)
from sandbox.distributors import state
from tests.distributors.adapters.builders import dropship

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def automatic(adapter):
    return adapter("automatic")


def test_check_has_no_public_live_call_and_returns_nothing(automatic):
    assert automatic.check(["AD-55010"]) == {}


def test_place_creates_the_order_with_its_ship_to_address(automatic):
    placed = automatic.place(dropship("PO-4001", ("AD-55010", 1)))

    order = state.order_find("automatic", "PO-4001")
    assert placed.distributor_order_number == order.order_number
    assert order.ship_to["zip"] == "83702"
    assert order.ship_to["phone"] == "2085550100"
    assert state.calls_received("automatic") == ["lookup", "create"]


def test_a_po_number_of_23_characters_is_refused_before_sending(automatic):
    with pytest.raises(InvalidRequest, match="1 to 22 printable ASCII characters"):
        automatic.place(dropship("PO-" + "1" * 20, ("AD-55010", 1)))
    assert state.calls_received("automatic") == []


def test_a_po_number_of_22_characters_is_accepted(automatic):
    automatic.place(dropship("PO-" + "1" * 19, ("AD-55010", 1)))

    assert state.order_find("automatic", "PO-" + "1" * 19) is not None


def test_a_po_number_outside_ascii_is_refused_before_sending(automatic):
    with pytest.raises(InvalidRequest):
        automatic.place(dropship("PO-Ü4002", ("AD-55010", 1)))
    assert state.calls_received("automatic") == []


def test_an_unavailable_part_is_refused_in_automatics_words(automatic):
    state.part_make_unavailable("automatic", "AD-55010")

    with pytest.raises(DistributorRefused) as refused:
        automatic.place(dropship("PO-4003", ("AD-55010", 1)))

    assert refused.value.message == "Sku AD-55010 is out of stock."


def test_a_lost_answer_to_create_is_looked_up_not_sent_twice(adapter):
    automatic = adapter("automatic", timeout=0.5)
    state.fault_add("automatic", "slow", operation="create", seconds=1.5)

    placed = automatic.place(dropship("PO-4004", ("AD-55010", 1)))

    assert placed.distributor_order_number == state.order_find("automatic", "PO-4004").order_number
    assert state.calls_received("automatic").count("create") == 1


def test_server_errors_on_every_lookup_make_automatic_unavailable(automatic):
    state.fault_add("automatic", "500", operation="lookup", count=4)

    with pytest.raises(DistributorUnavailable, match="HTTP 500"):
        automatic.shipments("PO-4005")
    assert state.calls_received("automatic") == ["lookup"] * 4


def test_shipments_report_the_tracking_number_once_the_order_ships(automatic):
    automatic.place(dropship("PO-4006", ("AD-55020", 2)))

    assert automatic.shipments("PO-4006") == []
    shipped = automatic.shipments("PO-4006")

    assert [shipment.tracking_number for shipment in shipped] == [
        state.order_find("automatic", "PO-4006").tracking_number]
    assert shipped[0].shipped_at is not None


def test_a_wrong_token_is_refused(adapter):
    with pytest.raises(DistributorRefused) as refused:
        adapter("automatic", api_key="wrong").shipments("PO-4007")

    assert refused.value.status == 401
    assert refused.value.message == "The API token is missing or not valid."


def test_automatic_has_no_default_address():
    with pytest.raises(ValueError, match="enter the base URL"):
        adapter_for("automatic", base_url="", api_key="token")
