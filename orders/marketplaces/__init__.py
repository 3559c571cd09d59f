"""Clients of the marketplaces we sell on: the orders we drop-ship, and their tracking back.

`marketplace_client("ebay" | "amazon" | "shopify", …)` gives one `MarketplaceClient`:
`orders(since)` lists the orders still to ship, `push_tracking(push)` reports a shipped
package. Failures
are `MarketplaceRefused` (the marketplace said no, in its words: do not resend as is) or
`MarketplaceUnavailable` (retried already; try again later). Plain data in and out: no
models here.
"""

from orders.marketplaces.base import (
    BuyerAddress,
    MarketplaceClient,
    MarketplaceLine,
    MarketplaceOrder,
    MarketplaceRefused,
    MarketplaceUnavailable,
    TrackingPush,
)
from orders.marketplaces.ebay import MAX_PAGE_SIZE as EBAY_MAX_PAGE_SIZE
from orders.marketplaces.ebay import EbayClient
from orders.marketplaces.shopify import MAX_PAGE_SIZE as SHOPIFY_MAX_PAGE_SIZE
from orders.marketplaces.shopify import ShopifyClient

EBAY, AMAZON, SHOPIFY = "ebay", "amazon", "shopify"
CHANNELS = (EBAY, AMAZON, SHOPIFY)

__all__ = [
    "AMAZON", "CHANNELS", "EBAY", "SHOPIFY", "BuyerAddress", "MarketplaceClient",
    "MarketplaceLine", "MarketplaceOrder", "MarketplaceRefused", "MarketplaceUnavailable",
    "TrackingPush", "marketplace_client",
]


def marketplace_client(channel: str, *, base_url: str, token: str = "", lwa_app_id: str = "",
                       lwa_client_secret: str = "", refresh_token: str = "",
                       lwa_endpoint: str = "", marketplace_id: str = "ATVPDKIKX0DER",
                       page_size: int | None = None, timeout: float | None = None,
                       max_attempts: int = 4,
                       retry_base_seconds: float = 1.0) -> MarketplaceClient:
    """The client for `channel`. eBay uses `token` (the seller's OAuth user token) and the
    retry options given here; so does Shopify, with the shop's https://{shop}.myshopify.com
    as `base_url` and its Admin API access token as `token`. Amazon uses the LWA credentials
    and, like every SP-API call, SP_API_MAX_ATTEMPTS and SP_API_RETRY_BASE_SECONDS, with
    SP_API_ENDPOINT and SP_API_LWA_ENDPOINT standing in for an empty `base_url` or
    `lwa_endpoint`."""
    if channel == EBAY:
        return EbayClient(base_url=base_url, token=token,
                          page_size=page_size or EBAY_MAX_PAGE_SIZE, timeout=timeout or 30.0,
                          max_attempts=max_attempts, retry_base_seconds=retry_base_seconds)
    if channel == SHOPIFY:
        return ShopifyClient(base_url=base_url, token=token,
                             page_size=page_size or SHOPIFY_MAX_PAGE_SIZE,
                             timeout=timeout or 30.0, max_attempts=max_attempts,
                             retry_base_seconds=retry_base_seconds)
    if channel == AMAZON:
        # Imported here: orders.spapi.client imports orders.models, which may import this
        # package for its channel names.
        from orders.marketplaces.amazon import MAX_PAGE_SIZE, AmazonClient

        return AmazonClient(base_url=base_url, lwa_app_id=lwa_app_id,
                            lwa_client_secret=lwa_client_secret, refresh_token=refresh_token,
                            lwa_endpoint=lwa_endpoint, marketplace_id=marketplace_id,
                            page_size=page_size or MAX_PAGE_SIZE, timeout=timeout)
    raise ValueError(f"Unknown marketplace channel {channel!r}; use one of: "
                     f"{', '.join(CHANNELS)}.")
