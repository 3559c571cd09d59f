from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class BackofficeConfig(AppConfig):
    """Cross-cutting parts: roles, schedules, health, demo data, encrypted fields."""

    name = "config"
    label = "backoffice"
    verbose_name = _("Back office")

    def ready(self) -> None:
        from config.roles import roles_sync_after_migrate

        # Permissions of models added by later migrations reach the roles without a new data
        # migration each time.
        post_migrate.connect(roles_sync_after_migrate, dispatch_uid="backoffice-roles-sync")
