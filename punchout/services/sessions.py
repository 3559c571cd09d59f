"""Punching out: a fresh session with a one-time return URL, the setup request to a cXML
supplier (or the form call that opens an OCI catalog), and the page the browser goes to.

The return URL carries a random token because the supplier's cross-site POST brings no session
cookie; only the token's hash is stored. The setup request goes server to server, so the
shared secret never passes through the browser (OCI's form call is the exception: it is how
OCI catalogs log in).
"""

import hashlib
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import timedelta
from urllib.parse import urlencode, urlsplit

import requests
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.http import is_same_domain
from django.utils.translation import gettext as _

from punchout.cxml.oci import oci_setup_fields
from punchout.cxml.parsing import CxmlRejected, cxml_parse
from punchout.cxml.setup import setup_request_xml, setup_response_read
from punchout.cxml.values import Item, SetupRequest, Status
from punchout.cxml.writing import payload_id_new
from punchout.models import (
    BuyerProfile,
    Cart,
    CartLine,
    CartStatus,
    ProcurementSettings,
    Protocol,
    PunchOutSession,
    SessionOperation,
    SessionStatus,
    Supplier,
)
from punchout.services.events import cart_event_add
from punchout.services.orders import postal_address_of, supplier_header

MASK = "********"
TOKEN_BYTES = 32
# A backslash or whitespace makes browsers and urlsplit disagree on the host.
URL_UNSAFE = re.compile(r"[\s\\\x00-\x1f\x7f]")
ANSWER_CHUNK_BYTES = 64 * 1024
# Carts whose lines an edit session may replace: not yet submitted, or rejected by an approver.
EDITABLE = (CartStatus.RETURNED, CartStatus.REJECTED)


@dataclass(frozen=True)
class SessionStart:
    """Where the browser goes next: the StartPage (cXML), or the catalog with `form_fields`
    posted to it by an auto-submitting form (OCI)."""

    session: PunchOutSession
    url: str
    form_fields: dict[str, str] = field(default_factory=dict)


class SessionFailed(Exception):
    """A punch-out that could not start; the message is a sentence for the user."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def session_start(*, supplier: Supplier, user: AbstractBaseUser, operation: str = "create",
                  cart: Cart | None = None,
                  return_url_for: Callable[[str], str]) -> SessionStart:
    """Open a trip to `supplier`'s site: a new cart for `create`, `cart` for edit and inspect.

    `return_url_for(token)` builds the absolute one-time return URL. Raises SessionFailed
    (after recording why on the session and the cart) when the supplier does not open one.
    """
    _operation_check(supplier=supplier, user=user, operation=operation, cart=cart)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with transaction.atomic():
        if cart is None:
            cart = _cart_new(supplier=supplier, user=user)
        session = PunchOutSession.objects.create(
            cart=cart, user=user, supplier=supplier, operation=operation,
            deployment_mode=cart.deployment_mode, token_hash=token_hash(token),
            payload_id=payload_id_new(),
            expires_at=timezone.now() + timedelta(minutes=settings.PUNCHOUT_RETURN_MINUTES))
    start = _oci_start if supplier.protocol == Protocol.OCI else _cxml_start
    return start(session, return_url=return_url_for(token), token=token)


def _operation_check(*, supplier: Supplier, user: AbstractBaseUser, operation: str,
                     cart: Cart | None) -> None:
    names = {"supplier": supplier}
    if urlsplit(supplier.setup_url).scheme not in ("http", "https"):
        raise SessionFailed(_("%(supplier)s has no PunchOut setup URL yet; ask a technical "
                              "administrator to enter it.") % names)
    if operation == SessionOperation.CREATE:
        if cart is not None:
            raise SessionFailed(_("A new punch-out starts a new cart; to change this cart, "
                                  "use Edit at the supplier."))
        return
    if operation not in SessionOperation.values or cart is None:
        raise SessionFailed(_("Choose a cart to edit or inspect at the supplier."))
    if cart.supplier_id != supplier.pk or cart.requisitioner_id != user.pk:
        raise SessionFailed(_("Only the requisitioner can reopen this cart at its supplier."))
    if supplier.protocol == Protocol.OCI:
        raise SessionFailed(_("%(supplier)s is an OCI catalog, which cannot reopen a cart; "
                              "shop again to add items.") % names)
    allowed = {"edit": {"edit"}, "inspect": {"edit", "inspect"}}[operation]
    if cart.operation_allowed not in allowed:
        raise SessionFailed(_("%(supplier)s does not allow this cart to be reopened for "
                              "%(operation)s; shop again instead.")
                            % {**names, "operation": operation})
    if operation == SessionOperation.EDIT and cart.status not in EDITABLE:
        raise SessionFailed(_("The cart is %(status)s; only a cart back from the supplier or "
                              "rejected can be changed.") % {"status": cart.get_status_display()})
    if cart.deployment_mode != supplier.deployment_mode:
        raise SessionFailed(_("The cart was filled while %(supplier)s was in %(mode)s mode; "
                              "it cannot be reopened now, shop again instead.")
                            % {**names, "mode": cart.get_deployment_mode_display()})


def _cart_new(*, supplier: Supplier, user: AbstractBaseUser) -> Cart:
    profile = (BuyerProfile.objects.select_related("department", "default_ship_to")
               .filter(user=user).first())
    ship_to = profile.default_ship_to if profile else None
    if ship_to is None:
        defaults = ProcurementSettings.objects.select_related("default_ship_to").first()
        ship_to = defaults.default_ship_to if defaults else None
    return Cart.objects.create(
        supplier=supplier, requisitioner=user, status=CartStatus.OPEN,
        deployment_mode=supplier.deployment_mode, ship_to=ship_to,
        department=profile.department if profile else None)


def _oci_start(session: PunchOutSession, *, return_url: str, token: str) -> SessionStart:
    supplier = session.supplier
    fields = oci_setup_fields(username=supplier.from_identity,
                              password=supplier.shared_secret, hook_url=return_url,
                              extra=supplier.extrinsics or {})
    stored = {**fields, "HOOK_URL": return_url.replace(token, MASK)}
    if "PASSWORD" in stored:
        stored["PASSWORD"] = MASK
    session.setup_request = urlencode(stored)
    session.start_url = supplier.setup_url
    session.status = SessionStatus.SHOPPING
    session.save(update_fields=["setup_request", "start_url", "status"])
    _started_record(session)
    return SessionStart(session=session, url=supplier.setup_url, form_fields=fields)


def _cxml_start(session: PunchOutSession, *, return_url: str, token: str) -> SessionStart:
    supplier = session.supplier
    request = _setup_request(session, return_url)
    # What is stored holds neither the shared secret nor the token (only its hash is kept).
    sender = replace(request.header.sender, shared_secret=MASK)
    masked = replace(request, header=replace(request.header, sender=sender),
                     return_url=return_url.replace(token, MASK))
    session.setup_request = setup_request_xml(masked, version=supplier.cxml_version).decode()
    try:
        http_status, answer = _setup_post(
            supplier, setup_request_xml(request, version=supplier.cxml_version))
        session.setup_response = answer.decode("utf-8", "replace")
        session.start_url = _start_page_read(supplier, http_status, answer)
    except SessionFailed as failure:
        _failed_record(session, str(failure))
        raise
    session.status = SessionStatus.SHOPPING
    session.save(update_fields=["setup_request", "setup_response", "start_url", "status"])
    _started_record(session)
    return SessionStart(session=session, url=session.start_url)


def _setup_request(session: PunchOutSession, return_url: str) -> SetupRequest:
    supplier, user, cart = session.supplier, session.user, session.cart
    ours = {name: value for name, value in {
        "UniqueName": user.get_username(), "FirstName": user.first_name,
        "LastName": user.last_name,
        "CostCenter": cart.department.cost_center if cart.department else ""}.items() if value}
    # The supplier's own extrinsics add to ours; they never replace what we know of the user.
    theirs = {name: str(value) for name, value in (supplier.extrinsics or {}).items()
              if name not in ours and name != "UserEmail"}
    lines = () if session.operation == SessionOperation.CREATE else cart.lines.all()
    return SetupRequest(
        header=supplier_header(supplier),
        payload_id=session.payload_id, timestamp=timezone.now(),
        deployment_mode=session.deployment_mode, operation=session.operation,
        buyer_cookie=session.buyer_cookie, return_url=return_url, user_email=user.email,
        user_name=user.get_full_name() or user.get_username(), extrinsics=ours | theirs,
        ship_to=postal_address_of(cart.ship_to) if cart.ship_to else None,
        items=tuple(_item_of(line) for line in lines))


def _item_of(line: CartLine) -> Item:
    """A cart line as the supplier described it, its auxiliary id unchanged."""
    return Item(supplier_part_id=line.supplier_part_id,
                supplier_part_auxiliary_id=line.supplier_part_auxiliary_id,
                quantity=line.quantity, unit_price=line.unit_price, currency=line.currency,
                description=line.description, unit_of_measure=line.unit_of_measure,
                unspsc=line.unspsc)


def _setup_post(supplier: Supplier, document: bytes) -> tuple[int, bytes]:
    """POST the request; the answer is read only up to the size we would parse."""
    limit = settings.PUNCHOUT_MAX_DOCUMENT_BYTES
    names = {"supplier": supplier, "seconds": f"{settings.PUNCHOUT_TIMEOUT_SECONDS:g}"}
    try:
        with requests.post(supplier.setup_url, data=document,
                           headers={"Content-Type": "text/xml; charset=UTF-8"},
                           timeout=settings.PUNCHOUT_TIMEOUT_SECONDS, allow_redirects=False,
                           stream=True) as response:
            answer = b""
            for chunk in response.iter_content(ANSWER_CHUNK_BYTES):
                answer += chunk
                if len(answer) > limit:
                    break
            return response.status_code, answer
    # Described by kind only: the exception's text holds the URL, which may hold secrets.
    except requests.Timeout as exc:
        raise SessionFailed(_("%(supplier)s did not answer within %(seconds)s seconds; try "
                              "again in a few minutes.") % names) from exc
    except requests.RequestException as exc:
        raise SessionFailed(_("%(supplier)s could not be reached; try again in a few minutes, "
                              "and if it keeps failing ask a technical administrator to check "
                              "its setup URL.") % names) from exc


def _start_page_read(supplier: Supplier, http_status: int, answer: bytes) -> str:
    """The StartPage the supplier answered with, if the answer is a success in both HTTP and
    cXML, and the page is one we may send the user to."""
    names = {"supplier": supplier, "status": http_status}
    try:
        response = setup_response_read(cxml_parse(answer))
    except CxmlRejected as rejected:
        raise SessionFailed(_("%(supplier)s answered (HTTP %(status)s) without a cXML answer "
                              "we accept: %(reason)s Try again later; if it keeps failing, ask "
                              "a technical administrator to check its setup URL.")
                            % {**names, "reason": rejected}) from rejected
    if not response.status.succeeded:
        raise SessionFailed(_status_sentence(supplier, response.status))
    if not 200 <= http_status < 300:
        raise SessionFailed(_("%(supplier)s answered HTTP %(status)s; try again later.")
                            % names)
    if not start_page_allowed(response.start_url, supplier=supplier):
        raise SessionFailed(_("%(supplier)s sent a start page we do not open (%(url)s): it "
                              "must be an http or https address on the supplier's own hosts. "
                              "Ask a technical administrator to check the supplier's allowed "
                              "start page hosts.")
                            % {**names, "url": response.start_url[:200] or _("none")})
    return response.start_url


def _status_sentence(supplier: Supplier, status: Status) -> str:
    names = {"supplier": supplier, "code": status.code,
             "text": " ".join(filter(None, [status.text, status.detail]))}
    if status.code in (401, 403):
        return _("%(supplier)s did not accept our credentials (cXML %(code)s %(text)s); ask a "
                 "technical administrator to check the supplier's identities and shared "
                 "secret.") % names
    if status.retryable:
        return _("%(supplier)s could not start a session right now (cXML %(code)s %(text)s); "
                 "try again in a few minutes.") % names
    return _("%(supplier)s refused the punch-out (cXML %(code)s %(text)s); ask a technical "
             "administrator to check the supplier's settings.") % names


def start_page_allowed(url: str, *, supplier: Supplier) -> bool:
    """http or https, no user name in it, and a host in the supplier's allowed hosts (a
    leading dot allows sub-domains), or the setup URL's host when none are listed."""
    if not url or URL_UNSAFE.search(url) or len(url) > 2000:
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not parts.hostname or "@" in parts.netloc:
        return False
    return any(is_same_domain(parts.hostname, pattern) for pattern in _allowed_hosts(supplier))


def _allowed_hosts(supplier: Supplier) -> list[str]:
    listed = [host.strip().lower() for host in supplier.allowed_hosts.split(",")]
    return [host for host in listed if host] or [urlsplit(supplier.setup_url).hostname or ""]


def _started_record(session: PunchOutSession) -> None:
    cart_event_add(cart=session.cart, kind="punchout", actor=session.user, message=_(
        "Punched out to %(supplier)s (%(operation)s, %(mode)s mode).") % {
            "supplier": session.supplier, "operation": session.get_operation_display(),
            "mode": session.get_deployment_mode_display()})


def _failed_record(session: PunchOutSession, reason: str) -> None:
    """The session fails with its reason; a cart made for it is cancelled, being empty."""
    session.status = SessionStatus.FAILED
    session.error = reason
    session.save(update_fields=["setup_request", "setup_response", "status", "error"])
    cart = session.cart
    if session.operation == SessionOperation.CREATE:
        cart.status = CartStatus.CANCELLED
        cart.save(update_fields=["status", "updated_at"])
    cart_event_add(cart=cart, kind="punchout_failed", actor=session.user, message=_(
        "The punch-out to %(supplier)s failed: %(reason)s") % {
            "supplier": session.supplier, "reason": reason})
