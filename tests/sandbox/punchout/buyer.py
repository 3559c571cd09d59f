"""A buyer's side written for these tests: cXML requests built with lxml the way a correct
procurement system builds them (so a test can break one rule at a time), and readers for what
the simulated supplier sends back. Independent of the back office's `punchout` app on purpose.
"""

import base64
import uuid
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import requests
from django.conf import settings
from lxml import etree, html

from sandbox.punchout.catalog import auxiliary_id_for

CONTROL = {"X-Sandbox-Control": "1"}
DTD_DIR = Path(settings.BASE_DIR) / "sandbox" / "fixtures" / "punchout" / "dtd"
DOCTYPE = '<!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.063/cXML.dtd">'
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PRICES = {"B0SBX00001": Decimal("14.99"), "B0SBX00002": Decimal("7.49"),
          "B0SBX00003": Decimal("289.00"), "B0SBX00004": Decimal("449.99")}
RETURN_URL = "https://buyer.example.com/punchout/return/one-time-token/"


def sub(parent: etree._Element, tag: str, value: str | None = None,
        **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, tag, attributes)
    element.text = value
    return element


def envelope(request_tag: str, *, identity: str | None = None, secret: str | None = None,
             deployment_mode: str = "test",
             **attributes: str) -> tuple[etree._Element, etree._Element]:
    identity = settings.SANDBOX_PUNCHOUT_IDENTITY if identity is None else identity
    secret = settings.SANDBOX_PUNCHOUT_SECRET if secret is None else secret
    root = etree.Element("cXML", payloadID=f"{uuid.uuid4().hex}@buyer.example.com",
                         timestamp="2026-03-04T10:15:00+01:00")
    root.set(XML_LANG, "en-US")
    header = sub(root, "Header")
    for party, who in (("From", identity), ("To", "Amazon"), ("Sender", identity)):
        credential = sub(sub(header, party), "Credential", domain="NetworkId")
        sub(credential, "Identity", who)
    sub(credential, "SharedSecret", secret)
    sub(header.find("Sender"), "UserAgent", "Test buyer 1.0")
    request = sub(root, "Request", deploymentMode=deployment_mode)
    return root, sub(request, request_tag, **attributes)


def document(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", doctype=DOCTYPE)


def address(parent: etree._Element, tag: str) -> etree._Element:
    node = sub(sub(parent, tag), "Address", isoCountryCode="US", addressID="HQ")
    sub(node, "Name", "Example Corp").set(XML_LANG, "en-US")
    postal = sub(node, "PostalAddress")
    sub(postal, "DeliverTo", "Marie Durand")
    sub(postal, "Street", "1 Example Way")
    sub(postal, "City", "Seattle")
    sub(postal, "State", "WA")
    sub(postal, "PostalCode", "98101")
    sub(postal, "Country", "United States", isoCountryCode="US")
    return node


def item_id(parent: etree._Element, part_id: str, auxiliary_id: str | None) -> None:
    ids = sub(parent, "ItemID")
    sub(ids, "SupplierPartID", part_id)
    if auxiliary_id is not None:
        sub(ids, "SupplierPartAuxiliaryID", auxiliary_id)


def setup_request(*, operation: str = "create", email: str | None = "marie@example.com",
                  return_url: str | None = RETURN_URL, items: tuple = (),
                  **credentials: str) -> tuple[etree._Element, etree._Element]:
    """A PunchOutSetupRequest; `items` are (part_id, auxiliary_id, quantity) for edit/inspect."""
    root, setup = envelope("PunchOutSetupRequest", operation=operation, **credentials)
    sub(setup, "BuyerCookie", "cookie-" + uuid.uuid4().hex)
    if email is not None:
        sub(setup, "Extrinsic", email, name="UserEmail")
    sub(setup, "Extrinsic", "CC-4100", name="CostCenter")
    if return_url is not None:
        sub(sub(setup, "BrowserFormPost"), "URL", return_url)
    address(setup, "ShipTo")
    for part_id, auxiliary_id, quantity in items:
        item_id(sub(setup, "ItemOut", quantity=str(quantity)), part_id, auxiliary_id)
    return root, setup


@dataclass
class Line:
    part_id: str
    quantity: int = 1
    auxiliary_id: str | None = ""  # "": the one the simulator hands out; None: leave it out
    unit_price: Decimal | None = None


def order_request(lines: list[Line], *, order_id: str = "PO-2026-000001",
                  total: Decimal | None = None, ship_to: bool = True,
                  **attributes: str) -> tuple[etree._Element, etree._Element]:
    """An OrderRequest for `lines`; its Total is their sum unless given."""
    root, order = envelope("OrderRequest")
    header = sub(order, "OrderRequestHeader", orderID=order_id,
                 orderDate="2026-03-06T09:11:58+01:00", **attributes)
    amounts = [(line, line.unit_price or PRICES.get(line.part_id, Decimal("1.00")))
               for line in lines]
    sum_of_lines = sum((price * line.quantity for line, price in amounts), Decimal("0"))
    sub(sub(header, "Total"), "Money", f"{total if total is not None else sum_of_lines:.2f}",
        currency="USD")
    if ship_to:
        address(header, "ShipTo")
    address(header, "BillTo")
    for number, (line, price) in enumerate(amounts, start=1):
        item = sub(order, "ItemOut", quantity=str(line.quantity), lineNumber=str(number))
        auxiliary_id = (auxiliary_id_for(line.part_id, session_id="0123abcd" * 4)
                        if line.auxiliary_id == "" else line.auxiliary_id)
        item_id(item, line.part_id, auxiliary_id)
        detail = sub(item, "ItemDetail")
        sub(sub(detail, "UnitPrice"), "Money", f"{price:.2f}", currency="USD")
        sub(detail, "Description", f"Item {line.part_id}").set(XML_LANG, "en-US")
        sub(detail, "UnitOfMeasure", "EA")
        sub(detail, "Classification", "44121706", domain="UNSPSC")
    return root, order


def parse(data: bytes | str) -> etree._Element:
    if isinstance(data, str):
        data = data.encode("utf-8")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             encoding="utf-8")
    return etree.fromstring(data, parser)


def dtd_errors(root: etree._Element, name: str = "cXML-1.2.063.dtd") -> list[str]:
    dtd = etree.DTD(str(DTD_DIR / name))
    return [] if dtd.validate(root) else [str(e) for e in dtd.error_log.filter_from_errors()]


def status_of(answer: requests.Response) -> tuple[str, str]:
    status = parse(answer.content).find("Response/Status")
    return status.get("code"), "".join(status.itertext())


def start_page(sandbox_url: str, root: etree._Element, query: str = "") -> str:
    answer = requests.post(f"{sandbox_url}/punchout/setup{query}", data=document(root),
                           headers={"Content-Type": "text/xml"}, timeout=5)
    assert status_of(answer)[0] == "200", answer.text
    return parse(answer.content).findtext("Response/PunchOutSetupResponse/StartPage/URL")


def page_form(page: requests.Response, form_id: str | None = None) -> html.FormElement:
    tree = html.fromstring(page.content)
    return tree.get_element_by_id(form_id) if form_id else tree.forms[0]


def add_to_cart(browser: requests.Session, catalog_url: str, part_id: str,
                quantity: int) -> requests.Response:
    answer = browser.post(catalog_url, data={"action": "add", "part_id": part_id,
                                             "quantity": str(quantity)}, timeout=5)
    answer.raise_for_status()
    return answer


def checkout(browser: requests.Session, catalog_url: str,
             action: str = "submit") -> html.FormElement:
    """The self-submitting form of the checkout page."""
    answer = browser.post(catalog_url, data={"action": action}, timeout=5)
    answer.raise_for_status()
    return page_form(answer, "cart-transfer")


def order_message(form: html.FormElement) -> etree._Element:
    """The PunchOutOrderMessage a checkout form carries, in either encoding."""
    fields = dict(form.form_values())
    if "cXML-base64" in fields:
        return parse(base64.b64decode(fields["cXML-base64"], validate=True))
    return parse(fields["cXML-urlencoded"])
