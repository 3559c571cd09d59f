import json

import pytest
from django.urls import reverse

from orders.models import ApiPage, OutboxMessage, OutboxStatus, PageStatus
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
