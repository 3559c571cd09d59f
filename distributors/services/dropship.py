"""Placing drop-ship purchase orders with distributors, from the Dropship screen.

Lines are grouped by the distributor staff confirmed; for each group the account's
prerequisites are checked, then stock and price are checked live where the API can (the
nightly file is hours old), then the order goes out through the outbox and is sent at once.
The purchase order is written only when the distributor accepted it; a refusal shows the
distributor's own words, and nothing is written.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from distributors.adapters import (
    DistributorRefused,
    DistributorUnavailable,
    DropshipRequest,
    OrderLine,
    ShipTo,
    adapter_for,
)
from distributors.models import (
    Distributor,
    DistributorItem,
    DropshipOrder,
    DropshipOrderLine,
)
from distributors.routing import OWN_STOCK
from distributors.services.prerequisites import distributor_checks
from orders.models import OutboxMessage, OutboxStatus, SalesOrder, SalesOrderStatus
from orders.services.outbox import outbox_send

KIND = "distributor.order"


class OrderNotPlaced(Exception):
    """Not retryable: the distributor refused, or whether it placed the order is unknown."""

    retryable = False


@dataclass
class DropshipResult:
    placed: list[DropshipOrder] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # sentences for staff
    waiting: list[str] = field(default_factory=list)  # sent, no clear answer yet
    own_stock: int = 0


def distributor_adapter(distributor: Distributor):
    return adapter_for(distributor.kind, base_url=distributor.api_base_url,
                       api_key=distributor.api_key, account_number=distributor.account_number)


def _ship_to(order: SalesOrder) -> dict:
    return {"name": order.ship_name, "address1": order.ship_address1,
            "address2": order.ship_address2, "city": order.ship_city,
            "state": order.ship_state, "postal_code": order.ship_postal_code,
            "country": order.ship_country, "phone": order.ship_phone, "email": order.ship_email}


def _po_number(order: SalesOrder, distributor: Distributor) -> str:
    """ASCII, at most 22 characters, new on every attempt (WPS discourages reusing one)."""
    prefix = f"DS{order.pk}-{distributor.pk}-"
    attempts = OutboxMessage.objects.filter(kind=KIND, key__startswith=f"{KIND}:{prefix}")
    return f"{prefix}{attempts.count() + 1}"


def _live_check(distributor: Distributor, lines: list[dict]) -> list[str]:
    """What the distributor's API says now against what we are about to order."""
    try:
        live = distributor_adapter(distributor).check([line["part_number"] for line in lines])
    except (DistributorRefused, DistributorUnavailable):
        return []  # the order itself will tell; a failed check alone stops nothing
    problems = []
    for line in lines:
        now = live.get(line["part_number"])
        if now is not None and now.quantity < line["quantity"] and not now.is_capped:
            problems.append(_("%(distributor)s now has %(now)d of %(part)s (the nightly file "
                              "said more); choose another source.") % {
                "distributor": distributor.name, "now": now.quantity,
                "part": line["part_number"]})
    return problems


def _queue(order: SalesOrder, distributor: Distributor, lines: list[dict],
           actor: AbstractBaseUser | None) -> OutboxMessage:
    po_number = _po_number(order, distributor)
    with transaction.atomic():
        return OutboxMessage.objects.create(
            kind=KIND, key=f"{KIND}:{po_number}", payload={
                "po_number": po_number, "distributor": distributor.pk,
                "sales_order": order.pk, "ship_to": _ship_to(order), "lines": lines,
                "actor": getattr(actor, "pk", None), "comment": str(order)})


def _line_payload(line, item: DistributorItem) -> dict:
    distributor = item.warehouse.distributor
    fee = item.dropship_fee if item.dropship_fee is not None else distributor.dropship_fee
    return {"sales_line": line.pk, "item": item.pk, "part_number": item.part_number,
            "quantity": line.quantity, "unit_cost": str(item.cost or ""),
            "fee": str(fee or Decimal(0))}


def _groups(order: SalesOrder, choices: dict[int, str]
            ) -> tuple[dict[Distributor, list[dict]], int]:
    items = DistributorItem.objects.select_related("warehouse__distributor").in_bulk(
        [int(key.split(":")[1]) for key in choices.values() if key != OWN_STOCK])
    groups, own = defaultdict(list), 0
    for line in order.lines.all():
        key = choices.get(line.pk, "")
        if key == OWN_STOCK:
            own += 1
        elif key:
            item = items[int(key.split(":")[1])]
            groups[item.warehouse.distributor].append(_line_payload(line, item))
    return groups, own


def dropship_place(*, order: SalesOrder, choices: dict[int, str],
                   actor: AbstractBaseUser | None = None) -> DropshipResult:
    """Place one purchase order per distributor chosen (line id → candidate key)."""
    groups, own = _groups(order, choices)
    result = DropshipResult(own_stock=own)
    for distributor, lines in groups.items():
        missing = [check.fix for check in distributor_checks(distributor) if not check.ok]
        problems = missing or _live_check(distributor, lines)
        if problems:
            result.refused += [f"{distributor.name}: {problem}" for problem in problems]
            continue
        message = outbox_send(_queue(order, distributor, lines, actor).pk)
        _collect(result, distributor, message)
    return result


def _collect(result: DropshipResult, distributor: Distributor, message: OutboxMessage) -> None:
    message.refresh_from_db()
    if message.status == OutboxStatus.ACCEPTED:
        result.placed.append(DropshipOrder.objects.get(po_number=message.payload["po_number"]))
    elif message.status == OutboxStatus.FAILED:
        result.refused.append(_("%(distributor)s refused the order: %(reason)s") % {
            "distributor": distributor.name, "reason": message.last_error})
    else:
        result.waiting.append(_("%(distributor)s did not answer (%(reason)s); the order is sent "
                                "again automatically and appears here once accepted.") % {
            "distributor": distributor.name, "reason": message.last_error})


def dropship_send(message: OutboxMessage) -> str:
    """Outbox: place the order. The distributor's reply is kept on the message."""
    payload = message.payload
    distributor = Distributor.objects.get(pk=payload["distributor"])
    request = DropshipRequest(
        po_number=payload["po_number"], ship_to=ShipTo(**payload["ship_to"]),
        lines=[OrderLine(line["part_number"], line["quantity"]) for line in payload["lines"]],
        comment=payload["comment"])
    try:
        placed = distributor_adapter(distributor).place(request)
    except DistributorRefused as refused:
        raise OrderNotPlaced(refused.message) from refused
    except DistributorUnavailable as unavailable:
        if unavailable.outcome_unknown:
            raise OrderNotPlaced(_("%(error)s Whether the order was placed is unknown: check "
                                   "with the distributor before placing it again.")
                                 % {"error": unavailable}) from unavailable
        raise
    message.payload = {**payload, "reply": placed.raw}
    OutboxMessage.objects.filter(pk=message.pk).update(payload=message.payload)
    return placed.distributor_order_number or payload["po_number"]


def dropship_accepted(message: OutboxMessage) -> None:
    """Outbox: the distributor took the order; now the purchase order exists."""
    payload = message.payload
    order = DropshipOrder.objects.create(
        po_number=payload["po_number"], distributor_id=payload["distributor"],
        sales_order_id=payload["sales_order"], placed_by_id=payload["actor"],
        distributor_order_number=message.transaction_id if message.transaction_id !=
        payload["po_number"] else "", reply=payload.get("reply", {}))
    DropshipOrderLine.objects.bulk_create([DropshipOrderLine(
        order=order, sales_line_id=line["sales_line"], item_id=line["item"],
        part_number=line["part_number"], quantity=line["quantity"],
        unit_cost=Decimal(line["unit_cost"]) if line["unit_cost"] else None,
        dropship_fee=Decimal(line["fee"])) for line in payload["lines"]])
    SalesOrder.objects.filter(pk=payload["sales_order"], status=SalesOrderStatus.OPEN).update(
        status=SalesOrderStatus.DROPSHIPPED)


def dropship_failed(message: OutboxMessage) -> None:
    """Outbox: refused or unknown; the message keeps the reason, no purchase order exists."""
