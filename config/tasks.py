"""Housekeeping tasks of the task cluster itself."""

from datetime import timedelta

from django.utils import timezone
from django_q.models import Failure, Success


def heartbeat() -> str:
    """A scheduled no-op: its last success is the cluster's proof of life on /health/."""
    return timezone.now().isoformat()


def prune_task_results(keep_days: int = 30) -> int:
    cutoff = timezone.now() - timedelta(days=keep_days)
    deleted_ok, _ = Success.objects.filter(stopped__lt=cutoff).delete()
    deleted_failed, _ = Failure.objects.filter(stopped__lt=cutoff).delete()
    return deleted_ok + deleted_failed
