"""Parts Unlimited / LeMans dealer API (research §2.1): `api-key` header and the dealer number;
one POST places a drop-ship order.

No lookup by PO number is public, so a drop-ship POST that fails unclearly (timeout, 5xx) is
not repeated: DistributorUnavailable with `outcome_unknown` asks staff to check the dealer
portal first.
"""

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
