"""Which SKU a purchase-order line's identifiers point to."""

import pytest

from skurules.decisions import SkuIndex, SkuKeys, match_sku

INDEX = SkuIndex([
    SkuKeys(sku="ABC-1", asin="B0ABC00001", ean="4006381333931", upc=""),
    SkuKeys(sku="UPC-2", asin="B0UPC00002", ean="", upc="028877454078"),
    SkuKeys(sku="EAN14-3", asin="", ean="00012345678905", upc=""),
    SkuKeys(sku="4006381333931", asin="", ean="", upc=""),  # a SKU code that looks like an EAN
    SkuKeys(sku="NOIDS-4", asin="", ean="", upc=""),
])


@pytest.mark.parametrize(("vendor_id", "asin", "expected"), [
    pytest.param("ABC-1", "", "ABC-1", id="vendor-id-as-our-sku-code"),
    pytest.param(" ABC-1 ", "", "ABC-1", id="surrounding-spaces-ignored"),
    pytest.param("4006381333931", "", "4006381333931", id="sku-code-wins-over-an-ean"),
    pytest.param("0028877454078", "", "UPC-2", id="ean13-spelling-of-a-stored-upc"),
    pytest.param("00028877454078", "", "UPC-2", id="gtin14-spelling-of-a-stored-upc"),
    pytest.param("028877454078", "", "UPC-2", id="upc-as-stored"),
    pytest.param("012345678905", "", "EAN14-3", id="upc-spelling-of-a-stored-gtin14"),
    pytest.param("", "B0UPC00002", "UPC-2", id="asin-when-no-vendor-id"),
    pytest.param("unknown-vendor-id", "b0abc00001", "ABC-1", id="asin-fallback-any-case"),
    pytest.param("unknown", "B0NOTFOUND", None, id="no-match"),
    pytest.param("", "", None, id="empty-identifiers-never-match"),
    pytest.param("   ", " ", None, id="blank-identifiers-never-match"),
])
def test_match_sku(vendor_id, asin, expected):
    assert match_sku(vendor_id, asin, INDEX) == expected


def test_an_ean_match_beats_a_upc_match_of_another_sku():
    index = SkuIndex([SkuKeys("BY-UPC", "", "", "028877454078"),
                      SkuKeys("BY-EAN", "", "0028877454078", "")])
    assert match_sku("028877454078", "", index) == "BY-EAN"


def test_when_two_skus_share_an_ean_the_first_sku_code_wins():
    index = SkuIndex([SkuKeys("B-2", "", "4006381333931", ""),
                      SkuKeys("A-1", "", "4006381333931", "")])
    assert match_sku("4006381333931", "", index) == "A-1"


def test_the_vendor_id_wins_over_the_asin():
    assert match_sku("ABC-1", "B0UPC00002", INDEX) == "ABC-1"
