"""What stands in front of every simulated partner operation: the call is recorded, switched-on
faults are applied, the credentials are checked; then the operation answers."""

import json
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from sandbox.distributors.state import Fault, call_record, fault_claim

ErrorAnswer = Callable[[HttpRequest, int, str], HttpResponse]


@dataclass(frozen=True)
class Partner:
    """How one simulated partner checks credentials and words its errors."""

    simulator: str
    authorized: Callable[[HttpRequest], bool]
    error: ErrorAnswer
    unauthorized_message: str
    refusal_status: int = 422
    server_error_message: str = "Internal Server Error"
    throttled_message: str = "Too Many Attempts."


def operation(partner: Partner, name: str | Callable[[HttpRequest], str], *methods: str):
    """Serve the decorated view as `partner`'s operation `name` (or name computed from the
    request), answering `methods`, behind the gateway."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @csrf_exempt
        @wraps(view)
        def answer(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            if request.method not in methods:
                return partner.error(request, 405, f"The {request.method} method is not "
                                     f"supported for this route; use {', '.join(methods)}.")
            called = name(request) if callable(name) else name
            call_record(partner.simulator, called)
            fault = fault_claim(partner.simulator, called)
            refusal = _before_operation(partner, request, fault)
            if refusal is not None:
                return refusal
            response = view(request, *args, **kwargs)
            if fault is not None and fault.kind == "slow":
                time.sleep(fault.seconds)  # the work is done; only the answer is late
            return response

        return answer

    return decorate


def _before_operation(partner: Partner, request: HttpRequest,
                      fault: Fault | None) -> HttpResponse | None:
    kind = fault.kind if fault is not None else ""
    if kind == "500":
        return partner.error(request, 500, fault.message or partner.server_error_message)
    if kind == "429":
        response = partner.error(request, 429, fault.message or partner.throttled_message)
        response["Retry-After"] = str(math.ceil(fault.seconds))
        return response
    if not partner.authorized(request):
        return partner.error(request, 401, partner.unauthorized_message)
    if kind == "refuse":
        return partner.error(request, partner.refusal_status, fault.message or "Refused.")
    return None


def json_body(request: HttpRequest) -> dict | None:
    """The request's JSON object, or None when the body is not one."""
    try:
        body = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        return None
    return body if isinstance(body, dict) else None


def bearer_token(request: HttpRequest) -> str:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""
