"""Every SP-API call goes through `spapi_call`: rate limit, retries with backoff, clear errors."""

import logging
import random
import threading
import time
from collections.abc import Callable

import httpx
from django.conf import settings
from sp_api.auth.exceptions import AuthorizationError
from sp_api.base import ApiResponse
from sp_api.base.exceptions import (
    SellingApiException,
    SellingApiForbiddenException,
    SellingApiGatewayTimeoutException,
    SellingApiRequestThrottledException,
    SellingApiServerException,
    SellingApiTemporarilyUnavailableException,
)

from orders.spapi.client import SpApiError, SpApiThrottled

log = logging.getLogger(__name__)
RETRYABLE = (SellingApiServerException, SellingApiTemporarilyUnavailableException,
             SellingApiGatewayTimeoutException)
# Amazon's published default rates (requests per second, burst) for the vendor operations.
RATES = {"get_transaction": (10.0, 20)}
DEFAULT_RATE = (10.0, 10)


class RateLimiter:
    """A token bucket per operation, shared by the threads of one process."""

    def __init__(self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic):
        self.rate, self.burst, self.clock = rate, burst, clock
        self.tokens, self.updated = float(burst), clock()
        self.lock = threading.Lock()

    def wait_time(self) -> float:
        """Takes a token; returns how long to sleep before using it."""
        with self.lock:
            now = self.clock()
            self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
            self.updated = now
            self.tokens -= 1
            return 0.0 if self.tokens >= 0 else -self.tokens / self.rate


_limiters: dict[str, RateLimiter] = {}
_limiters_lock = threading.Lock()


def limiter_for(operation: str) -> RateLimiter:
    with _limiters_lock:
        if operation not in _limiters:
            _limiters[operation] = RateLimiter(*RATES.get(operation, DEFAULT_RATE))
        return _limiters[operation]


def _amazon_error(exc: SellingApiException, *, retryable: bool) -> SpApiError:
    first = (exc.error or [{}])[0] if isinstance(exc.error, list) else {}
    message = "; ".join(f"{e.get('code')}: {e.get('message')} {e.get('details') or ''}".strip()
                        for e in (exc.error if isinstance(exc.error, list) else []))
    error_class = SpApiThrottled if isinstance(exc, SellingApiRequestThrottledException) \
        else SpApiError
    return error_class(message or str(exc), code=first.get("code", ""), retryable=retryable)


def _translate(exc: Exception) -> SpApiError:
    if isinstance(exc, SpApiError):
        return exc
    if isinstance(exc, (SellingApiRequestThrottledException, *RETRYABLE)):
        return _amazon_error(exc, retryable=True)
    if isinstance(exc, SellingApiException):
        return _amazon_error(exc, retryable=False)
    if isinstance(exc, AuthorizationError):
        return SpApiError(f"Login with Amazon refused the credentials: {exc.message} "
                          "Check the refresh token, app id and client secret.",
                          code=str(exc.error_code or ""), retryable=False)
    return SpApiError(f"Amazon could not be reached: {exc}", retryable=True)


def backoff_seconds(attempt: int) -> float:
    base = settings.SP_API_RETRY_BASE_SECONDS
    return base * (2 ** (attempt - 1)) * random.uniform(0.8, 1.2)


def _is_unauthorized(exc: Exception) -> bool:
    return isinstance(exc, SellingApiForbiddenException) and any(
        e.get("code") == "Unauthorized" for e in (exc.error or []) if isinstance(e, dict))


def spapi_call(client, operation: str, *args, sleep: Callable[[float], None] = time.sleep,
               **kwargs) -> ApiResponse:
    """Calls `client.operation(*args, **kwargs)`; retries 429, 5xx and transport errors."""
    token_refreshed, last_error = False, None
    for attempt in range(1, settings.SP_API_MAX_ATTEMPTS + 1):
        sleep(limiter_for(operation).wait_time())
        try:
            return getattr(client, operation)(*args, **kwargs)
        except (SellingApiException, AuthorizationError, SpApiError, httpx.TransportError) as exc:
            if _is_unauthorized(exc) and not token_refreshed:
                client._auth.invalidate()  # a cached token Amazon no longer accepts
                token_refreshed = True
                continue
            last_error = _translate(exc)
            if not last_error.retryable:
                raise last_error from exc
            log.warning("SP-API %s attempt %s failed: %s", operation, attempt, last_error)
            sleep(backoff_seconds(attempt))
    raise last_error
