"""Vendor documents built the way a correct product builds them, so that a test can break one
rule at a time, and the generated orders they refer to."""

import copy
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sandbox.spapi.changes import LATEST_CHANGE_DELAY
from sandbox.spapi.orders import purchase_order
from sandbox.spapi.params import iso_datetime
from sandbox.spapi.slots import slot_starts


def settled_order(wanted: Callable[[dict], bool] = lambda order: True) -> dict:
    """The newest generated order for which `wanted` holds among those Amazon has finished
    changing (so the sandbox checks against the same version) and still finds (< 30 days)."""
    return settled_orders(wanted, count=1)[0]


def settled_orders(wanted: Callable[[dict], bool], count: int) -> list[dict]:
    """The `count` newest such orders, newest first."""
    now = datetime.now(UTC)
    newest = now - LATEST_CHANGE_DELAY - timedelta(minutes=30)
    slots = slot_starts(created_after=newest - timedelta(days=20), created_before=newest)
    found = []
    for slot in reversed(slots):
        order = purchase_order(slot, as_of=now)
        if wanted(order):
            found.append(order)
        if len(found) == count:
            return found
    raise LookupError("not enough generated orders of the last 20 days fit")


def lines(order: dict) -> list[dict]:
    return order["orderDetails"]["items"]


def is_plain(order: dict) -> bool:
    """At least two lines, none cancelled or changed: the order as placed."""
    details = order["orderDetails"]
    return len(details["items"]) >= 2 and "purchaseOrderChangedDate" not in details


def full_acceptance(order: dict) -> dict:
    """A SubmitAcknowledgementRequest accepting every open line of `order` as ordered."""
    details = order["orderDetails"]
    return {
        "acknowledgements": [
            {
                "purchaseOrderNumber": order["purchaseOrderNumber"],
                "sellingParty": {"partyId": details["sellingParty"]["partyId"]},
                "acknowledgementDate": iso_datetime(datetime.now(UTC)),
                "items": [
                    line_acknowledgement(line)
                    for line in details["items"]
                    if line["orderedQuantity"]["amount"] > 0
                ],
            }
        ]
    }


def line_acknowledgement(line: dict, *entries: dict) -> dict:
    """One OrderAcknowledgementItem; by default the whole ordered quantity Accepted."""
    quantity = line["orderedQuantity"]
    return {
        "itemSequenceNumber": line["itemSequenceNumber"],
        "amazonProductIdentifier": line["amazonProductIdentifier"],
        "vendorProductIdentifier": line["vendorProductIdentifier"],
        "orderedQuantity": quantity,
        "netCost": line["netCost"],
        "itemAcknowledgements": list(entries) or [entry("Accepted", quantity["amount"], line)],
    }


def entry(code: str, amount: int, line: dict, **extra: str) -> dict:
    """One OrderItemAcknowledgement in the line's unit of measure."""
    quantity = {**line["orderedQuantity"], "amount": amount}
    return {"acknowledgementCode": code, "acknowledgedQuantity": quantity, **extra}


def acknowledged_items(body: dict) -> list[dict]:
    return body["acknowledgements"][0]["items"]


def with_changes(body: dict, change: Callable[[dict], None]) -> dict:
    changed = copy.deepcopy(body)
    change(changed)
    return changed


def with_first_item(body: dict, item: dict) -> dict:
    """`body` with its first acknowledged item replaced by `item`."""
    changed = copy.deepcopy(body)
    acknowledged_items(changed)[0] = item
    return changed


def invoice_for(order: dict, invoice_id: str, **line_overrides: dict) -> dict:
    """A SubmitInvoicesRequest billing every line of `order` as fully accepted; per line
    (keyword item<sequence>) fields to override."""
    details = order["orderDetails"]
    items = [
        {
            "itemSequenceNumber": int(line["itemSequenceNumber"]),
            "amazonProductIdentifier": line["amazonProductIdentifier"],
            "vendorProductIdentifier": line["vendorProductIdentifier"],
            "invoicedQuantity": line["orderedQuantity"],
            "netCost": line["netCost"],
            "purchaseOrderNumber": order["purchaseOrderNumber"],
            **line_overrides.get(f"item{line['itemSequenceNumber']}", {}),
        }
        for line in details["items"]
    ]
    return {
        "invoices": [
            {
                "invoiceType": "Invoice",
                "id": invoice_id,
                "date": iso_datetime(datetime.now(UTC)),
                "remitToParty": {"partyId": details["sellingParty"]["partyId"]},
                "invoiceTotal": {
                    "currencyCode": lines(order)[0]["netCost"]["currencyCode"],
                    "amount": "100.00",
                },
                "items": items,
            }
        ]
    }


def shipment_confirmation_for(order: dict, identifier: str, kind: str = "Original") -> dict:
    """A SubmitShipmentConfirmationsRequest shipping every line of `order` as ordered."""
    details = order["orderDetails"]
    return {
        "shipmentConfirmations": [
            {
                "shipmentIdentifier": identifier,
                "shipmentConfirmationType": kind,
                "shipmentConfirmationDate": iso_datetime(datetime.now(UTC)),
                "sellingParty": {"partyId": details["sellingParty"]["partyId"]},
                "shipFromParty": {"partyId": "DEMO1-RNO1"},
                "shipToParty": {"partyId": details["shipToParty"]["partyId"]},
                "shippedItems": [
                    {
                        "itemSequenceNumber": line["itemSequenceNumber"],
                        "amazonProductIdentifier": line["amazonProductIdentifier"],
                        "shippedQuantity": line["orderedQuantity"],
                        "itemDetails": {"purchaseOrderNumber": order["purchaseOrderNumber"]},
                    }
                    for line in details["items"]
                ],
            }
        ]
    }
