from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from config.admin import EstimatedCountPaginator
from edi.models import Direction, Interchange, InterchangeStatus, Standard
from edi.services.inbound import REPROCESSABLE
from edi.services.outbound import interchange_resend
from edi.services.reprocessing import interchange_reprocess
from edi.services.spreadsheets import (
    account_for_spreadsheet,
    confirmation_export,
    spreadsheet_receive,
    undecided_purchase_orders,
)
from edi.spreadsheet.reading import ZIP_MAGIC
from orders.models import VendorAccount

PREVIEW_CHARS = 20000
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
S = InterchangeStatus


class SpreadsheetImportForm(forms.Form):
    account = forms.ModelChoiceField(
        VendorAccount.objects.all(), required=False, label=_("Vendor account"),
        empty_label=_("From the file's vendor code"))
    file = forms.FileField(label=_("Spreadsheet"),
                           help_text=_("The purchase orders exported from Vendor Central: CSV "
                                       "or Excel (.xlsx)."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("The file is larger than 20 MB; split the export."))
        return upload

    def clean(self):
        data = super().clean()
        if data.get("file") and not data.get("account"):
            try:
                data["account"] = account_for_spreadsheet(data["file"].read())
            except ValidationError as error:
                raise ValidationError([*error.messages, _("Choose the vendor account.")]) \
                    from error
        return data


@admin.register(Interchange)
class InterchangeAdmin(admin.ModelAdmin):
    list_display = ("file_name", "direction", "standard", "partner", "document_types",
                    "control_number", "status", "created_at")
    list_filter = ("status", "direction", "standard", "partner")
    list_select_related = ("partner",)
    search_fields = ("=file_name", "=control_number", "=checksum", "purchase_orders__po_number")
    readonly_fields = ("direction", "standard", "file_name", "partner", "checksum",
                       "document_types", "sender_id", "receiver_id", "control_number", "status",
                       "error", "duplicate_of", "answers", "answered_by_files",
                       "purchase_orders", "created_at", "processed_at", "spreadsheet_summary",
                       "raw_preview")
    exclude = ("content",)
    actions = ["reprocess", "resend"]
    paginator = EstimatedCountPaginator
    show_full_result_count = False

    def get_queryset(self, request):
        # Files can be large: the list never loads their content.
        return super().get_queryset(request).defer("content")

    def has_add_permission(self, request) -> bool:
        return False

    def get_urls(self):
        views = [("import-spreadsheet/", self.import_view, "import_spreadsheet"),
                 ("<int:pk>/raw/", self.raw_view, "raw"),
                 ("<int:pk>/confirmation/", self.confirmation_view, "confirmation")]
        return [path(route, self.admin_site.admin_view(view), name=f"edi_interchange_{name}")
                for route, view, name in views] + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra = {"can_import": self.has_change_permission(request)}
        return super().changelist_view(request, {**extra, **(extra_context or {})})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        interchange = self.get_object(request, object_id)
        extra = {"confirmation_available": interchange is not None
                 and interchange.standard == Standard.SPREADSHEET
                 and interchange.status == S.IMPORTED}
        return super().change_view(request, object_id, form_url,
                                   {**extra, **(extra_context or {})})

    @admin.display(description=_("raw content"))
    def raw_preview(self, interchange: Interchange) -> str:
        if bytes(interchange.content[:4]) == ZIP_MAGIC:
            return _("An Excel workbook: download the raw file to see it.")
        return format_html("<pre style='white-space: pre-wrap'>{}</pre>",
                           interchange.text[:PREVIEW_CHARS])

    @admin.display(description=_("spreadsheet"))
    def spreadsheet_summary(self, interchange: Interchange) -> str:
        sheet = getattr(interchange, "spreadsheet", None)
        if sheet is None:
            return "–"
        summary = _("Account %(account)s, %(language)s headers: %(new)d new, %(changed)d "
                    "changed, %(unchanged)d unchanged purchase orders, %(lines)d lines.") % {
            "account": sheet.account.code, "language": sheet.get_locale_display() or "–",
            "new": sheet.orders_created, "changed": sheet.orders_changed,
            "unchanged": sheet.orders_unchanged, "lines": sheet.lines}
        undecided = undecided_purchase_orders(interchange)
        if interchange.status == S.IMPORTED and undecided:
            summary += " " + _("Not decided yet (blank in the confirmation): %(pos)s.") % {
                "pos": ", ".join(undecided)}
        return summary

    @admin.display(description=_("answered by"))
    def answered_by_files(self, interchange: Interchange) -> str:
        answers = interchange.answered_by.defer("content").order_by("pk")
        return format_html_join(", ", '<a href="{}">{}</a> ({})', (
            (reverse("admin:edi_interchange_change", args=[a.pk]), a.file_name,
             a.get_status_display()) for a in answers)) or "–"

    @admin.action(description=_("Reprocess the selected files"), permissions=["change"])
    def reprocess(self, request, queryset) -> None:
        chosen = queryset.filter(direction=Direction.INBOUND, status__in=REPROCESSABLE)
        results = [interchange_reprocess(interchange) for interchange in chosen]
        imported = sum(1 for i in results if i.status == S.IMPORTED)
        if imported:
            self.message_user(request, ngettext("%(n)d file imported.",
                                                "%(n)d files imported.", imported)
                              % {"n": imported})
        for interchange in (i for i in results if i.status != S.IMPORTED):
            self.message_user(request, _("Still not imported, %(file)s: %(error)s") % {
                "file": interchange.file_name, "error": interchange.error}, messages.ERROR)
        self._skipped(request, queryset.count() - len(results), _(
            "only inbound files in error or marked duplicate are read again."))

    @admin.action(description=_("Resend the selected files"), permissions=["change"])
    def resend(self, request, queryset) -> None:
        sent = 0
        for interchange in queryset.filter(direction=Direction.OUTBOUND):
            try:
                interchange_resend(interchange)
                sent += 1
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.WARNING)
        if sent:
            self.message_user(request, ngettext(
                "%(n)d file queued to be sent again; the outbox shows the outcome.",
                "%(n)d files queued to be sent again; the outbox shows the outcome.", sent)
                % {"n": sent})
        self._skipped(request, queryset.filter(direction=Direction.INBOUND).count(),
                      _("only files we send can be resent."))

    def _skipped(self, request, count: int, why: str) -> None:
        if count:
            self.message_user(request, ngettext(
                "%(n)d selected file was skipped: %(why)s",
                "%(n)d selected files were skipped: %(why)s", count)
                % {"n": count, "why": why}, messages.WARNING)

    def raw_view(self, request, pk: int) -> HttpResponse:
        interchange = get_object_or_404(Interchange, pk=pk)
        if not self.has_view_permission(request, interchange):
            raise PermissionDenied
        return _download(bytes(interchange.content), interchange.file_name,
                         "application/octet-stream")

    def confirmation_view(self, request, pk: int) -> HttpResponse:
        interchange = get_object_or_404(Interchange.objects.defer("content"), pk=pk)
        if not self.has_view_permission(request, interchange):
            raise PermissionDenied
        try:
            export = confirmation_export(interchange=interchange)
        except ValidationError as error:
            for message in error.messages:
                self.message_user(request, message, messages.ERROR)
            return redirect("admin:edi_interchange_change", pk)
        return _download(export.content, export.file_name, export.content_type)

    def import_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        form = SpreadsheetImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            upload.seek(0)
            interchange = spreadsheet_receive(account=form.cleaned_data["account"],
                                              file_name=upload.name, content=upload.read())
            if interchange.status != S.ERROR:
                self._import_message(request, interchange)
                return redirect("admin:edi_interchange_change", interchange.pk)
            form.add_error(None, _("Nothing was imported. The file is kept as interchange "
                                   "#%(id)d: fix the header map and reprocess it, or upload a "
                                   "corrected file.") % {"id": interchange.pk})
            errors = interchange.error.splitlines()
        else:
            errors = []
        context = {**self.admin_site.each_context(request), "opts": self.opts, "form": form,
                   "errors": errors, "title": _("Import a Vendor Central spreadsheet")}
        return TemplateResponse(request, "admin/edi/interchange/import_spreadsheet.html",
                                context)

    def _import_message(self, request, interchange: Interchange) -> None:
        if interchange.status == S.DUPLICATE:
            original = interchange.duplicate_of
            self.message_user(request, _("The same file was received before (interchange "
                                         "#%(id)d, %(status)s); nothing was imported.")
                              % {"id": original.pk, "status": original.get_status_display()},
                              messages.WARNING)
            return
        self.message_user(request, _("Imported: %(summary)s")
                          % {"summary": self.spreadsheet_summary(interchange)})


def _download(content: bytes, file_name: str, content_type: str) -> HttpResponse:
    name = file_name.replace('"', "")
    return HttpResponse(content, content_type=content_type,
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})


