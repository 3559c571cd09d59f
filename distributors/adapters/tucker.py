"""Tucker's `trws` web service (research §3.2): every call is a GET on /bin/trws with
`apikey`, `cust`, `output=JSON` and `type`; the answer sits under a key named after the type.

The API key travels in the query string, so URLs are never logged or put in messages (see
distributors.adapters.http). Orders are sent with `allowduplicatepo=NO`, which makes repeating
an unclear ORD safe: Tucker refuses the duplicate instead of shipping twice.
"""

import re

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
from distributors.adapters.http import Answer, JsonTransport
from distributors.adapters.text import ascii_text, clipped, count_of, decimal_of
from distributors.adapters.tracking import carrier_for

DEFAULT_BASE_URL = "https://api.tucker.com"
PATH = "/bin/trws"
NAME = "Tucker"
SUCCESSFUL = "SUCCESSFUL"
CAPPED_COUNT = 9  # "a 9 means 9 or more" (DX1, research §3.2)
CARRIERS = {"ground": "UG"}
# DX1 limits special instructions to 55 characters; Tucker's own limit is not public.
NOTE_LIMIT = 55


def item_code(part_number: str) -> str:
    """Tucker's item number as sent: without dashes, as public clients send it."""
    return part_number.replace("-", "").strip()


def order_params(request: DropshipRequest) -> list[tuple[str, str]]:
    """The ORD query parameters for `request` (`line` repeats, one per line)."""
    ship_to = request.ship_to
    if ship_to.country.strip().upper() not in ("US", "USA"):
        raise InvalidRequest(
            f"Tucker's order call has no country field, so it drop-ships within the United "
            f"States only; this ship-to is in {ship_to.country!r}: use another distributor.")
    state = ascii_text(ship_to.state).upper()
    if not re.fullmatch(r"[A-Z]{2}", state):
        raise InvalidRequest(f"Tucker needs the ship-to state as its two-letter code, not "
                             f"{ship_to.state!r}: correct the address and place again.")
    params = [
        ("type", "ORD"), ("po", request.po_number), ("allowduplicatepo", "NO"),
        ("submit", "YES"), ("splitlines", "YES"),
        ("carrier", CARRIERS.get(request.ship_method.lower(), request.ship_method.upper())),
        ("name", ascii_text(ship_to.name)), ("address1", ascii_text(ship_to.address1)),
        ("address2", ascii_text(ship_to.address2)), ("city", ascii_text(ship_to.city)),
        ("state", state), ("zip", ascii_text(ship_to.postal_code)),
        ("invoiceNote", clipped(ascii_text(request.comment), NOTE_LIMIT)),
    ]
    lines = [("line", f"{item_code(line.part_number)},{line.quantity}") for line in request.lines]
    return [(key, value) for key, value in params if value] + lines


class TuckerAdapter:
    def __init__(self, transport: JsonTransport, *, api_key: str, customer_number: str):
        self.http = transport
        self.credentials = [("apikey", api_key), ("cust", customer_number), ("output", "JSON")]

    def check(self, part_numbers: list[str]) -> dict[str, StockPrice]:
        """Stock per distribution centre (INV) and dealer price (PRC), two calls in all.
        Parts Tucker does not know are left out."""
        if not part_numbers:
            return {}
        items = [("item", item_code(part)) for part in part_numbers]
        stock = _by_part(part_numbers, self._call("INV", items).get("item"))
        prices = _by_part(part_numbers, self._call("PRC", items).get("item"))
        return {part: _stock_price(part, record, prices.get(part, {}))
                for part, record in stock.items()}

    def place(self, request: DropshipRequest) -> Placed:
        lines_checked(request, NAME)
        params = order_params(request)
        answer = self.http.send("GET", PATH, params=self.credentials + params, effectful=True)
        try:
            order = self._envelope(answer, "ORD")
        except DistributorRefused as refused:
            if answer.after_unclear_attempt:
                # An earlier attempt may have been placed: this refusal may be the duplicate PO.
                raise DistributorUnavailable(
                    f"Tucker refused the repeated order for PO {request.po_number} "
                    f"({refused.message!r}) after an earlier attempt went unanswered; check "
                    "Tucker's order history before placing it again.",
                    outcome_unknown=True) from refused
            raise
        output = order.get("orderoutput") or {}
        return Placed(distributor_order_number=str(output.get("ordernum") or ""), raw=order)

    def shipments(self, po_number: str, distributor_order_number: str = "") -> list[Shipped]:
        """Tucker looks shipments up by its own order number only: [] without one.
        SHP reports no ship date, so `shipped_at` is None."""
        if not distributor_order_number:
            return []
        shipment = self._call("SHP", [("ordernum", distributor_order_number)])
        return [
            Shipped(tracking_number=str(tracking["trackingnum"]),
                    carrier=carrier_for(str(tracking.get("carrier") or ""),
                                        str(tracking["trackingnum"])),
                    shipped_at=None, raw=line)
            for record in shipment.get("shipment") or []
            for line in record.get("shipmentline") or []
            for tracking in line.get("trackingnumbers") or []
            if tracking.get("trackingnum")
        ]

    def _call(self, request_type: str, params: list[tuple[str, str]]) -> dict:
        answer = self.http.send("GET", PATH,
                                params=[*self.credentials, ("type", request_type), *params])
        return self._envelope(answer, request_type)

    def _envelope(self, answer: Answer, request_type: str) -> dict:
        body = answer.body if isinstance(answer.body, dict) else {}
        envelope = body.get(request_type)
        if answer.ok and isinstance(envelope, dict) and envelope.get("status") == SUCCESSFUL:
            return envelope
        raise DistributorRefused(self.http.masked(_message(answer, envelope)),
                                 status=answer.status, raw=body)


def _message(answer: Answer, envelope: object) -> str:
    """Tucker's error texts: the envelope's, then each order line's, in Tucker's words."""
    if not isinstance(envelope, dict):
        return answer.text.strip() or f"Tucker refused the request (HTTP {answer.status})."
    message = str(envelope.get("errormsg") or "")
    order_input = envelope.get("orderinput") or {}
    lines = "; ".join(f"{line.get('itemnum', '?')}: {line['errormsg']}"
                      for line in order_input.get("orderline") or [] if line.get("errormsg"))
    if lines:
        message = f"{message} ({lines})" if message else lines
    return message or f"Tucker answered status {envelope.get('status')!r}."


def _by_part(part_numbers: list[str], records: object) -> dict[str, dict]:
    """Tucker's item records keyed by our part numbers: by `itemnum` when the record has
    one, else by position (Tucker answers in the order asked)."""
    records = [record for record in records or [] if isinstance(record, dict)]
    by_code = {item_code(part): part for part in part_numbers}
    matched = {}
    for position, record in enumerate(records):
        code = item_code(str(record.get("itemnum") or ""))
        part = by_code.get(code) if code else (
            part_numbers[position] if position < len(part_numbers) else None)
        if part is not None and not record.get("errormsg"):
            matched[part] = record
    return matched


def _stock_price(part_number: str, stock: dict, price: dict) -> StockPrice:
    centres = {str(dc.get("dcname")): count_of(dc.get("dcinv")) for dc in stock.get("dc") or []}
    total = count_of(stock.get("inventory")) if "inventory" in stock else sum(centres.values())
    return StockPrice(
        part_number=part_number,
        quantity=total,
        is_capped=any(count >= CAPPED_COUNT for count in centres.values()),
        cost=decimal_of(price.get("price")),
        warehouse_quantities=centres,
    )

