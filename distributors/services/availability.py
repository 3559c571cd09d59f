"""Which of our SKUs each distributor item is, and what we can drop-ship: set-based.

An item is our SKU by staff's explicit mapping, else by UPC (against the SKU's UPC or EAN,
with or without the leading zero), else by manufacturer part number (against the SKU's MPN or
the SKU code itself). A SKU is drop-shippable when an enabled distributor's non-excluded
warehouse holds more than its buffer and ships within a day: its lead time is at most one day,
or the item costs more than the warehouse's drop-ship cutoff.
"""

import csv
import io

from django.db import connection, transaction
from django.utils import timezone

from distributors.models import DropshipAvailability
from skurules.models import Sku

ITEMS = "distributors_distributoritem"
MATCH = f"""COALESCE(
    (SELECT m.sku_id FROM distributors_skumapping m JOIN distributors_warehouse mw
       ON mw.distributor_id = m.distributor_id
     WHERE mw.id = {ITEMS}.warehouse_id AND m.part_number = {ITEMS}.part_number),
    (SELECT MIN(k.id) FROM skurules_sku k WHERE {ITEMS}.upc <> ''
       AND (k.upc = {ITEMS}.upc OR k.ean = {ITEMS}.upc OR k.ean = '0' || {ITEMS}.upc)),
    (SELECT MIN(k.id) FROM skurules_sku k WHERE {ITEMS}.manufacturer_part_number <> ''
       AND (k.manufacturer_part_number = {ITEMS}.manufacturer_part_number
            OR k.sku = {ITEMS}.manufacturer_part_number)))"""
# Cheap to test against (each set is hashed once): an item outside all of them and pointing at
# no SKU cannot change, so MATCH's lookups run only for the few items that might.
CANDIDATE = f"""({ITEMS}.sku_id IS NOT NULL
    OR {ITEMS}.part_number IN (SELECT part_number FROM distributors_skumapping)
    OR {ITEMS}.upc IN (SELECT upc FROM skurules_sku WHERE upc <> ''
                       UNION SELECT ean FROM skurules_sku WHERE ean <> ''
                       UNION SELECT substr(ean, 2) FROM skurules_sku WHERE ean LIKE '0_%%')
    OR {ITEMS}.manufacturer_part_number IN (
        SELECT manufacturer_part_number FROM skurules_sku WHERE manufacturer_part_number <> ''
        UNION SELECT sku FROM skurules_sku))"""
DROPSHIPPABLE = """FROM distributors_distributoritem i
    JOIN distributors_warehouse w ON w.id = i.warehouse_id
    JOIN distributors_distributor d ON d.id = w.distributor_id
    WHERE i.sku_id IS NOT NULL AND i.is_available AND d.enabled AND NOT w.is_excluded
      AND i.quantity > w.stock_buffer
      AND (w.lead_time_days <= 1 OR (w.price_cutoff IS NOT NULL AND i.cost > w.price_cutoff))"""


def items_match(*, distributor_id: int | None = None, keys_in: str = "") -> int:
    """Point items at our SKUs where the match changed; returns how many moved. Narrowed to
    one distributor, and to the items whose (warehouse_id, part_number) the table `keys_in`
    lists (the rows an import just staged), when given."""
    where, params = [CANDIDATE, f"sku_id {_distinct()} {MATCH}"], []
    if distributor_id is not None:
        where.append("warehouse_id IN (SELECT id FROM distributors_warehouse "
                     "WHERE distributor_id = %s)")
        params.append(distributor_id)
    if keys_in:
        where.insert(0, f"EXISTS (SELECT 1 FROM {keys_in} s WHERE s.warehouse_id = "
                        f"{ITEMS}.warehouse_id AND s.part_number = {ITEMS}.part_number)")
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {ITEMS} SET sku_id = {MATCH} WHERE {' AND '.join(where)}",
                       params)
        return cursor.rowcount


def _distinct() -> str:
    return "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"


@transaction.atomic
def availability_recompute() -> int:
    """Every SKU's drop-ship quantity from the current items; returns how many can ship."""
    DropshipAvailability.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO distributors_dropshipavailability (sku_id, quantity, warehouses, "
            f"computed_at) SELECT i.sku_id, SUM(i.quantity - w.stock_buffer), COUNT(*), %s "
            f"{DROPSHIPPABLE} GROUP BY i.sku_id", [timezone.now()])
        return cursor.rowcount


def is_dropshippable(sku: Sku) -> bool:
    return DropshipAvailability.objects.filter(sku=sku).exists()


def marketplace_quantities_csv() -> bytes:
    """sku,quantity for every SKU we sell (0 when nothing can drop-ship it), for listing tools."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["sku", "quantity"])
    rows = Sku.objects.order_by("sku").values_list("sku", "dropship_availability__quantity")
    writer.writerows((sku, quantity or 0) for sku, quantity in rows.iterator(chunk_size=5000))
    return out.getvalue().encode()
