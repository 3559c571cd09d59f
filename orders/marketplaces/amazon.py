"""Amazon merchant-fulfilled (MFN) orders and their shipment confirmation, through
python-amazon-sp-api's Orders v0 client.

The library's pitfalls are handled where the vendor clients have them handled
(orders.spapi.client: the Host header for http:// endpoints, HTML error pages, marketplaceIds
kept out of POST bodies, a token cache that knows the LWA endpoint), and every call goes
through orders.spapi.calls.spapi_call: rate limit, retries with backoff on 429/5xx and
transport errors (SP_API_MAX_ATTEMPTS, SP_API_RETRY_BASE_SECONDS), an access token Amazon no
longer accepts renewed once. The installed library (2.1.35) has `confirm_shipment`, so no
generic request is needed.
"""

from datetime import datetime
from decimal import Decimal

from django.conf import settings
from sp_api.api import OrdersV0
from sp_api.base import Marketplaces
from sp_api.base.credential_provider import FromCodeCredentialProvider

from orders.marketplaces.base import (
    BuyerAddress,
    MarketplaceLine,
    MarketplaceOrder,
    MarketplaceRefused,
    MarketplaceUnavailable,
    TrackingPush,
    unit_price,
    utc,
)
from orders.marketplaces.carriers import OTHER, amazon_carrier_code
from orders.spapi.calls import spapi_call
from orders.spapi.client import (
    LWA_DEFAULT_URL,
    BackofficeClientMixin,
    SpApiError,
    token_client_class,
)

US_MARKETPLACE_ID = "ATVPDKIKX0DER"
OPEN_STATUSES = ("Unshipped", "PartiallyShipped")
MAX_PAGE_SIZE = 100  # getOrders' largest MaxResultsPerPage
# confirmShipment's shippingMethod is free text; a push does not know the service level.
SHIPPING_METHOD = "Standard"


class BackofficeOrdersV0(BackofficeClientMixin, OrdersV0):
    """Orders v0 with the corrections every SP-API client of the back office gets."""


class AmazonClient:
    def __init__(self, *, base_url: str, lwa_app_id: str, lwa_client_secret: str,
                 refresh_token: str, lwa_endpoint: str = "",
                 marketplace_id: str = US_MARKETPLACE_ID, page_size: int = MAX_PAGE_SIZE,
                 timeout: float | None = None):
        if not (lwa_app_id and lwa_client_secret and refresh_token):
            raise MarketplaceRefused("The Amazon channel needs its LWA app id, LWA client "
                                     "secret and refresh token; fill them in and try again.")
        marketplace = _marketplace(marketplace_id)
        self.marketplace_id = marketplace_id
        self.page_size = max(1, min(page_size, MAX_PAGE_SIZE))
        self.api = BackofficeOrdersV0(
            marketplace,
            credentials={"refresh_token": refresh_token, "lwa_app_id": lwa_app_id,
                         "lwa_client_secret": lwa_client_secret},
            # Only these credentials: never another account's from the environment.
            credential_providers=(FromCodeCredentialProvider,),
            timeout=timeout or settings.SP_API_TIMEOUT_SECONDS,
            auth_token_client_class=token_client_class(
                lwa_endpoint or settings.SP_API_LWA_ENDPOINT or LWA_DEFAULT_URL))
        # Set after construction: the library takes both from SP_API_DEFAULT_MARKETPLACE
        # when that variable is set, whatever marketplace it was given.
        self.api.endpoint = (base_url or settings.SP_API_ENDPOINT or marketplace.endpoint
                             ).rstrip("/")
        self.api.marketplace_id = marketplace_id

    def orders(self, since: datetime) -> list[MarketplaceOrder]:
        """MFN orders created since `since` that are Unshipped or PartiallyShipped, each with
        its items and shipping address (two more calls per order)."""
        return [self._order(summary) for summary in self._open_orders(since)]

    def push_tracking(self, push: TrackingPush) -> str:
        """Confirms the package's shipment; returns its packageReferenceId, which is how
        Amazon knows the package (Amazon answers 204 without a body)."""
        code = amazon_carrier_code(push.carrier)
        package = {"packageReferenceId": push.package_reference, "carrierCode": code}
        if code == OTHER and push.carrier.strip():
            package["carrierName"] = push.carrier.strip()
        package |= {"shippingMethod": SHIPPING_METHOD, "trackingNumber": push.tracking_number,
                    "shipDate": amazon_time(push.shipped_at),
                    "orderItems": [{"orderItemId": line_id, "quantity": quantity}
                                   for line_id, quantity in push.lines]}
        self._call("confirm_shipment", push.order_id, marketplaceId=self.marketplace_id,
                   packageDetail=package)
        return push.package_reference

    def _open_orders(self, since: datetime) -> list[dict]:
        found, next_token = [], None
        while True:
            page = self._call(
                "get_orders", CreatedAfter=amazon_time(since),
                MarketplaceIds=[self.marketplace_id], FulfillmentChannels=["MFN"],
                OrderStatuses=list(OPEN_STATUSES), MaxResultsPerPage=self.page_size,
                **({"NextToken": next_token} if next_token else {}))
            found += [order for order in page.payload.get("Orders") or [] if is_open(order)]
            next_token = page.next_token
            if not next_token:
                return found

    def _order(self, summary: dict) -> MarketplaceOrder:
        order_id = summary["AmazonOrderId"]
        items, next_token = [], None
        while True:
            page = self._call("get_order_items", order_id,
                              **({"NextToken": next_token} if next_token else {}))
            items += page.payload.get("OrderItems") or []
            next_token = page.next_token
            if not next_token:
                break
        address = self._call("get_order_address", order_id).payload.get("ShippingAddress")
        return order_from_amazon(summary, items, address or {})

    def _call(self, operation: str, *args: str, **kwargs):
        try:
            return spapi_call(self.api, operation, *args, **kwargs)
        except SpApiError as failed:
            subject = f"{operation} for order {args[0]}" if args else operation
            if failed.retryable:
                raise MarketplaceUnavailable(
                    f"Amazon {subject} did not succeed; try again later. {failed}") from failed
            raise MarketplaceRefused(f"Amazon refused {subject}: {failed}") from failed


def is_open(order: dict) -> bool:
    """Still ours to ship, should Amazon ignore a filter (integrators report it does)."""
    return order.get("FulfillmentChannel") == "MFN" and order.get("OrderStatus") in OPEN_STATUSES


def order_from_amazon(summary: dict, items: list[dict], address: dict) -> MarketplaceOrder:
    street_more = (address.get("AddressLine2"), address.get("AddressLine3"))
    return MarketplaceOrder(
        order_id=summary["AmazonOrderId"],
        ordered_at=datetime.fromisoformat(summary["PurchaseDate"]),
        ship_to=BuyerAddress(
            name=address.get("Name", ""), address1=address.get("AddressLine1", ""),
            address2=" ".join(part for part in street_more if part), city=address.get("City", ""),
            state=address.get("StateOrRegion", ""), postal_code=address.get("PostalCode", ""),
            country=address.get("CountryCode", ""), phone=address.get("Phone", ""),
            # A relay address (…@marketplace.amazon.com) that forwards to the buyer.
            email=(summary.get("BuyerInfo") or {}).get("BuyerEmail", "")),
        lines=[line_from_amazon(item) for item in items],
        raw={"order": summary, "items": items, "address": address},
    )


def line_from_amazon(item: dict) -> MarketplaceLine:
    price = item.get("ItemPrice") or {}
    quantity = int(item.get("QuantityOrdered") or 0)
    return MarketplaceLine(
        line_id=str(item["OrderItemId"]), sku=item.get("SellerSKU", ""),
        title=item.get("Title", ""), quantity=quantity,
        # ItemPrice is the price of all the item's units.
        unit_price=unit_price(Decimal(str(price.get("Amount") or "0")), quantity),
        currency=price.get("CurrencyCode", ""))


def amazon_time(moment: datetime) -> str:
    return utc(moment).strftime("%Y-%m-%dT%H:%M:%SZ")


def _marketplace(marketplace_id: str) -> Marketplaces:
    found = next((marketplace for marketplace in Marketplaces
                  if marketplace.marketplace_id == marketplace_id), None)
    if found is None:
        raise MarketplaceRefused(f"{marketplace_id!r} is not an Amazon marketplace id; the US "
                                 f"one is {US_MARKETPLACE_ID}.")
    return found
