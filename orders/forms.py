from django import forms
from django.utils.translation import gettext_lazy as _

from orders.models import PurchaseOrderLine, RejectionReason
from orders.services.review import ManualDecision

FIELDS = ("accepted", "backordered", "rejected", "rejection_reason")
LABELS = {"accepted": _("accept"), "backordered": _("backorder"), "rejected": _("reject")}


class LineDecisionsForm(forms.Form):
    """One row of inputs per line, pre-filled with the engine's proposal."""

    def __init__(self, *args, lines: list[PurchaseOrderLine], **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = lines
        for line in lines:
            self._add_line_fields(line)

    def _add_line_fields(self, line: PurchaseOrderLine) -> None:
        proposal = (line.accepted_quantity, line.backordered_quantity, line.rejected_quantity)
        if None in proposal:
            proposal = (line.ordered_quantity, 0, 0)
        for name, initial in zip(FIELDS[:3], proposal, strict=True):
            self.fields[f"{name}_{line.pk}"] = forms.IntegerField(
                label=LABELS[name], min_value=0, initial=initial,
                widget=forms.NumberInput(attrs={"style": "width: 6em"}))
        self.fields[f"rejection_reason_{line.pk}"] = forms.ChoiceField(
            label=_("rejection reason"), required=False, initial=line.rejection_reason,
            choices=[("", "—"), *RejectionReason.choices])

    def rows(self):
        for line in self.lines:
            yield line, [self[f"{name}_{line.pk}"] for name in FIELDS]

    def decisions(self) -> dict[int, ManualDecision]:
        data = self.cleaned_data
        return {line.pk: ManualDecision(*(data[f"{name}_{line.pk}"] or 0 for name in FIELDS[:3]),
                                        rejection_reason=data[f"rejection_reason_{line.pk}"])
                for line in self.lines}
