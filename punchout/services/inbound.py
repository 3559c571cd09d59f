"""The door for documents suppliers post about our orders: ConfirmationRequest,
ShipNoticeRequest and InvoiceDetailRequest.

The raw body is stored before anything else, so whatever happens next can be seen and
replayed. Refused at the door (REJECTED): unsafe or malformed XML, wrong or missing
credentials, a document we do not take. Understood but not applicable (FAILED): an order or a
line we do not know; staff reprocess it once the cause is fixed. A payloadID already applied
for the supplier is answered OK again and changes nothing. Every answer is a cXML Response.
"""

import base64
import binascii
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from lxml import etree

from punchout.cxml.documents import confirmation_read, invoice_read, ship_notice_read
from punchout.cxml.orders import response_xml
from punchout.cxml.parsing import CxmlRejected, cxml_parse
from punchout.cxml.reading import envelope_read
from punchout.cxml.values import Envelope, Status
from punchout.models import DocumentKind, DocumentStatus, InboundDocument, Supplier
from punchout.services.order_documents import (
    DocumentNotApplied,
    confirmation_apply,
    invoice_apply,
    ship_notice_apply,
)

RESPONSE_VERSION = "1.2.063"  # when the sender is not known yet
KINDS = {"ConfirmationRequest": DocumentKind.CONFIRMATION,
         "ShipNoticeRequest": DocumentKind.SHIP_NOTICE,
         "InvoiceDetailRequest": DocumentKind.INVOICE}
STATUS_TEXTS = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 406: "Not Acceptable",
                409: "Conflict", 413: "Request Entity Too Large", 417: "Expectation Failed",
                450: "Not Implemented", 500: "Internal Server Error"}


@dataclass(frozen=True)
class Applier:
    read: Callable[[etree._Element], object]
    apply: Callable[..., None]
    argument: str


APPLIERS = {
    DocumentKind.CONFIRMATION: Applier(confirmation_read, confirmation_apply, "confirmation"),
    DocumentKind.SHIP_NOTICE: Applier(ship_notice_read, ship_notice_apply, "notice"),
    DocumentKind.INVOICE: Applier(invoice_read, invoice_apply, "invoice"),
}


@dataclass(frozen=True)
class Received:
    document: InboundDocument | None  # None: refused before it was stored (too large)
    body: bytes  # the cXML Response to send back
    status: int  # the HTTP status to send it with


def answer_status(code: int, detail: str = "") -> Status:
    return Status(code=code, text=STATUS_TEXTS.get(code, "Error" if code >= 400 else "OK"),
                  detail=detail)


def _http_status(code: int) -> int:
    """The cXML code as the HTTP status; cXML's own codes (450, 475, …) by their class."""
    try:
        return HTTPStatus(code).value
    except ValueError:
        return 400 if 400 <= code < 500 else 500


def _answer(document: InboundDocument | None, code: int, detail: str = "") -> Received:
    version = document.supplier.cxml_version if document and document.supplier else \
        RESPONSE_VERSION
    return Received(document=document, status=_http_status(code),
                    body=response_xml(answer_status(code, detail), version=version))


def _finish(document: InboundDocument, status: str, *, code: int, error: str = "") -> Received:
    document.status, document.error, document.processed_at = status, error, timezone.now()
    document.save(update_fields=["supplier", "kind", "payload_id", "status", "error",
                                 "processed_at"])
    return _answer(document, code, error or (_("Already received; nothing changed.")
                                             if status == DocumentStatus.DUPLICATE else ""))


def _same(given: str, expected: str) -> bool:
    return bool(expected) and hmac.compare_digest(given.encode("utf-8"),
                                                  expected.encode("utf-8"))


def _basic_supplier(authorization: str) -> Supplier | None:
    scheme, _space, encoded = authorization.strip().partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    username, _colon, password = decoded.partition(":")
    if not username:
        return None
    return next((supplier for supplier in Supplier.objects.filter(inbound_username=username)
                 if _same(password, supplier.inbound_password)), None)


def _cxml_supplier(envelope: Envelope) -> Supplier | None:
    """From or Sender names the supplier (its To identity and domain for our orders), and the
    Sender's SharedSecret is the one agreed with it."""
    claimed = {(credential.domain.lower(), credential.identity)
               for credential in (*envelope.from_, *envelope.sender) if credential.identity}
    secrets = [credential.shared_secret for credential in envelope.sender
               if credential.shared_secret]
    if not claimed or not secrets:
        return None
    candidates = Supplier.objects.filter(
        to_identity__in={identity for _domain, identity in claimed})
    return next((supplier for supplier in candidates
                 if (supplier.to_domain.lower(), supplier.to_identity) in claimed
                 and any(_same(secret, supplier.shared_secret) for secret in secrets)), None)


def supplier_authenticate(*, envelope: Envelope, authorization: str) -> Supplier:
    """The supplier behind a document: HTTP Basic credentials, or the cXML shared secret."""
    supplier = _basic_supplier(authorization) or _cxml_supplier(envelope)
    if supplier is None:
        raise CxmlRejected(_("The credentials are wrong or missing: send the shared secret "
                             "agreed with us in Sender/SharedSecret, or the HTTP Basic user "
                             "and password we gave you."), status_code=401)
    return supplier


def _envelope_note(document: InboundDocument, envelope: Envelope) -> None:
    document.payload_id = envelope.payload_id[:200]
    document.kind = KINDS.get(envelope.document, DocumentKind.UNKNOWN)


def _already_applied(document: InboundDocument) -> bool:
    return InboundDocument.objects.filter(
        supplier=document.supplier, payload_id=document.payload_id,
        status=DocumentStatus.APPLIED).exclude(pk=document.pk).exists()


def _apply(document: InboundDocument, root: etree._Element) -> Received:
    applier = APPLIERS.get(document.kind)
    try:
        if applier is None:
            raise CxmlRejected(_("This address takes ConfirmationRequest, ShipNoticeRequest "
                                 "and InvoiceDetailRequest documents only."), status_code=450)
        if not document.payload_id:
            raise CxmlRejected(_("The document has no payloadID; every cXML document needs "
                                 "one."), status_code=400)
        value = applier.read(root)
        with transaction.atomic():
            # One supplier's documents one at a time, so the duplicate check holds.
            Supplier.objects.select_for_update().get(pk=document.supplier_id)
            if _already_applied(document):
                return _finish(document, DocumentStatus.DUPLICATE, code=200)
            applier.apply(document=document, **{applier.argument: value})
            return _finish(document, DocumentStatus.APPLIED, code=200)
    except CxmlRejected as exc:
        return _finish(document, DocumentStatus.REJECTED, code=exc.status_code, error=str(exc))
    except DocumentNotApplied as exc:
        return _finish(document, DocumentStatus.FAILED, code=exc.status_code, error=str(exc))


def document_receive(*, body: bytes, content_type: str, authorization: str,
                     remote_addr: str | None) -> Received:
    """Store, authenticate and apply one posted document; returns the answer to send."""
    limit = settings.PUNCHOUT_MAX_DOCUMENT_BYTES
    if len(body) > limit:
        return _answer(None, 413, _("The document is %(size)s bytes; at most %(limit)s are "
                                    "accepted.") % {"size": f"{len(body):,}",
                                                    "limit": f"{limit:,}"})
    document = InboundDocument.objects.create(body=body, content_type=content_type[:200],
                                              remote_addr=remote_addr or None)
    try:
        root = cxml_parse(body)
        envelope = envelope_read(root)
        _envelope_note(document, envelope)
        document.supplier = supplier_authenticate(envelope=envelope,
                                                  authorization=authorization)
    except CxmlRejected as exc:
        return _finish(document, DocumentStatus.REJECTED, code=exc.status_code, error=str(exc))
    return _apply(document, root)


def document_reprocess(*, document: InboundDocument) -> InboundDocument:
    """Apply a failed document again from its stored body, once staff fixed the cause (the
    order exists now, say). It authenticated when it arrived; that is not repeated."""
    if document.status != DocumentStatus.FAILED:
        raise ValidationError(_(
            "Only failed documents can be reprocessed; %(document)s is %(status)s. A rejected "
            "document was refused at the door: ask the supplier to send it again.")
            % {"document": document, "status": document.get_status_display()})
    _apply(document, cxml_parse(bytes(document.body)))
    return document
