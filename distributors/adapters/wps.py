"""Western Power Sports API v4 (research §1): Bearer token; cart → items → order.

Placing is safe to repeat for the same PO number: an order WPS already has for it is returned
instead of a second one (our PO numbers are unique per order, so a match is ours).
"""

import logging
import posixpath
import re
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from distributors.adapters.base import (
    DistributorRefused,
    DistributorUnavailable,
    DropshipRequest,
    FileUnusable,
    InvalidRequest,
    Placed,
    Shipped,
    StockPrice,
    lines_checked,
)
from distributors.adapters.http import Answer, JsonTransport, OutcomeUnknown
from distributors.adapters.text import ascii_text, clipped, count_of, decimal_of, us_phone, wrapped
from distributors.adapters.tracking import carrier_for, shipped_date

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.wps-inc.com"
NAME = "WPS"
# Inventory fields of an item, by warehouse code (research §1.4).
WAREHOUSE_FIELDS = {"CA": "ca_warehouse", "GA": "ga_warehouse", "ID": "id_warehouse",
                    "IN": "in_warehouse", "PA": "pa_warehouse", "PA2": "pa2_warehouse",
                    "TX": "tx_warehouse"}
# WPS shows a capped count per warehouse; the docs say 9, a recent client says 25.
CAPPED_COUNTS = (9, 25)
SHIP_VIA = {"ground": "BEST"}
SHIP_VIA_CODES = ("AH2D", "BEST", "FE1D", "FE2D", "UP1D", "UP2D", "US1C", "US4C")
# Field limits of POST /carts (research §1.6).
NAME_LIMIT, ADDRESS_LIMIT, ADDRESS_LINES, CITY_LIMIT = 30, 30, 3, 17
ZIP_LIMIT, PHONE_LIMIT, EMAIL_LIMIT, COMMENT_LIMIT = 15, 15, 50, 50


def cart_fields(request: DropshipRequest) -> dict:
    """The POST /carts body for `request`, fitted to WPS's limits; raises InvalidRequest for
    what cannot be fitted without losing where the parcel goes."""
    ship_to = request.ship_to
    if ship_to.country.strip().upper() not in ("US", "USA"):
        raise InvalidRequest(
            f"WPS drop-ships only within the United States (its cart has no country field), "
            f"and this ship-to is in {ship_to.country!r}: send the order to another distributor.")
    fields = {
        "po_number": request.po_number,
        "ship_via": _ship_via(request.ship_method),
        "pay_type": "OO",
        "allow_backorder": False,
        "multiple_warehouse": True,
        "ship_name": clipped(ascii_text(ship_to.name), NAME_LIMIT),
        **_address_lines(ship_to.address1, ship_to.address2),
        # The ZIP code routes the parcel; a clipped city name still arrives.
        "ship_city": clipped(ascii_text(ship_to.city), CITY_LIMIT),
        "ship_state": _state(ship_to.state),
        "ship_zip": _zip(ship_to.postal_code),
        "ship_phone": us_phone(ship_to.phone)[:PHONE_LIMIT],
        "email": _email(ship_to.email),
        **_comments(request.comment),
    }
    return {key: value for key, value in fields.items() if value != ""}


def _ship_via(ship_method: str) -> str:
    code = SHIP_VIA.get(ship_method.lower(), ship_method.upper())
    if code not in SHIP_VIA_CODES:
        raise InvalidRequest(f"WPS has no ship method {ship_method!r}; use ground or one of "
                             f"its ship_via codes: {', '.join(SHIP_VIA_CODES)}.")
    return code


def _address_lines(address1: str, address2: str) -> dict[str, str]:
    # Each line is wrapped on its own so that "Apt 5" never lands in the middle of a street.
    lines = [*wrapped(ascii_text(address1), ADDRESS_LIMIT),
             *wrapped(ascii_text(address2), ADDRESS_LIMIT)]
    if not lines:
        raise InvalidRequest("The ship-to address has no street line: add one and place again.")
    if len(lines) > ADDRESS_LINES:
        raise InvalidRequest(
            f"The ship-to street address does not fit WPS's {ADDRESS_LINES} lines of "
            f"{ADDRESS_LIMIT} characters: shorten it (e.g. Street → St) and place again.")
    return {f"ship_address{number}": line for number, line in enumerate(lines, start=1)}


def _state(state: str) -> str:
    code = ascii_text(state).upper()
    if not re.fullmatch(r"[A-Z]{2}", code):
        raise InvalidRequest(f"WPS needs the ship-to state as its two-letter code (e.g. ID), "
                             f"not {state!r}: correct the address and place again.")
    return code


def _zip(postal_code: str) -> str:
    code = ascii_text(postal_code)
    if not code or len(code) > ZIP_LIMIT:
        raise InvalidRequest(f"The ship-to ZIP code {postal_code!r} is not one WPS accepts "
                             f"(1 to {ZIP_LIMIT} characters): correct the address.")
    return code


def _email(email: str) -> str:
    # A clipped e-mail address would belong to someone else: leave it out instead.
    address = email.strip()
    return address if len(address) <= EMAIL_LIMIT and address.isascii() else ""


def _comments(comment: str) -> dict[str, str]:
    lines = wrapped(ascii_text(comment), COMMENT_LIMIT)[:2]
    return {f"comment{number}": line for number, line in enumerate(lines, start=1)}


class WpsAdapter:
    def __init__(self, transport: JsonTransport):
        self.http = transport

    def check(self, part_numbers: list[str]) -> dict[str, StockPrice]:
        """Live stock per warehouse and the standard dealer price, one request per part.
        Parts WPS does not know are left out. Dealer-specific discounts live in
        /dealer-pricing, whose record fields are not public; the standard price is used."""
        found = {}
        for part_number in part_numbers:
            item = self._item(part_number)
            if item is not None:
                found[part_number] = _stock_price(part_number, item)
        return found

    def place(self, request: DropshipRequest) -> Placed:
        lines_checked(request, NAME)
        fields = cart_fields(request)
        existing = self._order(request.po_number)
        if existing is not None:
            log.info("WPS already has an order for PO %s; not placing it again.",
                     request.po_number)
            return _placed(existing)
        self._create_cart(fields)
        try:
            for line in request.lines:
                self._add_to_cart(request.po_number, line.part_number, line.quantity)
            return self._submit(request.po_number)
        except Exception:
            self._discard_cart(request.po_number)
            raise

    def shipments(self, po_number: str, distributor_order_number: str = "") -> list[Shipped]:
        """Tracking numbers of every WPS order made from the PO (one per shipping warehouse);
        empty while nothing has shipped or when WPS does not know the PO."""
        order = self._order(po_number)
        if order is None:
            return []
        return [
            Shipped(tracking_number=str(number),
                    carrier=carrier_for(str(detail.get("ship_via") or ""), str(number)),
                    shipped_at=shipped_date(detail.get("ship_date")), raw=detail)
            for detail in order.get("order_details") or []
            for number in detail.get("tracking_numbers") or []
            if number
        ]

    def _item(self, part_number: str) -> dict | None:
        answer = self.http.send("GET", "/items", params={
            "filter[sku]": part_number, "include": "inventory"})
        items = _data(self._accepted(answer)) or []
        return next((item for item in items if item.get("sku") == part_number), None)

    def _order(self, po_number: str) -> dict | None:
        """WPS's PO object, or None while WPS has no order for the PO."""
        answer = self.http.send("GET", f"/orders/{_segment(po_number)}")
        if answer.status == 404:
            return None
        order = _data(self._accepted(answer))
        return order if isinstance(order, dict) and order.get("order_details") else None

    def _create_cart(self, fields: dict) -> None:
        try:
            self._accepted(self.http.send("POST", "/carts", json=fields, repeatable=False))
        except OutcomeUnknown as unclear:
            # The cart may exist: leave nothing behind that would block the next attempt.
            self._discard_cart(fields["po_number"])
            raise DistributorUnavailable(f"{unclear.message} The cart was discarded; the order "
                                         "was not placed.") from unclear

    def _add_to_cart(self, po_number: str, part_number: str, quantity: int) -> None:
        try:
            answer = self.http.send("POST", f"/carts/{_segment(po_number)}/items",
                                    json={"item_sku": part_number, "quantity": quantity},
                                    repeatable=False)
        except OutcomeUnknown as unclear:
            raise DistributorUnavailable(f"{unclear.message} The cart was discarded; the order "
                                         "was not placed.") from unclear
        self._accepted(answer)

    def _submit(self, po_number: str) -> Placed:
        """POST /orders; after an unclear failure, look the order up before submitting again."""
        last = None
        for attempt in range(1, self.http.max_attempts + 1):
            try:
                return _placed(_data(self._accepted(self.http.send(
                    "POST", "/orders", json={"po_number": po_number}, repeatable=False))))
            except OutcomeUnknown as unclear:
                existing = self._order_after(unclear, po_number)
                if existing is not None:
                    return _placed(existing)
                log.warning("WPS order submission for PO %s unclear (attempt %s): %s",
                            po_number, attempt, unclear.message)
                last = unclear
        raise DistributorUnavailable(f"{last.message} WPS has no order for PO {po_number}, so "
                                     "it was not placed; the cart was discarded.")

    def _order_after(self, unclear: OutcomeUnknown, po_number: str) -> dict | None:
        try:
            return self._order(po_number)
        except DistributorUnavailable as unreachable:
            raise DistributorUnavailable(
                f"{unclear.message} Whether WPS placed PO {po_number} could not be checked "
                f"({unreachable.message}): look it up on wpsorders.com before placing it again.",
                outcome_unknown=True) from unreachable

    def _discard_cart(self, po_number: str) -> None:
        try:
            self.http.send("DELETE", f"/carts/{_segment(po_number)}")
        except (DistributorUnavailable, OutcomeUnknown) as failure:
            log.error("WPS cart for PO %s could not be discarded: %s", po_number, failure)

    def _accepted(self, answer: Answer) -> dict:
        return _accepted(self.http, answer)


def _accepted(http: JsonTransport, answer: Answer) -> dict:
    if answer.ok:
        return answer.body if isinstance(answer.body, dict) else {}
    raise DistributorRefused(http.masked(_message(answer)), status=answer.status, raw=answer.body)


class WpsDealerPricing:
    """The dealer-pricing file (research §1.5): `GET /dealer-pricing` answers 202 while WPS
    generates it, then 200 with where to download it; WPS keeps the file up to two days.

    The 200 body's field names are not public: the location is read from `data.location`,
    `data.url`, `location` or `url`. The token goes with the download only when the file is on
    the API's own host: a storage service elsewhere must not see it (and refuses two kinds of
    authorisation on a signed link)."""

    def __init__(self, transport: JsonTransport, *, poll_seconds: float, max_polls: int,
                 max_bytes: int):
        self.http = transport
        self.poll_seconds = poll_seconds
        self.max_polls = max(1, max_polls)
        self.max_bytes = max_bytes

    def download(self, destination: Path) -> str:
        """Saves the file at `destination`, streamed; returns its name."""
        location = self._location()
        answer = self.http.send("GET", location, save_to=destination, max_bytes=self.max_bytes,
                                headers=None if _same_host(location, self.http.base_url)
                                else {"Authorization": None})
        if not answer.ok:
            raise DistributorRefused(self.http.masked(_message(answer)), status=answer.status,
                                     raw=answer.body)
        return _file_name(location)

    def _location(self) -> str:
        for poll in range(1, self.max_polls + 1):
            answer = self.http.send("GET", "/dealer-pricing")
            if answer.status != 202:
                return _file_location(_accepted(self.http, answer))
            log.info("WPS is generating the dealer-pricing file (check %s of %s).", poll,
                     self.max_polls)
            if poll < self.max_polls:
                self.http.sleep(self.poll_seconds)
        raise DistributorUnavailable(
            f"WPS was still generating the dealer-pricing file after {self.max_polls} checks "
            f"over {self.poll_seconds * (self.max_polls - 1):g} seconds. WPS keeps the file for "
            "up to two days once it is made: fetch again in a few minutes, or let the next "
            "nightly run pick it up.")


def _file_location(body: dict) -> str:
    data = _data(body)
    found = next((str(record[key]) for record in (data, body) if isinstance(record, dict)
                  for key in ("location", "url") if record.get(key)), "")
    if not found:
        raise FileUnusable("WPS said the dealer-pricing file is ready but gave no location to "
                           "download it from; ask WPS whether the dealer-pricing service has "
                           "changed.")
    if urlsplit(found).scheme not in ("", "http", "https") or \
            (not urlsplit(found).scheme and not found.startswith("/")):
        raise FileUnusable(f"WPS gave the dealer-pricing file location {found[:200]!r}, which "
                           "is not a web address we download from; ask WPS about it.")
    return found


def _same_host(location: str, base_url: str) -> bool:
    parts = urlsplit(location)
    return not parts.scheme or (parts.scheme, parts.netloc) == tuple(urlsplit(base_url)[:2])


def _file_name(location: str) -> str:
    name = posixpath.basename(unquote(urlsplit(location).path))
    return name if name and name not in (".", "..") else "dealer-pricing.csv"


def _stock_price(part_number: str, item: dict) -> StockPrice:
    inventory = _data(item.get("inventory") or {}) or {}
    by_warehouse = {code: count_of(inventory.get(field)) for code, field in WAREHOUSE_FIELDS.items()
                    if field in inventory}
    total = count_of(inventory.get("total")) if "total" in inventory else sum(by_warehouse.values())
    return StockPrice(
        part_number=part_number,
        quantity=total,
        is_capped=any(count in CAPPED_COUNTS for count in by_warehouse.values()),
        cost=decimal_of(item.get("standard_dealer_price")),
        warehouse_quantities=by_warehouse,
    )


def _placed(order: dict | None) -> Placed:
    order = order or {}
    number = order.get("order_number") or ",".join(
        str(detail.get("order_number")) for detail in order.get("order_details") or []
        if detail.get("order_number"))
    return Placed(distributor_order_number=str(number or ""), raw=order)


def _data(body: dict) -> object:
    # WPS wraps records in {"data": ...}; included relations too (item.inventory.data).
    return body.get("data", body) if isinstance(body, dict) else None


def _message(answer: Answer) -> str:
    body = answer.body if isinstance(answer.body, dict) else {}
    if body.get("message"):
        return str(body["message"])
    errors = body.get("errors")
    if isinstance(errors, dict) and errors:
        return "; ".join(str(text) for texts in errors.values() for text in texts)
    return answer.text.strip() or f"WPS refused the request (HTTP {answer.status})."



def _segment(value: str) -> str:
    return quote(value, safe="")
