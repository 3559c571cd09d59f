"""`punchout/order`: the buyer's OrderRequest, checked as Amazon Business checks a PO
(research §2.7, §3.5): a safe, DTD-valid cXML document (406), the buyer's credentials (cXML
401 under HTTP 200), `type="new"` only (001-001), a ShipTo (001-005), items this supplier sold
with their SupplierPartAuxiliaryID echoed, and a Total that is the sum of the lines (400).

The same payloadID again gets the same 200 answer and records nothing; the same orderID under
another payloadID is refused. The answer is `Response/Status 200` only: acceptance comes later,
as a ConfirmationRequest (sandbox.punchout.replies).

Faults switched on in `_control/punchout/settings` apply to the next order posts: "500" (an
HTML error page, HTTP 500), "401" (cXML 401), "html" (an HTML page under HTTP 200) answer
before anything is checked; "timeout" takes the order, then answers after `fault_seconds`, as
when an answer is lost on the way back.
"""

import time
from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from lxml import etree

from sandbox.punchout import replies, state
from sandbox.punchout.catalog import PRODUCTS_BY_PART_ID, auxiliary_id_is_ours
from sandbox.punchout.cxml import (
    Refusal,
    decimal_read,
    document_bytes,
    document_parse,
    refusal_response,
    refused,
    request_check,
    response_root,
    text,
)

ONLY_NEW = ("The PO contains either 'Edit' or 'Update' in the 'Order Request Header'. Amazon "
            "Business currently supports only 'New': cancel the order and place a new one. "
            "[Error code: 001-001] XPath: /cXML/Request/OrderRequest/OrderRequestHeader/@type")
NO_SHIP_TO = ("The ShipTo address is missing: send ShipTo in the OrderRequestHeader or on "
              "every ItemOut. [Error code: 001-005] "
              "XPath: /cXML/Request/OrderRequest/OrderRequestHeader/ShipTo")
HTML_500 = ("<!DOCTYPE html>\n<html><head><title>500 Internal Server Error</title></head>"
            "<body><h1>Internal Server Error</h1><p>The server encountered an internal error "
            "and was unable to complete your request.</p></body></html>\n")
HTML_200 = ("<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body><h1>We are "
            "sorry</h1><p>Something went wrong on our end. Please go back and try again."
            "</p></body></html>\n")


@csrf_exempt
@require_POST
def punchout_order(request: HttpRequest) -> HttpResponse:
    fault = state.fault_claim()
    kind, seconds = fault or ("", 0.0)
    if kind in ("500", "html", "401"):
        return _fault_answer(kind)
    answer, order = _order_take(request.body)
    if order is not None and state.switches().auto_reply:
        replies.replies_schedule(order)
    if kind == "timeout":
        time.sleep(seconds)
    return answer


def _fault_answer(kind: str) -> HttpResponse:
    if kind == "401":
        return refusal_response(refused(401, "Sender credentials were not recognized."))
    if kind == "500":
        return HttpResponse(HTML_500, status=500, content_type="text/html")
    return HttpResponse(HTML_200, content_type="text/html")


def _order_take(data: bytes) -> tuple[HttpResponse, state.ReceivedOrder | None]:
    """The answer to an OrderRequest, and the order when it is new and accepted."""
    root = None
    try:
        root = document_parse(data)
        order_request = request_check(root, request_name="OrderRequest")
        known = state.order_with_payload(root.get("payloadID"))
        if known is not None:
            return _ok(known.answer), None
        order, is_new = state.order_accept(_order_read(root, order_request, data))
    except state.OrderIdTaken as taken:
        return _refuse(refused(400, f"PO Number: {taken} has already been processed."),
                       root, data)
    except Refusal as refusal:
        return _refuse(refusal, root, data)
    return _ok(order.answer), order if is_new else None


def _ok(answer: bytes) -> HttpResponse:
    return HttpResponse(answer, content_type="text/xml; charset=UTF-8")


def _refuse(refusal: Refusal, root: etree._Element | None,
            data: bytes) -> tuple[HttpResponse, None]:
    header = root.find("Request/OrderRequest/OrderRequestHeader") if root is not None else None
    state.rejection_record(state.Rejection(
        payload_id=root.get("payloadID", "") if root is not None else "",
        order_id=header.get("orderID", "") if header is not None else "",
        code=refusal.code, text=refusal.text, detail=refusal.detail,
        raw=data.decode("utf-8", errors="replace"),
        dtd_valid=refusal.code != 406, received_at=timezone.now()))
    return refusal_response(refusal), None


def _order_read(root: etree._Element, order_request: etree._Element,
                data: bytes) -> state.ReceivedOrder:
    header = order_request.find("OrderRequestHeader")
    if header.get("type", "new") != "new":
        raise refused(400, ONLY_NEW)
    items = order_request.findall("ItemOut")
    if header.find("ShipTo") is None and any(item.find("ShipTo") is None for item in items):
        raise refused(400, NO_SHIP_TO)
    total = decimal_read(text(header.find("Total/Money")), "Total")
    currency = header.find("Total/Money").get("currency")
    lines = [_line_read(index, item, currency) for index, item in enumerate(items, start=1)]
    lines_sum = sum((line.quantity * line.unit_price for line in lines), Decimal("0"))
    if total.quantize(Decimal("0.01")) != lines_sum.quantize(Decimal("0.01")):
        raise refused(400, f"The Total {total:.2f} {currency} is not the sum of the lines, "
                           f"{lines_sum:.2f} {currency}; send the lines' sum (without tax "
                           "and shipping).")
    sender = root.find("Header/From/Credential")
    return state.ReceivedOrder(
        order_id=header.get("orderID"), payload_id=root.get("payloadID"),
        order_date=header.get("orderDate"),
        deployment_mode=root.find("Request").get("deploymentMode", "production"),
        from_identity=text(sender.find("Identity")), from_domain=sender.get("domain"),
        total=total, currency=currency, lines=lines,
        raw=data.decode("utf-8", errors="replace"), dtd_valid=True,
        answer=document_bytes(response_root(200, "OK")))


def _line_read(index: int, item: etree._Element, currency: str) -> state.OrderLine:
    number = int(item.get("lineNumber") or index)
    part_id = text(item.find("ItemID/SupplierPartID"))
    auxiliary_id = text(item.find("ItemID/SupplierPartAuxiliaryID"))
    if part_id not in PRODUCTS_BY_PART_ID:
        raise refused(400, f"Line {number}: item {part_id} is not sold here; remove the line "
                           "and place the order again.")
    if not auxiliary_id_is_ours(part_id, auxiliary_id):
        raise refused(400, f"Line {number}: echo the SupplierPartAuxiliaryID that came with "
                           f"item {part_id} in the cart, unchanged (got {auxiliary_id!r}).")
    price = item.find("ItemDetail/UnitPrice/Money")
    if price is None:
        raise refused(400, f"Line {number}: send the ItemDetail with the UnitPrice of the "
                           "cart.")
    if price.get("currency") != currency:
        raise refused(400, f"Line {number}: the price is in {price.get('currency')}, the "
                           f"order Total in {currency}; use one currency.")
    quantity = decimal_read(item.get("quantity"), f"Line {number}: quantity")
    if quantity <= 0:
        raise refused(400, f"Line {number}: the quantity must be above zero.")
    return state.OrderLine(
        line_number=number, part_id=part_id, auxiliary_id=auxiliary_id, quantity=quantity,
        unit_price=decimal_read(text(price), f"Line {number}: unit price"), currency=currency,
        unit=text(item.find("ItemDetail/UnitOfMeasure")),
        description=text(item.find("ItemDetail/Description")))
