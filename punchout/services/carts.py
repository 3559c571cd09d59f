"""The cart a supplier sends back through the user's browser, to the one-time return URL.

The token in the URL authenticates the POST (the cross-site request brings no session cookie).
It works once: it is claimed with a compare-and-set update before the document is read, so a
replay is refused whatever became of the first attempt. The raw body is stored before it is
parsed; then the cart is untrusted input (anyone at the browser can edit it): the BuyerCookie,
quantities, prices, currency, header total and field lengths are checked, and the cart total
is always our own sum.
"""

import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from punchout.cxml.cart import CART_LINES_MAX, order_message_read
from punchout.cxml.oci import oci_cart_read
from punchout.cxml.parsing import CxmlRejected, form_document
from punchout.cxml.values import Item
from punchout.models import (
    Cart,
    CartLine,
    CartStatus,
    DocumentKind,
    DocumentStatus,
    InboundDocument,
    Protocol,
    PunchOutSession,
    SessionOperation,
    SessionStatus,
)
from punchout.services.events import cart_event_add
from punchout.services.sessions import EDITABLE, token_hash

OPERATIONS_ALLOWED = {"create", "inspect", "edit"}
CENT = Decimal("0.01")
# The cart line columns: quantity 12 digits with 3 decimals, price 14 with 4.
QUANTITY_PLACES, QUANTITY_LIMIT = Decimal("0.001"), Decimal("1e9")
PRICE_PLACES, PRICE_LIMIT = Decimal("0.0001"), Decimal("1e10")
TOTAL_LIMIT = Decimal("1e12")
TEXT_LIMITS = {"supplier part id": 200, "unit of measure": 8, "UNSPSC": 16}


class CartReturnRefused(Exception):
    """A sentence for the user, and the HTTP status the return page answers with."""

    def __init__(self, message: str, *, status_code: int):
        super().__init__(message)
        self.status_code = status_code


@dataclass(frozen=True)
class _Returned:
    """What the supplier sent, whatever the protocol."""

    items: tuple[Item, ...]
    operation_allowed: str
    payload_id: str = ""
    unchanged: bool = False  # cXML status 204: the session ended without a change


def cart_return(*, token: str, fields: Mapping[str, str], body: bytes, content_type: str,
                remote_addr: str | None) -> Cart:
    """Apply the cart posted to the return URL of `token`; raises CartReturnRefused with what
    was wrong, in which case the cart is unchanged and the document stays REJECTED."""
    session = _session_claim(token)
    document = InboundDocument.objects.create(
        supplier=session.supplier, kind=DocumentKind.CART, content_type=content_type[:200],
        body=body, remote_addr=remote_addr)
    try:
        returned = _returned_read(session, fields)
        with transaction.atomic():
            cart = _returned_apply(session, returned)
            document.status, document.payload_id = DocumentStatus.APPLIED, returned.payload_id
            document.processed_at = timezone.now()
            document.save(update_fields=["status", "payload_id", "processed_at"])
    except CxmlRejected as rejected:
        status_code = 413 if rejected.status_code == 413 else 400
        raise _refused(session, document, str(rejected), status_code=status_code) from rejected
    except CartReturnRefused as refused:
        raise _refused(session, document, str(refused), status_code=refused.status_code) \
            from refused
    return cart


def _session_claim(token: str) -> PunchOutSession:
    session = (PunchOutSession.objects.select_related("cart", "supplier", "user")
               .filter(token_hash=token_hash(token)).first())
    if session is None:
        raise CartReturnRefused(_("This return address is not one we gave out, so the cart was "
                                  "not taken. Start again from the shop page."), status_code=403)
    now = timezone.now()
    used = _("This return address has already been used: a cart can come back only once per "
             "punch-out. Start again from the shop page to send another cart.")
    if session.status != SessionStatus.SHOPPING or session.returned_at is not None:
        raise CartReturnRefused(used, status_code=410)
    if session.expires_at <= now:
        raise CartReturnRefused(_("This return address was valid for %(minutes)s minutes and "
                                  "has expired, so the cart was not taken. Start again from "
                                  "the shop page.")
                                % {"minutes": settings.PUNCHOUT_RETURN_MINUTES},
                                status_code=410)
    # Claimed before the document is read: a second POST loses here, even if this one fails.
    claimed = PunchOutSession.objects.filter(
        pk=session.pk, status=SessionStatus.SHOPPING, returned_at__isnull=True,
        expires_at__gt=now).update(status=SessionStatus.RETURNED, returned_at=now)
    if not claimed:
        raise CartReturnRefused(used, status_code=410)
    session.status, session.returned_at = SessionStatus.RETURNED, now
    return session


def _returned_read(session: PunchOutSession, fields: Mapping[str, str]) -> _Returned:
    if session.supplier.protocol == Protocol.OCI:
        items = oci_cart_read(fields)
        _items_check(items)
        # OCI cannot reopen a cart at the catalog.
        return _Returned(items=items, operation_allowed="create")
    message = order_message_read(form_document(fields))
    if not hmac.compare_digest(message.buyer_cookie.encode(), session.buyer_cookie.encode()):
        raise CartReturnRefused(_("The cart belongs to another punch-out (its BuyerCookie is "
                                  "not this session's), so it was not taken."), status_code=403)
    if message.status is not None and message.status.code == 204:
        return _Returned(items=(), operation_allowed="", payload_id=message.payload_id,
                         unchanged=True)
    if message.status is not None and not message.status.succeeded:
        raise CartReturnRefused(_("The supplier reported an error instead of a cart: %(code)s "
                                  "%(text)s.") % {"code": message.status.code,
                                                  "text": message.status.text}, status_code=400)
    allowed = message.operation_allowed or "create"
    if allowed not in OPERATIONS_ALLOWED:
        raise CartReturnRefused(_("operationAllowed %(value)r is not create, inspect or edit.")
                                % {"value": allowed}, status_code=400)
    _items_check(message.items, currency=message.currency)
    _total_check(message.items, total=message.total)
    return _Returned(items=message.items, operation_allowed=allowed,
                     payload_id=message.payload_id)


def _refuse(message: str) -> CartReturnRefused:
    return CartReturnRefused(message, status_code=400)


def _items_check(items: tuple[Item, ...], *, currency: str = "") -> None:
    """Every line as our columns can hold it, and one currency across the cart."""
    if len(items) > CART_LINES_MAX:
        raise _refuse(_("The cart has %(count)s lines; at most %(limit)s are accepted.")
                      % {"count": len(items), "limit": CART_LINES_MAX})
    for number, item in enumerate(items, start=1):
        _item_check(number, item)
    currencies = {item.currency for item in items} | ({currency} if items and currency else set())
    if len(currencies) > 1:
        raise _refuse(_("The cart mixes currencies (%(currencies)s); a cart must be in one.")
                      % {"currencies": ", ".join(sorted(currencies))})


def _item_check(number: int, item: Item) -> None:
    names = {"line": number, "quantity": item.quantity, "price": item.unit_price}
    if not (0 < item.quantity < QUANTITY_LIMIT) or \
            item.quantity != item.quantity.quantize(QUANTITY_PLACES):
        raise _refuse(_("Line %(line)s: the quantity %(quantity)s is not above zero with at most "
                        "three decimals.") % names)
    if not (0 <= item.unit_price < PRICE_LIMIT) or \
            item.unit_price != item.unit_price.quantize(PRICE_PLACES):
        raise _refuse(_("Line %(line)s: the price %(price)s is not zero or more with at most "
                        "four decimals.") % names)
    if len(item.currency) != 3 or not item.currency.isalpha():
        raise _refuse(_("Line %(line)s: the currency %(currency)r is not an ISO 4217 code.")
                      % {**names, "currency": item.currency})
    values = {"supplier part id": item.supplier_part_id,
              "unit of measure": item.unit_of_measure, "UNSPSC": item.unspsc}
    for what, limit in TEXT_LIMITS.items():
        if len(values[what]) > limit:
            raise _refuse(_("Line %(line)s: the %(what)s is longer than %(limit)s characters.")
                          % {**names, "what": what, "limit": limit})
    if not item.supplier_part_id or not item.unit_of_measure:
        raise _refuse(_("Line %(line)s has no supplier part id or no unit of measure.") % names)


def _lines_sum(items: tuple[Item, ...]) -> Decimal:
    return sum((item.quantity * item.unit_price for item in items), Decimal(0))


def _total_check(items: tuple[Item, ...], *, total: Decimal) -> None:
    """The header Total should be the sum of the lines; a cent per line is allowed for the
    supplier's rounding. We never use it: the cart total is our own sum."""
    if items and abs(total - _lines_sum(items)) > CENT * len(items):
        raise _refuse(_("The cart's total %(total)s does not match its lines, which add up to "
                        "%(sum)s.") % {"total": total, "sum": _lines_sum(items)})


def _returned_apply(session: PunchOutSession, returned: _Returned) -> Cart:
    cart = Cart.objects.select_for_update().get(pk=session.cart_id)
    names = {"supplier": session.supplier}
    # 204 after an edit keeps the lines; after a create it means nothing was chosen.
    if session.operation == SessionOperation.INSPECT or (
            returned.unchanged and session.operation == SessionOperation.EDIT):
        cart_event_add(cart=cart, kind="inspected", actor=session.user, message=_(
            "Came back from %(supplier)s without changes.") % names)
        return cart
    changeable = (CartStatus.OPEN,) if session.operation == SessionOperation.CREATE else EDITABLE
    if cart.status not in changeable:
        raise CartReturnRefused(_("The cart is %(status)s now, so the lines from the supplier "
                                  "were not taken.") % {"status": cart.get_status_display()},
                                status_code=409)
    if not returned.items:
        return _cart_cancel(session, cart)
    total = _lines_sum(returned.items).quantize(CENT, rounding=ROUND_HALF_UP)
    if total >= TOTAL_LIMIT:
        raise _refuse(_("The cart's total %(total)s is beyond what we can record.")
                      % {"total": total})
    cart.lines.all().delete()
    CartLine.objects.bulk_create(_line_new(cart, number, item)
                                 for number, item in enumerate(returned.items, start=1))
    cart.status, cart.total, cart.currency = CartStatus.RETURNED, total, returned.items[0].currency
    cart.operation_allowed, cart.returned_at = returned.operation_allowed, timezone.now()
    cart.save(update_fields=["status", "total", "currency", "operation_allowed", "returned_at",
                             "updated_at"])
    cart_event_add(cart=cart, kind="returned", actor=session.user, message=_(
        "Cart returned from %(supplier)s: %(count)s lines, %(total)s %(currency)s.") % {
            **names, "count": len(returned.items), "total": total, "currency": cart.currency})
    return cart


def _line_new(cart: Cart, number: int, item: Item) -> CartLine:
    return CartLine(
        cart=cart, line_number=number, supplier_part_id=item.supplier_part_id,
        supplier_part_auxiliary_id=item.supplier_part_auxiliary_id,
        description=item.description, quantity=item.quantity, unit_price=item.unit_price,
        currency=item.currency, unit_of_measure=item.unit_of_measure, unspsc=item.unspsc)


def _cart_cancel(session: PunchOutSession, cart: Cart) -> Cart:
    """Nothing came back for a new cart, or an edited cart came back empty: the cart goes."""
    cart.lines.all().delete()
    cart.status, cart.total = CartStatus.CANCELLED, Decimal(0)
    cart.save(update_fields=["status", "total", "updated_at"])
    PunchOutSession.objects.filter(pk=session.pk).update(status=SessionStatus.CANCELLED)
    cart_event_add(cart=cart, kind="cancelled", actor=session.user, message=_(
        "Came back from %(supplier)s with an empty cart: the cart is cancelled.")
        % {"supplier": session.supplier})
    return cart


def _refused(session: PunchOutSession, document: InboundDocument, reason: str, *,
             status_code: int) -> CartReturnRefused:
    """Record the refusal (the document, the session, the cart's history) and say it to the
    user; the token stays used."""
    now = timezone.now()
    InboundDocument.objects.filter(pk=document.pk).update(
        status=DocumentStatus.REJECTED, error=reason, processed_at=now)
    PunchOutSession.objects.filter(pk=session.pk).update(status=SessionStatus.FAILED,
                                                         error=reason)
    cart_event_add(cart=session.cart, kind="return_refused", actor=session.user, message=_(
        "The cart sent back by %(supplier)s was refused: %(reason)s")
        % {"supplier": session.supplier, "reason": reason})
    return CartReturnRefused(_("%(reason)s Your cart was not changed; punch out again if you "
                               "still want these items, and tell the supplier if this keeps "
                               "happening.") % {"reason": reason}, status_code=status_code)
