import json
from datetime import timedelta

import pytest
from django.utils import timezone

from orders.models import ApiPage, PageStatus, PurchaseOrder
from orders.services.pulling import orders_pull, page_apply, windows
from tests.factories import VendorAccountFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_pull_stores_every_page_raw_and_creates_the_orders(demo_account):
    result = orders_pull(account=demo_account, since=timezone.now() - timedelta(hours=2))
    orders = PurchaseOrder.objects.filter(account=demo_account)
    assert result.created == orders.count() >= 7
    assert all(order.lines.exists() and order.ship_to for order in orders)
    pages = ApiPage.objects.filter(account=demo_account)
    assert pages.count() == result.pages
    assert {p.status for p in pages} == {PageStatus.APPLIED}
    first = json.loads(pages.earliest("id").body)["payload"]["orders"]
    assert {o["purchaseOrderNumber"] for o in first} <= set(
        orders.values_list("po_number", flat=True))
    demo_account.refresh_from_db()
    assert demo_account.last_pull_at
    assert demo_account.last_error == ""


def test_a_second_pull_of_the_same_window_creates_nothing(demo_account):
    since = timezone.now() - timedelta(hours=2)
    orders_pull(account=demo_account, since=since)
    count = PurchaseOrder.objects.count()
    assert orders_pull(account=demo_account, since=since).created == 0
    assert PurchaseOrder.objects.count() == count


def test_an_account_sees_only_its_own_vendor_code(spapi_sandbox):
    other = VendorAccountFactory(code="OTHER", selling_party_id="OTHER")
    assert orders_pull(account=other, since=timezone.now() - timedelta(hours=2)).created == 0


def test_ship_to_parties_become_fixed_locations_with_addresses(demo_account):
    orders_pull(account=demo_account, since=timezone.now() - timedelta(hours=2))
    ship_to = PurchaseOrder.objects.first().ship_to
    assert ship_to.code
    assert ship_to.city
    assert ship_to.country_code


def test_long_ranges_are_walked_in_windows_of_at_most_seven_days():
    start = timezone.now() - timedelta(days=20)
    spans = list(windows(start, timezone.now()))
    assert len(spans) == 3
    assert all(end - begin <= timedelta(days=7) for begin, end in spans)
    assert spans[0][0] == start
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:], strict=False))


def test_a_bad_page_is_kept_with_its_reason_and_can_be_applied_again(demo_account):
    body = {"payload": {"orders": [{"purchaseOrderNumber": "BAD00001",
                                    "purchaseOrderState": "New",
                                    "orderDetails": {"purchaseOrderDate": "yesterday",
                                                     "items": []}}]}}
    page = ApiPage.objects.create(account=demo_account, operation="getPurchaseOrders",
                                  body=json.dumps(body))
    result = page_apply(page)
    assert page.status == PageStatus.ERROR
    assert "'yesterday' is not an ISO 8601" in page.error
    assert result.page_errors
    assert not PurchaseOrder.objects.filter(po_number="BAD00001")

    body["payload"]["orders"][0]["orderDetails"]["purchaseOrderDate"] = "2026-11-20T10:00:00Z"
    page.body = json.dumps(body)
    page_apply(page)
    assert page.status == PageStatus.APPLIED
    assert PurchaseOrder.objects.filter(po_number="BAD00001").exists()
