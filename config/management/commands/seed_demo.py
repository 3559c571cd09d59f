import secrets

from django.conf import settings
from django.core.management.base import BaseCommand

from config.demo import demo_seed


class Command(BaseCommand):
    help = ("Load demo data (idempotent): an admin and one user per role, SKUs with rules, a "
            "vendor account on the sandbox, orders, distributors, suppliers, a cart, an EDI file.")

    def add_arguments(self, parser):
        parser.add_argument("--password", default=settings.DEMO_ADMIN_PASSWORD,
                            help="Password for every demo user (default: DEMO_ADMIN_PASSWORD, "
                                 "else a new random one).")

    def handle(self, *args, password: str, **options):
        password = password or secrets.token_urlsafe(12)
        logins = demo_seed(password=password)
        url = f"http://127.0.0.1:{settings.PORT}/admin/"
        users = ", ".join(f"{login.username} ({login.role})" for login in logins)
        self.stdout.write(f"demo data loaded. Admin: {url}  user: {logins[0].username}  "
                          f"password: {password}\n  same password for: {users}")
