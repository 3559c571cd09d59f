"""Admin site branding and the building blocks the apps' admin classes share."""

from django.contrib import admin
from django.core.paginator import Paginator
from django.db import connection
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Order automation back office")
admin.site.site_title = _("Back office")
admin.site.index_title = _("Orders, partners and tasks")


class CredentialsAdminMixin:
    """Hides credential and endpoint fields from anyone without `manage_<model>_credentials`.

    Secrets themselves never leave the server: EncryptedTextField renders an empty masked input.
    """

    credential_fields: tuple[str, ...] = ()

    def can_manage_credentials(self, request) -> bool:
        opts = self.model._meta
        return request.user.has_perm(f"{opts.app_label}.manage_{opts.model_name}_credentials")

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.can_manage_credentials(request):
            return fieldsets
        hidden = set(self.credential_fields)
        visible = [(name, {**opts, "fields": [f for f in opts["fields"] if f not in hidden]})
                   for name, opts in fieldsets]
        return [(name, opts) for name, opts in visible if opts["fields"]]

    def get_form(self, request, obj=None, **kwargs):
        if not self.can_manage_credentials(request):
            # An explicit exclude replaces the admin's own, which holds the read-only fields.
            kwargs["exclude"] = [*(kwargs.get("exclude") or ()), *self.credential_fields,
                                 *self.get_readonly_fields(request, obj)]
        return super().get_form(request, obj, **kwargs)


class EstimatedCountPaginator(Paginator):
    """Uses PostgreSQL's planner estimate instead of COUNT(*) on very large tables."""

    @cached_property
    def count(self) -> int:
        query = self.object_list.query
        if connection.vendor != "postgresql" or query.where:
            return super().count
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = %s",
                           [self.object_list.model._meta.db_table])
            row = cursor.fetchone()
        estimate = row[0] if row else -1
        return estimate if estimate > 10000 else super().count


class ReadOnlyMixin:
    """Rows the system writes: shown to whoever may view them, never typed in or removed."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
