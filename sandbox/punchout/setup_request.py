"""`punchout/setup`: the buyer's PunchOutSetupRequest (research §2.3, §3.3), answered with a
one-time StartPage URL as Amazon Business does.

The checks, in the order a supplier makes them: a safe, DTD-valid cXML document (406), the
buyer's credentials (cXML 401 under HTTP 200), then what Amazon needs: a BrowserFormPost URL,
the UserEmail extrinsic, and an operation it supports (400, 450). `?cart_encoding=urlencoded`
on the setup URL makes this session's cart come back as cXML-urlencoded instead of base64.
"""

import secrets
from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from lxml import etree

from sandbox.punchout import state
from sandbox.punchout.catalog import PRODUCTS_BY_PART_ID, auxiliary_id_is_ours
from sandbox.punchout.cxml import (
    Refusal,
    cxml_response,
    decimal_read,
    refusal_response,
    refused,
    request_parse,
    response_root,
    sub,
    text,
)

OPERATIONS = ("create", "edit", "inspect")


@csrf_exempt
@require_POST
def punchout_setup(request: HttpRequest) -> HttpResponse:
    try:
        root, setup = request_parse(request.body, request_name="PunchOutSetupRequest")
        session = state.session_add(_session_read(request, root, setup))
    except Refusal as refusal:
        return refusal_response(refusal)
    start_page = (request.build_absolute_uri(f"catalog/{session.session_id}")
                  + f"?start={session.start_token}")
    answer = response_root(200, "OK")
    sub(sub(sub(answer.find("Response"), "PunchOutSetupResponse"), "StartPage"), "URL",
        start_page)
    return cxml_response(answer)


def _session_read(request: HttpRequest, root: etree._Element,
                  setup: etree._Element) -> state.PunchOutSession:
    operation = setup.get("operation")
    if operation not in OPERATIONS:
        raise refused(450, f"operation={operation!r} is not supported; use one of "
                           f"{', '.join(OPERATIONS)}.")
    return_url = text(setup.find("BrowserFormPost/URL"))
    if not return_url.startswith(("http://", "https://")):
        raise refused(400, "Send the cart return address in BrowserFormPost/URL (http or "
                           "https); the supplier posts the cart there through the browser.")
    extrinsics = {node.get("name"): text(node) for node in setup.findall("Extrinsic")}
    if not extrinsics.get("UserEmail"):
        raise refused(400, "Send the requisitioner's e-mail in <Extrinsic name=\"UserEmail\">: "
                           "it picks the business account the user shops with.")
    buyer_cookie = text(setup.find("BuyerCookie"))
    if not buyer_cookie:
        raise refused(400, "The BuyerCookie is empty; send a new one for every session.")
    session_id = secrets.token_hex(16)
    encoding = request.GET.get("cart_encoding", state.switches().cart_encoding)
    session = state.PunchOutSession(
        session_id=session_id, protocol="cxml", operation=operation, return_url=return_url,
        buyer_cookie=buyer_cookie,
        buyer_identity=text(root.find("Header/From/Credential/Identity")),
        buyer_domain=root.find("Header/From/Credential").get("domain"),
        deployment_mode=root.find("Request").get("deploymentMode", "production"),
        user_email=extrinsics["UserEmail"], extrinsics=extrinsics,
        setup_payload_id=root.get("payloadID"),
        cart_encoding=encoding if encoding in state.CART_ENCODINGS else "base64")
    for item in setup.findall("ItemOut") if operation != "create" else []:
        session.cart[text(item.find("ItemID/SupplierPartID"))] = _cart_line(item)
    return session


def _cart_line(item: etree._Element) -> state.CartLine:
    """An edit or inspect session's line, which must be one this supplier handed out."""
    part_id = text(item.find("ItemID/SupplierPartID"))
    auxiliary_id = text(item.find("ItemID/SupplierPartAuxiliaryID"))
    if part_id not in PRODUCTS_BY_PART_ID:
        raise refused(400, f"Item {part_id} is not sold here; remove it from the cart.")
    if not auxiliary_id_is_ours(part_id, auxiliary_id):
        raise refused(400, f"Item {part_id}: send back the SupplierPartAuxiliaryID it came "
                           f"with, unchanged (got {auxiliary_id!r}).")
    quantity = decimal_read(item.get("quantity"), f"Item {part_id}: quantity")
    if quantity <= Decimal("0"):
        raise refused(400, f"Item {part_id}: the quantity must be above zero.")
    return state.CartLine(part_id, auxiliary_id, quantity)
