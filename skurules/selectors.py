"""Reads of SKU data for the decision engine and the Get SKU Data tool."""

from collections.abc import Iterable, Iterator
from decimal import Decimal
from itertools import islice

from django.db import connection
from django.db.models import F, IntegerField, Q, Sum
from django.db.transaction import TransactionManagementError

from skurules.decisions import SkuIndex, SkuKeys, StockFacts, gtin_spellings, match_sku
from skurules.models import Sku

# Identifiers per query: far below SQLite's 32,766 bound parameters even with the GTIN spellings
# counted for both the EAN and the UPC column.
IDENTIFIERS_PER_QUERY = 2000
# Purchase-order statuses whose lines still claim stock (strings: skurules does not import orders).
OPEN_ORDER_STATUSES = ("new", "needs_review", "decided")


def sku_index_for(vendor_ids: Iterable[str], asins: Iterable[str]) -> SkuIndex:
    """An index of the SKUs these identifiers could match: one query per 2,000 identifiers."""
    vendor_ids = sorted({v.strip() for v in vendor_ids if v and v.strip()})
    gtins = sorted({spelling for v in vendor_ids for spelling in gtin_spellings(v)})
    asins = sorted({a.strip().upper() for a in asins if a and a.strip()})
    keys: list[SkuKeys] = []
    for sku_codes, gtin_codes, asin_codes in _zip_batches(vendor_ids, gtins, asins):
        rows = Sku.objects.filter(Q(sku__in=sku_codes) | Q(ean__in=gtin_codes)
                                  | Q(upc__in=gtin_codes) | Q(asin__in=asin_codes))
        keys.extend(SkuKeys(*row) for row in rows.values_list("sku", "asin", "ean", "upc"))
    return SkuIndex(keys)


def _zip_batches(*lists: list[str]) -> Iterator[tuple[tuple[str, ...], ...]]:
    chunked = [list(_batches(values, IDENTIFIERS_PER_QUERY)) for values in lists]
    for position in range(max(len(chunks) for chunks in chunked)):
        yield tuple(chunks[position] if position < len(chunks) else () for chunks in chunked)


def _batches(values: Iterable[str], size: int) -> Iterator[tuple[str, ...]]:
    iterator = iter(values)
    while batch := tuple(islice(iterator, size)):
        yield batch


def stock_facts_for_update(sku_codes: Iterable[str]) -> dict[str, StockFacts]:
    """Locks the SKU rows and returns their stock and rule, by SKU code.

    Rows are locked in SKU order, so two workers deciding overlapping orders wait for each other
    instead of deadlocking. Only the SKU rows are locked (`of=("self",)`): PostgreSQL refuses
    FOR UPDATE on the nullable side of the outer join to the rule. SQLite ignores FOR UPDATE; its
    IMMEDIATE transactions already serialise writers.
    """
    if connection.get_autocommit():
        raise TransactionManagementError(
            "stock_facts_for_update() locks rows and must run inside transaction.atomic().")
    # Values, not model instances: a batch locks a thousand SKUs with their rules.
    rows = (Sku.objects.select_for_update(of=("self",))
            .filter(sku__in=sorted(set(sku_codes))).order_by("sku")
            .values_list("sku", "on_hand", "allocated", "rule__id", "rule__enabled",
                         "rule__min_cost", "rule__min_inventory"))
    return {row[0]: _stock_facts(*row) for row in rows}


def _stock_facts(sku: str, on_hand: int, allocated: int, rule_id: int | None,
                 enabled: bool | None, min_cost: Decimal | None,
                 min_inventory: int | None) -> StockFacts:
    """As stock_facts_from(), from the values of a SKU row joined to its rule."""
    if rule_id is None:
        return StockFacts(sku=sku, on_hand=on_hand, allocated=allocated, has_rule=False,
                          rule_enabled=False, min_cost=Decimal("0"), min_inventory=0)
    return StockFacts(sku=sku, on_hand=on_hand, allocated=allocated, has_rule=True,
                      rule_enabled=enabled, min_cost=min_cost, min_inventory=min_inventory)


def stock_facts_from(sku: Sku) -> StockFacts:
    """A SKU with its rule (select_related("rule")) as the decision engine sees it."""
    rule = getattr(sku, "rule", None)
    if rule is None:
        return StockFacts(sku=sku.sku, on_hand=sku.on_hand, allocated=sku.allocated,
                          has_rule=False, rule_enabled=False, min_cost=Decimal("0"),
                          min_inventory=0)
    return StockFacts(sku=sku.sku, on_hand=sku.on_hand, allocated=sku.allocated, has_rule=True,
                      rule_enabled=rule.enabled, min_cost=rule.min_cost,
                      min_inventory=rule.min_inventory)


def sku_find(identifier: str) -> Sku | None:
    """The SKU whose SKU code, ASIN, EAN or UPC is `identifier`, matched as order lines are."""
    index = sku_index_for([identifier], [identifier])
    code = match_sku(identifier, identifier, index)
    if code is None:
        return None
    return Sku.objects.select_related("rule__updated_by").get(sku=code)


def sku_open_demand_eaches(sku: Sku) -> int:
    """Eaches ordered on this SKU's lines of purchase orders not yet acknowledged."""
    is_cases = Q(unit_of_measure__iexact="cases")
    eaches = F("ordered_quantity") * F("unit_size")
    demand = sku.purchase_order_lines.filter(order__status__in=OPEN_ORDER_STATUSES).aggregate(
        cases=Sum(eaches, filter=is_cases, output_field=IntegerField()),
        eaches=Sum("ordered_quantity", filter=~is_cases))
    return (demand["cases"] or 0) + (demand["eaches"] or 0)


def sku_recent_decisions(sku: Sku, *, limit: int = 10) -> list[dict]:
    """The latest decided lines of this SKU, newest first, with their PO number."""
    lines = (sku.purchase_order_lines.filter(decided_at__isnull=False)
             .order_by("-decided_at", "-id")
             .values("id", "order_id", "order__po_number", "decided_at", "unit_of_measure",
                     "ordered_quantity", "accepted_quantity", "backordered_quantity",
                     "rejected_quantity", "rejection_reason", "decision_reason"))
    return list(lines[:limit])
