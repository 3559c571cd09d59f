from django import forms
from django.contrib import admin
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from edi.models import SpreadsheetHeaderMap
from edi.spreadsheet.headers import AVAILABILITY_CODES, FIELD_NAMES, FIELDS, REQUIRED


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

