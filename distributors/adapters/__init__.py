"""One HTTP client per distributor API, behind one interface (`Adapter`).

    adapter = adapter_for(distributor.kind, base_url=distributor.api_base_url,
                          api_key=distributor.api_key, account_number=distributor.account_number)
    adapter.check(["87-9204"]); adapter.place(request); adapter.shipments(po_number)

    client = feed_file_client(distributor.kind, base_url=..., api_key=..., ...)
    client.download(path)  # the distributor's price and inventory file, streamed to disk

Pure clients: no Django models, no settings. The caller passes the base URL (empty means the
distributor's own address) and the credentials, and decides what to store.
"""

from pathlib import Path
from typing import Protocol

from distributors.adapters import parts_unlimited, tucker, wps
from distributors.adapters.automatic import AutomaticAdapter
from distributors.adapters.base import (
    Adapter,
    DistributorRefused,
    DistributorUnavailable,
    DropshipRequest,
    FileUnusable,
    InvalidRequest,
    OrderLine,
    Placed,
    Shipped,
    ShipTo,
    StockPrice,
)
from distributors.adapters.http import JsonTransport
from distributors.adapters.parts_unlimited import (
    PartsUnlimitedAdapter,
    PartsUnlimitedPriceFile,
    portal_authorization,
)
from distributors.adapters.tucker import TuckerAdapter
from distributors.adapters.wps import WpsAdapter, WpsDealerPricing

__all__ = [
    "Adapter", "DistributorRefused", "DistributorUnavailable", "DropshipRequest",
    "FeedFileClient", "FileUnusable", "InvalidRequest", "OrderLine", "Placed", "ShipTo",
    "Shipped", "StockPrice", "adapter_for", "feed_file_client", "DEFAULT_BASE_URLS",
    "FEED_FILE_KINDS",
]

# Automatic Distributors' API address is not public: it must be entered per account.
DEFAULT_BASE_URLS = {
    "wps": wps.DEFAULT_BASE_URL,
    "parts_unlimited": parts_unlimited.DEFAULT_BASE_URL,
    "tucker": tucker.DEFAULT_BASE_URL,
}


def adapter_for(
    kind: str,
    *,
    base_url: str,
    api_key: str,
    account_number: str = "",
    timeout: float = 30,
    max_attempts: int = 4,
    retry_base_seconds: float = 0.5,
) -> Adapter:
    """The adapter for a distributor of `kind` (a DistributorKind value).

    `account_number` is Parts Unlimited's dealer number or Tucker's customer number.
    Raises ValueError for a kind without an API, or a missing address or key."""
    base_url = base_url.strip() or DEFAULT_BASE_URLS.get(kind, "")
    if not base_url:
        raise ValueError(f"No API address for a distributor of kind {kind!r}: enter the base "
                         "URL the distributor gave you.")
    if not api_key:
        raise ValueError(f"No API key for the {kind} distributor: enter it before using its API.")
    builders = {"wps": _wps, "parts_unlimited": _parts_unlimited, "tucker": _tucker,
                "automatic": _automatic}
    if kind not in builders:
        raise ValueError(f"Distributors of kind {kind!r} have no API adapter; they work by file.")
    return builders[kind](base_url, api_key, account_number,
                          {"timeout": timeout, "max_attempts": max_attempts,
                           "retry_base_seconds": retry_base_seconds})


def _wps(base_url: str, api_key: str, account_number: str, limits: dict) -> WpsAdapter:
    return WpsAdapter(JsonTransport(distributor="WPS", base_url=base_url, secrets=(api_key,),
                                    headers={"Authorization": f"Bearer {api_key}"}, **limits))


def _parts_unlimited(base_url: str, api_key: str, account_number: str,
                     limits: dict) -> PartsUnlimitedAdapter:
    transport = JsonTransport(distributor="Parts Unlimited", base_url=base_url,
                              secrets=(api_key,), headers={"api-key": api_key}, **limits)
    return PartsUnlimitedAdapter(transport, dealer_number=account_number)


def _tucker(base_url: str, api_key: str, account_number: str, limits: dict) -> TuckerAdapter:
    transport = JsonTransport(distributor="Tucker", base_url=base_url, secrets=(api_key,),
                              headers={}, **limits)
    return TuckerAdapter(transport, api_key=api_key, customer_number=account_number)


def _automatic(base_url: str, api_key: str, account_number: str,
               limits: dict) -> AutomaticAdapter:
    return AutomaticAdapter(JsonTransport(
        distributor="Automatic Distributors", base_url=base_url, secrets=(api_key,),
        headers={"Authorization": f"Bearer {api_key}"}, **limits))


class FeedFileClient(Protocol):
    def download(self, destination: Path) -> str: ...


# The distributors whose API hands out their price and inventory file.
FEED_FILE_KINDS = ("wps", "parts_unlimited")


def feed_file_client(
    kind: str,
    *,
    base_url: str,
    api_key: str = "",
    dealer_number: str = "",
    username: str = "",
    password: str = "",
    timeout: float = 60,
    max_attempts: int = 4,
    retry_base_seconds: float = 2,
    poll_seconds: float = 20,
    max_polls: int = 15,
    max_bytes: int = 2 << 30,
) -> FeedFileClient:
    """The client of a distributor's file API: WPS dealer pricing (`base_url` is the API's,
    with `api_key`), Parts Unlimited's price file (`base_url` is the dealer portal's, with
    `dealer_number`, `username` and `password`). Raises ValueError, with the fix, for another
    kind or missing credentials."""
    limits = {"timeout": timeout, "max_attempts": max_attempts,
              "retry_base_seconds": retry_base_seconds}
    if kind == "wps":
        if not api_key:
            raise ValueError("The WPS distributor has no API token: paste the token from the "
                             "WPS Data Depot on the distributor.")
        transport = JsonTransport(distributor="WPS", base_url=base_url.strip() or
                                  wps.DEFAULT_BASE_URL, secrets=(api_key,),
                                  headers={"Authorization": f"Bearer {api_key}"}, **limits)
        return WpsDealerPricing(transport, poll_seconds=poll_seconds, max_polls=max_polls,
                                max_bytes=max_bytes)
    if kind == "parts_unlimited":
        if not (dealer_number and username and password):
            raise ValueError("The Parts Unlimited price file needs the dealer number and the "
                             "dealer portal user and password: enter them on the distributor.")
        authorization = portal_authorization(dealer_number, username, password)
        transport = JsonTransport(
            distributor="Parts Unlimited", secrets=(password, authorization.split()[-1]),
            base_url=base_url.strip() or parts_unlimited.DEFAULT_PORTAL_URL,
            headers={"Authorization": authorization}, **limits)
        return PartsUnlimitedPriceFile(transport, dealer_number=dealer_number,
                                       max_bytes=max_bytes)
    raise ValueError(f"Distributors of kind {kind!r} have no file API we know of: fetch their "
                     "file by FTP or import it by hand.")
