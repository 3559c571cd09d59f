"""What the HTTP marketplace clients (eBay, Shopify) share: how a failed call is described,
how long to wait before the next attempt, and that the token never shows in a message."""

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

import requests

from orders.marketplaces.base import MarketplaceUnavailable

log = logging.getLogger(__name__)
MAX_RETRY_AFTER_SECONDS = 60.0


@dataclass(frozen=True)
class Failure:
    sentence: str
    may_have_arrived: bool  # the request may have reached the marketplace and taken effect
    wait: float | None = None  # how long the marketplace asks us to wait, when it says


class RetryingClient:
    """Retry timing and failure sentences; subclasses set `marketplace` and the attributes."""

    marketplace = ""
    token: str
    timeout: float
    max_attempts: int
    retry_base_seconds: float
    sleep: Callable[[float], None]

    def _pause(self, attempt: int, failure: Failure) -> None:
        log.warning("%s attempt %s/%s failed: %s", self.marketplace, attempt, self.max_attempts,
                    failure.sentence)
        delay = self.retry_base_seconds * (2 ** (attempt - 1)) * random.uniform(0.8, 1.2)
        if failure.wait is not None:
            delay = max(delay, min(failure.wait, MAX_RETRY_AFTER_SECONDS))
        self.sleep(delay)

    def _unavailable(self, failure: Failure) -> MarketplaceUnavailable:
        return MarketplaceUnavailable(f"{failure.sentence} Gave up after {self.max_attempts} "
                                      "attempts; try again later.")

    def _masked(self, text: str) -> str:
        return text.replace(self.token, "***") if self.token else text

    def _transport_failure(self, exc: requests.RequestException) -> Failure:
        # Described by kind only: a library's message may quote the request.
        if isinstance(exc, requests.ConnectTimeout):
            return Failure(f"{self.marketplace} could not be reached (no connection).", False)
        if isinstance(exc, requests.Timeout):
            return Failure(f"{self.marketplace} did not answer within {self.timeout:g} "
                           "seconds.", True)
        return Failure(f"The connection to {self.marketplace} failed "
                       f"({type(exc).__name__}).", True)

    def _status_failure(self, response: requests.Response,
                        messages: Callable[[], str]) -> Failure | None:
        """429 and 5xx, which another attempt may cure; None for any other answer."""
        if response.status_code == 429:
            return Failure(f"{self.marketplace} is throttling our requests (HTTP 429).", False,
                           retry_after(response))
        if response.status_code >= 500:
            return Failure(f"{self.marketplace} answered HTTP {response.status_code}: "
                           f"{messages()}", True)
        return None


def retry_after(response: requests.Response) -> float | None:
    """Retry-After in seconds, given as a number or as an HTTP date."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None
