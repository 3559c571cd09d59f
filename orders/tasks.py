"""Thin django-q2 tasks: load by id, call a service."""

from collections.abc import Callable

from orders.marketplaces import MarketplaceRefused, MarketplaceUnavailable
from orders.models import MarketplaceAccount, VendorAccount
from orders.services.acknowledgements import acknowledgements_queue
from orders.services.deciding import purchase_orders_decide
from orders.services.outbox import outbox_send_due, outbox_send_each
from orders.services.pulling import PullResult, orders_pull
from orders.services.sales_orders import sales_orders_pull
from orders.services.shipments import shipments_pull
from orders.services.transactions import transactions_check
from orders.spapi.client import SpApiError


def _pull_each_account(pull: Callable[..., PullResult]) -> str:
    summaries = []
    for account in VendorAccount.objects.filter(enabled=True):
        try:
            result = pull(account=account)
        except SpApiError as exc:  # the other accounts still pull
            summaries.append(f"{account.code}: failed ({exc})")
        else:
            summaries.append(f"{account.code}: {result.created} new, {result.changed} changed")
    return "; ".join(summaries) or "no enabled vendor accounts"


def pull_account(account_id: int) -> str:
    account = VendorAccount.objects.get(pk=account_id)
    result = orders_pull(account=account)  # a failure is recorded on the account, and raised
    autoconfirm(account_id)
    return f"{account.code}: {result.created} new, {result.changed} changed"


def pull_orders() -> str:
    summary = _pull_each_account(orders_pull)
    autoconfirm()
    return summary


def autoconfirm(account_id: int | None = None) -> str:
    account = VendorAccount.objects.get(pk=account_id) if account_id else None
    decided = purchase_orders_decide(account=account, acknowledge=True)
    # Orders decided otherwise (by hand, or before a failed run) are acknowledged too.
    queued = decided.acknowledged + len(acknowledgements_queue(account=account))
    return (f"{decided.decided} decided, {decided.needs_review} need review, "
            f"{queued} acknowledgements queued")


def pull_shipments() -> str:
    return _pull_each_account(shipments_pull)


def send_outbox() -> int:
    return outbox_send_due()


def send_outbox_messages(message_ids: list[int]) -> int:
    return outbox_send_each(message_ids)


def check_transactions() -> str:
    result = transactions_check()
    return f"{result.accepted} accepted, {result.failed} failed, {result.processing} processing"


def pull_sales_orders() -> str:
    summaries = []
    for account in MarketplaceAccount.objects.filter(enabled=True):
        try:
            result = sales_orders_pull(account)
        except (MarketplaceRefused, MarketplaceUnavailable) as error:
            summaries.append(f"{account.code}: failed ({error})")
        else:
            summaries.append(f"{account.code}: {len(result.created)} new")
    return "; ".join(summaries) or "no marketplace accounts"
