"""The cart going back through the buyer's browser: a cXML PunchOutOrderMessage in a
`cXML-base64` or `cXML-urlencoded` field, or OCI's `NEW_ITEM-*[n]` fields.

One-way and through the browser, so the message carries no SharedSecret: the buyer
authenticates it by its BuyerCookie (research §2.1).
"""

import base64
from decimal import Decimal

from lxml import etree

from sandbox.punchout.catalog import CURRENCY, PRODUCTS_BY_PART_ID
from sandbox.punchout.cxml import document_bytes, envelope, lang, money, quantity_text, sub
from sandbox.punchout.state import CartLine, PunchOutSession

# A cancelled edit or inspect changes nothing in the buyer's requisition: cXML says so with
# Status 204, where a bare empty cart would delete the session's lines (spec "Empty carts").
NO_CHANGE_OPERATIONS = ("edit", "inspect")


def cart_total(lines: list[CartLine]) -> Decimal:
    return sum((PRODUCTS_BY_PART_ID[line.part_id].unit_price * line.quantity
                for line in lines), Decimal("0"))


def order_message(session: PunchOutSession, lines: list[CartLine],
                  *, cancelled: bool = False) -> etree._Element:
    """The PunchOutOrderMessage holding `lines` (none when the user cancelled)."""
    root = envelope(to_identity=session.buyer_identity, to_domain=session.buyer_domain,
                    with_secret=False)
    message = sub(root, "Message", deploymentMode=session.deployment_mode,
                  inReplyTo=session.setup_payload_id)
    if cancelled and session.operation in NO_CHANGE_OPERATIONS:
        lang(sub(message, "Status", code="204", text="No Content"))
    body = sub(message, "PunchOutOrderMessage")
    sub(body, "BuyerCookie", session.buyer_cookie)
    header = sub(body, "PunchOutOrderMessageHeader", operationAllowed="edit")
    money(sub(header, "Total"), cart_total(lines), CURRENCY)
    for line in lines:
        _item_in(body, line)
    return root


def _item_in(parent: etree._Element, line: CartLine) -> None:
    product = PRODUCTS_BY_PART_ID[line.part_id]
    item = sub(parent, "ItemIn", quantity=quantity_text(line.quantity))
    ids = sub(item, "ItemID")
    sub(ids, "SupplierPartID", product.part_id)
    sub(ids, "SupplierPartAuxiliaryID", line.auxiliary_id)
    detail = sub(item, "ItemDetail")
    money(sub(detail, "UnitPrice"), product.unit_price, CURRENCY)
    description = lang(sub(detail, "Description"))
    sub(description, "ShortName", product.short_name).tail = product.description
    sub(detail, "UnitOfMeasure", product.unit)
    sub(detail, "Classification", product.unspsc, domain="UNSPSC")
    sub(detail, "ManufacturerName", product.manufacturer)
    sub(detail, "LeadTime", str(product.lead_time_days))


def order_message_field(session: PunchOutSession, root: etree._Element) -> tuple[str, str]:
    """The form field (name, value) that carries the message in the session's encoding."""
    if session.cart_encoding == "urlencoded":
        # US-ASCII with &#NNN; for the rest, as the spec asks; the page only HTML-escapes it
        # and the browser URL-encodes it on submit.
        return "cXML-urlencoded", document_bytes(root, encoding="US-ASCII").decode("ascii")
    return "cXML-base64", base64.b64encode(document_bytes(root)).decode("ascii")


def oci_fields(lines: list[CartLine]) -> list[tuple[str, str]]:
    """OCI's NEW_ITEM-*[n] fields, n from 1; the aux id rides in EXT_PRODUCT_ID."""
    fields = []
    for n, line in enumerate(lines, start=1):
        product = PRODUCTS_BY_PART_ID[line.part_id]
        fields += [
            (f"NEW_ITEM-DESCRIPTION[{n}]", product.short_name),
            (f"NEW_ITEM-QUANTITY[{n}]", f"{line.quantity:.3f}"),
            (f"NEW_ITEM-UNIT[{n}]", product.oci_unit),
            (f"NEW_ITEM-PRICE[{n}]", f"{product.unit_price:.2f}"),
            (f"NEW_ITEM-PRICEUNIT[{n}]", "1"),
            (f"NEW_ITEM-CURRENCY[{n}]", CURRENCY),
            (f"NEW_ITEM-VENDORMAT[{n}]", product.part_id),
            (f"NEW_ITEM-EXT_PRODUCT_ID[{n}]", line.auxiliary_id),
            (f"NEW_ITEM-MATGROUP[{n}]", product.unspsc),
            (f"NEW_ITEM-LEADTIME[{n}]", str(product.lead_time_days)),
            (f"NEW_ITEM-LONGTEXT_{n}:132[]", product.description),
        ]
    return fields
