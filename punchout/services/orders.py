"""Purchase orders to suppliers: placed on a cart's last approval, sent as a cXML OrderRequest
through the outbox.

The document is written once, when the order is placed, and kept: every attempt posts the
same bytes with the same payloadID, so a supplier that got an earlier attempt recognises the
repeat. The supplier's synchronous answer only says it received the order (cXML status, even
under HTTP 200); what it does with the order comes later as a ConfirmationRequest.
"""

import logging
from decimal import ROUND_HALF_UP, Decimal

import requests
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from lxml import etree

from orders.models import OutboxMessage
from orders.services.outbox import outbox_add
from punchout.cxml.documents import secret_restored, secrets_masked
from punchout.cxml.orders import order_request_xml
from punchout.cxml.parsing import CxmlRejected, cxml_parse
from punchout.cxml.reading import response_status_read
from punchout.cxml.values import Credential, Header, Item, OrderRequest, PostalAddress, Status
from punchout.cxml.writing import payload_id_new
from punchout.models import (
    Address,
    Cart,
    CartStatus,
    OrderStatus,
    ProcurementOrder,
    ProcurementOrderLine,
    ProcurementSettings,
    Supplier,
)
from punchout.notifications import people_notify
from punchout.services.events import cart_event_add
from punchout.services.numbering import po_number_next

log = logging.getLogger(__name__)
KIND = "punchout.order_request"
CENT = Decimal("0.01")

# Documents arrive in any order (a ship notice may overtake its confirmation, a confirmation
# the answer to our own POST): a status moves only forward; equals replace one another.
PROGRESS = {
    OrderStatus.SENDING: 0, OrderStatus.FAILED: 0, OrderStatus.SENT: 1,
    OrderStatus.CONFIRMED: 2, OrderStatus.PARTLY_CONFIRMED: 2, OrderStatus.REJECTED: 2,
    OrderStatus.PARTLY_SHIPPED: 3, OrderStatus.SHIPPED: 3, OrderStatus.INVOICED: 4,
}


class OrderRequestRefused(Exception):
    """The supplier refused the order for good (cXML 4xx): sending it again changes nothing."""

    retryable = False


class SupplierUnavailable(Exception):
    """No usable answer (5xx, a page that is not cXML, a timeout): the outbox tries again."""

    retryable = True


def order_status_advance(order: ProcurementOrder, status: str) -> bool:
    """Set `status` unless the order is already further along; returns whether it changed."""
    if PROGRESS[status] < PROGRESS[order.status] or order.status == status:
        return False
    order.status = status
    return True


def supplier_header(supplier: Supplier) -> Header:
    return Header(
        from_=Credential(domain=supplier.from_domain, identity=supplier.from_identity),
        to=Credential(domain=supplier.to_domain, identity=supplier.to_identity),
        sender=Credential(domain=supplier.sender_domain, identity=supplier.sender_identity,
                          shared_secret=supplier.shared_secret))


def postal_address_of(address: Address, *, deliver_to: str = "") -> PostalAddress:
    """An address of ours as cXML sends it; `deliver_to` when the address names nobody."""
    return PostalAddress(
        address_id=address.code, name=address.name, street=address.street, city=address.city,
        postal_code=address.postal_code, country_code=address.country_code,
        state=address.state, deliver_to=address.deliver_to or deliver_to,
        email=address.email, phone=address.phone)


def _person(user: AbstractBaseUser) -> str:
    return user.get_full_name() or user.get_username()


def _addresses(cart: Cart) -> tuple[Address, Address]:
    defaults, _created = ProcurementSettings.objects.get_or_create(pk=1)
    ship_to = cart.ship_to or defaults.default_ship_to
    if ship_to is None:
        raise ValidationError(_(
            "Cart #%(cart)s has no ship-to address and Procurement settings set no default "
            "ship-to; suppliers such as Amazon Business refuse orders without one. Set a "
            "default ship-to in Procurement settings, then approve again.") % {"cart": cart.pk})
    if defaults.bill_to is None:
        raise ValidationError(_(
            "Procurement settings have no bill-to address, which every purchase order needs; "
            "an administrator must set it, then approve again."))
    return ship_to, defaults.bill_to


def _extrinsics(cart: Cart) -> dict[str, str]:
    """The supplier's configured extrinsics, plus who ordered and where the spend is booked."""
    values = {name: str(value) for name, value in cart.supplier.extrinsics.items()}
    if cart.requisitioner.email:
        values.setdefault("UserEmail", cart.requisitioner.email)
    if cart.department and cart.department.cost_center:
        values.setdefault("CostCenter", cart.department.cost_center)
    return values


def order_request_build(*, order: ProcurementOrder, ship_to: Address,
                        bill_to: Address) -> OrderRequest:
    cart, supplier = order.cart, order.supplier
    return OrderRequest(
        header=supplier_header(supplier), payload_id=order.payload_id,
        timestamp=order.order_date, deployment_mode=order.deployment_mode,
        order_id=order.number, order_date=order.order_date, total=order.total,
        currency=order.currency,
        ship_to=postal_address_of(ship_to, deliver_to=_person(cart.requisitioner)),
        bill_to=postal_address_of(bill_to),
        items=tuple(Item(
            supplier_part_id=line.supplier_part_id, quantity=line.quantity,
            unit_price=line.unit_price, currency=order.currency,
            description=line.description, unit_of_measure=line.unit_of_measure,
            supplier_part_auxiliary_id=line.supplier_part_auxiliary_id, unspsc=line.unspsc,
            line_number=line.line_number) for line in order.lines.order_by("line_number")),
        contact_name=_person(cart.requisitioner), contact_email=cart.requisitioner.email,
        extrinsics=_extrinsics(cart))


def _lines_copy(order: ProcurementOrder, cart: Cart) -> None:
    ProcurementOrderLine.objects.bulk_create([ProcurementOrderLine(
        order=order, cart_line=line, line_number=number,
        supplier_part_id=line.supplier_part_id,
        supplier_part_auxiliary_id=line.supplier_part_auxiliary_id,
        description=line.description, quantity=line.quantity, unit_price=line.unit_price,
        unit_of_measure=line.unit_of_measure, unspsc=line.unspsc)
        for number, line in enumerate(cart.lines.order_by("line_number", "id"), start=1)])


@transaction.atomic
def order_place(*, cart: Cart, actor: AbstractBaseUser) -> ProcurementOrder:
    """The approved cart becomes our purchase order, queued to go to the supplier.

    Raises ValidationError (with the fix) when the cart is not approved or an address is
    missing; nothing is written then.
    """
    cart = Cart.objects.select_for_update(of=("self",)).select_related(
        "supplier", "requisitioner", "department", "ship_to").get(pk=cart.pk)
    if cart.status != CartStatus.APPROVED:
        raise ValidationError(_("Cart #%(cart)s is %(status)s; only an approved cart becomes "
                                "a purchase order.")
                              % {"cart": cart.pk, "status": cart.get_status_display()})
    if not cart.lines.exists():
        raise ValidationError(_("Cart #%(cart)s has no lines to order.") % {"cart": cart.pk})
    ship_to, bill_to = _addresses(cart)
    now = timezone.now()
    order = ProcurementOrder.objects.create(
        number=po_number_next(), cart=cart, supplier=cart.supplier,
        deployment_mode=cart.supplier.deployment_mode, order_date=now,
        currency=cart.currency, payload_id=payload_id_new(),
        total=sum((line.amount for line in cart.lines.all()), Decimal(0)).quantize(
            CENT, ROUND_HALF_UP))
    _lines_copy(order, cart)
    # Stored without the secret, which is put back at each send (so a retry sends the same
    # bytes as long as the secret is the same).
    order.order_request = secrets_masked(order_request_xml(
        order_request_build(order=order, ship_to=ship_to, bill_to=bill_to),
        version=cart.supplier.cxml_version).decode("utf-8"))
    order.save(update_fields=["order_request"])
    cart.status, cart.ordered_at = CartStatus.ORDERED, now
    cart.save(update_fields=["status", "ordered_at", "updated_at"])
    cart_event_add(cart=cart, kind="ordered", actor=actor, message=_(
        "Purchase order %(number)s placed with %(supplier)s (%(mode)s mode); it is being "
        "sent.") % {"number": order.number, "supplier": cart.supplier,
                    "mode": order.get_deployment_mode_display()})
    outbox_add([OutboxMessage(kind=KIND, key=f"{KIND}:{order.number}",
                              payload={"order_id": order.pk})])
    return order


def _reply(response: requests.Response, supplier: Supplier) -> tuple[etree._Element, Status]:
    """The supplier's answer and its cXML status; an answer without one is a passing failure."""
    try:
        root = cxml_parse(response.content)
        return root, response_status_read(root)
    except CxmlRejected as exc:
        raise SupplierUnavailable(_(
            "%(supplier)s answered HTTP %(code)s without a cXML status (%(error)s).")
            % {"supplier": supplier, "code": response.status_code, "error": exc}) from exc


def _post(order: ProcurementOrder) -> requests.Response:
    supplier = order.supplier
    try:
        return requests.post(
            supplier.order_url,
            data=secret_restored(order.order_request, supplier.shared_secret).encode("utf-8"),
            headers={"Content-Type": "text/xml; charset=UTF-8"},
            timeout=settings.PUNCHOUT_TIMEOUT_SECONDS, allow_redirects=False)
    except requests.Timeout as exc:
        raise SupplierUnavailable(_(
            "%(supplier)s did not answer within %(seconds)g seconds.")
            % {"supplier": supplier, "seconds": settings.PUNCHOUT_TIMEOUT_SECONDS}) from exc
    except requests.RequestException as exc:  # described by kind: the message may quote URLs
        raise SupplierUnavailable(_(
            "The connection to %(supplier)s failed (%(error)s).")
            % {"supplier": supplier, "error": type(exc).__name__}) from exc


def _status_sentence(status: Status) -> str:
    return " ".join(filter(None, (str(status.code), status.text, status.detail)))


def order_request_send(message: OutboxMessage) -> str:
    """Outbox: post the stored OrderRequest; returns the supplier's payloadID for the answer."""
    order = ProcurementOrder.objects.select_related("supplier").get(
        pk=message.payload["order_id"])
    supplier = order.supplier
    if not supplier.order_url:
        raise OrderRequestRefused(_(
            "%(supplier)s has no order URL; a technical administrator must enter it, then "
            "resend the order.") % {"supplier": supplier})
    log.debug("OrderRequest %s to %s: %s", order.number, supplier.order_url,
              order.order_request)
    response = _post(order)
    root, status = _reply(response, supplier)
    log.info("OrderRequest %s to %s: HTTP %s, cXML %s %s", order.number, supplier,
             response.status_code, status.code, status.text)
    message.payload = {**message.payload, "reply": _status_sentence(status)}
    OutboxMessage.objects.filter(pk=message.pk).update(payload=message.payload)
    if status.succeeded:
        return (root.get("payloadID") or order.payload_id)[:100]
    sentence = _("%(supplier)s answered cXML %(status)s.") % {
        "supplier": supplier, "status": _status_sentence(status)}
    if status.retryable:
        raise SupplierUnavailable(sentence)
    raise OrderRequestRefused(sentence + " " + _(
        "Correct what it names (supplier credentials, addresses or the cart's lines), then "
        "resend the order."))


def order_outbox_messages(order: ProcurementOrder) -> QuerySet[OutboxMessage]:
    """Every attempt to send `order` (resends are new messages), newest first."""
    return OutboxMessage.objects.filter(kind=KIND, payload__order_id=order.pk)


def _order_for(message: OutboxMessage) -> ProcurementOrder:
    return ProcurementOrder.objects.select_for_update(of=("self",)).select_related(
        "cart__requisitioner", "supplier").get(pk=message.payload["order_id"])


def order_request_accepted(message: OutboxMessage) -> None:
    """Outbox: the supplier received the order (its confirmation follows as a document)."""
    order = _order_for(message)
    order_status_advance(order, OrderStatus.SENT)
    order.sent_at = message.sent_at or timezone.now()
    order.supplier_status = message.payload.get("reply", "")[:500]
    order.save(update_fields=["status", "sent_at", "supplier_status"])
    cart_event_add(cart=order.cart, kind="order_sent", message=_(
        "Purchase order %(number)s reached %(supplier)s, which answered %(reply)s. Its "
        "confirmation follows.") % {"number": order.number, "supplier": order.supplier,
                                    "reply": order.supplier_status or "OK"})


def order_request_failed(message: OutboxMessage) -> None:
    """Outbox: refused, or never answered: the order stops as failed and its requisitioner is
    told."""
    order = _order_for(message)
    order_status_advance(order, OrderStatus.FAILED)
    order.supplier_status = message.last_error[:500]
    order.save(update_fields=["status", "supplier_status"])
    cart_event_add(cart=order.cart, kind="order_failed", message=_(
        "Purchase order %(number)s could not be sent to %(supplier)s: %(reason)s")
        % {"number": order.number, "supplier": order.supplier, "reason": message.last_error})
    people_notify(users=[order.cart.requisitioner], subject=_(
        "Your order %(number)s could not be sent to %(supplier)s")
        % {"number": order.number, "supplier": order.supplier}, body=_(
        "Hello %(name)s,\n\nyour purchase order %(number)s (cart #%(cart)s) could not be sent "
        "to %(supplier)s.\n\nThe reason: %(reason)s\n\nNothing was ordered. Procurement "
        "administrators see the order as failed; once the cause is fixed they can resend it "
        "from the order's page.")
        % {"name": _person(order.cart.requisitioner), "number": order.number,
           "cart": order.cart_id, "supplier": order.supplier, "reason": message.last_error})
