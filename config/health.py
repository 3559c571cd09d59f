"""GET /health/: database, task cluster heartbeat and the freshness of every schedule."""

from datetime import datetime

from django.db import DatabaseError, connection
from django.db.models import Max
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_q.models import Schedule, Success

HEARTBEAT_SCHEDULE = "cluster-heartbeat"


def _age(moment: datetime | None) -> dict:
    if moment is None:
        return {"at": None, "age_seconds": None}
    return {"at": moment.isoformat(), "age_seconds": int((timezone.now() - moment).total_seconds())}


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def schedule_freshness() -> list[dict]:
    names = list(Schedule.objects.order_by("name").values_list("name", "func", "next_run"))
    last = dict(Success.objects.filter(group__in=[n for n, _, _ in names])
                .values("group").annotate(last=Max("stopped")).values_list("group", "last"))
    return [{"name": name, "func": func, "next_run": next_run and next_run.isoformat(),
             "last_success": _age(last.get(name))} for name, func, next_run in names]


@never_cache
@require_GET
def health(request):
    if not _database_ok():
        return JsonResponse({"status": "down", "database": {"ok": False}}, status=503)
    schedules = schedule_freshness()
    heartbeat = next((s["last_success"] for s in schedules if s["name"] == HEARTBEAT_SCHEDULE),
                     _age(None))
    return JsonResponse({"status": "ok", "database": {"ok": True},
                         "cluster": {"last_heartbeat": heartbeat}, "schedules": schedules})
