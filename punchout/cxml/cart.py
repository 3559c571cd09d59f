"""PunchOutOrderMessage: the cart a supplier's page posts back through the user's browser.

Read as it is written; whether it can be trusted (cookie, quantities, prices, totals) is the
cart service's business, because the same checks apply to OCI carts.
"""

from lxml import etree

from punchout.cxml.parsing import CxmlRejected
from punchout.cxml.reading import decimal_read, money_read, required, status_read, text
from punchout.cxml.values import Item, OrderMessage

UNSPSC_DOMAINS = {"unspsc", "spsc"}  # SPSC: what documents before cXML 1.2 call it
# More lines than anyone fills by hand on a supplier's site; beyond it a cart is refused.
CART_LINES_MAX = 500


def description_join(short: str, long: str) -> str:
    """One description from a short name and a long text, without repeating either."""
    if not short or long.startswith(short):
        return long
    return f"{short} – {long}" if long else short


def _description_read(detail: etree._Element) -> str:
    """Description is mixed content: an optional ShortName, the long text around it."""
    node = detail.find("Description")
    if node is None:
        return ""
    parts = [node.text or ""]
    for child in node:
        if child.tag != "ShortName":
            parts.extend(child.itertext())
        parts.append(child.tail or "")
    return description_join(text(node, "ShortName"), " ".join("".join(parts).split()))


def _unspsc_read(detail: etree._Element) -> str:
    return next((text(node) for node in detail.findall("Classification")
                 if (node.get("domain") or "").strip().lower() in UNSPSC_DOMAINS), "")


def item_in_read(node: etree._Element, line_number: int) -> Item:
    detail = required(node, "ItemDetail")
    price, currency = money_read(detail, "UnitPrice/Money", f"Line {line_number}: the price")
    return Item(
        supplier_part_id=text(required(node, "ItemID/SupplierPartID")),
        supplier_part_auxiliary_id=text(node, "ItemID/SupplierPartAuxiliaryID"),
        quantity=decimal_read(node.get("quantity"), f"Line {line_number}: the quantity"),
        unit_price=price, currency=currency, description=_description_read(detail),
        unit_of_measure=text(detail, "UnitOfMeasure"), unspsc=_unspsc_read(detail),
        line_number=line_number)


def order_message_read(root: etree._Element) -> OrderMessage:
    message = root.find("Message")
    if message is None or message.find("PunchOutOrderMessage") is None:
        raise CxmlRejected("The document is not a PunchOutOrderMessage (a cart).",
                           status_code=400)
    cart = message.find("PunchOutOrderMessage")
    header = required(cart, "PunchOutOrderMessageHeader")
    total, currency = money_read(header, "Total/Money", "The cart total")
    status = message.find("Status")
    return OrderMessage(
        payload_id=root.get("payloadID") or "", buyer_cookie=text(cart, "BuyerCookie"),
        operation_allowed=(header.get("operationAllowed") or "").strip(),
        total=total, currency=currency,
        items=tuple(item_in_read(node, number)
                    for number, node in enumerate(cart.findall("ItemIn"), start=1)),
        status=status_read(status) if status is not None else None,
        deployment_mode=message.get("deploymentMode") or "production")
