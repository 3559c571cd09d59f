"""Carrier names as the distributors report them, to each marketplace's carrier code."""

import pytest

from orders.marketplaces import marketplace_client
from orders.marketplaces.carriers import amazon_carrier_code, ebay_carrier_code


@pytest.mark.parametrize(("carrier", "ebay", "amazon"), [
    ("UPS", "UPS", "UPS"),
    ("FedEx", "FedEx", "FedEx"),
    ("USPS", "USPS", "USPS"),
    ("OnTrac", "OnTrac", "OnTrac"),
    ("DHL", "DHL", "DHL"),
    ("fed ex", "FedEx", "FedEx"),
    ("UPS Ground", "UPS", "UPS"),
    ("U.S.P.S.", "USPS", "USPS"),
    ("Estes Express", "Other", "Other"),
    ("", "Other", "Other"),
])
def test_carrier_names_become_marketplace_codes(carrier, ebay, amazon):
    assert (ebay_carrier_code(carrier), amazon_carrier_code(carrier)) == (ebay, amazon)


def test_an_unknown_channel_is_named_in_the_error():
    with pytest.raises(ValueError, match="Unknown marketplace channel 'etsy'; use one of: ebay"):
        marketplace_client("etsy", base_url="http://127.0.0.1:1")
