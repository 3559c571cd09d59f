"""Reading what suppliers send back about our orders: ConfirmationRequest, ShipNoticeRequest and
InvoiceDetailRequest (the root already parsed by `cxml_parse`)."""

import re
from decimal import Decimal
from xml.sax.saxutils import escape as xml_escape

from lxml import etree

from punchout.cxml.parsing import CxmlRejected
from punchout.cxml.reading import (
    date_read,
    datetime_read,
    decimal_read,
    money_read,
    required,
    text,
)
from punchout.cxml.values import (
    Confirmation,
    ConfirmationLine,
    ConfirmationStatusLine,
    Invoice,
    InvoiceLine,
    ShipNotice,
    ShipNoticeLine,
    ShipNoticePortion,
)

SHARED_SECRET = re.compile(r"(<SharedSecret\b[^>]*>).*?(</SharedSecret\s*>)",
                           re.DOTALL | re.IGNORECASE)


def secrets_masked(document: str) -> str:
    """The document as staff and logs may see it: every SharedSecret's content replaced."""
    return SHARED_SECRET.sub(r"\1***\2", document)


def secret_restored(document: str, secret: str) -> str:
    """A masked document made sendable: the current shared secret back in its place."""
    return SHARED_SECRET.sub(lambda match: match[1] + xml_escape(secret) + match[2], document)


def _request(root: etree._Element, name: str) -> etree._Element:
    return required(root, f"Request/{name}")


def _int_read(value: str | None, what: str) -> int:
    number = decimal_read(value, what)
    if number != number.to_integral_value() or number < 0:
        raise CxmlRejected(f"{what} {value!r} is not a whole number.", status_code=400)
    return int(number)


def _comments(element: etree._Element) -> str:
    return " ".join(filter(None, (text(node) for node in element.findall("Comments"))))


def _confirmation_status_read(node: etree._Element) -> ConfirmationStatusLine:
    price = node.find("UnitPrice")
    return ConfirmationStatusLine(
        type=node.get("type") or "unknown",
        quantity=decimal_read(node.get("quantity"), "ConfirmationStatus quantity"),
        unit_price=money_read(price, "Money", "ConfirmationStatus UnitPrice")[0]
        if price is not None else None,
        delivery_date=date_read(node.get("deliveryDate")),
        shipment_date=date_read(node.get("shipmentDate")),
        comment=_comments(node))


def _confirmation_item_read(node: etree._Element) -> ConfirmationLine:
    return ConfirmationLine(
        line_number=_int_read(node.get("lineNumber"), "ConfirmationItem lineNumber"),
        quantity=decimal_read(node.get("quantity"), "ConfirmationItem quantity"),
        unit_of_measure=text(node, "UnitOfMeasure"),
        statuses=tuple(_confirmation_status_read(status)
                       for status in node.findall("ConfirmationStatus")))


def confirmation_read(root: etree._Element) -> Confirmation:
    request = _request(root, "ConfirmationRequest")
    header = required(request, "ConfirmationHeader")
    reference = required(request, "OrderReference")
    return Confirmation(
        payload_id=root.get("payloadID") or "", type=header.get("type") or "",
        operation=header.get("operation") or "new", confirm_id=header.get("confirmID") or "",
        notice_date=datetime_read(header.get("noticeDate")),
        order_id=(reference.get("orderID") or "").strip(),
        order_payload_id=next((node.get("payloadID") or "" for node in
                               reference.findall("DocumentReference")), ""),
        comment=_comments(header),
        lines=tuple(_confirmation_item_read(item)
                    for item in request.findall("ConfirmationItem")))


def _carrier(controls: list[etree._Element]) -> str:
    """The carrier's name when given (companyName), else its code (SCAC, …)."""
    carriers = [node for control in controls for node in control.findall("CarrierIdentifier")]
    named = [node for node in carriers if (node.get("domain") or "").lower() == "companyname"]
    return text((named or carriers)[0]) if carriers else ""


def _portion_read(node: etree._Element) -> ShipNoticePortion:
    return ShipNoticePortion(
        order_id=(required(node, "OrderReference").get("orderID") or "").strip(),
        lines=tuple(ShipNoticeLine(
            line_number=_int_read(item.get("lineNumber"), "ShipNoticeItem lineNumber"),
            quantity=decimal_read(item.get("quantity"), "ShipNoticeItem quantity"))
            for item in node.findall("ShipNoticeItem")))


def ship_notice_read(root: etree._Element) -> ShipNotice:
    request = _request(root, "ShipNoticeRequest")
    header = required(request, "ShipNoticeHeader")
    controls = request.findall("ShipControl")
    shipment_id = (header.get("shipmentID") or "").strip()
    if not shipment_id:
        raise CxmlRejected("The ShipNoticeHeader has no shipmentID.", status_code=400)
    return ShipNotice(
        payload_id=root.get("payloadID") or "", shipment_id=shipment_id,
        operation=header.get("operation") or "new",
        notice_date=datetime_read(header.get("noticeDate")),
        shipment_date=datetime_read(header.get("shipmentDate")),
        delivery_date=datetime_read(header.get("deliveryDate")),
        carrier=_carrier(controls),
        tracking_numbers=tuple(filter(None, (text(node) for control in controls
                                             for node in control.findall("ShipmentIdentifier")))),
        portions=tuple(_portion_read(node) for node in request.findall("ShipNoticePortion")))


def _amount(element: etree._Element, path: str, what: str) -> Decimal | None:
    """An optional summary amount; an empty Money counts as not given (senders do that)."""
    money = element.find(f"{path}/Money")
    if money is None or not (money.text or "").strip():
        return None
    return decimal_read(money.text, what)


def _order_id(order: etree._Element) -> str:
    """Our PO number: the OrderReference, or the OrderIDInfo an invoice may give instead."""
    for path in ("InvoiceDetailOrderInfo/OrderReference", "InvoiceDetailOrderInfo/OrderIDInfo"):
        node = order.find(path)
        if node is not None and node.get("orderID"):
            return node.get("orderID").strip()
    return ""


def _invoice_item_read(node: etree._Element) -> InvoiceLine:
    quantity = decimal_read(node.get("quantity"), "InvoiceDetailItem quantity")
    unit_price = money_read(node, "UnitPrice/Money", "InvoiceDetailItem UnitPrice")[0]
    reference = required(node, "InvoiceDetailItemReference")
    subtotal = _amount(node, "SubtotalAmount", "InvoiceDetailItem SubtotalAmount")
    return InvoiceLine(
        invoice_line_number=_int_read(node.get("invoiceLineNumber"), "invoiceLineNumber"),
        order_line_number=_int_read(reference.get("lineNumber"), "lineNumber")
        if reference.get("lineNumber") else None,
        quantity=quantity, unit_price=unit_price,
        subtotal=subtotal if subtotal is not None else quantity * unit_price)


def _invoice_order_id(request: etree._Element) -> str:
    orders = request.findall("InvoiceDetailOrder") + request.findall("InvoiceDetailHeaderOrder")
    order_ids = {_order_id(order) for order in orders}
    if len(order_ids) > 1:
        raise CxmlRejected(
            f"The invoice covers several orders ({', '.join(sorted(order_ids))}); send one "
            "invoice per purchase order.", status_code=400)
    return order_ids.pop() if order_ids else ""


def invoice_read(root: etree._Element) -> Invoice:
    request = _request(root, "InvoiceDetailRequest")
    header = required(request, "InvoiceDetailRequestHeader")
    summary = required(request, "InvoiceDetailSummary")
    subtotal, currency = money_read(summary, "SubtotalAmount/Money", "SubtotalAmount")
    tax = _amount(summary, "Tax", "Tax") or Decimal(0)
    # Special handling is a charge like shipping; our invoice keeps one "shipping" amount.
    shipping = sum((_amount(summary, path, path) or Decimal(0)
                    for path in ("ShippingAmount", "SpecialHandlingAmount")), Decimal(0))
    net = _amount(summary, "NetAmount", "NetAmount")
    net = net if net is not None else subtotal + tax + shipping
    due = _amount(summary, "DueAmount", "DueAmount")
    invoice_date = datetime_read(header.get("invoiceDate"))
    if invoice_date is None:
        raise CxmlRejected("The InvoiceDetailRequestHeader has no invoiceDate.",
                           status_code=400)
    return Invoice(
        payload_id=root.get("payloadID") or "",
        invoice_id=(header.get("invoiceID") or "").strip(), invoice_date=invoice_date,
        purpose=header.get("purpose") or "standard", operation=header.get("operation") or "new",
        order_id=_invoice_order_id(request), currency=currency,
        lines=tuple(_invoice_item_read(item) for order in request.findall("InvoiceDetailOrder")
                    for item in order.findall("InvoiceDetailItem")),
        subtotal=subtotal, tax=tax, shipping=shipping, net_amount=net,
        due_amount=due if due is not None else net)
