"""Purchase orders arriving by any route become stored orders; Amazon's changes re-open them."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction

from orders.models import (
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseOrderStatus,
    ShipToLocation,
    VendorAccount,
)
from orders.parsed import ParsedAddress, ParsedLine, ParsedOrder
from orders.services.status import purchase_order_transition
from skurules.services import sku_allocate

S = PurchaseOrderStatus
LINE_FIELDS = ("amazon_product_id", "vendor_product_id", "ordered_quantity", "unit_of_measure",
               "unit_size", "is_backorder_allowed", "net_cost", "list_price", "currency")
DECISION_RESET = {"accepted_quantity": None, "backordered_quantity": None,
                  "rejected_quantity": None, "rejection_reason": "", "decision_reason": "",
                  "decided_at": None}
# States whose line decisions a change from Amazon invalidates; only these held stock.
REOPENABLE = {S.DECIDED, S.NEEDS_REVIEW, S.ACKNOWLEDGING, S.ACKNOWLEDGED}
HOLDS_STOCK = {S.DECIDED, S.ACKNOWLEDGING, S.ACKNOWLEDGED}
ADDRESS_FIELDS = ("address_line1", "address_line2", "city", "state_or_region", "postal_code",
                  "country_code", "phone")


@dataclass
class IntakeResult:
    created: list[PurchaseOrder] = field(default_factory=list)
    changed: list[PurchaseOrder] = field(default_factory=list)
    unchanged: int = 0


def ship_to_locations_upsert(parties: list[ParsedAddress]) -> dict[str, ShipToLocation]:
    """Fulfillment centers become fixed ship-to locations; a known code keeps its address."""
    by_code = {party.party_id: party for party in parties}
    known = ShipToLocation.objects.in_bulk(list(by_code), field_name="code")
    ShipToLocation.objects.bulk_create([
        ShipToLocation(code=code, name=party.name or code,
                       **{f: getattr(party, f) for f in ADDRESS_FIELDS})
        for code, party in by_code.items() if code not in known], ignore_conflicts=True)
    return ShipToLocation.objects.in_bulk(list(by_code), field_name="code")


def _header(parsed: ParsedOrder, ship_tos: dict[str, ShipToLocation]) -> dict:
    return {
        "amazon_state": parsed.amazon_state, "order_type": parsed.order_type,
        "ordered_at": parsed.ordered_at, "changed_at": parsed.changed_at,
        "ship_window_start": parsed.ship_window[0], "ship_window_end": parsed.ship_window[1],
        "delivery_window_start": parsed.delivery_window[0],
        "delivery_window_end": parsed.delivery_window[1],
        "ship_to": ship_tos.get(parsed.ship_to.party_id) if parsed.ship_to else None,
        "buying_party_id": parsed.buying_party_id, "currency": parsed.currency,
    }


def _line_values(line: ParsedLine) -> dict:
    return {name: getattr(line, name) for name in LINE_FIELDS}


def purchase_orders_create(account: VendorAccount, orders: list[ParsedOrder], source: str,
                           ship_tos: dict[str, ShipToLocation]) -> list[PurchaseOrder]:
    created = PurchaseOrder.objects.bulk_create(
        [PurchaseOrder(account=account, po_number=o.po_number, source=source,
                       **_header(o, ship_tos)) for o in orders], batch_size=500)
    PurchaseOrderLine.objects.bulk_create(
        [PurchaseOrderLine(order=order, item_sequence=line.item_sequence, **_line_values(line))
         for order, parsed in zip(created, orders, strict=True) for line in parsed.lines],
        batch_size=500)
    return created


def line_changes(stored: PurchaseOrderLine | None, line: ParsedLine) -> list[str]:
    if stored is None:
        return [f"item {line.item_sequence} added ({line.ordered_quantity} "
                f"{line.unit_of_measure.lower()})"]
    if line.ordered_quantity == 0 and stored.ordered_quantity > 0:
        return [f"item {line.item_sequence} cancelled ({stored.ordered_quantity} → 0)"]
    return [f"item {line.item_sequence} {name.replace('_', ' ')} {getattr(stored, name)} → {new}"
            for name, new in _line_values(line).items() if getattr(stored, name) != new]


def order_changes(order: PurchaseOrder, parsed: ParsedOrder, header: dict) -> list[str]:
    changes = [f"{name.replace('_', ' ')} {getattr(order, name)} → {value}"
               for name, value in header.items()
               if name in {"ship_window_start", "ship_window_end", "delivery_window_start",
                           "delivery_window_end", "ship_to"} and getattr(order, name) != value]
    stored = {line.item_sequence: line for line in order.lines.all()}
    for line in parsed.lines:
        changes += line_changes(stored.get(line.item_sequence), line)
    return changes


def _released_stock(order: PurchaseOrder) -> dict[str, int]:
    released: dict[str, int] = defaultdict(int)
    if order.status in HOLDS_STOCK:
        for line in order.lines.all():
            if line.sku_id and line.accepted_quantity:
                released[line.sku.sku] -= line.accepted_quantity * line.unit_size
    return released


def purchase_order_apply_changes(order: PurchaseOrder, parsed: ParsedOrder, header: dict,
                                 changes: list[str]) -> None:
    """Store Amazon's new version; decided orders release their stock and are decided again."""
    reopen = order.status in REOPENABLE
    if reopen:
        sku_allocate(allocations=_released_stock(order))
    for name, value in header.items():
        setattr(order, name, value)
    order.save()
    for line in parsed.lines:
        values = {**_line_values(line), **(DECISION_RESET if reopen else {})}
        PurchaseOrderLine.objects.update_or_create(order=order, item_sequence=line.item_sequence,
                                                   defaults=values)
    reason = "Amazon changed the order: " + "; ".join(changes) + "."
    if reopen:
        purchase_order_transition(order=order, to=S.NEW, reason=reason + " Decisions re-opened.")
    else:
        order.status_reason = reason
        order.save(update_fields=["status_reason"])


@transaction.atomic
def purchase_orders_receive(*, account: VendorAccount, orders: list[ParsedOrder],
                            source: str) -> IntakeResult:
    """Create new POs, apply Amazon's changes to known ones; unique per (account, PO number)."""
    detailed = [o for o in orders if o.has_details]
    ship_tos = ship_to_locations_upsert([o.ship_to for o in detailed if o.ship_to])
    known = {po.po_number: po for po in PurchaseOrder.objects.filter(
        account=account, po_number__in=[o.po_number for o in detailed]
    ).prefetch_related("lines__sku").select_related("ship_to")}
    result = IntakeResult(created=purchase_orders_create(
        account, [o for o in detailed if o.po_number not in known], source, ship_tos))
    for parsed in (o for o in detailed if o.po_number in known):
        order, header = known[parsed.po_number], _header(parsed, ship_tos)
        changes = order_changes(order, parsed, header)
        if changes:
            purchase_order_apply_changes(order, parsed, header, changes)
            result.changed.append(order)
        else:
            result.unchanged += 1
    # Fresh rows: the ones above still carry the lines prefetched before the changes.
    result.changed = list(PurchaseOrder.objects.filter(pk__in=[o.pk for o in result.changed]))
    return result
