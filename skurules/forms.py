from django import forms
from django.utils.translation import gettext_lazy as _

from skurules.csv_rows import COLUMNS, MAX_INTEGER


class SkuLookupForm(forms.Form):
    q = forms.CharField(label=_("SKU, ASIN, EAN or UPC"), max_length=64,
                        widget=forms.TextInput(attrs={"autofocus": True, "size": 30}))


class RuleForm(forms.Form):
    min_cost = forms.DecimalField(
        label=_("Minimum cost"), min_value=0, max_digits=12, decimal_places=4,
        help_text=_("Lines with a lower net cost go to review."),
        error_messages={"min_value": _("The minimum cost cannot be negative; enter 0 or more.")})
    min_inventory = forms.IntegerField(
        label=_("Minimum inventory"), min_value=0, max_value=MAX_INTEGER,
        help_text=_("Eaches kept back: never promised by an automatic confirmation."),
        error_messages={"min_value": _("The minimum inventory cannot be negative; enter 0 or "
                                       "more.")})
    enabled = forms.BooleanField(label=_("Auto-confirm enabled"), required=False)


class SkuImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8, header %(columns)s in any order.") % {"columns": ",".join(COLUMNS)})
