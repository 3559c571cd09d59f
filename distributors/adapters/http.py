"""One JSON-over-HTTP transport for every distributor: timeouts, retries with backoff, masking.

What is retried depends on whether the request can have taken effect:
- HTTP 429 and failures to connect never reached the distributor's logic: always retried.
- HTTP 5xx, read timeouts and dropped connections may have: retried only for `repeatable`
  requests. For the others `OutcomeUnknown` is raised at once, so that the adapter can look
  the order up before sending it again.

Secrets (tokens, API keys: Tucker's travels in the query string) never appear in messages or
logs: exceptions from `requests` are described by kind only, logged payloads are masked, and
urllib3's request-line log has its query keys masked.
"""

import json
import logging
import random
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
from urllib3.exceptions import NewConnectionError

from distributors.adapters.base import DistributorUnavailable, FileUnusable

log = logging.getLogger(__name__)

MASK = "***"
MAX_RETRY_AFTER_SECONDS = 60.0
DOWNLOAD_CHUNK_BYTES = 1 << 16
ERROR_BODY_BYTES = 64 * 1024
QUERY_SECRET = re.compile(r"(?i)\b(apikey|api_key|api-key|token)=[^&\s\"]+")


class QuerySecretsMasked(logging.Filter):
    """urllib3 logs each request line, query string included, at DEBUG: mask the keys."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = QUERY_SECRET.sub(rf"\1={MASK}", message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True


logging.getLogger("urllib3.connectionpool").addFilter(QuerySecretsMasked())


@dataclass(frozen=True)
class Answer:
    """A response the distributor meant: 2xx, or a 4xx other than 429."""

    status: int
    body: Any  # the parsed JSON, or None when the body is not JSON
    text: str
    # An earlier attempt of this same request may have reached the distributor.
    after_unclear_attempt: bool = False

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


class OutcomeUnknown(Exception):
    """A request that must not be repeated blindly may have reached the distributor.
    `reason` is what went wrong, without the warning that the request may have taken effect."""

    def __init__(self, message: str, reason: str = ""):
        super().__init__(message)
        self.message = message
        self.reason = reason or message


@dataclass(frozen=True)
class _Request:
    method: str
    path: str
    params: Any
    json: Any
    save_to: Path | None
    max_bytes: int | None
    headers: Mapping[str, str | None] | None


@dataclass(frozen=True)
class _Failure:
    sentence: str
    reached_distributor: bool
    wait: float | None = None  # the distributor's Retry-After, when it sent one


class JsonTransport:
    def __init__(
        self,
        *,
        distributor: str,
        base_url: str,
        headers: Mapping[str, str],
        secrets: tuple[str, ...],
        timeout: float = 30,
        max_attempts: int = 4,
        retry_base_seconds: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.distributor = distributor
        self.base_url = base_url.rstrip("/")
        self.secrets = tuple(secret for secret in secrets if secret)
        self.timeout = timeout
        self.max_attempts = max(1, max_attempts)
        self.retry_base_seconds = retry_base_seconds
        self.sleep = sleep
        self.session = requests.Session()
        self.session.headers.update({"Accept": "application/json", **headers})

    def send(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | list[tuple[str, str]] | None = None,
        json: Any = None,
        repeatable: bool = True,
        effectful: bool | None = None,
        save_to: Path | None = None,
        max_bytes: int | None = None,
        headers: Mapping[str, str | None] | None = None,
    ) -> Answer:
        """The distributor's answer; raises DistributorUnavailable once the retries are spent,
        OutcomeUnknown at once when a non-repeatable request may have taken effect.

        `effectful` (default: any method but GET) says whether the request changes something
        at the distributor, so that exhausted retries report the outcome as unknown.
        `path` may be a whole URL (a file location the distributor handed out). With
        `save_to`, a 2xx body is streamed into that file, never held in memory, and the
        answer has no body; more than `max_bytes` raises FileUnusable. `headers` adds to the
        session's headers for this request (None removes one)."""
        unclear = False
        request = _Request(method, path, params, json, save_to, max_bytes, headers)
        for attempt in range(1, self.max_attempts + 1):
            outcome = self._attempt(request)
            if isinstance(outcome, Answer):
                return Answer(outcome.status, outcome.body, outcome.text, unclear)
            if outcome.reached_distributor and not repeatable:
                raise OutcomeUnknown(f"{outcome.sentence} The request may have taken effect.",
                                     reason=outcome.sentence)
            unclear = unclear or outcome.reached_distributor
            log.warning("%s %s %s attempt %s/%s: %s", self.distributor, method,
                        _loggable(path), attempt, self.max_attempts, outcome.sentence)
            if attempt < self.max_attempts:
                self.sleep(self._delay(attempt, outcome.wait))
        raise DistributorUnavailable(
            f"{outcome.sentence} Gave up after {self.max_attempts} attempts; "
            "try again later.",
            outcome_unknown=unclear and (method != "GET" if effectful is None else effectful),
        )

    def masked(self, value: Any) -> Any:
        """`value` with every secret replaced by ***, through dicts, lists and strings."""
        if isinstance(value, str):
            for secret in self.secrets:
                value = value.replace(secret, MASK)
            return value
        if isinstance(value, Mapping):
            return {key: self.masked(item) for key, item in value.items()}
        if isinstance(value, (list, tuple)):
            return [self.masked(item) for item in value]
        return value

    def _attempt(self, request: _Request) -> Answer | _Failure:
        method, path = request.method, request.path
        log.debug("%s %s %s params=%s body=%s", self.distributor, method, _loggable(path),
                  self.masked(request.params), self.masked(request.json))
        url = path if urlsplit(path).scheme else self.base_url + path
        try:
            response = self.session.request(method, url, params=request.params,
                                            json=request.json, headers=request.headers,
                                            timeout=self.timeout,
                                            stream=request.save_to is not None)
        except requests.RequestException as exc:
            return self._transport_failure(exc)
        with response:
            log.debug("%s %s %s answered %s", self.distributor, method, _loggable(path),
                      response.status_code)
            if response.status_code == 429:
                return _Failure(f"{self.distributor} is throttling our requests (HTTP 429).",
                                reached_distributor=False, wait=_retry_after(response))
            if response.status_code >= 500:
                return _Failure(f"{self.distributor} answered HTTP {response.status_code} (a "
                                "fault on its side).", reached_distributor=True)
            if request.save_to is None:
                return Answer(response.status_code, _json_or_none(response), response.text)
            if not response.ok:
                text = _start_of(response)
                return Answer(response.status_code, _json_or_none_text(text), text)
            return self._saved(response, request.save_to, request.max_bytes)

    def _saved(self, response: requests.Response, save_to: Path,
               max_bytes: int | None) -> Answer | _Failure:
        written = 0
        try:
            with save_to.open("wb") as file:
                for chunk in response.iter_content(DOWNLOAD_CHUNK_BYTES):
                    written += len(chunk)
                    if max_bytes is not None and written > max_bytes:
                        raise FileUnusable(
                            f"{self.distributor} sent a file larger than {max_bytes:,} bytes, "
                            "the most we accept, so it was not imported; if its file has "
                            "really grown this large, have the download limit raised.")
                    file.write(chunk)
        except requests.RequestException as exc:  # the connection broke during the body
            return self._transport_failure(exc)
        return Answer(response.status_code, None, "")

    def _transport_failure(self, exc: requests.RequestException) -> _Failure:
        # str(exc) is never used: it contains the URL, and Tucker's URL contains the API key.
        if isinstance(exc, requests.ConnectTimeout) or _refused(exc):
            return _Failure(f"{self.distributor} could not be reached (no connection); check "
                            "its API address if this persists.", reached_distributor=False)
        if isinstance(exc, requests.Timeout):
            return _Failure(f"{self.distributor} did not answer within {self.timeout:g} seconds.",
                            reached_distributor=True)
        return _Failure(f"The connection to {self.distributor} failed while the request was "
                        f"under way ({type(exc).__name__}).", reached_distributor=True)

    def _delay(self, attempt: int, wait: float | None) -> float:
        backoff = self.retry_base_seconds * (2 ** (attempt - 1)) * random.uniform(0.8, 1.2)
        if wait is None:
            return backoff
        return min(max(backoff, wait), MAX_RETRY_AFTER_SECONDS)


def _refused(exc: requests.RequestException) -> bool:
    """True when the connection was never opened, so nothing was sent."""
    cause: BaseException | None = exc
    for _ in range(8):  # requests → urllib3 MaxRetryError → NewConnectionError, a few deep
        if cause is None or isinstance(cause, NewConnectionError):
            return cause is not None
        cause = _cause_of(cause)
    return False


def _cause_of(exc: BaseException) -> BaseException | None:
    reason = getattr(exc, "reason", None)
    if isinstance(reason, BaseException):
        return reason
    if exc.args and isinstance(exc.args[0], BaseException):
        return exc.args[0]
    return exc.__cause__ or exc.__context__


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def _json_or_none(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _loggable(path: str) -> str:
    # A file location may be a signed link whose query is its credential.
    return urlsplit(path)._replace(query="").geturl()


def _start_of(response: requests.Response) -> str:
    """The beginning of a streamed error body: an error page cannot fill memory."""
    start = b""
    for chunk in response.iter_content(DOWNLOAD_CHUNK_BYTES):
        start += chunk
        if len(start) >= ERROR_BODY_BYTES:
            break
    return start[:ERROR_BODY_BYTES].decode(response.encoding or "utf-8", errors="replace")


def _json_or_none_text(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return None
