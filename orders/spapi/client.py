"""The Selling Partner API vendor clients: python-amazon-sp-api with its known pitfalls handled.

- The library computes the Host header as `endpoint[8:]` (assumes https://): wrong for a
  loopback simulator on http://, so the header is derived from the parsed URL instead.
- It adds `marketplaceIds` to POST bodies of some vendor operations, which Amazon rejects
  ("Invalid content was found starting with element 'marketplaceIds'"): never for POSTs here.
- A non-JSON error body (an HTML 503 page) comes back from the library as an empty response
  without raising: it is turned into a retryable SpApiError with the HTTP status.
- Its access-token cache is process-wide and keyed by the refresh token alone, so a token from
  one LWA endpoint or app is reused for another: tokens are cached here per (LWA URL, app id,
  refresh token) and dropped when Amazon says Unauthorized.
"""

import threading
import time
from urllib.parse import urlparse

from django.conf import settings
from sp_api.api import VendorInvoices, VendorOrders, VendorShipments, VendorTransactionStatus
from sp_api.auth import AccessTokenClient
from sp_api.auth.access_token_response import AccessTokenResponse
from sp_api.base import Marketplaces

from orders.models import VendorAccount

LWA_DEFAULT_URL = "https://api.amazon.com/auth/o2/token"
TOKEN_EARLY_EXPIRY_SECONDS = 120


class SpApiError(Exception):
    """A call to Amazon failed; `retryable` says whether trying again later may help."""

    def __init__(self, message: str, *, status: int | None = None, code: str = "",
                 retryable: bool = False):
        super().__init__(message)
        self.status, self.code, self.retryable = status, code, retryable


class SpApiThrottled(SpApiError):
    pass


_tokens: dict[tuple[str, str, str], tuple[dict, float]] = {}
_tokens_lock = threading.Lock()


class CachedTokenClient(AccessTokenClient):
    """LWA token client with an endpoint from settings and a cache that knows the endpoint."""

    lwa_url = LWA_DEFAULT_URL

    def get_auth(self) -> AccessTokenResponse:
        key = self.cache_key()
        with _tokens_lock:
            cached = _tokens.get(key)
        if cached and cached[1] > time.monotonic():
            return AccessTokenResponse(**cached[0])
        token = self._request(self.lwa_url, self.data, self.headers)
        expires_at = time.monotonic() + int(token.get("expires_in", 3600)) - \
            TOKEN_EARLY_EXPIRY_SECONDS
        with _tokens_lock:
            _tokens[key] = (token, expires_at)
        return AccessTokenResponse(**token)

    def _request(self, url, data, headers):
        try:
            return super()._request(url, data, headers)
        except ValueError as exc:  # the token endpoint answered with an HTML page
            raise SpApiError("Login with Amazon answered with a non-JSON page.",
                             retryable=True) from exc

    def cache_key(self) -> tuple[str, str, str]:
        return (self.lwa_url, self.cred.client_id, self.cred.refresh_token)

    def invalidate(self) -> None:
        with _tokens_lock:
            _tokens.pop(self.cache_key(), None)


def token_client_class(lwa_url: str) -> type[CachedTokenClient]:
    return type("ConfiguredTokenClient", (CachedTokenClient,), {"lwa_url": lwa_url})


class BackofficeClientMixin:
    """Corrections applied to every vendor API class (see the module docstring)."""

    @property
    def headers(self):
        return {**super().headers, "host": urlparse(self.endpoint).netloc}

    def _request(self, path, *, data=None, params=None, add_marketplace=True, **kwargs):
        method = (params or {}).get("method") or (data or {}).get("method", "GET")
        if method != "GET":
            add_marketplace = False
        return super()._request(path, data=data, params=params,
                                add_marketplace=add_marketplace, **kwargs)

    def _check_response(self, res, *args, **kwargs):
        content_type = res.headers.get("content-type", "")
        if res.status_code >= 400 and "json" not in content_type:
            raise SpApiError(
                f"Amazon answered HTTP {res.status_code} with a non-JSON page "
                f"({content_type or 'no content type'}).",
                status=res.status_code, retryable=res.status_code >= 500)
        response = super()._check_response(res, *args, **kwargs)
        response.raw_text = res.text
        return response


def _client_class(api_class: type) -> type:
    return type(f"Backoffice{api_class.__name__}", (BackofficeClientMixin, api_class), {})


VENDOR_APIS = {api.__name__: _client_class(api)
               for api in (VendorOrders, VendorTransactionStatus, VendorShipments, VendorInvoices)}


def marketplace_for(account: VendorAccount) -> Marketplaces:
    return Marketplaces[account.marketplace]


def vendor_client(account: VendorAccount, api: str):
    """A ready client of `api` ("VendorOrders", …) for this account, endpoints from settings."""
    client = VENDOR_APIS[api](
        marketplace_for(account),
        credentials={"refresh_token": account.refresh_token, "lwa_app_id": account.lwa_app_id,
                     "lwa_client_secret": account.lwa_client_secret},
        timeout=settings.SP_API_TIMEOUT_SECONDS,
        auth_token_client_class=token_client_class(
            settings.SP_API_LWA_ENDPOINT or LWA_DEFAULT_URL),
    )
    if settings.SP_API_ENDPOINT:
        client.endpoint = settings.SP_API_ENDPOINT.rstrip("/")
    return client
