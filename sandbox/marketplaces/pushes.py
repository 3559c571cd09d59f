"""The tracking pushes the simulated marketplaces have accepted, in this process's memory.

Module state behind a lock, like sandbox.distributors.state: the live server's threads write
while the test reads. `pushes_reset()` forgets them all.
"""

import threading
from dataclasses import asdict, dataclass
from datetime import datetime

from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from sandbox.distributors.control import control_refusal

EBAY, AMAZON = "ebay", "amazon"


@dataclass(frozen=True)
class TrackingPush:
    marketplace: str
    order_id: str
    # eBay's fulfillmentId, or Amazon's packageReferenceId (resending one edits that package).
    reference: str
    body: dict
    received_at: datetime


_pushes: list[TrackingPush] = []
_lock = threading.Lock()


def push_record(marketplace: str, order_id: str, reference: str, body: dict) -> TrackingPush:
    """Keep an accepted push; one with the same marketplace, order and reference replaces it."""
    push = TrackingPush(marketplace, order_id, reference, body, timezone.now())
    with _lock:
        _pushes[:] = [kept for kept in _pushes
                      if (kept.marketplace, kept.order_id, kept.reference)
                      != (marketplace, order_id, reference)]
        _pushes.append(push)
    return push


def pushes_received(marketplace: str = "", order_id: str = "") -> list[TrackingPush]:
    """The accepted pushes, oldest first, optionally of one marketplace and order."""
    with _lock:
        return [push for push in _pushes
                if marketplace in ("", push.marketplace) and order_id in ("", push.order_id)]


def push_find(marketplace: str, reference: str) -> TrackingPush | None:
    with _lock:
        return next((push for push in _pushes
                     if push.marketplace == marketplace and push.reference == reference), None)


def pushes_reset() -> None:
    with _lock:
        _pushes.clear()


@csrf_exempt
@require_http_methods(["GET", "DELETE"])
def pushes(request: HttpRequest) -> JsonResponse:
    """GET lists the accepted pushes (?marketplace=ebay|amazon, ?order_id=); DELETE forgets
    them. Needs `X-Sandbox-Control: 1`."""
    refusal = control_refusal(request)
    if refusal:
        return refusal
    if request.method == "DELETE":
        count = len(pushes_received())
        pushes_reset()
        return JsonResponse({"deleted": count})
    found = pushes_received(request.GET.get("marketplace", ""), request.GET.get("order_id", ""))
    return JsonResponse({"pushes": [
        {**asdict(push), "received_at": push.received_at.isoformat()} for push in found]})
