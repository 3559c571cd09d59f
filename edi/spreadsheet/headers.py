"""The fields a Vendor Central purchase-order spreadsheet carries, and matching its headers.

Header maps come from the database (SpreadsheetHeaderMap); here they are plain values so that
reading a file needs no database.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

FIELD_NAMES = {
    "po_number": _("PO number"),
    "vendor_code": _("vendor code"),
    "ship_to": _("ship-to location"),
    "asin": _("ASIN"),
    "external_id": _("external id"),
    "model_number": _("model number"),
    "title": _("title"),
    "quantity_requested": _("quantity requested"),
    "accepted_quantity": _("accepted quantity"),
    "unit_cost": _("unit cost"),
    "window_start": _("window start"),
    "window_end": _("window end"),
    "expected_date": _("expected date"),
    "availability": _("availability"),
}
FIELDS = tuple(FIELD_NAMES)
LANGUAGE_NAMES = {"en": _("English"), "de": _("German"), "it": _("Italian")}
# Without these a file cannot be imported and confirmed; the others are read when present.
REQUIRED = ("po_number", "asin", "quantity_requested", "unit_cost", "accepted_quantity")
AVAILABILITY_CODES = ("AC", "OS", "IR", "OB")
ASIN_LABEL = "asin"
APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u00b4": "'", "`": "'"})


def normalise(label: object) -> str:
    """Case, runs of whitespace (newlines in Excel headers) and apostrophe styles do not count."""
    if label is None:
        return ""
    return " ".join(str(label).split()).casefold().translate(APOSTROPHES)


@dataclass(frozen=True)
class HeaderMap:
    locale: str
    headers: dict[str, list[str]]
    availability: dict[str, str] = field(default_factory=dict)

    def labels_of(self, name: str) -> list[str]:
        return [label for label in self.headers.get(name, []) if normalise(label)]

    def columns_in(self, header_row: Sequence[object]) -> dict[str, int]:
        """Field → index of the first cell whose header is one of the field's labels."""
        cells = [normalise(cell) for cell in header_row]
        columns = {}
        for name in FIELDS:
            accepted = {normalise(label) for label in self.labels_of(name)}
            index = next((i for i, cell in enumerate(cells) if cell and cell in accepted), None)
            if index is not None:
                columns[name] = index
        return dict(sorted(columns.items(), key=lambda item: item[1]))  # left to right


def asin_labels(maps: Iterable[HeaderMap]) -> set[str]:
    labels = {normalise(label) for m in maps for label in m.labels_of("asin")}
    return labels or {ASIN_LABEL}


def best_map(maps: Sequence[HeaderMap], header_row: Sequence[object]) -> HeaderMap:
    """The map that recognises most columns; on a tie the earlier one (the preferred locale)."""
    scores = [(len(m.columns_in(header_row)), -i) for i, m in enumerate(maps)]
    return maps[-max(scores)[1]]
