"""Sales orders in: from a CSV file staff export from a shop, or pulled from a marketplace.

Either way the order is unique per (channel, marketplace order id): one seen before is left as
it is. A CSV file is applied all or nothing; each bad row is named with its line number.
"""

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from orders.marketplaces import (
    MarketplaceClient,
    MarketplaceOrder,
    MarketplaceRefused,
    MarketplaceUnavailable,
    marketplace_client,
)
from orders.models import MarketplaceAccount, SalesChannel, SalesOrder, SalesOrderLine
from skurules.models import Sku

HEADER = ("channel", "order_id", "ordered_at", "ship_name", "ship_address1", "ship_address2",
          "ship_city", "ship_state", "ship_postal_code", "ship_country", "ship_phone",
          "ship_email", "line_id", "sku", "title", "quantity", "unit_price", "currency")
REQUIRED = ("channel", "order_id", "ship_name", "ship_address1", "ship_city",
            "ship_postal_code", "sku", "quantity")
INITIAL_WINDOW, OVERLAP = timedelta(days=30), timedelta(days=1)
ADDRESS = ("ship_name", "ship_address1", "ship_address2", "ship_city", "ship_state",
           "ship_postal_code", "ship_country", "ship_phone", "ship_email")


@dataclass
class SalesOrderIntake:
    created: list[SalesOrder] = field(default_factory=list)
    known: int = 0


@dataclass(frozen=True)
class IncomingLine:
    line_id: str
    sku_code: str
    title: str
    quantity: int
    unit_price: Decimal | None
    currency: str


@dataclass
class IncomingOrder:
    channel: str
    order_id: str
    ordered_at: datetime | None
    address: dict
    lines: list[IncomingLine] = field(default_factory=list)


def _row_errors(number: int, row: dict) -> list[str]:
    errors = [f"Line {number}: {name.replace('_', ' ')} is empty." for name in REQUIRED
              if not row.get(name, "").strip()]
    if row.get("channel") and row["channel"] not in SalesChannel.values:
        errors.append(f"Line {number}: channel {row['channel']!r} is not one of "
                      f"{', '.join(SalesChannel.values)}.")
    if row.get("quantity", "").strip() and not row["quantity"].strip().isdigit():
        errors.append(f"Line {number}: quantity {row['quantity']!r} is not a whole number.")
    try:
        Decimal(row.get("unit_price") or "0")
    except InvalidOperation:
        errors.append(f"Line {number}: unit price {row['unit_price']!r} is not an amount.")
    if row.get("ordered_at") and parse_datetime(row["ordered_at"]) is None:
        errors.append(f"Line {number}: ordered at {row['ordered_at']!r} is not a date and time "
                      "(use ISO 8601, e.g. 2026-12-01T09:30:00Z).")
    return errors


def sales_orders_read(content: bytes) -> list[IncomingOrder]:
    """The orders of a CSV file; ValidationError lists every bad row."""
    reader = csv.DictReader(io.StringIO(content.decode("utf-8-sig")))
    missing = [name for name in REQUIRED if name not in (reader.fieldnames or [])]
    if missing:
        raise ValidationError(f"The file has no column {', '.join(missing)}; the header is "
                              f"{','.join(HEADER)}.")
    orders, errors = {}, []
    for number, row in enumerate(reader, start=2):
        problems = _row_errors(number, row)
        errors += problems
        if problems:
            continue
        key = (row["channel"], row["order_id"].strip())
        order = orders.setdefault(key, IncomingOrder(
            key[0], key[1], parse_datetime(row["ordered_at"]) if row.get("ordered_at") else None,
            {name: (row.get(name) or "").strip() for name in ADDRESS}))
        order.lines.append(IncomingLine(
            (row.get("line_id") or "").strip(), row["sku"].strip(),
            (row.get("title") or "").strip(), int(row["quantity"]),
            Decimal(row["unit_price"]) if row.get("unit_price") else None,
            (row.get("currency") or "").strip()))
    if errors:
        raise ValidationError(errors)
    return list(orders.values())


@transaction.atomic
def sales_orders_receive(orders: list[IncomingOrder],
                         account: MarketplaceAccount | None = None) -> SalesOrderIntake:
    """Store the orders not seen before, lines matched to our SKUs by code."""
    known = defaultdict(set)
    for channel, order_id in SalesOrder.objects.filter(
            marketplace_order_id__in=[o.order_id for o in orders]).values_list(
            "channel", "marketplace_order_id"):
        known[channel].add(order_id)
    fresh = [o for o in orders if o.order_id not in known[o.channel]]
    skus = dict(Sku.objects.filter(sku__in={line.sku_code for o in fresh for line in o.lines})
                .values_list("sku", "id"))
    result = SalesOrderIntake(known=len(orders) - len(fresh))
    for incoming in fresh:
        order = SalesOrder.objects.create(
            account=account, channel=incoming.channel, marketplace_order_id=incoming.order_id,
            ordered_at=incoming.ordered_at, **{k: v for k, v in incoming.address.items() if v})
        SalesOrderLine.objects.bulk_create([SalesOrderLine(
            order=order, line_id=line.line_id, sku_id=skus.get(line.sku_code),
            sku_code=line.sku_code, title=line.title, quantity=line.quantity,
            unit_price=line.unit_price, currency=line.currency) for line in incoming.lines])
        result.created.append(order)
    return result


def marketplace_client_for(account: MarketplaceAccount) -> MarketplaceClient:
    return marketplace_client(
        account.channel, base_url=account.base_url, token=account.token,
        lwa_app_id=account.lwa_app_id, lwa_client_secret=account.lwa_client_secret,
        refresh_token=account.refresh_token, marketplace_id=account.marketplace_id)


def _incoming(channel: str, order: MarketplaceOrder) -> IncomingOrder:
    address = order.ship_to
    return IncomingOrder(channel, order.order_id, order.ordered_at, {
        "ship_name": address.name, "ship_address1": address.address1,
        "ship_address2": address.address2, "ship_city": address.city,
        "ship_state": address.state, "ship_postal_code": address.postal_code,
        "ship_country": address.country, "ship_phone": address.phone,
        "ship_email": address.email}, [
        IncomingLine(line.line_id, line.sku, line.title, line.quantity, line.unit_price,
                     line.currency) for line in order.lines])


def sales_orders_pull(account: MarketplaceAccount) -> SalesOrderIntake:
    """The marketplace's orders still to ship since the last pull (a day of overlap, as
    orders seen before are skipped). A failure is recorded on the account and raised."""
    since = (account.last_pull_at or timezone.now() - INITIAL_WINDOW) - OVERLAP
    try:
        orders = marketplace_client_for(account).orders(since)
    except (MarketplaceRefused, MarketplaceUnavailable) as error:
        MarketplaceAccount.objects.filter(pk=account.pk).update(last_error=str(error))
        raise
    result = sales_orders_receive([_incoming(account.channel, o) for o in orders], account)
    MarketplaceAccount.objects.filter(pk=account.pk).update(last_pull_at=timezone.now(),
                                                            last_error="")
    return result
