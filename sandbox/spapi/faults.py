"""Misbehaviours a test or the demo switches on, stored as Fault rows and used up one matching
request at a time.

Kinds: "429" (throttled), "500" (InternalFailure), "503" (ServiceUnavailable), "html" (an HTML
error page with status 503, which the client library turns into an empty response without
raising), "slow" (answer after `seconds`, at most 30), and "stuck_processing" (the next
submission's transaction reports Processing forever, while the submission itself takes effect).
`operation` is an operationId (sandbox.spapi.operations) or "*" for any.
"""

from sandbox.models import Fault
from sandbox.spapi.operations import OPERATIONS

ANY_OPERATION = "*"
MAX_SLOW_SECONDS = 30.0
KINDS = tuple(Fault.Kind.values)
# Kinds that change how a request is answered; stuck_processing changes a transaction instead.
REQUEST_KINDS = tuple(kind for kind in KINDS if kind != Fault.Kind.STUCK_PROCESSING)


def fault_add(operation: str, kind: str, count: int = 1, seconds: float = 0) -> Fault:
    """Switch on `kind` for the next `count` requests of `operation` (or "*")."""
    if operation != ANY_OPERATION and operation not in OPERATIONS:
        raise ValueError(
            f"Unknown operation {operation!r}; use one of: *, {', '.join(OPERATIONS)}."
        )
    if kind not in KINDS:
        raise ValueError(f"Unknown fault kind {kind!r}; use one of: {', '.join(KINDS)}.")
    if count < 1 or seconds < 0:
        raise ValueError("count must be at least 1 and seconds must not be negative.")
    return Fault.objects.create(
        operation=operation, kind=kind, remaining=count, seconds=min(seconds, MAX_SLOW_SECONDS)
    )


def faults_clear() -> int:
    """Switch every fault off; returns how many there were."""
    deleted, _ = Fault.objects.all().delete()
    return deleted


def faults_active() -> list[Fault]:
    return list(Fault.objects.filter(remaining__gt=0).order_by("created_at", "id"))


def fault_claim(operation: str, kinds: tuple[str, ...]) -> Fault | None:
    """Use up one request's worth of the oldest fault of `kinds` matching `operation`."""
    candidates = Fault.objects.filter(
        operation__in=(operation, ANY_OPERATION), kind__in=kinds, remaining__gt=0
    ).order_by("created_at", "id")
    for fault in candidates:
        # Claimed with a conditional update: two concurrent requests cannot both use the last
        # one; the loser tries the next candidate.
        claimed = Fault.objects.filter(id=fault.id, remaining=fault.remaining).update(
            remaining=fault.remaining - 1
        )
        if claimed:
            return fault
    return None
