import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from orders.models import ApiPage, OutboxMessage, OutboxStatus, PageStatus, PurchaseOrder
from orders.models import PurchaseOrderStatus as S
from tests.factories import OutboxMessageFactory, VendorAccountFactory

pytestmark = pytest.mark.django_db


def test_staff_apply_a_repaired_page_again_from_the_admin(admin_client):
    account = VendorAccountFactory()
    broken = ApiPage.objects.create(account=account, operation="getPurchaseOrders",
                                    body="<html>oops</html>", status=PageStatus.ERROR)
    fixed = ApiPage.objects.create(account=account, operation="getPurchaseOrders",
                                   body='{"payload": {"orders": []}}', status=PageStatus.ERROR)
    page = admin_client.post(reverse("admin:orders_apipage_changelist"), {
        "action": "apply_again", "_selected_action": [broken.pk, fixed.pk]}, follow=True)
    shown = [message.message for message in page.context["messages"]]
    assert shown[0] == "1 page applied again."
    assert shown[1].startswith(f"page {broken.pk}: JSONDecodeError")
    fixed.refresh_from_db()
    assert fixed.status == PageStatus.APPLIED


def test_staff_resend_a_failed_message_and_the_history_stays(admin_client):
    failed = OutboxMessageFactory(status=OutboxStatus.FAILED, last_error="refused")
    admin_client.post(reverse("admin:orders_outboxmessage_changelist"), {
        "action": "resend", "_selected_action": [failed.pk]})
    assert OutboxMessage.objects.count() == 2
    assert json.dumps(OutboxMessage.objects.exclude(pk=failed.pk).get().payload) == json.dumps(
        failed.payload)


@pytest.mark.django_db(transaction=True)
def test_staff_pull_and_decide_from_the_vendor_account_page(admin_client, demo_account,
                                                            stocked_catalog):
    demo_account.last_pull_at = timezone.now() - timedelta(hours=2)
    demo_account.save()
    admin_client.post(reverse("admin:orders_vendoraccount_changelist"), {
        "action": "pull_now", "_selected_action": [demo_account.pk]})
    orders = PurchaseOrder.objects.filter(account=demo_account)
    assert orders.exists()  # the test cluster runs tasks at once
    assert not orders.filter(status=S.NEW).exists()
    demo_account.refresh_from_db()
    assert demo_account.last_pull_at > timezone.now() - timedelta(minutes=1)
