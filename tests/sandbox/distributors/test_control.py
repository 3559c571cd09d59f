"""The switchboard tests and the demo use to make the simulated distributors misbehave."""

import pytest
import requests

from sandbox.distributors import state
from sandbox.distributors.catalog import WPS_TOKEN
from tests.sandbox.distributors.conftest import CONTROL

pytestmark = pytest.mark.django_db(transaction=True)
AUTH = {"Authorization": f"Bearer {WPS_TOKEN}"}


def test_the_switchboard_needs_the_control_header(sandbox_url):
    answer = requests.get(f"{sandbox_url}/_control/distributors/faults", timeout=5)

    assert answer.status_code == 403


def test_a_fault_switched_on_over_http_answers_the_next_calls(sandbox_url):
    spec = {"simulator": "wps", "kind": "429", "operation": "items", "count": 1, "seconds": 2}
    added = requests.post(f"{sandbox_url}/_control/distributors/faults", json=spec,
                          headers=CONTROL, timeout=5)

    throttled = requests.get(f"{sandbox_url}/wps/items", headers=AUTH, timeout=5)
    answered = requests.get(f"{sandbox_url}/wps/items", headers=AUTH, timeout=5)

    assert added.status_code == 201
    assert (throttled.status_code, throttled.headers["Retry-After"]) == (429, "2")
    assert answered.status_code == 200


def test_an_unknown_fault_kind_is_refused_with_the_choices(sandbox_url):
    answer = requests.post(f"{sandbox_url}/_control/distributors/faults",
                           json={"simulator": "wps", "kind": "explode"}, headers=CONTROL,
                           timeout=5)

    assert answer.status_code == 400
    assert "500, 429, refuse, slow" in answer.json()["error"]


def test_a_part_made_unavailable_shows_no_stock(sandbox_url):
    requests.post(f"{sandbox_url}/_control/distributors/unavailable",
                  json={"simulator": "wps", "part_number": "87-9204"}, headers=CONTROL,
                  timeout=5).raise_for_status()

    answer = requests.get(f"{sandbox_url}/wps/items", params={
        "filter[sku]": "87-9204", "include": "inventory"}, headers=AUTH, timeout=5).json()

    assert answer["data"][0]["inventory"]["data"]["total"] == 0


def test_orders_can_ship_on_the_first_lookup(sandbox_url):
    requests.post(f"{sandbox_url}/_control/distributors/shipping",
                  json={"ship_after_lookups": 0}, headers=CONTROL, timeout=5).raise_for_status()
    order = state.order_add("wps", po_number="PO-9", order_number="W1", lines=[],
                            ship_to={}, ship_via="BEST")

    state.order_looked_up(order)

    assert order.is_shipped


def test_reset_forgets_orders_and_faults(sandbox_url):
    state.fault_add("wps", "500")
    state.order_add("wps", po_number="PO-9", order_number="W1", lines=[], ship_to={},
                    ship_via="BEST")

    requests.post(f"{sandbox_url}/_control/distributors/reset", headers=CONTROL,
                  timeout=5).raise_for_status()

    assert state.faults_active() == []
    assert state.order_find("wps", "PO-9") is None
