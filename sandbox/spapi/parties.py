"""Where simulated purchase orders ship to and who Amazon invoices from.

Fulfillment-center codes and addresses follow real Amazon sites so that the demo reads true;
SP-API itself sends only the code in shipToParty.partyId, the address is optional there.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Party:
    party_id: str
    name: str
    address_line1: str
    city: str
    postal_code: str
    country_code: str
    state_or_region: str = ""
    vat_number: str = ""

    def identification(self) -> dict:
        """This party as the model's PartyIdentification."""
        identification = {"partyId": self.party_id, "address": self._address()}
        if self.vat_number:
            identification["taxInfo"] = {
                "taxRegistrationType": "VAT",
                "taxRegistrationNumber": self.vat_number,
            }
        return identification

    def _address(self) -> dict:
        address = {
            "name": self.name,
            "addressLine1": self.address_line1,
            "city": self.city,
            "postalCode": self.postal_code,
            "countryCode": self.country_code,
        }
        if self.state_or_region:
            address["stateOrRegion"] = self.state_or_region
        return address


@dataclass(frozen=True)
class FulfillmentCenter:
    party: Party
    currency: str
    bill_to: Party


AMAZON_US_BILLING = Party(
    party_id="AMZN_US",
    name="Amazon.com Services LLC",
    address_line1="PO Box 80387",
    city="Seattle",
    state_or_region="WA",
    postal_code="98108",
    country_code="US",
)
AMAZON_EU_BILLING = Party(
    party_id="AMZN_EU",
    name="Amazon EU S.à r.l.",
    address_line1="38 Avenue John F. Kennedy",
    city="Luxembourg",
    postal_code="1855",
    country_code="LU",
    vat_number="LU20260743",
)


def _us_center(
    code: str, address_line1: str, city: str, state: str, postal_code: str
) -> FulfillmentCenter:
    party = Party(
        party_id=code,
        name=f"Amazon.com Services LLC {code}",
        address_line1=address_line1,
        city=city,
        state_or_region=state,
        postal_code=postal_code,
        country_code="US",
    )
    return FulfillmentCenter(party=party, currency="USD", bill_to=AMAZON_US_BILLING)


FULFILLMENT_CENTERS: tuple[FulfillmentCenter, ...] = (
    _us_center("ABE8", "401 Independence Road", "Florence", "NJ", "08518"),
    _us_center("PHX7", "800 N 75th Avenue", "Phoenix", "AZ", "85043"),
    _us_center("MDW2", "250 Emerald Drive", "Joliet", "IL", "60433"),
    _us_center("ONT8", "24208 San Michele Road", "Moreno Valley", "CA", "92551"),
    FulfillmentCenter(
        party=Party(
            party_id="FRA7",
            name="Amazon EU S.à r.l., Niederlassung Deutschland FRA7",
            address_line1="Amazonstraße 1",
            city="Frankenthal (Pfalz)",
            postal_code="67227",
            country_code="DE",
        ),
        currency="EUR",
        bill_to=AMAZON_EU_BILLING,
    ),
)


# Where the demo vendor ships from (shipFromParty of its shipments).
VENDOR_WAREHOUSE = Party(
    party_id="DEMO1-RNO1",
    name="Alder & Ember Fulfillment",
    address_line1="1200 Industrial Parkway",
    city="Reno",
    state_or_region="NV",
    postal_code="89502",
    country_code="US",
)
