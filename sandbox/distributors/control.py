"""The simulated distributors' switchboard under `_control/distributors/`: faults, parts made
unavailable, when orders ship, and a reset. Not a partner API; like sandbox.control, every
request must carry `X-Sandbox-Control: 1`."""

import json

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from sandbox.control import CONTROL_HEADER
from sandbox.distributors import state


def control_refusal(request: HttpRequest) -> JsonResponse | None:
    if request.headers.get(CONTROL_HEADER) != "1":
        return JsonResponse({"error": f"Send the header {CONTROL_HEADER}: 1."}, status=403)
    return None


def control_spec(request: HttpRequest) -> dict:
    spec = json.loads(request.body or b"{}")
    if not isinstance(spec, dict):
        raise ValueError("Send a JSON object.")
    return spec


@csrf_exempt
@require_http_methods(["GET", "POST", "DELETE"])
def faults(request: HttpRequest) -> JsonResponse:
    """GET lists the faults still on; POST {"simulator", "kind", "operation", "count",
    "message", "seconds"} adds one; DELETE switches them all off (parts become available)."""
    refusal = control_refusal(request)
    if refusal:
        return refusal
    if request.method == "DELETE":
        return JsonResponse({"deleted": state.faults_clear()})
    if request.method == "GET":
        return JsonResponse({"faults": [vars(fault) for fault in state.faults_active()]})
    try:
        spec = control_spec(request)
        fault = state.fault_add(
            str(spec.get("simulator", "")), str(spec.get("kind", "")),
            operation=str(spec.get("operation", state.ANY_OPERATION)),
            count=int(spec.get("count", 1)), message=str(spec.get("message", "")),
            seconds=float(spec.get("seconds", 0)))
    except (ValueError, TypeError) as invalid:
        return JsonResponse({"error": str(invalid)}, status=400)
    return JsonResponse({"fault": vars(fault)}, status=201)


@csrf_exempt
@require_POST
def unavailable(request: HttpRequest) -> JsonResponse:
    """POST {"simulator", "part_number"}: the part shows no stock and cannot be ordered."""
    refusal = control_refusal(request)
    if refusal:
        return refusal
    try:
        spec = control_spec(request)
    except ValueError as invalid:
        return JsonResponse({"error": str(invalid)}, status=400)
    state.part_make_unavailable(str(spec.get("simulator", "")), str(spec.get("part_number", "")))
    return JsonResponse({"unavailable": spec}, status=201)


@csrf_exempt
@require_POST
def shipping(request: HttpRequest) -> JsonResponse:
    """POST {"ship_after_lookups": n}: orders ship on the lookup after n lookups."""
    refusal = control_refusal(request)
    if refusal:
        return refusal
    try:
        lookups = int(control_spec(request).get("ship_after_lookups", 1))
    except (ValueError, TypeError) as invalid:
        return JsonResponse({"error": str(invalid)}, status=400)
    state.shipping_configure(ship_after_lookups=lookups)
    return JsonResponse({"ship_after_lookups": lookups})


@csrf_exempt
@require_POST
def reset(request: HttpRequest) -> JsonResponse:
    """POST: forget every simulated order, cart, fault and call."""
    refusal = control_refusal(request)
    if refusal:
        return refusal
    state.simulators_reset()
    return JsonResponse({"reset": True})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def feed_files(request: HttpRequest) -> JsonResponse:
    """POST {"rows": n or null, "checks_before_ready": n}: the file APIs serve `rows`
    generated rows (null: the fixture files) and WPS answers 202 to that many dealer-pricing
    requests first. GET shows the current setting."""
    refusal = control_refusal(request)
    if refusal:
        return refusal
    if request.method == "POST":
        try:
            spec = control_spec(request)
            rows = spec.get("rows")
            state.feed_files_configure(
                rows=None if rows is None else int(rows),
                checks_before_ready=int(spec.get("checks_before_ready",
                                                 state.DEFAULT_CHECKS_BEFORE_READY)))
        except (ValueError, TypeError) as invalid:
            return JsonResponse({"error": str(invalid)}, status=400)
    files = state.feed_files()
    return JsonResponse({"rows": files.rows, "checks_before_ready": files.checks_before_ready})
