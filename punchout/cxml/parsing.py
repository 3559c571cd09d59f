"""The one way untrusted XML enters the app.

lxml is told not to resolve entities, load DTDs or touch the network; a DOCTYPE that declares
anything (entities, elements) is refused rather than parsed with silent gaps, and only cXML's
own DTD system identifiers are accepted.
"""

import base64
import binascii
import re
from collections.abc import Mapping

from django.conf import settings
from lxml import etree

ALLOWED_SYSTEM_ID = re.compile(
    r"^https?://xml\.cxml\.org/schemas/cXML/1\.[12]\.\d{3}/(cXML|Fulfill|InvoiceDetail)\.dtd$",
    re.IGNORECASE)


class CxmlRejected(Exception):
    """A document we refuse; `status_code` is the cXML status to answer with."""

    def __init__(self, message: str, *, status_code: int = 406):
        super().__init__(message)
        self.status_code = status_code


def _parser(encoding: str | None) -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
        attribute_defaults=False, huge_tree=False, remove_comments=True, remove_pis=True,
        encoding=encoding)


def xml_parse(data: bytes, *, force_encoding: str | None = None,
              max_bytes: int | None = None) -> etree._Element:
    """Parse untrusted XML; `force_encoding` overrides the declared one (cxml-urlencoded)."""
    limit = max_bytes or settings.PUNCHOUT_MAX_DOCUMENT_BYTES
    if len(data) > limit:
        raise CxmlRejected(f"The document is {len(data):,} bytes; at most {limit:,} are "
                           "accepted.", status_code=413)
    try:
        root = etree.fromstring(data, _parser(force_encoding))
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise CxmlRejected(f"The document is not well-formed XML: {exc}") from exc
    _doctype_check(root.getroottree().docinfo)
    if next(root.iter(etree.Entity), None) is not None:
        raise CxmlRejected("The document uses entity references, which are not accepted.")
    return root


def _doctype_check(info) -> None:
    subset = info.internalDTD
    if subset is not None and (any(True for _ in subset.iterentities())
                               or any(True for _ in subset.iterelements())):
        raise CxmlRejected("The document declares its own DTD entities or elements, which are "
                           "not accepted.")
    if info.system_url and not ALLOWED_SYSTEM_ID.match(info.system_url):
        raise CxmlRejected(f"The document's DOCTYPE points at {info.system_url!r}, which is "
                           "not a cXML DTD.")


def cxml_parse(data: bytes, *, force_encoding: str | None = None) -> etree._Element:
    """Parse an untrusted cXML document: `xml_parse`, and the root must be `cXML`."""
    root = xml_parse(data, force_encoding=force_encoding)
    if root.tag != "cXML":
        raise CxmlRejected(f"The root element is {root.tag!r}, not cXML.")
    return root


def form_document(fields: Mapping[str, str]) -> etree._Element:
    """The cXML document a supplier's page posted through the browser.

    The field names are case-insensitive; cXML-base64 is looked for first, then
    cXML-urlencoded, whose declared encoding the spec says to ignore.
    """
    by_name = {name.lower(): value for name, value in fields.items()}
    if "cxml-base64" in by_name:
        try:
            data = base64.b64decode(by_name["cxml-base64"], validate=True)
        except (binascii.Error, ValueError) as exc:
            raise CxmlRejected(f"The cXML-base64 field is not valid base64: {exc}") from exc
        return cxml_parse(data)
    if "cxml-urlencoded" in by_name:
        return cxml_parse(by_name["cxml-urlencoded"].encode("utf-8"), force_encoding="utf-8")
    raise CxmlRejected("The form holds neither a cXML-base64 nor a cXML-urlencoded field.",
                       status_code=400)
