"""The simulated supplier's own cXML plumbing: a careful parser, DTD validation against the
cached DTDs, its envelopes and its Response answers.

Written apart from the back office's `punchout.cxml` on purpose: a partner checks what the
buyer sends with its own code, so a mistake in ours cannot hide behind the same mistake here.
"""

import hmac
import socket
import threading
import uuid
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from lxml import etree

VERSION = "1.2.063"
DTD_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "punchout" / "dtd"
CXML_DTD, FULFILL_DTD, INVOICE_DTD = ("cXML-1.2.063.dtd", "Fulfill-1.2.063.dtd",
                                      "InvoiceDetail-1.2.037.dtd")
# What each cached DTD file is called in a DOCTYPE (always the one at cxml.org, as the spec says).
DOCTYPE_NAMES = {CXML_DTD: "cXML", FULFILL_DTD: "Fulfill", INVOICE_DTD: "InvoiceDetail"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MAX_DOCUMENT_BYTES = 2_000_000
SUPPLIER_DOMAIN = "NetworkId"
USER_AGENT = "Sandbox Business supplier simulator"
# Each DTD object keeps the error log of its last validation: one validation at a time.
_validation_lock = threading.Lock()


@dataclass
class Refusal(Exception):
    """A document the supplier refuses, and the cXML Status it answers with."""

    code: int
    text: str
    detail: str = ""

    @property
    def http_status(self) -> int:
        # Real suppliers answer bad credentials with a cXML 401 under HTTP 200; the other
        # refusals carry their code as the HTTP status too.
        return 200 if self.code == 401 else self.code

    def __str__(self) -> str:
        return f"{self.code} {self.text}: {self.detail}"


STATUS_TEXTS = {400: "Bad Request", 401: "Unauthorized", 406: "Not Acceptable",
                450: "Not Implemented"}


def refused(code: int, detail: str) -> Refusal:
    return Refusal(code, STATUS_TEXTS[code], detail)


def document_parse(data: bytes) -> etree._Element:
    """Parse what a buyer posted: no entities, no DTD loading, no network, no own DOCTYPE."""
    if len(data) > MAX_DOCUMENT_BYTES:
        raise refused(406, f"The document is {len(data):,} bytes; at most "
                           f"{MAX_DOCUMENT_BYTES:,} are accepted.")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             dtd_validation=False, huge_tree=False, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise refused(406, f"The document is not well-formed XML: {exc}") from exc
    subset = root.getroottree().docinfo.internalDTD
    if subset is not None and (any(True for _ in subset.iterentities())
                               or any(True for _ in subset.iterelements())):
        raise refused(406, "The DOCTYPE declares entities or elements; send the plain cXML "
                           "DOCTYPE.")
    if next(root.iter(etree.Entity), None) is not None:
        raise refused(406, "The document uses entity references; send the text itself.")
    if root.tag != "cXML":
        raise refused(406, f"The root element is {root.tag!r}, not cXML.")
    return root


@cache
def dtd(name: str) -> etree.DTD:
    return etree.DTD(str(DTD_DIR / name))


def dtd_errors(root: etree._Element, name: str = CXML_DTD) -> list[str]:
    """What makes `root` invalid against the cached DTD `name`; empty when it is valid."""
    with _validation_lock:
        schema = dtd(name)
        if schema.validate(root):
            return []
        return [f"line {error.line}: {error.message}"
                for error in schema.error_log.filter_from_errors()]


def request_parse(data: bytes, *, request_name: str) -> tuple[etree._Element, etree._Element]:
    """A DTD-valid cXML document holding the Request `request_name`, its sender checked."""
    root = document_parse(data)
    return root, request_check(root, request_name=request_name)


def request_check(root: etree._Element, *, request_name: str) -> etree._Element:
    """The Request `request_name` of `root`, once `root` is DTD-valid and its sender known."""
    errors = dtd_errors(root)
    if errors:
        raise refused(406, "The document is not valid against cXML " + VERSION + ": "
                      + "; ".join(errors[:10]))
    credentials_check(root)
    request = root.find(f"Request/{request_name}")
    if request is None:
        raise refused(400, f"This URL accepts a {request_name}.")
    return request


def credentials_check(root: etree._Element) -> None:
    """From and Sender must carry the buyer's identity, Sender the shared secret."""
    identity = settings.SANDBOX_PUNCHOUT_IDENTITY
    secret = settings.SANDBOX_PUNCHOUT_SECRET
    sent = {party: [text(node) for node in root.findall(f"Header/{party}/Credential/Identity")]
            for party in ("From", "Sender")}
    secrets = [text(node) for node in root.findall("Header/Sender/Credential/SharedSecret")]
    if not (identity in sent["From"] and identity in sent["Sender"]
            and any(hmac.compare_digest(given.encode(), secret.encode()) for given in secrets)):
        raise refused(401, "Sender credentials were not recognized.")


def text(node: etree._Element | None) -> str:
    return "".join(node.itertext()).strip() if node is not None else ""


def decimal_read(value: str, what: str) -> Decimal:
    try:
        number = Decimal(value.replace(",", ""))
    except InvalidOperation as exc:
        raise refused(400, f"{what} {value!r} is not a number.") from exc
    if not number.is_finite():
        raise refused(400, f"{what} {value!r} is not a number.")
    return number


def payload_id_new() -> str:
    return f"{timezone.now():%Y%m%d%H%M%S}.{uuid.uuid4().hex}@sandbox.{socket.gethostname()}"


def timestamp_now() -> str:
    # UTC with an explicit offset: cXML forbids the "Z" designator.
    return timezone.now().isoformat(timespec="seconds")


def sub(parent: etree._Element, tag: str, value: str | None = None,
        **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, tag, {k: v for k, v in attributes.items() if v})
    if value is not None:
        element.text = value
    return element


def lang(element: etree._Element, code: str = "en-US") -> etree._Element:
    element.set(XML_LANG, code)
    return element


def money(parent: etree._Element, amount: Decimal, currency: str) -> etree._Element:
    return sub(parent, "Money", f"{amount:.2f}", currency=currency)


def quantity_text(quantity: Decimal) -> str:
    return f"{quantity.normalize():f}"


def envelope(*, to_identity: str, to_domain: str, with_secret: bool) -> etree._Element:
    """A cXML root with the supplier's Header; the secret only server-to-server, never in a
    message that goes through the buyer's browser."""
    root = etree.Element("cXML", payloadID=payload_id_new(), timestamp=timestamp_now())
    lang(root)
    header = sub(root, "Header")
    supplier = settings.SANDBOX_PUNCHOUT_SUPPLIER_IDENTITY
    for party, domain, identity in (("From", SUPPLIER_DOMAIN, supplier),
                                    ("To", to_domain or SUPPLIER_DOMAIN, to_identity),
                                    ("Sender", SUPPLIER_DOMAIN, supplier)):
        sub(sub(sub(header, party), "Credential", domain=domain), "Identity", identity)
    if with_secret:
        sub(header.find("Sender/Credential"), "SharedSecret", settings.SANDBOX_PUNCHOUT_SECRET)
    sub(header.find("Sender"), "UserAgent", USER_AGENT)
    return root


def document_bytes(root: etree._Element, *, dtd_name: str = CXML_DTD,
                   encoding: str = "UTF-8") -> bytes:
    url = f"http://xml.cxml.org/schemas/cXML/{VERSION}/{DOCTYPE_NAMES[dtd_name]}.dtd"
    return etree.tostring(root, xml_declaration=True, encoding=encoding, pretty_print=True,
                          doctype=f'<!DOCTYPE cXML SYSTEM "{url}">')


def response_root(code: int, status_text: str, detail: str = "") -> etree._Element:
    root = etree.Element("cXML", payloadID=payload_id_new(), timestamp=timestamp_now())
    lang(root)
    status = sub(sub(root, "Response"), "Status", detail or None, code=str(code),
                 text=status_text)
    lang(status)
    return root


def cxml_response(root: etree._Element, *, status: int = 200) -> HttpResponse:
    return HttpResponse(document_bytes(root), status=status,
                        content_type="text/xml; charset=UTF-8")


def refusal_response(refusal: Refusal) -> HttpResponse:
    return cxml_response(response_root(refusal.code, refusal.text, refusal.detail),
                         status=refusal.http_status)
