"""The simulated supplier's switchboard: settings, faults on the order URL, reset."""

import pytest
import requests

from tests.sandbox.punchout.buyer import CONTROL, Line, document, order_request, status_of

pytestmark = pytest.mark.django_db(transaction=True)


def switch(sandbox_url: str, **settings) -> requests.Response:
    return requests.post(f"{sandbox_url}/_control/punchout/settings", json=settings,
                         headers=CONTROL, timeout=5)


def post_order(sandbox_url: str, data: bytes, timeout: float = 5) -> requests.Response:
    return requests.post(f"{sandbox_url}/punchout/order", data=data,
                         headers={"Content-Type": "text/xml"}, timeout=timeout)


def orders_received(sandbox_url: str) -> list[dict]:
    return requests.get(f"{sandbox_url}/_control/punchout/orders", headers=CONTROL,
                        timeout=5).json()["orders"]


def an_order() -> bytes:
    return document(order_request([Line("B0SBX00001", 3)])[0])


def test_the_switchboard_needs_the_control_header(sandbox_url):
    answers = [requests.get(f"{sandbox_url}/_control/punchout/orders", timeout=5),
               requests.post(f"{sandbox_url}/_control/punchout/settings", json={}, timeout=5),
               requests.post(f"{sandbox_url}/_control/punchout/reset", timeout=5)]

    assert [answer.status_code for answer in answers] == [403, 403, 403]


def test_the_settings_start_from_the_django_settings(sandbox_url, settings):
    shown = requests.get(f"{sandbox_url}/_control/punchout/settings", headers=CONTROL,
                         timeout=5).json()["settings"]

    assert shown["buyer_url"] == settings.SANDBOX_PUNCHOUT_BUYER_URL
    assert shown["reply_seconds"] == settings.SANDBOX_PUNCHOUT_REPLY_SECONDS
    assert (shown["auto_reply"], shown["fault"]) == (False, None)  # the tests' reset


def test_an_unusable_setting_is_refused_with_the_choices(sandbox_url):
    answer = switch(sandbox_url, fault="explode", reply_seconds=-1, colour="red")

    assert answer.status_code == 400
    error = answer.json()["error"]
    assert "fault is null or one of 500, 401, timeout, html" in error
    assert "reply_seconds is a number of seconds" in error
    assert "the settings are buyer_url" in error


def test_a_500_fault_answers_an_html_error_page_and_takes_no_order(sandbox_url):
    switch(sandbox_url, fault="500").raise_for_status()

    answer = post_order(sandbox_url, an_order())

    assert answer.status_code == 500
    assert answer.headers["Content-Type"].startswith("text/html")
    assert orders_received(sandbox_url) == []


def test_a_401_fault_answers_cxml_401_under_http_200(sandbox_url):
    switch(sandbox_url, fault="401").raise_for_status()

    answer = post_order(sandbox_url, an_order())

    assert (answer.status_code, status_of(answer)[0]) == (200, "401")


def test_an_html_fault_answers_an_html_page_under_http_200(sandbox_url):
    switch(sandbox_url, fault="html").raise_for_status()

    answer = post_order(sandbox_url, an_order())

    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith("text/html")
    assert b"<cXML" not in answer.content


def test_a_timeout_fault_takes_the_order_but_answers_too_late(sandbox_url):
    switch(sandbox_url, fault="timeout", fault_seconds=1.5, fault_count=1).raise_for_status()
    data = an_order()

    with pytest.raises(requests.ReadTimeout):
        post_order(sandbox_url, data, timeout=0.5)
    retried = post_order(sandbox_url, data)

    assert status_of(retried)[0] == "200"
    assert len(orders_received(sandbox_url)) == 1


def test_a_fault_with_a_count_applies_to_that_many_posts(sandbox_url):
    switch(sandbox_url, fault="500", fault_count=2).raise_for_status()

    answers = [post_order(sandbox_url, an_order()).status_code for _ in range(3)]
    shown = requests.get(f"{sandbox_url}/_control/punchout/settings", headers=CONTROL,
                         timeout=5).json()["settings"]

    assert answers == [500, 500, 200]
    assert (shown["fault"], shown["fault_count"]) == (None, None)


def test_a_fault_stays_on_until_switched_off(sandbox_url):
    switch(sandbox_url, fault="500").raise_for_status()
    first = [post_order(sandbox_url, an_order()).status_code for _ in range(2)]

    switch(sandbox_url, fault=None).raise_for_status()

    assert first == [500, 500]
    assert post_order(sandbox_url, an_order()).status_code == 200


def test_reset_forgets_orders_and_switches(sandbox_url):
    post_order(sandbox_url, an_order())
    switch(sandbox_url, fault="500").raise_for_status()

    requests.post(f"{sandbox_url}/_control/punchout/reset", headers=CONTROL,
                  timeout=5).raise_for_status()

    assert orders_received(sandbox_url) == []
    assert post_order(sandbox_url, an_order()).status_code == 200
