"""Creates the staff roles (groups) with their permissions.

Permissions are normally created after all migrations ran (post_migrate); they are created here
first so that the groups get them on the very first `migrate`.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from config.roles import ROLE_PERMISSIONS, roles_sync


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    roles_sync(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("django_q", "0018_task_success_index"),
        ("orders", "0001_initial"),
        ("skurules", "0001_initial"),
        ("distributors", "0001_initial"),
        ("punchout", "0001_initial"),
        ("edi", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
