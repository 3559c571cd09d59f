"""submitInvoices' effect: the invoices are stored as received under one transaction whose
outcome is decided on arrival by Amazon's rules for an Invoice (credit notes are not checked):
its number is not reused, and each item names a purchase order Amazon placed
(purchaseOrderNumber is mandatory), a line of it, at most the quantity the acknowledgement in
force accepted (less what earlier invoices billed), at the netCost that acknowledgement gave."""

from collections import Counter
from datetime import datetime
from decimal import Decimal

from django.db import transaction as db_transaction

from sandbox.models import Invoice, Transaction
from sandbox.spapi.acknowledgements import acknowledgements_in_force, line_confirmations
from sandbox.spapi.lines import business_error, eaches, line_for, money_amount, purchase_order_find
from sandbox.spapi.transactions import transaction_record

OPERATION = "submitInvoices"
INVOICE = "Invoice"


def invoices_submit(*, body: dict, now: datetime) -> Transaction:
    """Record a schema-valid SubmitInvoicesRequest and decide its outcome."""
    invoices = body.get("invoices", [])
    earlier = Invoice.objects.filter(transaction__outcome=Transaction.Status.SUCCESS)
    used_numbers = set(earlier.values_list("invoice_number", flat=True))
    invoiced = _invoiced_units([row.body for row in earlier], now)
    in_force = acknowledgements_in_force(until=now)
    errors = []
    for invoice in invoices:
        errors += _number_errors(invoice, used_numbers)
        used_numbers.add(invoice["id"])
        if invoice["invoiceType"] == INVOICE:
            errors += _item_errors(invoice, in_force, invoiced, now)
    with db_transaction.atomic():
        record = transaction_record(operation=OPERATION, errors=errors, now=now)
        Invoice.objects.bulk_create([_row(invoice, record, now) for invoice in invoices])
    return record


def _number_errors(invoice: dict, used_numbers: set[str]) -> list[dict]:
    if invoice["invoiceType"] != INVOICE or invoice["id"] not in used_numbers:
        return []
    return [
        business_error(
            "DUPLICATE_INVOICE",
            f"Invoice {invoice['id']}: this invoice number was already submitted.",
            "Give every invoice a new number; correct an accepted invoice with a CreditNote.",
        )
    ]


def _item_errors(invoice: dict, in_force: dict, invoiced: Counter, now: datetime) -> list[dict]:
    errors = []
    for item in invoice.get("items", []):
        label = f"Invoice {invoice['id']} item {item['itemSequenceNumber']}"
        number = item.get("purchaseOrderNumber")
        order = purchase_order_find(number, now=now) if number else None
        problem = _reference_error(label, number, order, item)
        if problem:
            errors.append(problem)
            continue
        line = line_for(order, item)
        invoiced[(number, line["itemSequenceNumber"])] += eaches(item["invoicedQuantity"], line)
        errors += _against_acknowledgement(label, item, order, line, in_force, invoiced)
    return errors


def _reference_error(label: str, number: str | None, order: dict | None, item: dict) -> dict | None:
    if not number:
        return business_error(
            "MISSING_PURCHASE_ORDER_NUMBER",
            f"{label}: purchaseOrderNumber is missing.",
            "Every item of an Invoice names the purchase order it bills.",
        )
    if order is None:
        return business_error(
            "INVALID_ORDER_ID",
            f"Invalid order ID. {label} bills purchase order {number}, which is not known.",
            "Invoice only purchase orders returned by getPurchaseOrders.",
        )
    if line_for(order, item) is None:
        return business_error(
            "INVALID_ITEM",
            f"{label}: purchase order {number} has no such line.",
            "itemSequenceNumber is the purchase order line's itemSequenceNumber.",
        )
    return None


def _against_acknowledgement(
    label: str, item: dict, order: dict, line: dict, in_force: dict, invoiced: Counter
) -> list[dict]:
    number, sequence = order["purchaseOrderNumber"], line["itemSequenceNumber"]
    acknowledgement = in_force.get(number)
    confirmation = acknowledgement and line_confirmations(acknowledgement.body, order).get(sequence)
    reference = f"purchase order {number} item {sequence}"
    accepted = confirmation.accepted if confirmation else 0
    errors = []
    if invoiced[(number, sequence)] > accepted:
        errors.append(_over_accepted(label, reference, invoiced[(number, sequence)], accepted))
    acknowledged_cost = money_amount(confirmation.net_cost) if confirmation else None
    if acknowledged_cost is not None and money_amount(item["netCost"]) != acknowledged_cost:
        errors.append(_other_cost(label, reference, item["netCost"], acknowledged_cost))
    return errors


def _over_accepted(label: str, reference: str, invoiced: int, accepted: int) -> dict:
    return business_error(
        "QUANTITY_EXCEEDS_ACCEPTED",
        f"{label}: {invoiced} units invoiced for {reference} but {accepted} accepted.",
        "Invoice at most the quantity your acknowledgement accepted, less earlier invoices.",
    )


def _other_cost(label: str, reference: str, net_cost: dict, acknowledged: Decimal) -> dict:
    return business_error(
        "NET_COST_MISMATCH",
        f"{label}: netCost {net_cost.get('amount')} differs from the acknowledged "
        f"{acknowledged} for {reference}.",
        "Invoice each line at the netCost of its acknowledgement.",
    )


def _invoiced_units(bodies: list[dict], now: datetime) -> Counter:
    """Units already billed per (purchase order number, itemSequenceNumber)."""
    units: Counter = Counter()
    for body in bodies:
        if body.get("invoiceType") != INVOICE:
            continue
        for item in body.get("items", []):
            order = purchase_order_find(item.get("purchaseOrderNumber") or "", now=now)
            line = order and line_for(order, item)
            if line:
                units[(order["purchaseOrderNumber"], line["itemSequenceNumber"])] += eaches(
                    item["invoicedQuantity"], line
                )
    return units


def _row(invoice: dict, record: Transaction, now: datetime) -> Invoice:
    return Invoice(
        invoice_number=invoice["id"],
        invoice_type=invoice["invoiceType"],
        body=invoice,
        transaction=record,
        received_at=now,
    )
