"""The sandbox's own switchboard: JSON endpoints that tests and the demo use to switch faults on
and off (sandbox.spapi.faults). Not a partner API.

Every request must carry `X-Sandbox-Control: 1`. A browser cannot add that header to a
cross-site request without a CORS preflight, which the sandbox never grants, so a page on
another site cannot switch faults although the endpoint is csrf_exempt.
"""

import json

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from sandbox.models import Fault
from sandbox.spapi.faults import fault_add, faults_active, faults_clear

CONTROL_HEADER = "X-Sandbox-Control"


@csrf_exempt
@require_http_methods(["GET", "POST", "DELETE"])
def faults(request: HttpRequest) -> JsonResponse:
    """GET lists the faults still on; POST {"operation", "kind", "count", "seconds"} adds one;
    DELETE switches them all off."""
    if request.headers.get(CONTROL_HEADER) != "1":
        return JsonResponse({"error": f"Send the header {CONTROL_HEADER}: 1."}, status=403)
    if request.method == "DELETE":
        return JsonResponse({"deleted": faults_clear()})
    if request.method == "GET":
        return JsonResponse({"faults": [_described(fault) for fault in faults_active()]})
    try:
        fault = fault_add(**_fault_arguments(request.body))
    except (ValueError, TypeError) as invalid:
        return JsonResponse({"error": str(invalid)}, status=400)
    return JsonResponse({"fault": _described(fault)}, status=201)


def _fault_arguments(raw: bytes) -> dict:
    spec = json.loads(raw or b"{}")
    if not isinstance(spec, dict):
        raise ValueError("Send a JSON object: operation, kind, count, seconds.")
    return {
        "operation": str(spec.get("operation", "*")),
        "kind": str(spec.get("kind", "")),
        "count": int(spec.get("count", 1)),
        "seconds": float(spec.get("seconds", 0)),
    }


def _described(fault: Fault) -> dict:
    return {
        "id": fault.id,
        "operation": fault.operation,
        "kind": fault.kind,
        "remaining": fault.remaining,
        "seconds": fault.seconds,
    }
