from decimal import Decimal

import pytest

from edi.models import EdiStandard
from sandbox.catalog import DEMO_VENDOR_CODE
from skurules.models import AutoConfirmRule, Sku
from tests.edi.codec.oracles import fixture
from tests.factories import EdiPartnerFactory, VendorAccountFactory

X12_850 = "synthetic/SYNTHETIC_amazon_style_850_3lines.x12"
ORDERS = "synthetic/SYNTHETIC_amazon_style_ORDERS_D96A_3lines.edi"
MALFORMED_850 = "synthetic/SYNTHETIC_MALFORMED_850.x12"


@pytest.fixture
def demo_account(db):
    return VendorAccountFactory(code=DEMO_VENDOR_CODE, selling_party_id=DEMO_VENDOR_CODE)


@pytest.fixture
def x12_partner(db):
    return EdiPartnerFactory(code="AMAZONUS")


@pytest.fixture
def edifact_partner(db):
    return EdiPartnerFactory(code="AMAZONEU", standard=EdiStandard.EDIFACT_D96A,
                             partner_qualifier="14", partner_id="2000000001005",
                             our_qualifier="14", our_id="2000000002002")


@pytest.fixture
def fixture_skus(db):
    """The three products of the synthetic order files, stocked, each with an enabled rule."""
    for sku, asin, ean, upc in (("SYN-1", "B0SYNTH001", "2000000000015", ""),
                                ("SYN-2", "B0SYNTH002", "", "200000000028"),
                                ("SYN-3", "B0SYNTH003", "", "")):
        row = Sku.objects.create(sku=sku, asin=asin, ean=ean, upc=upc, on_hand=100)
        AutoConfirmRule.objects.create(sku=row, min_cost=Decimal("1.00"))


def x12_850_bytes() -> bytes:
    return fixture(X12_850)
