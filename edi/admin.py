from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from config.admin import EstimatedCountPaginator
from edi.models import Interchange, InterchangeStatus, SpreadsheetHeaderMap, Standard
from edi.services.spreadsheets import (
    REPROCESSABLE,
    account_for_spreadsheet,
    confirmation_export,
    spreadsheet_receive,
    spreadsheet_reprocess,
    undecided_purchase_orders,
)
from edi.spreadsheet.headers import AVAILABILITY_CODES, FIELD_NAMES, FIELDS, REQUIRED
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
    list_display = ("file_name", "direction", "standard", "document_types", "control_number",
                    "status", "created_at")
    list_filter = ("status", "direction", "standard")
    search_fields = ("=file_name", "=control_number", "=checksum")
    readonly_fields = ("direction", "standard", "file_name", "checksum", "document_types",
                       "sender_id", "receiver_id", "control_number", "status", "error",
                       "duplicate_of", "purchase_orders", "created_at", "processed_at",
                       "spreadsheet_summary", "raw_preview")
    exclude = ("content",)
    actions = ["reprocess"]
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

    @admin.action(description=_("Reprocess the selected spreadsheets"), permissions=["change"])
    def reprocess(self, request, queryset) -> None:
        chosen = queryset.filter(standard=Standard.SPREADSHEET, status__in=REPROCESSABLE)
        results = [spreadsheet_reprocess(interchange) for interchange in chosen]
        imported = sum(1 for i in results if i.status == S.IMPORTED)
        if imported:
            self.message_user(request, ngettext("%(n)d spreadsheet imported.",
                                                "%(n)d spreadsheets imported.", imported)
                              % {"n": imported})
        for interchange in (i for i in results if i.status != S.IMPORTED):
            self.message_user(request, _("Still not imported, %(file)s: %(error)s") % {
                "file": interchange.file_name, "error": interchange.error}, messages.ERROR)
        skipped = queryset.count() - len(results)
        if skipped:
            self.message_user(request, ngettext(
                "%(n)d selected interchange was skipped: only spreadsheets in error or marked "
                "duplicate are read again.", "%(n)d selected interchanges were skipped: only "
                "spreadsheets in error or marked duplicate are read again.", skipped)
                % {"n": skipped}, messages.WARNING)

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


def _label_lines(text: str) -> list[str]:
    return list(dict.fromkeys(line.strip() for line in text.splitlines() if line.strip()))


class HeaderMapFormBase(forms.ModelForm):
    """The JSON of a header map as one text box per field (one header per line)."""

    class Meta:
        model = SpreadsheetHeaderMap
        fields = ("account", "locale")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in FIELDS:
            self.initial.setdefault(f"headers_{name}",
                                    "\n".join(self.instance.headers.get(name, [])))
        for code in AVAILABILITY_CODES:
            self.initial.setdefault(f"availability_{code}",
                                    self.instance.availability_labels.get(code, ""))

    def clean(self):
        data = super().clean()
        seen: dict[str, str] = {}
        for name in FIELDS:
            for label in _label_lines(data.get(f"headers_{name}", "")):
                key = " ".join(label.split()).casefold()
                if key in seen and seen[key] != name:
                    self.add_error(f"headers_{name}", _("'%(label)s' is also a header of the "
                                                        "%(other)s.") % {
                        "label": label, "other": FIELD_NAMES[seen[key]]})
                seen[key] = name
        return data

    def save(self, commit=True):
        data = self.cleaned_data
        self.instance.headers = {name: _label_lines(data[f"headers_{name}"]) for name in FIELDS}
        self.instance.availability_labels = {
            code: data[f"availability_{code}"].strip() for code in AVAILABILITY_CODES
            if data[f"availability_{code}"].strip()}
        return super().save(commit)


def _header_map_fields() -> dict[str, forms.Field]:
    fields = {f"headers_{name}": forms.CharField(
        label=capfirst(FIELD_NAMES[name]), required=name in REQUIRED,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text=_("One accepted header per line.")) for name in FIELDS}
    fields |= {f"availability_{code}": forms.CharField(
        label=code, required=False, widget=forms.TextInput(attrs={"size": 60}))
        for code in AVAILABILITY_CODES}
    return fields


HeaderMapForm = type("HeaderMapForm", (HeaderMapFormBase,), _header_map_fields())


@admin.register(SpreadsheetHeaderMap)
class SpreadsheetHeaderMapAdmin(admin.ModelAdmin):
    form = HeaderMapForm
    list_display = ("__str__", "account", "locale", "updated_at")
    list_filter = ("locale",)
    list_select_related = ("account",)
    raw_id_fields = ("account",)
    fieldsets = [
        (None, {"fields": ["account", "locale"]}),
        (_("Column headers"), {
            "fields": [f"headers_{name}" for name in FIELDS],
            "description": _("Headers match whatever their case, spacing, line breaks and "
                             "apostrophe style (' or ’). After a change, reprocess the "
                             "spreadsheets that failed.")}),
        (_("Availability texts written into confirmations"), {
            "fields": [f"availability_{code}" for code in AVAILABILITY_CODES],
            "description": _("AC accepted, OS cancelled: out of stock, IR rejected: invalid "
                             "product information, OB cancelled: obsolete product.")}),
    ]

