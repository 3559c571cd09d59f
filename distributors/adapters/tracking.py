"""Carriers and ship dates as the distributors report them, in one shape for the marketplaces."""

import re
from datetime import UTC, datetime

# Carrier names as eBay and Amazon spell their codes for these carriers.
UPS, FEDEX, USPS, ONTRAC = "UPS", "FedEx", "USPS", "OnTrac"

_BY_CODE = {
    # WPS ship_via codes (research §1.6/§1.7); FDXG seen in public code only.
    "AH2D": FEDEX, "FE1D": FEDEX, "FE2D": FEDEX, "FDXG": FEDEX,
    "UP1D": UPS, "UP2D": UPS, "US1C": USPS, "US4C": USPS, "CO5": ONTRAC,
    # Tucker's carrier code seen in public code ("UG", presumably UPS Ground).
    "UG": UPS,
    # Plain names, as Tucker and Automatic report them.
    "UPS": UPS, "FEDEX": FEDEX, "FDX": FEDEX, "USPS": USPS, "ONTRAC": ONTRAC,
}
_DATE_FORMATS = ("%Y-%m-%d", "%Y%m%d", "%m/%d/%Y", "%m/%d/%y")


def carrier_for(code: str, tracking_number: str) -> str:
    """The carrier's name for `code`; for codes that name a service level, not a carrier
    (WPS "BEST"), the carrier is read from the tracking number's format."""
    known = _BY_CODE.get(code.strip().upper())
    return known or carrier_from_tracking(tracking_number) or code.strip()


def carrier_from_tracking(tracking_number: str) -> str:
    number = tracking_number.replace(" ", "").upper()
    if number.startswith("1Z") and len(number) == 18:
        return UPS
    if re.fullmatch(r"(9[1-5]\d{18,20}|\d{20,22})", number):
        return USPS
    if re.fullmatch(r"\d{12}|\d{15}", number):
        return FEDEX
    if re.fullmatch(r"[CD]\d{14}", number):
        return ONTRAC
    return ""


def shipped_date(value: object) -> datetime | None:
    """A distributor's ship date (ISO, YYYYMMDD, MM/DD/YYYY or MM/DD/YY) as UTC, or None."""
    text = str(value or "").strip()
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        parsed = _first_parse(text)
    if parsed is None:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _first_parse(text: str) -> datetime | None:
    for date_format in _DATE_FORMATS:
        try:
            return datetime.strptime(text, date_format)  # noqa: DTZ007 - made aware by the caller
        except ValueError:
            continue
    return None
