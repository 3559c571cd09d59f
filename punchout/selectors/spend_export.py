"""The spend dashboard's CSV: one row per order line that counts as spend."""

from collections.abc import Iterator
from decimal import Decimal

from django.db.models import OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from punchout.models import DeploymentMode, OrderStatus, SupplierInvoiceLine
from punchout.selectors.spend import SpendFilter, cents, spend_lines
from punchout.unspsc import (
    unspsc_family,
    unspsc_family_title,
    unspsc_segment,
    unspsc_segment_title,
)


def spend_line_rows(spend_filter: SpendFilter) -> Iterator[dict]:
    """One row per order line that counts as spend, for a spreadsheet: what was bought, from
    whom, for which department, when, for how much, and how much of it is invoiced."""
    invoiced = (SupplierInvoiceLine.objects.filter(order_line=OuterRef("pk"))
                .values("order_line").annotate(amount=Sum("amount")).values("amount"))
    lines = (spend_lines(spend_filter)
             .annotate(invoiced_amount=Coalesce(Subquery(invoiced), Value(Decimal(0))))
             .values("order__number", "order__order_date", "order__status",
                     "order__deployment_mode", "order__currency", "order__supplier__name",
                     "order__cart__department__name", "order__cart__department__cost_center",
                     "line_number", "supplier_part_id", "description", "unspsc", "quantity",
                     "rejected_quantity", "unit_price", "spend", "invoiced_amount")
             .order_by("order__order_date", "order__number", "line_number"))
    for line in lines.iterator(chunk_size=2000):
        line["spend"] = cents(line["spend"])
        line["invoiced_amount"] = cents(line["invoiced_amount"])
        yield line


CSV_COLUMNS = ["po_number", "order_date", "month", "supplier", "department", "cost_center",
               "line", "supplier_part_id", "description", "unspsc", "segment", "segment_title",
               "family", "family_title", "quantity", "rejected_quantity", "unit_price",
               "amount", "invoiced_amount", "currency", "order_status", "mode"]
# A spreadsheet runs a cell starting with one of these as a formula: supplier texts are data.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spend_csv_rows(spend_filter: SpendFilter) -> Iterator[list[str]]:
    """The header, then one row per order line: a layout a spreadsheet pivots by any column.

    Dates are ISO, numbers use a decimal point; amounts are per line in the order's currency.
    """
    yield CSV_COLUMNS
    statuses, modes = dict(OrderStatus.choices), dict(DeploymentMode.choices)
    for line in spend_line_rows(spend_filter):
        ordered = timezone.localtime(line["order__order_date"])
        family = line["unspsc"].strip()[:4]
        yield [
            line["order__number"], f"{ordered:%Y-%m-%d}", f"{ordered:%Y-%m}",
            _cell(line["order__supplier__name"]), _cell(line["order__cart__department__name"]),
            _cell(line["order__cart__department__cost_center"]), str(line["line_number"]),
            _cell(line["supplier_part_id"]), _cell(line["description"]), _cell(line["unspsc"]),
            unspsc_segment(family), unspsc_segment_title(unspsc_segment(family)),
            unspsc_family(family), unspsc_family_title(unspsc_family(family)),
            _number(line["quantity"]), _number(line["rejected_quantity"]),
            _number(line["unit_price"]), str(line["spend"]), str(line["invoiced_amount"]),
            line["order__currency"], str(statuses[line["order__status"]]),
            str(modes[line["order__deployment_mode"]]),
        ]


def _cell(text: str | None) -> str:
    text = text or ""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _number(value: Decimal) -> str:
    # 2.000 → "2", 19.9900 → "19.99": what was typed, not the column's scale.
    return f"{value.normalize():f}"
