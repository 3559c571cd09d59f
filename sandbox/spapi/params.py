"""Query parameters as the SP-API vendor operations validate them, shared by every listing.

Error messages are partner-facing (Amazon's API speaks English), so they are not translated.
"""

import base64
import binascii
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

MAX_WINDOW = timedelta(days=7)
SORT_ORDERS = ("ASC", "DESC")
BOOLEANS = {"true": True, "false": False}
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class InvalidQuery(Exception):
    def __init__(self, message: str, details: str = "", code: str = "InvalidInput") -> None:
        super().__init__(message)
        self.message = message
        self.details = details
        self.code = code


def iso_datetime(moment: datetime) -> str:
    """`moment` in UTC the way SP-API writes date-times: seconds, and a Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def param_datetime(params: Mapping[str, str], name: str) -> datetime | None:
    value = params.get(name)
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as error:
        raise InvalidQuery(
            f"Invalid {name}.",
            f"{name}={value!r} is not an ISO-8601 date-time; use e.g. 2024-08-20T14:00:00Z.",
        ) from error
    # Amazon's own sandbox examples carry no time zone and mean UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def param_limit(params: Mapping[str, str], maximum: int) -> int:
    value = params.get("limit", str(maximum))
    if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= maximum:
        raise InvalidQuery(
            "Invalid limit.", f"limit={value!r} must be a whole number from 1 to {maximum}."
        )
    return int(value)


def param_choice(
    params: Mapping[str, str], name: str, allowed: tuple[str, ...], default: str
) -> str:
    value = params.get(name, default)
    if value not in allowed:
        raise InvalidQuery(
            f"Invalid {name}.", f"{name}={value!r} must be one of: {', '.join(allowed)}."
        )
    return value


def param_optional_choice(
    params: Mapping[str, str], name: str, allowed: tuple[str, ...]
) -> str | None:
    return param_choice(params, name, allowed, default="") if name in params else None


def param_descending(params: Mapping[str, str]) -> bool:
    return param_choice(params, "sortOrder", SORT_ORDERS, default="ASC") == "DESC"


def param_boolean(params: Mapping[str, str], name: str, default: str) -> bool:
    return BOOLEANS[param_choice(params, name, tuple(BOOLEANS), default)]


def window_check(after_name: str, after: datetime, before_name: str, before: datetime) -> None:
    if before < after:
        raise InvalidQuery(
            f"{before_name} must not be earlier than {after_name}.",
            f"{after_name}={iso_datetime(after)} is later than "
            f"{before_name}={iso_datetime(before)}; swap them.",
        )
    if before - after > MAX_WINDOW:
        raise InvalidQuery(
            f"The date range between {after_name} and {before_name} must not exceed 7 days.",
            f"{after_name}={iso_datetime(after)} and {before_name}={iso_datetime(before)} span "
            f"{(before - after) / timedelta(days=1):.2f} days; "
            "split the query into windows of at most 7 days.",
        )


def page_position(params: Mapping[str, str], now: datetime) -> tuple[int, datetime]:
    """(offset, as_of) for this page: (0, now) on a first page, else what the token pinned."""
    token = params.get("nextToken")
    if not token:
        return 0, now
    try:
        return _decode_page_token(token)
    except (binascii.Error, UnicodeDecodeError, ValueError, OverflowError, OSError) as error:
        raise InvalidQuery(
            "Invalid nextToken.",
            "Pass payload.pagination.nextToken from the previous page unchanged, together with "
            "the same filters as the first request.",
        ) from error


def page_token(offset: int, as_of: datetime) -> str:
    # The token pins the moment of the first page: a client that leaves the window's end to
    # default to "now" would otherwise see later pages shift as new orders arrive or change.
    end = (as_of - EPOCH) // timedelta(microseconds=1)
    return base64.urlsafe_b64encode(f"{offset:010d}:{end}".encode()).decode()


def page_of(items: list, *, offset: int, limit: int, as_of: datetime) -> tuple[list, dict]:
    """One page of `items` and the pagination object to return with it ({} on the last)."""
    end = offset + limit
    if end < len(items):
        return items[offset:end], {"pagination": {"nextToken": page_token(end, as_of)}}
    return items[offset:end], {}


def _decode_page_token(token: str) -> tuple[int, datetime]:
    offset, end = base64.urlsafe_b64decode(token.encode()).decode().split(":")
    if not offset.isdigit() or not end.isdigit():
        raise ValueError(token)
    return int(offset), EPOCH + timedelta(microseconds=int(end))
