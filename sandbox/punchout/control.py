"""The PunchOut supplier's switchboard under `_control/punchout/`: what it received and sent,
documents sent on demand, its settings and faults, and a reset. Not a partner API; like
sandbox.control, every request must carry `X-Sandbox-Control: 1`.
"""

from dataclasses import asdict
from decimal import Decimal

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sandbox.distributors.control import control_refusal, control_spec
from sandbox.punchout import replies, state
from sandbox.punchout.documents import NothingToShip


def _plain(value: object) -> object:
    """JSON-ready: decimals and dates as text, bytes as UTF-8."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _order_json(order: state.ReceivedOrder) -> dict:
    return _plain(asdict(order))


def _session_json(session: state.PunchOutSession) -> dict:
    described = asdict(session)
    described.pop("browser_key")
    described["cart"] = list(described["cart"].values())
    return _plain(described)


@csrf_exempt
@require_GET
def orders(request: HttpRequest) -> JsonResponse:
    """The accepted orders (raw XML, validation, lines, documents sent back with the buyer's
    answers) and the refused order posts with the reason."""
    refusal = control_refusal(request)
    if refusal:
        return refusal
    return JsonResponse({
        "orders": [_order_json(order) for order in state.orders_received()],
        "rejections": [_plain(asdict(rejection)) for rejection in state.rejections()]})


@csrf_exempt
@require_GET
def sessions(request: HttpRequest) -> JsonResponse:
    """The PunchOut sessions set up so far, with what the buyer sent and the carts."""
    refusal = control_refusal(request)
    if refusal:
        return refusal
    return JsonResponse({"sessions": [_session_json(s) for s in state.sessions_opened()]})


@csrf_exempt
@require_POST
def order_send(request: HttpRequest, order_id: str) -> JsonResponse:
    """POST {"document": "confirmation"|"ship_notice"|"invoice", "variant": ...}: send it to
    the buyer URL now; answers with what was sent and the buyer's answer."""
    refusal = control_refusal(request)
    if refusal:
        return refusal
    order = state.order_find(order_id)
    if order is None:
        return JsonResponse({"error": f"No order {order_id!r} was received."}, status=404)
    try:
        spec = control_spec(request)
        sent = replies.document_send(order, str(spec.get("document", "")),
                                     spec.get("variant") or None)
    except NothingToShip as nothing:
        return JsonResponse({"error": str(nothing)}, status=409)
    except ValueError as invalid:
        return JsonResponse({"error": str(invalid)}, status=400)
    return JsonResponse({"document": _plain(asdict(sent))})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def settings_switches(request: HttpRequest) -> JsonResponse:
    """GET shows the switches; POST changes the ones it names: buyer_url, auto_reply,
    reply_seconds, fault (null|"500"|"401"|"timeout"|"html"), fault_count, fault_seconds,
    cart_encoding, confirmation_variant, invoice_variant."""
    refusal = control_refusal(request)
    if refusal:
        return refusal
    if request.method == "GET":
        return JsonResponse({"settings": asdict(state.switches())})
    try:
        changed = state.switches_update(**control_spec(request))
    except ValueError as invalid:
        return JsonResponse({"error": str(invalid)}, status=400)
    return JsonResponse({"settings": asdict(changed)})


@csrf_exempt
@require_POST
def reset(request: HttpRequest) -> JsonResponse:
    """POST: forget every session, order and switch; pending replies are dropped."""
    refusal = control_refusal(request)
    if refusal:
        return refusal
    state.supplier_reset()
    return JsonResponse({"reset": True})
