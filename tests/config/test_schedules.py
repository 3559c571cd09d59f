import pytest
from django.core.management import call_command
from django_q.models import Schedule

from config.schedules import SCHEDULES

pytestmark = pytest.mark.django_db


def test_setup_schedules_installs_every_job_once(capsys):
    call_command("setup_schedules")
    call_command("setup_schedules")
    names = list(Schedule.objects.values_list("name", flat=True))
    assert sorted(names) == sorted(job.name for job in SCHEDULES)
    assert f"0 created, {len(SCHEDULES)} updated" in capsys.readouterr().out


def test_setup_schedules_repairs_an_edited_job_and_keeps_staff_schedules():
    Schedule.objects.create(name="cluster-heartbeat", func="wrong.func", minutes=60,
                            schedule_type=Schedule.MINUTES)
    Schedule.objects.create(name="staff-made", func="config.tasks.heartbeat",
                            schedule_type=Schedule.DAILY)
    call_command("setup_schedules")
    assert Schedule.objects.get(name="cluster-heartbeat").func == "config.tasks.heartbeat"
    assert Schedule.objects.filter(name="staff-made").exists()


def test_new_schedules_wait_for_their_first_slot():
    call_command("setup_schedules")
    prune = Schedule.objects.get(name="prune-task-results")
    assert (prune.next_run.hour, prune.next_run.minute) == (3, 17)
