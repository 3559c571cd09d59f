"""The supplier's own pages, which the requisitioner's browser visits: the catalog of a
PunchOut session (`punchout/catalog/<session>`), the OCI entry (`punchout/oci`), and the
checkout page that posts the cart back to the buyer.

The start page works once: the browser that opens it gets a cookie scoped to its session's
path, which lets it in from then on. The forms post back to the supplier's own page, hence
csrf_exempt (it is the partner's site, not ours). Element ids and button texts are stable:
the browser tests click them.
"""

import secrets
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from sandbox.punchout import state
from sandbox.punchout.cart_return import (
    cart_total,
    oci_fields,
    order_message,
    order_message_field,
)
from sandbox.punchout.catalog import CURRENCY, PRODUCTS, PRODUCTS_BY_PART_ID, auxiliary_id_for
from sandbox.punchout.cxml import quantity_text

COOKIE = "sbx_punchout"
OCI_TARGETS = ("_top", "_parent", "_self", "_blank")
MAX_QUANTITY = Decimal("9999")


@csrf_exempt
@require_http_methods(["GET", "POST"])
def catalog(request: HttpRequest, session_id: str) -> HttpResponse:
    session = state.session_find(session_id)
    if session is None:
        return _notice(request, 404, "This PunchOut session does not exist; punch out again "
                                     "from your purchasing system.")
    if session.closed:
        return _notice(request, 410, "This PunchOut session has ended: its cart went back to "
                                     "your purchasing system. Punch out again to shop more.")
    key = state.session_admit(session, start_token=request.GET.get("start", ""),
                              browser_key=request.COOKIES.get(COOKIE, ""))
    if not key:
        return _notice(request, 403, "This start page was already used or has expired; punch "
                                     "out again from your purchasing system.")
    response = _catalog_answer(request, session)
    response.set_cookie(COOKIE, key, path=request.path, httponly=True, samesite="Lax")
    return response


def _catalog_answer(request: HttpRequest, session: state.PunchOutSession) -> HttpResponse:
    action = request.POST.get("action", "") if request.method == "POST" else ""
    editable = session.operation != "inspect"
    if action in ("submit", "cancel"):
        return _checkout(request, session, cancelled=action == "cancel" or not editable)
    message = ""
    if action == "add" and editable:
        message = _add(session, request.POST)
    elif action == "remove" and editable:
        state.cart_remove(session, request.POST.get("part_id", ""))
        message = "Removed from the cart."
    return _catalog_page(request, session, message=message, editable=editable)


def _add(session: state.PunchOutSession, form: QueryDict) -> str:
    product = PRODUCTS_BY_PART_ID.get(form.get("part_id", ""))
    quantity = _whole_quantity(form.get("quantity", "1"))
    if product is None or quantity is None:
        return f"Enter a whole quantity from 1 to {MAX_QUANTITY}."
    auxiliary_id = auxiliary_id_for(product.part_id, session_id=session.session_id)
    state.cart_add(session, state.CartLine(product.part_id, auxiliary_id, quantity))
    return f"Added {quantity_text(quantity)} × {product.short_name} to the cart."


def _whole_quantity(value: str) -> Decimal | None:
    try:
        quantity = Decimal(value)
    except InvalidOperation:
        return None
    if quantity.is_finite() and Decimal("1") <= quantity <= MAX_QUANTITY and not quantity % 1:
        return quantity
    return None


def _catalog_page(request: HttpRequest, session: state.PunchOutSession, *, message: str,
                  editable: bool) -> HttpResponse:
    # Numbers go to the page as text: a partner's page does not follow our active language.
    lines = list(session.cart.values())
    cart = [{"part_id": line.part_id, "product": PRODUCTS_BY_PART_ID[line.part_id],
             "quantity": quantity_text(line.quantity),
             "amount": f"{PRODUCTS_BY_PART_ID[line.part_id].unit_price * line.quantity:.2f}"}
            for line in lines]
    products = [{"product": product, "price": f"{product.unit_price:.2f}"}
                for product in PRODUCTS]
    return render(request, "sandbox/punchout/catalog.html", {
        "session": session, "products": products, "cart": cart,
        "total": f"{cart_total(lines):.2f}", "currency": CURRENCY, "message": message,
        "editable": editable, "action": request.path,
        "supplier": settings.SANDBOX_PUNCHOUT_SUPPLIER_IDENTITY})


def _checkout(request: HttpRequest, session: state.PunchOutSession, *,
              cancelled: bool) -> HttpResponse:
    """The page that makes the browser post the cart to the buyer, and ends the session."""
    held = state.session_close(session)
    lines = [] if cancelled else held
    if session.protocol == "oci":
        fields, target = oci_fields(lines), session.target
    else:
        fields = [order_message_field(session, order_message(session, lines,
                                                             cancelled=cancelled))]
        target = ""
    return render(request, "sandbox/punchout/checkout.html", {
        "action": session.return_url, "fields": fields, "target": target})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def oci_entry(request: HttpRequest) -> HttpResponse:
    """OCI's outbound call (research §3.8): USERNAME, PASSWORD, HOOK_URL and SAP's ~ fields,
    by GET or POST; the catalog of a new session follows."""
    fields = {**request.GET.dict(), **request.POST.dict()}
    username, password = fields.get("USERNAME", ""), fields.get("PASSWORD", "")
    if not (secrets.compare_digest(username.encode(),
                                   settings.SANDBOX_PUNCHOUT_IDENTITY.encode())
            and secrets.compare_digest(password.encode(),
                                       settings.SANDBOX_PUNCHOUT_SECRET.encode())):
        return _notice(request, 401, "The catalog user name or password is wrong; check the "
                                     "OCI USERNAME and PASSWORD of this supplier.")
    hook_url = fields.get("HOOK_URL", "")
    if not hook_url.startswith(("http://", "https://")):
        return _notice(request, 400, "Send HOOK_URL (http or https): the catalog posts the "
                                     "cart there.")
    target = fields.get("~TARGET", "_top")
    session = state.session_add(state.PunchOutSession(
        session_id=secrets.token_hex(16), protocol="oci", operation="create",
        return_url=hook_url, target=target if target in OCI_TARGETS else "_top",
        user_email=fields.get("USER_EMAIL", ""),
        extrinsics={name: value for name, value in fields.items() if name != "PASSWORD"}))
    key = state.session_admit(session, start_token=session.start_token, browser_key="")
    response = HttpResponseRedirect(f"catalog/{session.session_id}", status=303)
    catalog_path = request.path.rsplit("/", 1)[0] + f"/catalog/{session.session_id}"
    response.set_cookie(COOKIE, key, path=catalog_path, httponly=True, samesite="Lax")
    return response


def _notice(request: HttpRequest, status: int, message: str) -> HttpResponse:
    return render(request, "sandbox/punchout/notice.html", {"message": message}, status=status)
