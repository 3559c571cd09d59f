"""Our purchase order numbers, from the sequence administrators configure."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from punchout.models import ProcurementOrder, ProcurementSettings


def _number_format(template: str, *, year: int, number: int) -> str:
    try:
        return template.format(year=year, number=number)
    except (KeyError, IndexError, ValueError) as exc:
        raise ValidationError(_(
            "The PO number format %(format)s cannot be used (%(error)s); use {year} and "
            "{number}, for example PO-{year}-{number:06d}, in Procurement settings.")
            % {"format": template, "error": exc}) from exc


def po_number_next() -> str:
    """The next PO number. Call it in the transaction that creates the order: the settings row
    stays locked until that commits, so two approvals at the same moment wait for each other
    instead of taking the same number."""
    with transaction.atomic():
        ProcurementSettings.objects.get_or_create(pk=1)
        row = ProcurementSettings.objects.select_for_update().get(pk=1)
        year = timezone.localdate().year
        if "{year" in row.po_number_format and row.po_number_year != year:
            row.po_number_next, row.po_number_year = 1, year
        number = row.po_number_next
        candidate = _number_format(row.po_number_format, year=year, number=number)
        # A counter set back by hand, or a format changed back, must not reuse a number.
        while ProcurementOrder.objects.filter(number=candidate).exists():
            number += 1
            candidate = _number_format(row.po_number_format, year=year, number=number)
        row.po_number_next = number + 1
        row.save(update_fields=["po_number_next", "po_number_year"])
    return candidate
