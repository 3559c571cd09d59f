"""A partner for outbox tests: answers as told and remembers what it received."""

from orders.spapi.client import SpApiError

received: list[int] = []
followed_up: list[tuple[str, int]] = []
answer = {"mode": "ok"}


def send(message) -> str:
    if answer["mode"] == "busy":
        raise SpApiError("HTTP 503 from the partner", status=503, retryable=True)
    if answer["mode"] == "refuse":
        raise SpApiError("InvalidInput: the payload is wrong", status=400)
    received.append(message.pk)
    return f"TX-{message.pk}"


def accepted(message) -> None:
    followed_up.append(("accepted", message.pk))


def failed(message) -> None:
    followed_up.append(("failed", message.pk))
