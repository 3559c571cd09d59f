"""The staff roles and what each may do.

Each role is a list of `app_label.codename` patterns (fnmatch); a pattern starting with `!`
removes what earlier patterns granted. Partner credentials and endpoints are guarded by the
`manage_<model>_credentials` permissions, which only Technical administrators hold.
"""

from fnmatch import fnmatch

from django.apps import apps as global_apps
from django.utils.translation import gettext_noop

ADMINISTRATOR = gettext_noop("Administrator")
OPERATIONS = gettext_noop("Operations")
PUNCHOUT_USER = gettext_noop("PunchOut user")
APPROVER = gettext_noop("Approver")
TECHNICAL_ADMINISTRATOR = gettext_noop("Technical administrator")

DOMAIN_APPS = ["orders", "skurules", "distributors", "punchout", "edi"]
NO_CREDENTIALS = "!*.manage_*_credentials"

ROLE_PERMISSIONS: dict[str, list[str]] = {
    ADMINISTRATOR: [
        *(f"{app}.*" for app in DOMAIN_APPS),
        "auth.*_user", "auth.*_group", "auth.view_permission",
        "django_q.view_*",
        NO_CREDENTIALS,
    ],
    OPERATIONS: [
        "orders.*", "skurules.*", "distributors.*", "edi.*",
        "django_q.view_*",
        "!*.delete_*", "!*.add_vendoraccount", "!*.add_distributor", "!*.add_warehouse",
        "!*.add_supplier",
        NO_CREDENTIALS,
    ],
    # Requisitioners see their own carts and orders only (the admin filters by requisitioner).
    PUNCHOUT_USER: [
        "punchout.view_supplier", "punchout.shop_supplier",
        "punchout.*_cart", "punchout.*_cartline", "punchout.view_cartevent",
        "punchout.view_procurementorder", "punchout.view_procurementorderline",
        "punchout.view_shipnotice", "punchout.view_address",
        "!punchout.delete_cart", "!punchout.approve_cart",
    ],
    APPROVER: [
        "punchout.view_supplier", "punchout.view_cart", "punchout.view_cartline",
        "punchout.view_cartevent", "punchout.view_approvalstep", "punchout.approve_cart",
        "punchout.*_delegation", "!punchout.delete_delegation",
        "punchout.view_procurementorder", "punchout.view_procurementorderline",
        "punchout.view_department", "punchout.view_departmentbudget",
    ],
    TECHNICAL_ADMINISTRATOR: [
        *(f"{app}.*" for app in DOMAIN_APPS),
        "django_q.*",
    ],
}


def role_grants(role: str, permission_key: str) -> bool:
    """Whether `permission_key` ("app_label.codename") belongs to `role`."""
    granted = False
    for pattern in ROLE_PERMISSIONS[role]:
        if pattern.startswith("!"):
            granted = granted and not fnmatch(permission_key, pattern[1:])
        else:
            granted = granted or fnmatch(permission_key, pattern)
    return granted


def roles_sync(group_model, permission_model) -> None:
    """Create every role's group and grant it its permissions (adds only: staff edits survive)."""
    permissions = list(permission_model.objects.select_related("content_type"))
    for role in ROLE_PERMISSIONS:
        group, _ = group_model.objects.get_or_create(name=role)
        granted = [p for p in permissions
                   if role_grants(role, f"{p.content_type.app_label}.{p.codename}")]
        group.permissions.add(*granted)


def roles_sync_after_migrate(sender, apps=global_apps, **kwargs) -> None:
    # `flush` (between transactional tests, or by hand) sends post_migrate without `apps`.
    try:
        group_model = apps.get_model("auth", "Group")
        permission_model = apps.get_model("auth", "Permission")
    except LookupError:
        return
    roles_sync(group_model, permission_model)
