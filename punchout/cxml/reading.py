"""What every cXML reader needs: the envelope, the status, money, quantities and dates, read
leniently (as the spec asks of receivers) but never guessed."""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from lxml import etree

from punchout.cxml.parsing import CxmlRejected
from punchout.cxml.values import Credential, Envelope, Status


def text(element: etree._Element | None, path: str = "") -> str:
    """The whole text under `path` (mixed content such as Description/ShortName included)."""
    node = element.find(path) if element is not None and path else element
    return " ".join("".join(node.itertext()).split()) if node is not None else ""


def required(element: etree._Element, path: str) -> etree._Element:
    node = element.find(path)
    if node is None:
        raise CxmlRejected(f"The document has no {path} under {element.tag}.", status_code=400)
    return node


def decimal_read(value: str | None, what: str) -> Decimal:
    """cXML numbers: a dot for decimals, commas allowed only as thousands separators."""
    try:
        number = Decimal((value or "").replace(",", "").strip())
    except InvalidOperation:
        raise CxmlRejected(f"{what} {value!r} is not a number.", status_code=400) from None
    if not number.is_finite():
        raise CxmlRejected(f"{what} {value!r} is not a number.", status_code=400)
    return number


def money_read(element: etree._Element, path: str, what: str) -> tuple[Decimal, str]:
    money = required(element, path)
    return decimal_read(money.text, what), (money.get("currency") or "").upper()


def datetime_read(value: str | None) -> datetime | None:
    """ISO 8601 with an offset; the `Z` the spec forbids is accepted, as senders use it."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise CxmlRejected(f"{value!r} is not an ISO 8601 date and time.",
                           status_code=400) from None


def date_read(value: str | None) -> date | None:
    moment = datetime_read(value)
    return moment.date() if moment else None


def credentials_read(header: etree._Element | None, party: str) -> tuple[Credential, ...]:
    if header is None:
        return ()
    return tuple(Credential(domain=(node.get("domain") or "").strip(),
                            identity=text(node, "Identity"),
                            shared_secret=(node.findtext("SharedSecret") or ""))
                 for node in header.findall(f"{party}/Credential"))


def envelope_read(root: etree._Element) -> Envelope:
    header = root.find("Header")
    body = root.find("Request")
    if body is None:
        body = root.find("Message")
    if body is None:
        body = root.find("Response")
    document = next((child.tag for child in body if child.tag != "Status"), "") \
        if body is not None else ""
    return Envelope(
        payload_id=root.get("payloadID") or "", timestamp=root.get("timestamp") or "",
        document=document,
        deployment_mode=(body.get("deploymentMode") if body is not None else None)
        or "production",
        from_=credentials_read(header, "From"), to=credentials_read(header, "To"),
        sender=credentials_read(header, "Sender"))


def status_read(element: etree._Element) -> Status:
    """A Status element; an unknown code counts as its class (2xx, 4xx, 5xx)."""
    try:
        code = int(element.get("code") or "")
    except ValueError:
        code = 500
    return Status(code=code, text=element.get("text") or "", detail=text(element))


def response_status_read(root: etree._Element) -> Status:
    """The Status of a cXML Response (what a supplier answers, even under HTTP 200)."""
    status = root.find("Response/Status")
    if status is None:
        raise CxmlRejected("The answer is cXML but holds no Response/Status.", status_code=500)
    return status_read(status)
