import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone
from django_q.brokers import get_broker
from django_q.models import Schedule
from django_q.scheduler import scheduler

from config.schedules import SCHEDULES

pytestmark = pytest.mark.django_db


def test_health_reports_database_and_every_schedule(client):
    call_command("setup_schedules")
    body = client.get("/health/").json()
    assert body["status"] == "ok"
    assert body["database"] == {"ok": True}
    assert {s["name"] for s in body["schedules"]} == {job.name for job in SCHEDULES}
    assert body["cluster"]["last_heartbeat"] == {"at": None, "age_seconds": None}


def test_health_shows_the_heartbeat_once_the_cluster_ran_it(client):
    call_command("setup_schedules")
    Schedule.objects.filter(name="cluster-heartbeat").update(next_run=timezone.now())
    scheduler(broker=get_broker())  # the cluster's own scheduler; tasks run inline in tests
    heartbeat = client.get("/health/").json()["cluster"]["last_heartbeat"]
    assert heartbeat["at"] is not None
    assert 0 <= heartbeat["age_seconds"] < 60


def test_health_answers_503_when_the_database_is_unreachable(client, monkeypatch):
    def refuse(self):
        raise OperationalError("connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["database"] == {"ok": False}
