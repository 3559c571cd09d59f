from datetime import timedelta

import pytest
from django.utils import timezone

from orders.models import OutboxMessage, OutboxStatus
from orders.services import outbox
from tests.orders import partner_double as partner

pytestmark = pytest.mark.django_db
KIND = "test.partner"


@pytest.fixture(autouse=True)
def _partner(monkeypatch):
    monkeypatch.setitem(outbox.KINDS, KIND, outbox.OutboxKind(
        send=f"{partner.__name__}.send", accepted=f"{partner.__name__}.accepted",
        failed=f"{partner.__name__}.failed"))
    partner.received.clear()
    partner.followed_up.clear()
    partner.answer["mode"] = "ok"


def message(**values) -> OutboxMessage:
    return OutboxMessage.objects.create(kind=KIND, key=f"k{OutboxMessage.objects.count()}",
                                        payload={"hello": 1}, **values)


def test_a_message_is_sent_once_however_often_the_task_runs():
    msg = message()
    outbox.outbox_send(msg.pk)
    outbox.outbox_send(msg.pk)
    outbox.outbox_send_due()
    msg.refresh_from_db()
    assert partner.received == [msg.pk]
    assert (msg.status, msg.transaction_id, msg.attempts) == (OutboxStatus.SENT, f"TX-{msg.pk}", 1)


def test_a_passing_failure_waits_and_then_retries():
    msg = message()
    partner.answer["mode"] = "busy"
    outbox.outbox_send(msg.pk)
    msg.refresh_from_db()
    assert msg.status == OutboxStatus.PENDING
    assert "503" in msg.last_error
    assert msg.next_attempt_at > timezone.now()

    partner.answer["mode"] = "ok"
    assert outbox.outbox_send_due() == 0  # not due yet
    OutboxMessage.objects.filter(pk=msg.pk).update(next_attempt_at=timezone.now())
    assert outbox.outbox_send_due() == 1
    assert partner.received == [msg.pk]


def test_a_permanent_error_stops_shows_and_follows_up():
    msg = message()
    partner.answer["mode"] = "refuse"
    outbox.outbox_send(msg.pk)
    msg.refresh_from_db()
    assert (msg.status, msg.last_error) == (OutboxStatus.FAILED,
                                            "InvalidInput: the payload is wrong")
    assert partner.followed_up == [("failed", msg.pk)]


def test_retries_end_after_the_last_attempt():
    msg = message(attempts=outbox.MAX_ATTEMPTS - 1)
    partner.answer["mode"] = "busy"
    outbox.outbox_send(msg.pk)
    msg.refresh_from_db()
    assert msg.status == OutboxStatus.FAILED


def test_a_message_left_sending_by_a_dead_worker_is_stopped_not_resent():
    msg = message(status=OutboxStatus.SENDING,
                  claimed_at=timezone.now() - outbox.SENDING_LEASE - timedelta(minutes=1))
    outbox.outbox_send_due()
    msg.refresh_from_db()
    assert msg.status == OutboxStatus.FAILED
    assert "unknown" in msg.last_error
    assert partner.received == []


def test_resending_a_failed_message_keeps_its_history():
    msg = message(status=OutboxStatus.FAILED, last_error="refused")
    copy = outbox.outbox_resend(msg)
    outbox.outbox_send(copy.pk)
    msg.refresh_from_db()
    assert msg.status == OutboxStatus.FAILED
    assert partner.received == [copy.pk]


def test_the_partners_final_word_runs_the_follow_up():
    msg = message(status=OutboxStatus.SENT)
    outbox.outbox_finish(msg, accepted=True)
    assert msg.status == OutboxStatus.ACCEPTED
    assert partner.followed_up == [("accepted", msg.pk)]


def test_new_messages_go_out_at_once_without_waiting_behind_older_ones(
        django_capture_on_commit_callbacks):
    older = message()  # pending: the schedule sends it when it next runs
    with django_capture_on_commit_callbacks(execute=True):
        [added] = outbox.outbox_add([OutboxMessage(kind=KIND, key="new", payload={})])
    assert partner.received == [added.pk]
    older.refresh_from_db()
    assert older.status == OutboxStatus.PENDING
    assert outbox.outbox_send_due() == 1
    assert partner.received == [added.pk, older.pk]
