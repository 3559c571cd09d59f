"""What the simulated distributors stock and whom they let in.

Plain data on purpose, like sandbox.catalog: a demo seed can create matching Distributor rows
(kind, credentials, base URL under /sandbox/) without importing the simulators.
"""

from dataclasses import dataclass, field
from decimal import Decimal

WPS_TOKEN = "wps-sandbox-token"
PU_DEALER_NUMBER = "SBX100"
PU_API_KEY = "SBX0001-SBX0002-SBX0003-SBX0004"
TUCKER_CUSTOMER_NUMBER = "555100"
TUCKER_API_KEY = "tucker-sandbox-key"
AUTOMATIC_TOKEN = "autodist-sandbox-token"
# Parts Unlimited's dealer portal, where the price file comes from (a login, not the API key).
PU_PORTAL_USERNAME = "sandbox-buyer"
PU_PORTAL_PASSWORD = "sandbox-portal-password"

# Where each simulator answers, below the sandbox's root URL.
BASE_PATHS = {"wps": "wps", "parts_unlimited": "pu/api", "tucker": "tucker",
              "automatic": "autodist"}
# The dealer portal beside PU's API, and what a Distributor needs to sign in to it.
PU_PORTAL_BASE_PATH = "pu/dealer/api"
PORTAL_CREDENTIALS = {"portal_username": PU_PORTAL_USERNAME,
                      "portal_password": PU_PORTAL_PASSWORD}
CREDENTIALS = {
    "wps": {"api_key": WPS_TOKEN, "account_number": ""},
    "parts_unlimited": {"api_key": PU_API_KEY, "account_number": PU_DEALER_NUMBER},
    "tucker": {"api_key": TUCKER_API_KEY, "account_number": TUCKER_CUSTOMER_NUMBER},
    "automatic": {"api_key": AUTOMATIC_TOKEN, "account_number": ""},
}


@dataclass(frozen=True)
class Part:
    part_number: str
    name: str
    cost: Decimal
    msrp: Decimal
    stock: dict[str, int] = field(default_factory=dict)  # by warehouse code


WPS_PARTS = [
    Part("87-9204", "Fly Racing Kinetic Gloves, black, L", Decimal("14.36"), Decimal("23.95"),
         {"CA": 9, "GA": 3, "ID": 9, "IN": 0, "PA": 2, "PA2": 0, "TX": 1}),
    Part("72-7044L", "Tusk Handguards, blue", Decimal("21.80"), Decimal("36.33"),
         {"CA": 1, "GA": 0, "ID": 4, "IN": 0, "PA": 0, "PA2": 0, "TX": 0}),
    Part("370-6402X", "Fly Racing Patrol Jersey, XL", Decimal("26.40"), Decimal("44.00"),
         {"CA": 0, "GA": 0, "ID": 0, "IN": 0, "PA": 0, "PA2": 0, "TX": 0}),
]
# The parts of the nightly feed fixtures (sandbox/fixtures/distributors), so that the demo's
# drop-ships of the feed's products are accepted.
WPS_PARTS += [
    Part("87-9981", "Spark Plug CR9E", Decimal("3.88"), Decimal("6.49"),
         {"CA": 0, "GA": 0, "ID": 0, "IN": 0, "PA": 0, "PA2": 6, "TX": 0}),
    Part("26-1187", "Brake Pad Set Sintered Front", Decimal("33.10"), Decimal("54.99"),
         {"CA": 0, "GA": 0, "ID": 0, "IN": 0, "PA": 0, "PA2": 0, "TX": 0}),
]
PU_PARTS = [
    Part("07120999", "HIFLO OIL FILTER HF204 BLACK", Decimal("7.02"), Decimal("12.95"),
         {"WI": 12, "NY": 10, "TX": 3, "NV": 0, "NC": 5}),
    Part("21130999", "BATTERY AGM YTX14-BS", Decimal("84.00"), Decimal("139.95"),
         {"WI": 4, "NY": 0, "TX": 7, "NV": 0, "NC": 0}),
    Part("0712-0999", "Moose Racing brake pads, organic", Decimal("7.02"), Decimal("11.95"),
         {"WI": 12, "NY": 4, "TX": 0, "NV": 7, "NC": 2}),
    Part("1401-1193", "Drag Specialties mirror, chrome", Decimal("38.10"), Decimal("64.95"),
         {"WI": 0, "NY": 1, "TX": 0, "NV": 0, "NC": 0}),
]
TUCKER_PARTS = [
    Part("101-2345", "Answer Racing AR1 Glove, M", Decimal("12.50"), Decimal("24.99"),
         {"FORT WORTH": 9, "LEWISVILLE": 4, "FRANKLIN": 0}),
    Part("650-1122", "Bikemaster Oil Filter", Decimal("4.10"), Decimal("8.95"),
         {"FORT WORTH": 2, "LEWISVILLE": 0, "FRANKLIN": 0}),
]
AUTOMATIC_PARTS = [
    Part("HFF-HF204", "Hiflofiltro oil filter HF204", Decimal("7.60"), Decimal("12.95"),
         {"1": 14, "2": 0, "3": 6}),
    Part("NGK-CR9E", "NGK spark plug CR9E", Decimal("3.79"), Decimal("6.49"),
         {"1": 0, "2": 40, "3": 12}),
    Part("EBC-FA196HH", "EBC brake pads FA196HH", Decimal("32.40"), Decimal("54.99"),
         {"1": 2, "2": 0, "3": 0}),
    Part("AD-55010", "Kimpex seat cover, black", Decimal("31.25"), Decimal("59.99"),
         {"1": 5, "2": 0, "3": 2}),
    Part("AD-55020", "Kimpex ski skag, pair", Decimal("18.75"), Decimal("35.99"),
         {"1": 0, "2": 8, "3": 0}),
]
PARTS = {"wps": WPS_PARTS, "parts_unlimited": PU_PARTS, "tucker": TUCKER_PARTS,
         "automatic": AUTOMATIC_PARTS}
