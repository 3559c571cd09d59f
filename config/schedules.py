"""Every recurring job, defined in code and installed by `manage.py setup_schedules`."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_q.models import Schedule

FIRST_RUN_DELAY = timedelta(minutes=1)


@dataclass(frozen=True)
class ScheduledJob:
    name: str
    func: str
    schedule_type: str
    minutes: int | None = None
    cron: str | None = None
    cluster: str | None = None
    q_options: dict = field(default_factory=dict)


SCHEDULES: list[ScheduledJob] = [
    ScheduledJob("cluster-heartbeat", "config.tasks.heartbeat", Schedule.MINUTES, minutes=1),
    ScheduledJob("prune-task-results", "config.tasks.prune_task_results", Schedule.CRON,
                 cron="17 3 * * *"),
    ScheduledJob("vc-pull-orders", "orders.tasks.pull_orders", Schedule.MINUTES, minutes=15),
    ScheduledJob("vc-autoconfirm", "orders.tasks.autoconfirm", Schedule.MINUTES, minutes=5),
    ScheduledJob("vc-pull-shipments", "orders.tasks.pull_shipments", Schedule.MINUTES,
                 minutes=30),
    ScheduledJob("outbox-send", "orders.tasks.send_outbox", Schedule.MINUTES, minutes=1),
    ScheduledJob("edi-poll-sftp", "edi.tasks.poll_sftp_channels", Schedule.MINUTES, minutes=5),
    ScheduledJob("edi-poll-ftp", "edi.tasks.poll_ftp_channels", Schedule.MINUTES, minutes=10),
    ScheduledJob("distributor-feeds", "distributors.tasks.import_feeds", Schedule.CRON,
                 cron="15 2 * * *"),
    ScheduledJob("marketplace-orders", "orders.tasks.pull_sales_orders", Schedule.MINUTES,
                 minutes=15),
    ScheduledJob("dropship-tracking", "distributors.tasks.pull_tracking", Schedule.MINUTES,
                 minutes=30),
    ScheduledJob("vc-check-transactions", "orders.tasks.check_transactions", Schedule.MINUTES,
                 minutes=2),
]


def _defaults(job: ScheduledJob) -> dict:
    return {
        "func": job.func, "schedule_type": job.schedule_type, "minutes": job.minutes,
        "cron": job.cron, "cluster": job.cluster, "repeats": -1,
        "kwargs": f"{{'q_options': {job.q_options!r}}}" if job.q_options else "",
    }


@transaction.atomic
def schedules_install(jobs: list[ScheduledJob] = SCHEDULES) -> tuple[int, int]:
    """Create or update each job by name; returns (created, updated). Staff-made schedules stay."""
    created = updated = 0
    for job in jobs:
        schedule, was_created = Schedule.objects.update_or_create(name=job.name,
                                                                   defaults=_defaults(job))
        if was_created:
            # Interval jobs start within a minute (a fresh install shows orders arriving);
            # clock-time jobs wait for their slot instead of firing during installation.
            now = timezone.now()
            schedule.next_run = now + FIRST_RUN_DELAY if job.schedule_type == Schedule.MINUTES \
                else schedule.calculate_next_run(now)
            schedule.save(update_fields=["next_run"])
        created += was_created
        updated += not was_created
    return created, updated
