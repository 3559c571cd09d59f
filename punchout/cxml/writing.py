"""What every cXML document we send shares: the envelope, addresses and item lines.

Element order follows the DTD (it matters for validity); timestamps carry an offset, never the
`Z` the spec forbids.
"""

import socket
import uuid
from datetime import UTC, datetime
from decimal import Decimal

from lxml import etree

from punchout.cxml.values import Credential, Header, Item, PostalAddress

DTD_URL = "http://xml.cxml.org/schemas/cXML/{version}/{dtd}.dtd"


def payload_id_new() -> str:
    """Unique in space and time, as the spec recommends: datetime.random@host."""
    return f"{datetime.now(UTC):%Y%m%d%H%M%S}.{uuid.uuid4().hex}@{socket.gethostname()}"


def timestamp_format(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def money_format(amount: Decimal) -> str:
    return f"{amount:.2f}" if amount == amount.quantize(Decimal("0.01")) else str(amount)


def sub(parent: etree._Element, tag: str, value: str | None = None, **attributes: str):
    element = etree.SubElement(parent, tag, {k: v for k, v in attributes.items() if v})
    if value is not None:
        element.text = value
    return element


def _credential(parent: etree._Element, party: str, credential: Credential,
                *, with_secret: bool = False) -> etree._Element:
    holder = sub(parent, party)
    node = sub(holder, "Credential", domain=credential.domain)
    sub(node, "Identity", credential.identity)
    if with_secret and credential.shared_secret:
        sub(node, "SharedSecret", credential.shared_secret)
    return holder


def envelope_new(*, payload_id: str, timestamp: datetime, header: Header | None,
                 lang: str = "en-US") -> etree._Element:
    """A cXML root with its Header; a Response has none (header=None)."""
    root = etree.Element("cXML", {"payloadID": payload_id,
                                  "timestamp": timestamp_format(timestamp)})
    root.set("{http://www.w3.org/XML/1998/namespace}lang", lang)
    if header is not None:
        node = sub(root, "Header")
        _credential(node, "From", header.from_)
        _credential(node, "To", header.to)
        sender = _credential(node, "Sender", header.sender, with_secret=True)
        sub(sender, "UserAgent", header.user_agent)
    return root


def document_bytes(root: etree._Element, *, version: str, dtd: str = "cXML") -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True,
                          doctype=f'<!DOCTYPE cXML SYSTEM "{DTD_URL.format(version=version, dtd=dtd)}">')


def money_element(parent: etree._Element, amount: Decimal, currency: str) -> etree._Element:
    return sub(parent, "Money", money_format(amount), currency=currency)


def address_element(parent: etree._Element, tag: str, address: PostalAddress,
                    lang: str = "en-US") -> etree._Element:
    holder = sub(parent, tag)
    node = sub(holder, "Address", isoCountryCode=address.country_code,
               addressID=address.address_id)
    sub(node, "Name", address.name).set("{http://www.w3.org/XML/1998/namespace}lang", lang)
    postal = sub(node, "PostalAddress")
    if address.deliver_to:
        sub(postal, "DeliverTo", address.deliver_to)
    sub(postal, "Street", address.street)
    sub(postal, "City", address.city)
    if address.state:
        sub(postal, "State", address.state)
    sub(postal, "PostalCode", address.postal_code)
    sub(postal, "Country", address.country_code, isoCountryCode=address.country_code)
    if address.email:
        sub(node, "Email", address.email)
    return holder


def item_out_element(parent: etree._Element, item: Item, lang: str = "en-US") -> etree._Element:
    """An ItemOut echoing the supplier's ids (SupplierPartAuxiliaryID unchanged, as required)."""
    node = sub(parent, "ItemOut", quantity=format(item.quantity.normalize(), "f"),
               lineNumber=str(item.line_number) if item.line_number else "")
    ids = sub(node, "ItemID")
    sub(ids, "SupplierPartID", item.supplier_part_id)
    if item.supplier_part_auxiliary_id:
        sub(ids, "SupplierPartAuxiliaryID", item.supplier_part_auxiliary_id)
    detail = sub(node, "ItemDetail")
    money_element(sub(detail, "UnitPrice"), item.unit_price, item.currency)
    sub(detail, "Description", item.description).set(
        "{http://www.w3.org/XML/1998/namespace}lang", lang)
    sub(detail, "UnitOfMeasure", item.unit_of_measure)
    sub(detail, "Classification", item.unspsc, domain="UNSPSC")
    return node
