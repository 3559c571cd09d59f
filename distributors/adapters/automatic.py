"""Automatic Distributors' v2 API (research §4): `/order/create` with `header.ponumber`
(printable ASCII, at most 22 characters) and `shipToAddress`; order lookup for tracking.

Only `/order/create` and those field names are public. The rest is this adapter's assumption,
held in one place so that it is quick to correct once Automatic's documentation is at hand:
the token is sent as `Authorization: Bearer`, the lookup is `GET /order/lookup?ponumber=`
answering `{"orders": [{"header", "shipments": [{trackingNumber, proNumber, carrier,
shipDate}]}]}`, and errors come as `{"error": {"message"}}`. There is no default address:
the account's base URL must be entered.

Placing is safe to repeat for the same PO number: an order found by the lookup is returned
instead of a second one.
"""

from distributors.adapters.base import (
    DistributorRefused,
    DistributorUnavailable,
    DropshipRequest,
    InvalidRequest,
    Placed,
    Shipped,
    StockPrice,
    lines_checked,
)
from distributors.adapters.http import Answer, JsonTransport, OutcomeUnknown
from distributors.adapters.text import us_phone
from distributors.adapters.tracking import carrier_for, shipped_date

NAME = "Automatic Distributors"
PO_LIMIT = 22


def po_number_checked(po_number: str) -> str:
    """`po_number` when Automatic accepts it (1–22 printable ASCII characters)."""
    if not po_number or len(po_number) > PO_LIMIT or not all(
            " " <= char <= "~" for char in po_number):
        raise InvalidRequest(
            f"PO number {po_number!r} has {len(po_number)} characters; Automatic Distributors "
            f"accepts 1 to {PO_LIMIT} printable ASCII characters: give the order a shorter PO "
            "number without accents or symbols outside ASCII.")
    return po_number


def order_body(request: DropshipRequest) -> dict:
    ship_to = request.ship_to
    header = {"ponumber": po_number_checked(request.po_number)}
    if request.ship_method.lower() != "ground":  # the account's default method otherwise
        header["shipMethod"] = request.ship_method
    if request.comment:
        header["comment"] = request.comment
    return {
        "header": header,
        "shipToAddress": {
            "name": ship_to.name.strip(), "address1": ship_to.address1.strip(),
            "address2": ship_to.address2.strip(), "city": ship_to.city.strip(),
            "state": ship_to.state.strip().upper(), "zip": ship_to.postal_code.strip(),
            "country": ship_to.country.strip().upper(), "phone": us_phone(ship_to.phone),
            "email": ship_to.email.strip(), "classification": "residential",
        },
        "lines": [{"sku": line.part_number, "quantity": line.quantity}
                  for line in request.lines],
    }


class AutomaticAdapter:
    def __init__(self, transport: JsonTransport):
        self.http = transport

    def check(self, part_numbers: list[str]) -> dict[str, StockPrice]:
        """Always {}: the v2 API has live inventory and pricing, but their calls are not
        public; stock and cost come from Automatic's FTP price and inventory files."""
        return {}

    def place(self, request: DropshipRequest) -> Placed:
        body = order_body(request)
        lines_checked(request, NAME)
        existing = self._orders(request.po_number)
        if existing:
            return _placed(existing[0])
        try:
            answer = self.http.send("POST", "/order/create", json=body, repeatable=False)
        except OutcomeUnknown as unclear:
            return self._placed_after(unclear, request.po_number)
        return _placed(self._accepted(answer))

    def shipments(self, po_number: str, distributor_order_number: str = "") -> list[Shipped]:
        """Every shipment of the PO's orders; LTL freight carries a `proNumber` instead of a
        parcel tracking number, and that is what is returned for it."""
        return [
            Shipped(tracking_number=number,
                    carrier=carrier_for(str(shipment.get("carrier") or ""), number),
                    shipped_at=shipped_date(shipment.get("shipDate")), raw=shipment)
            for order in self._orders(po_number)
            for shipment in order.get("shipments") or []
            if (number := str(shipment.get("trackingNumber") or shipment.get("proNumber") or ""))
        ]

    def _orders(self, po_number: str) -> list[dict]:
        answer = self.http.send("GET", "/order/lookup", params={"ponumber": po_number})
        if answer.status == 404:
            return []
        orders = self._accepted(answer).get("orders") or []
        return [order for order in orders if isinstance(order, dict)]

    def _placed_after(self, unclear: OutcomeUnknown, po_number: str) -> Placed:
        """The create call went unanswered: the lookup says whether it took effect."""
        try:
            existing = self._orders(po_number)
        except DistributorUnavailable as unreachable:
            raise DistributorUnavailable(
                f"{unclear.message} Whether Automatic Distributors placed PO {po_number} could "
                f"not be checked ({unreachable.message}); check before placing it again.",
                outcome_unknown=True) from unreachable
        if existing:
            return _placed(existing[0])
        raise DistributorUnavailable(f"{unclear.message} Automatic Distributors has no order for "
                                     f"PO {po_number}, so it was not placed.") from unclear

    def _accepted(self, answer: Answer) -> dict:
        body = answer.body if isinstance(answer.body, dict) else {}
        if answer.ok:
            return body
        error = body.get("error")
        message = (error.get("message") if isinstance(error, dict) else error) or body.get(
            "message") or answer.text.strip() or (
            f"Automatic Distributors refused the request (HTTP {answer.status}).")
        raise DistributorRefused(self.http.masked(str(message)), status=answer.status, raw=body)


def _placed(order: dict) -> Placed:
    header = order.get("header") or {}
    return Placed(distributor_order_number=str(header.get("orderNumber") or ""), raw=order)
