"""The documents we send in the order exchange: the OrderRequest (our purchase order) and the
Response we answer suppliers' documents with."""

from datetime import datetime

from django.utils import timezone

from punchout.cxml.values import OrderRequest, Status
from punchout.cxml.writing import (
    address_element,
    document_bytes,
    envelope_new,
    item_out_element,
    money_element,
    payload_id_new,
    sub,
    timestamp_format,
)

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def order_request_xml(order: OrderRequest, *, version: str) -> bytes:
    """A new OrderRequest; header children in the DTD's order (Total, ShipTo, BillTo, Contact,
    Comments, Extrinsic)."""
    root = envelope_new(payload_id=order.payload_id, timestamp=order.timestamp,
                        header=order.header)
    request = sub(sub(root, "Request", deploymentMode=order.deployment_mode), "OrderRequest")
    header = sub(request, "OrderRequestHeader", orderID=order.order_id,
                 orderDate=timestamp_format(order.order_date), type="new")
    money_element(sub(header, "Total"), order.total, order.currency)
    address_element(header, "ShipTo", order.ship_to)
    address_element(header, "BillTo", order.bill_to)
    if order.contact_name:
        contact = sub(header, "Contact", role="endUser")
        sub(contact, "Name", order.contact_name).set(XML_LANG, "en-US")
        if order.contact_email:
            sub(contact, "Email", order.contact_email)
    if order.comments:
        sub(header, "Comments", order.comments).set(XML_LANG, "en-US")
    for name, value in order.extrinsics.items():
        sub(header, "Extrinsic", str(value), name=name)
    for item in order.items:
        item_out_element(request, item)
    return document_bytes(root, version=version)


def response_xml(status: Status, *, version: str, timestamp: datetime | None = None) -> bytes:
    """Our answer to a supplier's document: a Response holding only its Status."""
    root = envelope_new(payload_id=payload_id_new(), timestamp=timestamp or timezone.now(),
                        header=None)
    node = sub(sub(root, "Response"), "Status", status.detail or None, code=str(status.code),
               text=status.text)
    node.set(XML_LANG, "en-US")
    return document_bytes(root, version=version)
