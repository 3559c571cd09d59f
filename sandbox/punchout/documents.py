"""The documents the simulated supplier sends after an order, shaped like fixtures 09–12:
ConfirmationRequest and ShipNoticeRequest (Fulfill.dtd), InvoiceDetailRequest
(InvoiceDetail.dtd). Each is addressed To the buyer identity the order came From, with the
supplier's Sender SharedSecret, and references the order by orderID, orderDate and payloadID.

Confirmation variants: "detail" (line 1 accepted, line 2 half backordered to a later date,
line 3 rejected with a reason, any further line accepted), "accept" and "reject" (the whole
order). What is shipped and invoiced is what the last confirmation accepted. Invoice variants:
"standard", and "price_difference" (line 1 billed above its ordered price).
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from lxml import etree

from sandbox.punchout.catalog import PRODUCTS_BY_PART_ID
from sandbox.punchout.cxml import (
    FULFILL_DTD,
    INVOICE_DTD,
    envelope,
    lang,
    money,
    quantity_text,
    sub,
)
from sandbox.punchout.state import OrderLine, ReceivedOrder

TAX_RATE = Decimal("0.0825")
PRICE_DIFFERENCE = Decimal("1.10")  # the "price_difference" invoice bills line 1 10 % higher
CARRIER_SCAC, CARRIER_NAME = "UPSN", "UPS"
REJECTED_LINE_REASON = ("Unit price increased above the order safeguard's price tolerance; "
                        "the item was removed from the order.")
BACKORDER_REASON = "Temporarily out of stock; the rest ships when it is back."


class NothingToShip(ValueError):
    """The order was rejected, or no line was accepted."""


@dataclass(frozen=True)
class Built:
    document: str
    variant: str
    root: etree._Element
    dtd_name: str


def _in_days(days: int) -> str:
    return (timezone.now() + timedelta(days=days)).isoformat(timespec="seconds")


def _request(order: ReceivedOrder) -> tuple[etree._Element, etree._Element]:
    root = envelope(to_identity=order.from_identity, to_domain=order.from_domain,
                    with_secret=True)
    return root, sub(root, "Request", deploymentMode=order.deployment_mode)


def _order_reference(parent: etree._Element, order: ReceivedOrder) -> etree._Element:
    reference = sub(parent, "OrderReference", orderID=order.order_id,
                    orderDate=order.order_date)
    sub(reference, "DocumentReference", payloadID=order.payload_id)
    return reference


def accepted_quantities(order: ReceivedOrder, variant: str) -> dict[int, Decimal]:
    """Quantity accepted per line number under confirmation `variant` (none: all)."""
    if variant == "reject":
        return {}
    if variant != "detail":
        return {line.line_number: line.quantity for line in order.lines}
    accepted = {}
    for index, line in enumerate(order.lines):
        _, quantity, _ = _detail_statuses(index, line)[0]
        if quantity:
            accepted[line.line_number] = quantity
    return accepted


def _detail_statuses(index: int, line: OrderLine) -> list[tuple[str, Decimal, str]]:
    """(type, quantity, comment) of line `index` (from 0) in a "detail" confirmation; the
    accepted part first, quantities summing to the line's."""
    if index == 2:
        return [("accept", Decimal("0"), ""), ("reject", line.quantity, REJECTED_LINE_REASON)]
    if index == 1:
        backordered = (line.quantity / 2).to_integral_value(ROUND_HALF_UP)
        return [("accept", line.quantity - backordered, ""),
                ("backordered", backordered, BACKORDER_REASON)]
    return [("accept", line.quantity, "")]


def confirmation(order: ReceivedOrder, variant: str, number: int) -> Built:
    root, request = _request(order)
    body = sub(request, "ConfirmationRequest")
    header = sub(body, "ConfirmationHeader", type=variant, noticeDate=_in_days(0),
                 confirmID=f"SBX-CONF-{number:06d}", operation="new")
    comments = {"detail": "Partially confirmed: see the lines.",
                "accept": "Order confirmed.",
                "reject": "Order rejected: the payment method of the PunchOut group was "
                          "declined; update it and place a new order."}
    lang(sub(header, "Comments", comments[variant]))
    _order_reference(body, order)
    for index, line in enumerate(order.lines if variant == "detail" else []):
        item = sub(body, "ConfirmationItem", lineNumber=str(line.line_number),
                   quantity=quantity_text(line.quantity))
        sub(item, "UnitOfMeasure", line.unit)
        for kind, quantity, comment in _detail_statuses(index, line):
            if quantity:
                _status(item, line, kind, quantity, comment)
    return Built("confirmation", variant, root, FULFILL_DTD)


def _status(item: etree._Element, line: OrderLine, kind: str, quantity: Decimal,
            comment: str) -> None:
    dates = {"accept": {"shipmentDate": _in_days(1), "deliveryDate": _in_days(3)},
             "backordered": {"deliveryDate": _in_days(14)}}.get(kind, {})
    status = sub(item, "ConfirmationStatus", type=kind, quantity=quantity_text(quantity),
                 **dates)
    sub(status, "UnitOfMeasure", line.unit)
    if comment:
        lang(sub(status, "Comments", comment))


def ship_notice(order: ReceivedOrder, number: int) -> Built:
    """One shipment with everything the last confirmation accepted."""
    shipped = accepted_quantities(order, order.confirmation_variant or "accept")
    if not shipped:
        raise NothingToShip(f"Order {order.order_id} was rejected or has no accepted line; "
                            "there is nothing to ship or invoice.")
    complete = all(shipped.get(line.line_number) == line.quantity for line in order.lines)
    root, request = _request(order)
    body = sub(request, "ShipNoticeRequest")
    header = sub(body, "ShipNoticeHeader", shipmentID=f"SBX-SHIP-{number:06d}",
                 operation="new", noticeDate=_in_days(0), shipmentDate=_in_days(0),
                 deliveryDate=_in_days(3), shipmentType="actual",
                 fulfillmentType="complete" if complete else "partial")
    lang(sub(header, "ServiceLevel", "standard"))
    control = sub(body, "ShipControl")
    sub(control, "CarrierIdentifier", CARRIER_SCAC, domain="SCAC")
    sub(control, "CarrierIdentifier", CARRIER_NAME, domain="companyName")
    sub(control, "ShipmentIdentifier", tracking_number(number), domain="trackingNumber")
    portion = sub(body, "ShipNoticePortion")
    _order_reference(portion, order)
    for line in order.lines:
        if line.line_number in shipped:
            item = sub(portion, "ShipNoticeItem", lineNumber=str(line.line_number),
                       quantity=quantity_text(shipped[line.line_number]))
            sub(item, "UnitOfMeasure", line.unit)
    return Built("ship_notice", "standard", root, FULFILL_DTD)


def tracking_number(number: int) -> str:
    # UPS's shape: 1Z, a six-character shipper, two-digit service (03 = ground), eight digits.
    return f"1ZSBXPCH03{number:08d}"


def invoice(order: ReceivedOrder, variant: str, number: int) -> Built:
    """An invoice for what was accepted (and shipped), its summary adding up."""
    billed = accepted_quantities(order, order.confirmation_variant or "accept")
    if not billed:
        raise NothingToShip(f"Order {order.order_id} was rejected or has no accepted line; "
                            "there is nothing to ship or invoice.")
    root, request = _request(order)
    body = sub(request, "InvoiceDetailRequest")
    header = sub(body, "InvoiceDetailRequestHeader", invoiceID=f"SBX-INV-{number:06d}",
                 purpose="standard", operation="new", invoiceDate=_in_days(0))
    sub(header, "InvoiceDetailHeaderIndicator")
    sub(header, "InvoiceDetailLineIndicator")
    remit_to = sub(sub(header, "InvoicePartner"), "Contact", role="remitTo")
    lang(sub(remit_to, "Name", "Sandbox Business Services LLC"))
    sub(header, "PaymentTerm", payInNumberOfDays="30")
    detail = sub(body, "InvoiceDetailOrder")
    _order_reference(sub(detail, "InvoiceDetailOrderInfo"), order)
    subtotal = Decimal("0")
    for index, line in enumerate(order.lines):
        if line.line_number in billed:
            price = line.unit_price
            if variant == "price_difference" and index == 0:
                price = (price * PRICE_DIFFERENCE).quantize(Decimal("0.01"), ROUND_HALF_UP)
            subtotal += _invoice_item(detail, line, billed[line.line_number], price)
    _invoice_summary(body, subtotal, order.currency)
    return Built("invoice", variant, root, INVOICE_DTD)


def _invoice_item(parent: etree._Element, line: OrderLine, quantity: Decimal,
                  price: Decimal) -> Decimal:
    amount = (price * quantity).quantize(Decimal("0.01"), ROUND_HALF_UP)
    item = sub(parent, "InvoiceDetailItem", invoiceLineNumber=str(line.line_number),
               quantity=quantity_text(quantity))
    sub(item, "UnitOfMeasure", line.unit)
    money(sub(item, "UnitPrice"), price, line.currency)
    reference = sub(item, "InvoiceDetailItemReference", lineNumber=str(line.line_number))
    ids = sub(reference, "ItemID")
    sub(ids, "SupplierPartID", line.part_id)
    sub(ids, "SupplierPartAuxiliaryID", line.auxiliary_id)
    product = PRODUCTS_BY_PART_ID.get(line.part_id)
    lang(sub(reference, "Description", product.short_name if product else line.description))
    money(sub(item, "SubtotalAmount"), amount, line.currency)
    return amount


def _invoice_summary(parent: etree._Element, subtotal: Decimal, currency: str) -> None:
    tax = (subtotal * TAX_RATE).quantize(Decimal("0.01"), ROUND_HALF_UP)
    summary = sub(parent, "InvoiceDetailSummary")
    money(sub(summary, "SubtotalAmount"), subtotal, currency)
    tax_node = sub(summary, "Tax")
    money(tax_node, tax, currency)
    lang(sub(tax_node, "Description", f"Sales tax {TAX_RATE * 100:.2f} %"))
    detail = sub(tax_node, "TaxDetail", purpose="tax", category="sales",
                 percentageRate=f"{TAX_RATE * 100:.2f}")
    money(sub(detail, "TaxableAmount"), subtotal, currency)
    money(sub(detail, "TaxAmount"), tax, currency)
    for tag in ("GrossAmount", "NetAmount", "DueAmount"):
        money(sub(summary, tag), subtotal + tax, currency)
