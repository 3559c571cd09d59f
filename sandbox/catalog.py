"""The demo vendor's catalogue: what the simulated partners order and what `seed_demo` stocks.

Plain data on purpose, so that config's seed command can create matching SKU rows without
importing anything else from the sandbox. Identifiers are made up but well-formed: ASINs are
10 characters starting with B0, EANs are GTIN-13 with a valid check digit.
"""

from dataclasses import dataclass
from decimal import Decimal

# The vendor code Amazon puts in sellingParty.partyId of every simulated purchase order.
DEMO_VENDOR_CODE = "DEMO1"
DEMO_BRAND = "Alder & Ember"


@dataclass(frozen=True)
class DemoProduct:
    sku: str
    asin: str
    ean: str
    title: str
    net_cost: Decimal
    list_price: Decimal
    case_size: int


DEMO_CATALOG: list[DemoProduct] = [
    DemoProduct(
        sku="AE-CI-SKL10",
        asin="B0C098QOW3",
        ean="0850031041004",
        title="Alder & Ember Pre-Seasoned Cast Iron Skillet, 10 inch",
        net_cost=Decimal("18.40"),
        list_price=Decimal("34.99"),
        case_size=6,
    ),
    DemoProduct(
        sku="AE-CI-DO5Q",
        asin="B0D138LKPP",
        ean="0850031041073",
        title="Alder & Ember Cast Iron Dutch Oven with Lid, 5 qt",
        net_cost=Decimal("32.75"),
        list_price=Decimal("64.99"),
        case_size=2,
    ),
    DemoProduct(
        sku="AE-CB-TEAK18",
        asin="B0D7LT0TPC",
        ean="0850031041141",
        title="Alder & Ember End-Grain Teak Cutting Board, 18 x 12 inch",
        net_cost=Decimal("24.10"),
        list_price=Decimal("49.99"),
        case_size=4,
    ),
    DemoProduct(
        sku="AE-KN-CHEF8",
        asin="B0C7R3DCC9",
        ean="0850031041219",
        title="Alder & Ember Forged Chef's Knife, 8 inch",
        net_cost=Decimal("21.60"),
        list_price=Decimal("44.99"),
        case_size=6,
    ),
    DemoProduct(
        sku="AE-UT-ACA5",
        asin="B0CQJZDJTM",
        ean="0850031041288",
        title="Alder & Ember Acacia Wood Utensil Set, 5 pieces",
        net_cost=Decimal("7.85"),
        list_price=Decimal("19.99"),
        case_size=12,
    ),
    DemoProduct(
        sku="AE-SP-GRND2",
        asin="B0DKP18A28",
        ean="0850031041356",
        title="Alder & Ember Salt and Pepper Grinder Set, Walnut",
        net_cost=Decimal("9.20"),
        list_price=Decimal("22.99"),
        case_size=12,
    ),
    DemoProduct(
        sku="AE-CP-KET12",
        asin="B0CDGU5COP",
        ean="0850031041424",
        title="Alder & Ember Stainless Steel Camp Kettle, 1.2 L",
        net_cost=Decimal("11.30"),
        list_price=Decimal("27.99"),
        case_size=8,
    ),
    DemoProduct(
        sku="AE-CP-STOVE",
        asin="B0CL6Q5DZN",
        ean="0850031041493",
        title="Alder & Ember Ultralight Titanium Camp Stove",
        net_cost=Decimal("19.75"),
        list_price=Decimal("42.99"),
        case_size=10,
    ),
    DemoProduct(
        sku="AE-CP-MUG4",
        asin="B0COUR81B9",
        ean="0850031041561",
        title="Alder & Ember Insulated Camp Mugs, 12 oz, Set of 4",
        net_cost=Decimal("13.40"),
        list_price=Decimal("29.99"),
        case_size=6,
    ),
    DemoProduct(
        sku="AE-GR-TONG16",
        asin="B0CWKP7HVN",
        ean="0850031041639",
        title="Alder & Ember Locking Grill Tongs, 16 inch",
        net_cost=Decimal("5.90"),
        list_price=Decimal("14.99"),
        case_size=24,
    ),
    DemoProduct(
        sku="AE-GR-BRUSH",
        asin="B0C98K9LWE",
        ean="0850031041707",
        title="Alder & Ember Bristle-Free Grill Brush",
        net_cost=Decimal("6.45"),
        list_price=Decimal("16.99"),
        case_size=24,
    ),
    DemoProduct(
        sku="AE-LT-LANT",
        asin="B0CZ4HRU55",
        ean="0850031041776",
        title="Alder & Ember Rechargeable LED Camp Lantern",
        net_cost=Decimal("14.80"),
        list_price=Decimal("34.99"),
        case_size=8,
    ),
]
