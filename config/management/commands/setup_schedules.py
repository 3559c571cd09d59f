from django.core.management.base import BaseCommand

from config.schedules import SCHEDULES, schedules_install


class Command(BaseCommand):
    help = "Install or update every recurring job by name (idempotent; staff-made schedules stay)."

    def handle(self, *args, **options):
        created, updated = schedules_install()
        names = ", ".join(job.name for job in SCHEDULES)
        self.stdout.write(f"schedules: {created} created, {updated} updated ({names})")
