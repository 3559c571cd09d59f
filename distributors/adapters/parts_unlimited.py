"""Parts Unlimited / LeMans dealer API (research §2.1): `api-key` header and the dealer number;
one POST places a drop-ship order. And the price file from the dealer portal (§2.2).

No lookup by PO number is public, so a drop-ship POST that fails unclearly (timeout, 5xx) is
not repeated: DistributorUnavailable with `outcome_unknown` asks staff to check the dealer
portal first.
"""

import base64
from pathlib import Path

from distributors.adapters.base import (
    DistributorRefused,
    DistributorUnavailable,
    DropshipRequest,
    Placed,
    Shipped,
    StockPrice,
    lines_checked,
)
from distributors.adapters.http import Answer, JsonTransport, OutcomeUnknown

DEFAULT_BASE_URL = "https://api.parts-unlimited.com/api"
DEFAULT_PORTAL_URL = "https://dealer.parts-unlimited.com/api"
PRICE_FILE_NAME = "pricefile.zip"
NAME = "Parts Unlimited"
SUCCESS_CODES = (200, 202)
# The two values seen in public code; "back_order" keeps an unavailable line on order
# rather than dropping it (meaning inferred, research §2.1).
CANCELLATION_POLICY = "back_order"


def dropship_body(request: DropshipRequest, dealer_number: str) -> dict:
    """The POST /orders/dropship body, in the shape two independent public users send."""
    ship_to = request.ship_to
    return {
        "dealer_number": dealer_number,
        "order_type": "DS",
        "purchase_order_number": request.po_number,
        "shipping_method": request.ship_method,
        # We send no prices: PU bills its current dealer price.
        "validate_price": False,
        "cancellation_policy": CANCELLATION_POLICY,
        "ship_to_address": {
            "name": ship_to.name.strip(),
            "company": "",
            "address_line_1": ship_to.address1.strip(),
            "address_line_2": ship_to.address2.strip(),
            "city": ship_to.city.strip(),
            "state": ship_to.state.strip().upper(),
            "postal_code": ship_to.postal_code.strip(),
            "country": ship_to.country.strip().upper(),
        },
        "line_items": [
            {"line_number": number, "part_number": line.part_number, "quantity": line.quantity}
            for number, line in enumerate(request.lines, start=1)
        ],
    }


class PartsUnlimitedAdapter:
    def __init__(self, transport: JsonTransport, dealer_number: str):
        self.http = transport
        self.dealer_number = dealer_number

    def check(self, part_numbers: list[str]) -> dict[str, StockPrice]:
        """Always {}: the only public trace of live inventory and pricing calls is one codebase
        that guesses their responses, so stock and cost come from PU's price file instead."""
        return {}

    def place(self, request: DropshipRequest) -> Placed:
        """PU's answer documents only `status_code` and `status_message`: the order number is
        taken when the answer carries `order_number`, and is empty otherwise."""
        lines_checked(request, NAME)
        try:
            answer = self.http.send("POST", "/orders/dropship",
                                    json=dropship_body(request, self.dealer_number),
                                    repeatable=False)
        except OutcomeUnknown as unclear:
            raise DistributorUnavailable(
                f"{unclear.message} Check the Parts Unlimited dealer portal for PO "
                f"{request.po_number} before placing it again.", outcome_unknown=True) from unclear
        body = self._accepted(answer)
        return Placed(distributor_order_number=str(body.get("order_number") or ""), raw=body)

    def shipments(self, po_number: str, distributor_order_number: str = "") -> list[Shipped]:
        """Always []: the dealer API has no public tracking call. Tracking numbers are only
        visible in the session-based dealer portal (research §2.2), which needs a portal
        login this adapter does not hold."""
        return []

    def _accepted(self, answer: Answer) -> dict:
        body = answer.body if isinstance(answer.body, dict) else {}
        status_code = _int(body.get("status_code"), answer.status)
        if answer.ok and status_code in SUCCESS_CODES:
            return body
        message = body.get("status_message") or answer.text.strip() or (
            f"Parts Unlimited refused the order (HTTP {answer.status}).")
        raise DistributorRefused(self.http.masked(str(message)), status=answer.status, raw=body)


def _int(value: object, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def price_file_body(dealer_number: str) -> dict:
    """The POST /quotes/v2/pricefile body public users send (sic "auxillary"): the header row
    first, the catalogue pages and the columns the PU layout reads beyond the basic ones."""
    return {
        "dealerCodes": [dealer_number],
        "headersPrepended": True,
        "attachingCatalogs": ["OLDBOOK", "OLDBOOK_MIDYEAR", "FATBOOK", "FATBOOK_MIDYEAR"],
        "auxillaryColumns": ["LAST_CATALOG", "COMMODITY_CODE", "PRODUCT_CODE", "DRAG_OWNED",
                             "WEIGHT", "COUNTRY_OF_ORIGIN", "UPC_CODE", "BRAND_NAME",
                             "CLOSEOUT_CATALOG_INDICATOR"],
    }


def portal_authorization(dealer_number: str, username: str, password: str) -> str:
    """HTTP Basic with the dealer number before the user: base64("<dealer>/<user>:<pass>")."""
    token = base64.b64encode(f"{dealer_number}/{username}:{password}".encode()).decode("ascii")
    return f"Basic {token}"


class PartsUnlimitedPriceFile:
    """The dealer price file: one POST answers a ZIP holding one CSV. PU allows two calls a
    day, so a call that failed after reaching PU (5xx, timeout) is not repeated."""

    def __init__(self, transport: JsonTransport, *, dealer_number: str, max_bytes: int):
        self.http = transport
        self.dealer_number = dealer_number
        self.max_bytes = max_bytes

    def download(self, destination: Path) -> str:
        """Saves PU's answer at `destination`, streamed (the ZIP, unchecked: the caller opens
        it); returns its name."""
        try:
            answer = self.http.send("POST", "/quotes/v2/pricefile",
                                    json=price_file_body(self.dealer_number), repeatable=False,
                                    save_to=destination, max_bytes=self.max_bytes)
        except OutcomeUnknown as unclear:
            raise DistributorUnavailable(
                f"{unclear.reason} The price file was not received, and it was not asked for "
                "again at once because Parts Unlimited allows two price-file calls a day: the "
                "next nightly run tries again.") from unclear
        if not answer.ok:
            body = answer.body if isinstance(answer.body, dict) else {}
            message = body.get("message") or body.get("status_message") or \
                answer.text.strip()[:500] or f"Parts Unlimited refused (HTTP {answer.status})."
            raise DistributorRefused(self.http.masked(str(message)), status=answer.status,
                                     raw=body)
        return PRICE_FILE_NAME
