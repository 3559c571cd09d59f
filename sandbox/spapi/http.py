"""What every SP-API answer shares: Amazon's headers and error bodies, and the gateway in front
of each operation (switched-on faults, the usage plan's throttling, the access token).

Partners' machines call these, hence csrf_exempt; error texts are Amazon's (English).
"""

import time
import uuid
from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from sandbox.models import Fault
from sandbox.spapi.faults import MAX_SLOW_SECONDS, REQUEST_KINDS, fault_claim
from sandbox.spapi.operations import OPERATIONS
from sandbox.spapi.throttling import rate_limit_take
from sandbox.spapi.tokens import access_token_is_valid

QUOTA_EXCEEDED = "You exceeded your quota for the requested resource."
HTML_ERROR_PAGE = (
    "<!DOCTYPE html>\n<html><head><title>503 Service Unavailable</title></head>\n"
    "<body><h1>Service Unavailable</h1><p>The server is temporarily unable to service your "
    "request. Please try again later.</p></body></html>\n"
)


def spapi_response(body: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(body, status=status)


def spapi_error(status: int, code: str, message: str, details: str = "") -> JsonResponse:
    return spapi_response(
        {"errors": [{"code": code, "message": message, "details": details}]}, status
    )


def spapi_operation(name: str, method: str) -> Callable:
    """Serve `view` as the operation `name` answering `method`, behind Amazon's gateway."""
    operation = OPERATIONS[name]

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @csrf_exempt
        @wraps(view)
        def answer(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            if request.method != method:
                return HttpResponseNotAllowed([method])
            response = _gateway_refusal(request, name) or view(request, *args, **kwargs)
            response["x-amzn-RequestId"] = str(uuid.uuid4())
            if 200 <= response.status_code < 300:
                response["x-amzn-RateLimit-Limit"] = operation.rate_limit_header
            return response

        return answer

    return decorate


def _gateway_refusal(request: HttpRequest, operation: str) -> HttpResponse | None:
    """The answer that stops the request before the operation runs, if any."""
    fault = fault_claim(operation, REQUEST_KINDS)
    if fault is not None and fault.kind == Fault.Kind.SLOW:
        time.sleep(min(fault.seconds, MAX_SLOW_SECONDS))
    elif fault is not None:
        return _fault_response(fault.kind)
    if not rate_limit_take(operation):
        return spapi_error(429, "QuotaExceeded", QUOTA_EXCEEDED)
    if not access_token_is_valid(request.headers.get("x-amz-access-token", "")):
        return spapi_error(403, "Unauthorized", "Access to requested resource is denied.")
    return None


def _fault_response(kind: str) -> HttpResponse:
    if kind == Fault.Kind.THROTTLED:
        return spapi_error(429, "QuotaExceeded", QUOTA_EXCEEDED)
    if kind == Fault.Kind.INTERNAL_FAILURE:
        return spapi_error(
            500, "InternalFailure", "We encountered an internal error. Please try again."
        )
    if kind == Fault.Kind.UNAVAILABLE:
        return spapi_error(
            503, "ServiceUnavailable", "Service temporarily unavailable. Please try again."
        )
    # HTML: what a load balancer in front of the API answers, not Amazon's JSON.
    return HttpResponse(HTML_ERROR_PAGE, status=503, content_type="text/html; charset=utf-8")
