"""GetShipmentDetails: the shipments Amazon has on record for the demo vendor.

The rule: every purchase order with an acknowledgement in force (sandbox.spapi.acknowledgements)
ships SHIPMENT_DELAY after that acknowledgement was received — one finalized Collect shipment
(transactionType New, currentShipmentStatus Shipped) carrying each line's accepted quantity,
with a carrier and tracking number derived from the order number. A purchase order whose lines
were all rejected ships nothing. Tests reach a shipment by storing the acknowledgement with a
received_at older than SHIPMENT_DELAY.
"""

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sandbox.models import Acknowledgement
from sandbox.spapi.acknowledgements import acknowledgements_in_force, line_confirmations
from sandbox.spapi.lines import purchase_order_find, quantity_like_line
from sandbox.spapi.params import (
    InvalidQuery,
    iso_datetime,
    page_of,
    page_position,
    param_datetime,
    param_descending,
    param_limit,
)
from sandbox.spapi.parties import VENDOR_WAREHOUSE

SHIPMENT_DELAY = timedelta(minutes=30)
TRANSIT_TIME = timedelta(days=3)
MAX_LIMIT = 50
CARRIERS = (("ABFS", "ABF Freight"), ("ODFL", "Old Dominion Freight Line"), ("SAIA", "Saia"))
# Query parameter stem → where the shipment holds that date ({stem}After / {stem}Before).
DATE_FILTERS = {
    "created": ("shipmentCreateDate",),
    "shipmentConfirmed": ("shipmentConfirmDate",),
    "packageLabelCreated": ("packageLabelCreateDate",),
    "shipped": ("transportationDetails", "shippedDate"),
    "estimatedDelivery": ("transportationDetails", "estimatedDeliveryDate"),
    "shipmentDelivery": ("transportationDetails", "shipmentDeliveryDate"),
    "requestedPickUp": ("collectFreightPickupDetails", "requestedPickUp"),
    "scheduledPickUp": ("collectFreightPickupDetails", "scheduledPickUp"),
}
VALUE_FILTERS = {
    "currentShipmentStatus": ("currentShipmentStatus",),
    "vendorShipmentIdentifier": ("vendorShipmentIdentifier",),
    "buyerReferenceNumber": ("buyerReferenceNumber",),
    "buyerWarehouseCode": ("shipToParty", "partyId"),
    "sellerWarehouseCode": ("sellingParty", "partyId"),
}


@dataclass(frozen=True)
class ShipmentsQuery:
    date_windows: dict[tuple[str, ...], tuple[datetime | None, datetime | None]]
    values: dict[tuple[str, ...], str]
    limit: int
    descending: bool
    offset: int
    as_of: datetime


def shipments_query(params: Mapping[str, str], *, now: datetime) -> ShipmentsQuery:
    """Validate GetShipmentDetails' parameters; raises InvalidQuery with the fix."""
    if params.get("vendorShipmentIdentifier") == "null":
        # The model's sandbox case for a missing identifier.
        raise InvalidQuery(
            "Request is missing or has invalid parameters",
            "vendor Shipment Identifier cannot be null",
            code="InvalidRequest",
        )
    offset, as_of = page_position(params, now)
    windows = {
        path: (param_datetime(params, f"{stem}After"), param_datetime(params, f"{stem}Before"))
        for stem, path in DATE_FILTERS.items()
    }
    return ShipmentsQuery(
        date_windows={path: window for path, window in windows.items() if any(window)},
        values={path: params[name] for name, path in VALUE_FILTERS.items() if name in params},
        limit=param_limit(params, MAX_LIMIT),
        descending=param_descending(params),
        offset=offset,
        as_of=as_of,
    )


def shipments_page(query: ShipmentsQuery) -> dict:
    """The ShipmentDetails payload for one page of `query`."""
    shipped = acknowledgements_in_force(until=query.as_of - SHIPMENT_DELAY)
    shipments = [shipment_for(row, as_of=query.as_of) for row in shipped.values()]
    matching = [s for s in shipments if s is not None and _matches(s, query)]
    matching.sort(key=lambda shipment: shipment["shipmentCreateDate"], reverse=query.descending)
    page, pagination = page_of(matching, offset=query.offset, limit=query.limit, as_of=query.as_of)
    return {**pagination, "shipments": page}


def shipment_for(acknowledgement: Acknowledgement, *, as_of: datetime) -> dict | None:
    """The model's Shipment for the purchase order `acknowledgement` confirmed, or None when
    nothing was accepted."""
    order = purchase_order_find(acknowledgement.purchase_order_number, now=as_of)
    if order is None:
        return None
    items = _shipped_items(acknowledgement, order)
    if not items:
        return None
    shipped_at = iso_datetime(acknowledgement.received_at + SHIPMENT_DELAY)
    number = order["purchaseOrderNumber"]
    details = order["orderDetails"]
    return {
        "vendorShipmentIdentifier": f"ASN-{number}",
        "transactionType": "New",
        "buyerReferenceNumber": str(_number_from(number, "arn") % 10**10).zfill(10),
        "transactionDate": shipped_at,
        "currentShipmentStatus": "Shipped",
        "currentshipmentStatusDate": shipped_at,
        "shipmentStatusDetails": [{"shipmentStatus": "Shipped", "shipmentStatusDate": shipped_at}],
        "shipmentCreateDate": shipped_at,
        "shipmentConfirmDate": shipped_at,
        "shipmentFreightTerm": "Collect",
        "sellingParty": {"partyId": details["sellingParty"]["partyId"]},
        "shipFromParty": VENDOR_WAREHOUSE.identification(),
        "shipToParty": _party(details.get("shipToParty", {})),
        "purchaseOrders": [_purchase_order(order, items)],
        "transportationDetails": _transportation(number, acknowledgement.received_at),
    }


def _shipped_items(acknowledgement: Acknowledgement, order: dict) -> list[dict]:
    confirmations = line_confirmations(acknowledgement.body, order)
    items = []
    for line in order["orderDetails"]["items"]:
        confirmation = confirmations.get(line["itemSequenceNumber"])
        if confirmation is None or confirmation.accepted == 0:
            continue
        item = {"itemSequenceNumber": line["itemSequenceNumber"]}
        if "amazonProductIdentifier" in line:
            item["buyerProductIdentifier"] = line["amazonProductIdentifier"]
        if "vendorProductIdentifier" in line:
            item["vendorProductIdentifier"] = line["vendorProductIdentifier"]
        items.append({**item, "shippedQuantity": quantity_like_line(confirmation.accepted, line)})
    return items


def _purchase_order(order: dict, items: list[dict]) -> dict:
    details = order["orderDetails"]
    purchase_order = {
        "purchaseOrderNumber": order["purchaseOrderNumber"],
        "purchaseOrderDate": details["purchaseOrderDate"],
    }
    if "shipWindow" in details:
        purchase_order["shipWindow"] = details["shipWindow"]
    return {**purchase_order, "items": items}


def _transportation(number: str, received_at: datetime) -> dict:
    code, name = CARRIERS[_number_from(number, "carrier") % len(CARRIERS)]
    shipped_at = received_at + SHIPMENT_DELAY
    return {
        "shipMode": "LessThanTruckLoad",
        "transportationMode": "Road",
        "shippedDate": iso_datetime(shipped_at),
        "estimatedDeliveryDate": iso_datetime(shipped_at + TRANSIT_TIME),
        "carrierDetails": {
            "name": name,
            "code": code,
            "shipmentReferenceNumber": str(_number_from(number, "pro") % 10**9).zfill(9),
        },
        "billOfLadingNumber": f"BOL{_number_from(number, 'bol') % 10**8:08d}",
    }


def _party(identification: dict) -> dict:
    # Shipments' PartyIdentification has no taxInfo (it has taxRegistrationDetails instead).
    return {key: identification[key] for key in ("partyId", "address") if key in identification}


def _number_from(purchase_order_number: str, purpose: str) -> int:
    digest = hashlib.sha256(f"sandbox-shipment:{purpose}:{purchase_order_number}".encode())
    return int.from_bytes(digest.digest()[:8], "big")


def _matches(shipment: dict, query: ShipmentsQuery) -> bool:
    for path, value in query.values.items():
        if _at(shipment, path) != value:
            return False
    for path, (after, before) in query.date_windows.items():
        found = _at(shipment, path)
        if found is None:
            return False
        moment = datetime.fromisoformat(found)
        if (after and moment < after) or (before and moment > before):
            return False
    return True


def _at(document: dict, path: tuple[str, ...]) -> object:
    for key in path:
        if not isinstance(document, dict) or key not in document:
            return None
        document = document[key]
    return document
