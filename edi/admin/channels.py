from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_q.tasks import async_task

from config.admin import CredentialsAdminMixin
from edi.models import EdiPartner, FtpChannel, SftpChannel

POLL_STATE = ("enabled", "last_poll_at", "last_error")


class PollNowMixin:
    poll_task = ""

    @admin.action(description=_("Poll now"), permissions=["view"])
    def poll_now(self, request, queryset) -> None:
        for channel in queryset:
            async_task(self.poll_task, channel.pk)
        self.message_user(request, _("Polling queued for %(channels)s; the channel shows the "
                                     "result, the interchanges what arrived.")
                          % {"channels": ", ".join(str(c) for c in queryset)})


@admin.register(EdiPartner)
class EdiPartnerAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "account", "standard", "partner_id", "our_id", "is_test")
    list_filter = ("standard", "is_test")
    list_select_related = ("account",)
    search_fields = ("code", "name", "partner_id", "our_id")
    readonly_fields = ("created_at",)
    fieldsets = [
        (None, {"fields": ["code", "name", "account", "standard", "is_test"]}),
        (_("Interchange identifiers (ISA, GS, UNB)"), {"fields": [
            "partner_qualifier", "partner_id", "partner_group_id", "our_qualifier", "our_id",
            "our_group_id"]}),
        (_("Separators"), {"fields": [
            "element_separator", "component_separator", "segment_terminator",
            "repetition_separator", "edifact_characters", "syntax_identifier"]}),
        (_("Control numbers of the next file we send"), {"fields": [
            "next_interchange_number", "next_group_number", "next_set_number"],
            "description": _("Change them only to line up with the partner after a move.")}),
        (None, {"fields": ["created_at"]}),
    ]


@admin.register(SftpChannel)
class SftpChannelAdmin(PollNowMixin, CredentialsAdminMixin, admin.ModelAdmin):
    poll_task = "edi.tasks.poll_sftp_channel"
    list_display = ("partner", "inbound_folder", "outbound_folder", *POLL_STATE)
    list_filter = ("enabled",)
    list_select_related = ("partner",)
    readonly_fields = ("last_poll_at", "last_error")
    credential_fields = ("host", "port", "username", "password", "private_key", "host_key")
    actions = ["poll_now"]
    fieldsets = [
        (None, {"fields": ["partner", "enabled"]}),
        (_("Server and login"), {"fields": list(credential_fields)}),
        (_("Folders"), {"fields": ["inbound_folder", "archive_folder", "outbound_folder"]}),
        (_("Polling"), {"fields": ["last_poll_at", "last_error"]}),
    ]


@admin.register(FtpChannel)
class FtpChannelAdmin(PollNowMixin, CredentialsAdminMixin, admin.ModelAdmin):
    poll_task = "edi.tasks.poll_ftp_channel"
    list_display = ("code", "account", "inbound_folder", *POLL_STATE)
    list_filter = ("enabled",)
    list_select_related = ("account",)
    readonly_fields = ("last_poll_at", "last_error")
    credential_fields = ("host", "port", "use_tls", "ca_certificate", "username", "password")
    actions = ["poll_now"]
    fieldsets = [
        (None, {"fields": ["code", "account", "enabled"]}),
        (_("Server and login"), {"fields": list(credential_fields)}),
        (_("Folders"), {"fields": ["inbound_folder", "archive_folder"]}),
        (_("Polling"), {"fields": ["last_poll_at", "last_error"]}),
    ]
