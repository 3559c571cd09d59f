"""Carrier names, as the distributors' adapters report them, to each marketplace's carrier code.

eBay takes the codes of GeteBayDetails' ShippingCarrierDetails, Amazon those of its
confirmShipment carrier list; both have "Other", and Amazon then wants the carrier's name
in carrierName (research §7). Shopify takes any tracking company name, but builds the
tracking link only for the names on its FulfillmentTrackingInfo list.
"""

import re

OTHER = "Other"
# Normalised name → (eBay code, Amazon code, Shopify tracking company).
CARRIER_CODES = {
    "ups": ("UPS", "UPS", "UPS"),
    "unitedparcelservice": ("UPS", "UPS", "UPS"),
    "fedex": ("FedEx", "FedEx", "FedEx"),
    "fdx": ("FedEx", "FedEx", "FedEx"),
    "federalexpress": ("FedEx", "FedEx", "FedEx"),
    "usps": ("USPS", "USPS", "USPS"),
    "unitedstatespostalservice": ("USPS", "USPS", "USPS"),
    # Shopify tells DHL's services apart; a bare "DHL" is taken as DHL Express.
    "dhl": ("DHL", "DHL", "DHL Express"),
    "dhlexpress": ("DHL", "DHL", "DHL Express"),
    "dhlecommerce": ("DHL", "DHL", "DHL eCommerce"),
    "ontrac": ("OnTrac", "OnTrac", "OnTrac"),
}


def ebay_carrier_code(carrier: str) -> str:
    return _codes(carrier)[0]


def amazon_carrier_code(carrier: str) -> str:
    return _codes(carrier)[1]


def shopify_tracking_company(carrier: str) -> str:
    """Shopify's name for the carrier. A carrier not on its list keeps the distributor's
    name: Shopify shows it to the buyer as given, without a tracking link."""
    return _codes(carrier)[2] or carrier.strip() or OTHER


def _codes(carrier: str) -> tuple[str, str, str]:
    # "UPS Ground" or "FedEx Home Delivery" name a service of a known carrier: its first word.
    words = carrier.split()
    for name in (carrier, words[0] if words else ""):
        codes = CARRIER_CODES.get(re.sub(r"[^a-z]", "", name.lower()))
        if codes:
            return codes
    return OTHER, OTHER, ""
