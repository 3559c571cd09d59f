"""The 15-minute slots of time that generated purchase orders belong to, one order per slot."""

import math
from datetime import UTC, datetime, timedelta

SLOT = timedelta(minutes=15)


def slot_starts(*, created_after: datetime, created_before: datetime) -> list[datetime]:
    """Starts of the slots in [created_after, created_before), oldest first."""
    seconds = SLOT.total_seconds()
    first = math.ceil(created_after.timestamp() / seconds)
    end = math.ceil(created_before.timestamp() / seconds)
    return [datetime.fromtimestamp(index * seconds, tz=UTC) for index in range(first, end)]


def slot_index(slot: datetime) -> int:
    """The slot's number since the epoch: 0 for 1970-01-01T00:00Z, 1 for 00:15, …"""
    return round(slot.timestamp() / SLOT.total_seconds())
