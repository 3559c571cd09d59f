"""Amazon's usage plans as token buckets, one per operation, in this process's memory.

Each bucket holds up to `burst` requests and refills at `rate` per second; a request that finds
it empty is answered 429 QuotaExceeded. Memory, not the database, because the limit is about
this process's traffic and must cost nothing per request; a lock, because runserver answers
requests in threads. Tests reset the buckets between tests with `rate_limits_reset()`.
"""

import threading
import time
from collections.abc import Callable

from sandbox.spapi.operations import OPERATIONS


class TokenBucket:
    def __init__(
        self, *, rate: float, burst: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate = rate
        self.burst = burst
        self.clock = clock
        self.tokens = float(burst)
        self.updated = clock()
        self.lock = threading.Lock()

    def take(self) -> bool:
        """Spend one token if there is one; False means the request is throttled."""
        with self.lock:
            now = self.clock()
            self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
            self.updated = now
            if self.tokens < 1:
                return False
            self.tokens -= 1
            return True


_buckets: dict[str, TokenBucket] = {}
_buckets_lock = threading.Lock()


def rate_limit_take(operation: str) -> bool:
    """True when `operation` may be answered now, False when it must be answered 429."""
    with _buckets_lock:
        bucket = _buckets.get(operation)
        if bucket is None:
            plan = OPERATIONS[operation]
            bucket = _buckets[operation] = TokenBucket(rate=plan.rate, burst=plan.burst)
    return bucket.take()


def rate_limits_reset() -> None:
    """Full buckets for every operation, as after a quiet second."""
    with _buckets_lock:
        _buckets.clear()
