"""What suppliers' documents do to our orders: confirmations set what is accepted, backordered
or rejected per line, ship notices what has shipped, invoices what is billed (and how it
matches). Each applier runs in the caller's transaction, with the order row locked.

Quantities shipped and invoiced are counted again from the stored notices and invoices after
each document, so a corrected or cancelled notice leaves no trace in the totals.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date as date_type
from decimal import Decimal

from django.db.models import QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from punchout.cxml.parsing import CxmlRejected
from punchout.cxml.values import Confirmation, ConfirmationLine, Invoice, ShipNotice
from punchout.models import (
    InboundDocument,
    InvoiceMatch,
    OrderStatus,
    ProcurementOrder,
    ProcurementOrderLine,
    ShipNoticeLine,
    SupplierInvoice,
    SupplierInvoiceLine,
)
from punchout.models import ShipNotice as ShipNoticeRow
from punchout.notifications import people_notify
from punchout.services.events import cart_event_add
from punchout.services.matching import OrderedLine, invoice_match
from punchout.services.orders import order_status_advance

# What a whole-order confirmation makes of every line (accept, reject and except replace all
# earlier confirmations; except = accepted but for the lines it lists).
WHOLE_ORDER = {"accept": "accepted", "except": "accepted", "reject": "rejected",
               "backordered": "backordered"}
LINE_ONLY = {"detail", "allDetail"}
# A ConfirmationStatus type → the quantity it counts in ("unknown" counts in none).
STATUS_QUANTITY = {"accept": "accepted", "detail": "accepted", "allDetail": "accepted",
                   "backordered": "backordered", "reject": "rejected"}
CONFIRMATION_FIELDS = ["accepted_quantity", "backordered_quantity", "rejected_quantity",
                       "confirmed_unit_price", "expected_delivery", "supplier_comment"]


class DocumentNotApplied(Exception):
    """Understood, but it does not fit our orders (an unknown order or line): the document is
    kept as failed, to be reprocessed once the cause is fixed."""

    def __init__(self, message: str, *, status_code: int = 417):
        super().__init__(message)
        self.status_code = status_code


def _n(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _order_locked(document: InboundDocument, order_id: str) -> ProcurementOrder:
    if not order_id:
        raise DocumentNotApplied(_("The document names no order (OrderReference orderID); "
                                   "send it again with our PO number."), status_code=400)
    order = (ProcurementOrder.objects.select_for_update(of=("self",))
             .select_related("cart__requisitioner", "supplier")
             .filter(supplier=document.supplier, number=order_id).first())
    if order is None:
        raise DocumentNotApplied(_("%(supplier)s has no order %(number)s with us; check the PO "
                                   "number.") % {"supplier": document.supplier,
                                                 "number": order_id})
    return order


def _lines(order: ProcurementOrder, mentioned: Iterable[int]) -> dict[int, ProcurementOrderLine]:
    lines = {line.line_number: line for line in order.lines.all()}
    unknown = sorted(set(mentioned) - set(lines))
    if unknown:
        raise DocumentNotApplied(_("%(number)s has no line %(lines)s; it has lines 1 to "
                                   "%(last)s.") % {"number": order.number,
                                                   "lines": ", ".join(map(str, unknown)),
                                                   "last": len(lines)})
    return lines


def _requisitioner_tell(order: ProcurementOrder, *, subject: str, body: str) -> None:
    requisitioner = order.cart.requisitioner
    greeting = _("Hello %(name)s,") % {
        "name": requisitioner.get_full_name() or requisitioner.get_username()}
    people_notify(users=[requisitioner], subject=subject, body=f"{greeting}\n\n{body}\n")


# Confirmations ----------------------------------------------------------------------------

def _line_reset(line: ProcurementOrderLine, quantity: str, comment: str) -> None:
    line.accepted_quantity = line.backordered_quantity = line.rejected_quantity = 0
    setattr(line, f"{quantity}_quantity", line.quantity)
    line.confirmed_unit_price, line.expected_delivery = None, None
    line.supplier_comment = comment


def _line_confirm(line: ProcurementOrderLine, item: ConfirmationLine) -> None:
    totals = defaultdict(int)
    for status in item.statuses:
        if status.type in STATUS_QUANTITY:
            totals[STATUS_QUANTITY[status.type]] += status.quantity
    line.accepted_quantity = totals["accepted"]
    line.backordered_quantity = totals["backordered"]
    line.rejected_quantity = totals["rejected"]
    prices = [status.unit_price for status in item.statuses if status.unit_price is not None]
    line.confirmed_unit_price = prices[0] if prices else None
    dates = [status.delivery_date for status in item.statuses if status.delivery_date]
    line.expected_delivery = max(dates) if dates else None
    line.supplier_comment = " ".join(filter(None, (s.comment for s in item.statuses)))


def _confirmed_status(lines: Iterable[ProcurementOrderLine]) -> str:
    lines = list(lines)
    if all(line.rejected_quantity >= line.quantity for line in lines):
        return OrderStatus.REJECTED
    if all(line.accepted_quantity >= line.quantity for line in lines):
        return OrderStatus.CONFIRMED
    return OrderStatus.PARTLY_CONFIRMED


def _line_words(line: ProcurementOrderLine, quantity: Decimal, *, date: date_type | None = None,
                comment: str = "") -> str:
    words = _("Line %(n)s, %(part)s %(description)s: %(q)s of %(of)s %(unit)s") % {
        "n": line.line_number, "part": line.supplier_part_id,
        "description": line.description[:60], "q": _n(quantity), "of": _n(line.quantity),
        "unit": line.unit_of_measure}
    if date:
        words += _(", delivery expected %(date)s") % {"date": date.isoformat()}
    if comment:
        words += _(". The supplier says: “%(comment)s”") % {"comment": comment}
    return f"- {words}"


def _confirmation_sections(lines: Iterable[ProcurementOrderLine], said: str) -> list[str]:
    """Per line: the date goes with the backorder when there is one, the supplier's words
    with the part they explain (a rejection first), unless they repeat what it `said` for the
    whole order."""
    sections = {_("Accepted:"): [], _("Backordered:"): [], _("Rejected:"): [],
                _("Not confirmed yet:"): []}
    accepted, backordered, rejected, waiting = sections.values()
    for line in lines:
        comment_on = ("rejected" if line.rejected_quantity else
                      "backordered" if line.backordered_quantity else "accepted")
        date_on = "backordered" if line.backordered_quantity else "accepted"
        for part, rows in (("accepted", accepted), ("backordered", backordered),
                           ("rejected", rejected)):
            quantity = getattr(line, f"{part}_quantity")
            if quantity:
                rows.append(_line_words(
                    line, quantity, date=line.expected_delivery if part == date_on else None,
                    comment=line.supplier_comment
                    if part == comment_on and line.supplier_comment != said else ""))
        open_quantity = (line.quantity - line.accepted_quantity - line.backordered_quantity
                         - line.rejected_quantity)
        if open_quantity > 0:
            waiting.append(_line_words(line, open_quantity))
    return ["\n".join([title, *rows]) for title, rows in sections.items() if rows]


def _confirmation_tell(order: ProcurementOrder, lines: Iterable[ProcurementOrderLine],
                       comment: str) -> None:
    lines = list(lines)
    parts = [_("%(supplier)s answered your purchase order %(number)s (cart #%(cart)s): "
               "%(status)s.") % {"supplier": order.supplier, "number": order.number,
                                 "cart": order.cart_id, "status": order.get_status_display()}]
    if comment:
        parts.append(_("The supplier says: “%(comment)s”") % {"comment": comment})
    parts += _confirmation_sections(lines, comment)
    if any(line.rejected_quantity for line in lines):
        parts.append(_("Rejected lines will not be delivered; to get them, punch out again "
                       "and order them in a new cart."))
    _requisitioner_tell(order, subject=_("%(number)s: %(status)s by %(supplier)s") % {
        "number": order.number, "status": order.get_status_display(),
        "supplier": order.supplier}, body="\n\n".join(parts))


def confirmation_apply(*, document: InboundDocument, confirmation: Confirmation) -> None:
    if confirmation.type not in WHOLE_ORDER and confirmation.type not in LINE_ONLY:
        raise CxmlRejected(_("Confirmations of type %(type)s are not taken; send accept, "
                             "except, reject, backordered, detail or allDetail.")
                           % {"type": confirmation.type or "(none)"}, status_code=450)
    order = _order_locked(document, confirmation.order_id)
    lines = _lines(order, (item.line_number for item in confirmation.lines))
    if confirmation.type in WHOLE_ORDER:
        for line in lines.values():
            _line_reset(line, WHOLE_ORDER[confirmation.type], confirmation.comment)
    for item in confirmation.lines:
        _line_confirm(lines[item.line_number], item)
    ProcurementOrderLine.objects.bulk_update(lines.values(), CONFIRMATION_FIELDS)
    order_status_advance(order, _confirmed_status(lines.values()))
    order.confirmed_at = confirmation.notice_date or timezone.now()
    order.supplier_order_id = confirmation.confirm_id[:100] or order.supplier_order_id
    order.save(update_fields=["status", "confirmed_at", "supplier_order_id"])
    cart_event_add(cart=order.cart, kind="confirmation", comment=confirmation.comment,
                   message=_("%(supplier)s confirmed %(number)s: %(status)s.")
                   % {"supplier": order.supplier, "number": order.number,
                      "status": order.get_status_display()})
    _confirmation_tell(order, sorted(lines.values(), key=lambda line: line.line_number),
                       confirmation.comment)


# Ship notices -----------------------------------------------------------------------------

def _recount(order: ProcurementOrder, field: str,
             rows: QuerySet) -> list[ProcurementOrderLine]:
    """Set `field` on every line to the sum of its `rows` (notice or invoice lines)."""
    totals = dict(rows.values("order_line").annotate(total=Sum("quantity"))
                  .values_list("order_line", "total"))
    lines = list(order.lines.all())
    for line in lines:
        setattr(line, field, totals.get(line.pk) or 0)
    ProcurementOrderLine.objects.bulk_update(lines, [field])
    return lines


def _shipped_status(lines: list[ProcurementOrderLine]) -> str | None:
    if not any(line.shipped_quantity for line in lines):
        return None
    if all(line.shipped_quantity >= line.quantity - line.rejected_quantity for line in lines):
        return OrderStatus.SHIPPED
    return OrderStatus.PARTLY_SHIPPED


def _notice_quantities(order: ProcurementOrder, notice_row: ShipNoticeRow,
                       quantities: dict[int, Decimal]) -> dict[int, Decimal]:
    """What this notice ships per line; no lines named = the whole order, that is whatever
    was not rejected or shipped by another notice."""
    lines = _lines(order, quantities)
    if quantities:
        return {lines[number].pk: quantity for number, quantity in quantities.items()}
    others = dict(ShipNoticeLine.objects.filter(order_line__order=order)
                  .exclude(notice=notice_row).values("order_line")
                  .annotate(total=Sum("quantity")).values_list("order_line", "total"))
    remaining = {line.pk: line.quantity - line.rejected_quantity - (others.get(line.pk) or 0)
                 for line in lines.values()}
    return {pk: quantity for pk, quantity in remaining.items() if quantity > 0}


def _notice_store(order: ProcurementOrder, document: InboundDocument, notice: ShipNotice,
                  quantities: dict[int, Decimal]) -> ShipNoticeRow:
    row, _created = ShipNoticeRow.objects.update_or_create(
        order=order, shipment_id=notice.shipment_id[:100], defaults={
            "document": document, "carrier": notice.carrier[:100],
            "tracking_number": ", ".join(notice.tracking_numbers)[:100],
            "shipped_at": notice.shipment_date, "delivery_at": notice.delivery_date})
    row.lines.all().delete()  # an update replaces what the notice said before
    ShipNoticeLine.objects.bulk_create([
        ShipNoticeLine(notice=row, order_line_id=pk, quantity=quantity)
        for pk, quantity in _notice_quantities(order, row, quantities).items()])
    return row


def _ship_notice_tell(order: ProcurementOrder, row: ShipNoticeRow) -> None:
    parts = [_("%(supplier)s shipped goods of your purchase order %(number)s (cart "
               "#%(cart)s).") % {"supplier": order.supplier, "number": order.number,
                                 "cart": order.cart_id},
             _("Carrier: %(carrier)s\nTracking number: %(tracking)s") % {
                 "carrier": row.carrier or _("not given"),
                 "tracking": row.tracking_number or _("not given")}]
    if row.delivery_at:
        parts.append(_("Expected delivery: %(date)s") % {
            "date": timezone.localdate(row.delivery_at).isoformat()})
    shipped = row.lines.select_related("order_line").order_by("order_line__line_number")
    parts.append("\n".join([_("In this shipment:"), *(
        _line_words(item.order_line, item.quantity) for item in shipped)]))
    if order.status == OrderStatus.PARTLY_SHIPPED:
        parts.append(_("The rest of the order follows in later shipments."))
    _requisitioner_tell(order, subject=_("%(number)s has shipped: tracking %(tracking)s") % {
        "number": order.number, "tracking": row.tracking_number or _("not given")},
        body="\n\n".join(parts))


def _portions(notice: ShipNotice) -> dict[str, dict[int, Decimal]]:
    """Order id → line number → quantity; an order named twice is merged."""
    orders: dict[str, dict[int, Decimal]] = {}
    for portion in notice.portions:
        lines = orders.setdefault(portion.order_id, {})
        for line in portion.lines:
            lines[line.line_number] = lines.get(line.line_number, 0) + line.quantity
    return orders


def _ship_notice_cancel(document: InboundDocument, notice: ShipNotice) -> None:
    rows = list(ShipNoticeRow.objects.filter(order__supplier=document.supplier,
                                             shipment_id=notice.shipment_id))
    if not rows:
        raise DocumentNotApplied(_("There is no shipment %(shipment)s from %(supplier)s to "
                                   "cancel.") % {"shipment": notice.shipment_id,
                                                 "supplier": document.supplier})
    for row in rows:
        order = _order_locked(document, row.order.number)
        row.delete()
        _recount(order, "shipped_quantity", ShipNoticeLine.objects.filter(
            order_line__order=order))
        cart_event_add(cart=order.cart, kind="ship_notice", message=_(
            "%(supplier)s cancelled its ship notice %(shipment)s for %(number)s.")
            % {"supplier": order.supplier, "shipment": notice.shipment_id,
               "number": order.number})


def ship_notice_apply(*, document: InboundDocument, notice: ShipNotice) -> None:
    if notice.operation == "delete":
        _ship_notice_cancel(document, notice)
        return
    if not notice.portions:
        raise CxmlRejected(_("The ship notice names no order (ShipNoticePortion); send one "
                             "portion per purchase order it ships."), status_code=400)
    for order_id, quantities in _portions(notice).items():
        order = _order_locked(document, order_id)
        row = _notice_store(order, document, notice, quantities)
        lines = _recount(order, "shipped_quantity",
                         ShipNoticeLine.objects.filter(order_line__order=order))
        status = _shipped_status(lines)
        if status:
            order_status_advance(order, status)
            order.save(update_fields=["status"])
        cart_event_add(cart=order.cart, kind="ship_notice", message=_(
            "%(supplier)s shipped %(number)s (shipment %(shipment)s, %(carrier)s, tracking "
            "%(tracking)s).") % {"supplier": order.supplier, "number": order.number,
                                 "shipment": row.shipment_id, "carrier": row.carrier or "-",
                                 "tracking": row.tracking_number or "-"})
        _ship_notice_tell(order, row)


# Invoices ---------------------------------------------------------------------------------

def _ordered_lines(order: ProcurementOrder) -> list[OrderedLine]:
    earlier = dict(SupplierInvoiceLine.objects.filter(invoice__order=order)
                   .values("order_line").annotate(total=Sum("quantity"))
                   .values_list("order_line", "total"))
    return [OrderedLine(
        line_number=line.line_number, quantity=line.quantity,
        accepted=line.accepted_quantity if order.confirmed_at else None,
        unit_price=line.confirmed_unit_price or line.unit_price,
        shipped=line.shipped_quantity, invoiced_before=earlier.get(line.pk) or 0)
        for line in order.lines.all()]


def _invoice_cancel(order: ProcurementOrder, invoice: Invoice) -> None:
    deleted, _rows = SupplierInvoice.objects.filter(order=order,
                                                    invoice_id=invoice.invoice_id).delete()
    if not deleted:
        raise DocumentNotApplied(_("There is no invoice %(invoice)s for %(number)s to cancel.")
                                 % {"invoice": invoice.invoice_id, "number": order.number})
    _recount(order, "invoiced_quantity",
             SupplierInvoiceLine.objects.filter(invoice__order=order))
    cart_event_add(cart=order.cart, kind="invoice", message=_(
        "%(supplier)s cancelled its invoice %(invoice)s for %(number)s.")
        % {"supplier": order.supplier, "invoice": invoice.invoice_id, "number": order.number})


def _invoice_store(order: ProcurementOrder, document: InboundDocument,
                   invoice: Invoice) -> SupplierInvoice:
    check = invoice_match(invoice=invoice, currency=order.currency,
                          lines=_ordered_lines(order))
    record = SupplierInvoice.objects.create(
        order=order, document=document, invoice_id=invoice.invoice_id[:100],
        invoice_date=invoice.invoice_date, currency=invoice.currency or order.currency,
        subtotal=invoice.subtotal, tax=invoice.tax, shipping=invoice.shipping,
        total=invoice.due_amount,
        match=InvoiceMatch.MATCHED if check.matched else InvoiceMatch.DIFFERENCES,
        differences="\n".join(check.differences))
    line_ids = dict(order.lines.values_list("line_number", "pk"))
    SupplierInvoiceLine.objects.bulk_create([SupplierInvoiceLine(
        invoice=record, order_line_id=line_ids.get(line.order_line_number),
        invoice_line_number=line.invoice_line_number, quantity=line.quantity,
        unit_price=line.unit_price, amount=line.subtotal,
        problem=check.line_problems.get(line.invoice_line_number, ""))
        for line in invoice.lines])
    return record


def invoice_apply(*, document: InboundDocument, invoice: Invoice) -> None:
    if not invoice.invoice_id:
        raise CxmlRejected(_("The invoice has no invoiceID; send it with its number."),
                           status_code=400)
    order = _order_locked(document, invoice.order_id)
    if invoice.operation == "delete":
        _invoice_cancel(order, invoice)
        return
    if SupplierInvoice.objects.filter(order=order, invoice_id=invoice.invoice_id).exists():
        raise DocumentNotApplied(_(
            "Invoice %(invoice)s for %(number)s was received already from another document; "
            "a correction needs its own invoice number or a cancellation (operation "
            "delete) first.") % {"invoice": invoice.invoice_id, "number": order.number},
            status_code=409)
    record = _invoice_store(order, document, invoice)
    _recount(order, "invoiced_quantity", SupplierInvoiceLine.objects.filter(
        invoice__order=order))
    order_status_advance(order, OrderStatus.INVOICED)
    order.save(update_fields=["status"])
    outcome = (_("it matches the order and what shipped.") if not record.differences else
               _("differences to check: %(differences)s")
               % {"differences": " ".join(record.differences.splitlines())})
    cart_event_add(cart=order.cart, kind="invoice", message=_(
        "%(supplier)s invoiced %(number)s (invoice %(invoice)s, %(total)s %(currency)s); "
        "%(outcome)s") % {"supplier": order.supplier, "number": order.number,
                          "invoice": record.invoice_id, "total": record.total,
                          "currency": record.currency, "outcome": outcome})
