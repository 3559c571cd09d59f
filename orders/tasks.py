"""Thin django-q2 tasks: load by id, call a service."""

from orders.models import VendorAccount
from orders.services.acknowledgements import acknowledgements_queue
from orders.services.deciding import purchase_orders_decide
from orders.services.outbox import outbox_send_due
from orders.services.pulling import orders_pull
from orders.services.transactions import transactions_check
from orders.spapi.client import SpApiError


def _pull_one(account: VendorAccount) -> str:
    try:
        result = orders_pull(account=account)
    except SpApiError as exc:  # recorded on the account; the other accounts still pull
        return f"{account.code}: failed ({exc})"
    return f"{account.code}: {result.created} new, {result.changed} changed"


def pull_orders() -> str:
    summaries = [_pull_one(account) for account in VendorAccount.objects.filter(enabled=True)]
    autoconfirm()
    return "; ".join(summaries) or "no enabled vendor accounts"


def autoconfirm(account_id: int | None = None) -> str:
    account = VendorAccount.objects.get(pk=account_id) if account_id else None
    decided = purchase_orders_decide(account=account)
    queued = acknowledgements_queue(account=account)
    return (f"{decided.decided} decided, {decided.needs_review} need review, "
            f"{len(queued)} acknowledgements queued")


def send_outbox() -> int:
    return outbox_send_due()


def check_transactions() -> str:
    result = transactions_check()
    return f"{result.accepted} accepted, {result.failed} failed, {result.processing} processing"
