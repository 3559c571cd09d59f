"""Posting the supplier's documents to the buyer, now (`document_send`) or, after an accepted
order, one after the other in a background thread (`replies_schedule`): the confirmation, then
the ship notice, then the invoice, each `reply_seconds` after the one before.

The worker never blocks the order's answer, stops when the switches turn automatic replies
off, and quits when the state is reset (a test ends), so it cannot post into the next test.
"""

import logging
import threading

import requests
from django.utils import timezone

from sandbox.punchout import documents, state
from sandbox.punchout.cxml import Refusal, document_bytes, document_parse

DOCUMENTS = ("confirmation", "ship_notice", "invoice")
POST_TIMEOUT_SECONDS = 15
BODY_KEPT = 20_000
logger = logging.getLogger(__name__)


def document_build(order: state.ReceivedOrder, document: str,
                   variant: str | None) -> documents.Built:
    """Raises ValueError (documents.NothingToShip included) on a document or variant it
    does not know."""
    if document == "confirmation":
        variant = variant or state.switches().confirmation_variant
        if variant not in state.CONFIRMATION_VARIANTS:
            raise ValueError(f"Unknown confirmation variant {variant!r}; use one of "
                             f"{', '.join(state.CONFIRMATION_VARIANTS)}.")
        return documents.confirmation(order, variant, state.number_next("confirmation"))
    if document == "ship_notice":
        return documents.ship_notice(order, state.number_next("shipment"))
    if document == "invoice":
        variant = variant or state.switches().invoice_variant
        if variant not in state.INVOICE_VARIANTS:
            raise ValueError(f"Unknown invoice variant {variant!r}; use one of "
                             f"{', '.join(state.INVOICE_VARIANTS)}.")
        return documents.invoice(order, variant, state.number_next("invoice"))
    raise ValueError(f"Unknown document {document!r}; use one of {', '.join(DOCUMENTS)}.")


def document_send(order: state.ReceivedOrder, document: str,
                  variant: str | None = None) -> state.SentDocument:
    """Build `document` for `order`, post it to the buyer URL and record the answer."""
    built = document_build(order, document, variant)
    data = document_bytes(built.root, dtd_name=built.dtd_name)
    url = state.switches().buyer_url
    sent = state.SentDocument(document=built.document, variant=built.variant,
                              payload_id=built.root.get("payloadID"), url=url,
                              xml=data.decode("utf-8"), sent_at=timezone.now())
    try:
        answer = requests.post(url, data=data, timeout=POST_TIMEOUT_SECONDS,
                               allow_redirects=False,
                               headers={"Content-Type": "text/xml; charset=UTF-8"})
    except requests.RequestException as exc:
        sent.error = f"{type(exc).__name__}: {exc}"
    else:
        sent.http_status, sent.body = answer.status_code, answer.text[:BODY_KEPT]
        sent.cxml_status = _cxml_status(answer.content)
    state.document_record(order, sent)
    return sent


def _cxml_status(body: bytes) -> str:
    """The code of the buyer's cXML Response Status, empty when the answer is not cXML."""
    try:
        status = document_parse(body).find("Response/Status")
    except Refusal:
        return ""
    return status.get("code", "") if status is not None else ""


def replies_schedule(order: state.ReceivedOrder) -> threading.Thread:
    worker = threading.Thread(target=_replies_send, args=(order, state.replies_stopped()),
                              name=f"punchout-replies-{order.order_id}", daemon=True)
    worker.start()
    return worker


def _replies_send(order: state.ReceivedOrder, stopped: threading.Event) -> None:
    for document in DOCUMENTS:
        if stopped.wait(state.switches().reply_seconds) or not state.switches().auto_reply:
            return
        if document != "confirmation" and order.confirmation_variant == "reject":
            return
        try:
            sent = document_send(order, document)
        except ValueError as exc:  # nothing accepted: nothing to ship or invoice
            logger.info("PunchOut simulator: %s for %s not sent: %s", document,
                        order.order_id, exc)
            return
        logger.info("PunchOut simulator: %s for %s sent to %s: HTTP %s %s", document,
                    order.order_id, sent.url, sent.http_status, sent.error)
