from decimal import Decimal
from pathlib import Path

import pytest

from distributors.models import Feed, FeedLayout
from tests.factories import DistributorFactory

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
WPS_FILE = FIXTURES / "wps_items_inventory_synthetic.csv"
PU_FILE = FIXTURES / "pu_pricefile_synthetic.csv"
AUTOMATIC_FILE = FIXTURES / "autodist_price_inventory_synthetic.csv"
COLUMNS = {"part_number": "Item", "quantity": "Qty", "cost": "Cost", "warehouse": "Location",
           "mpn": "MPN", "upc": "UPC"}


@pytest.fixture
def wps_feed(db) -> Feed:
    return Feed.objects.create(distributor=DistributorFactory(code="wps", kind="wps"),
                               name="items", layout=FeedLayout.WPS)


@pytest.fixture
def columns_feed(db) -> Feed:
    return Feed.objects.create(distributor=DistributorFactory(code="acme", kind="file",
                                                              dropship_fee=Decimal("2.50")),
                               name="stock", layout=FeedLayout.COLUMNS, column_map=COLUMNS)


def write_csv(tmp_path: Path, lines: list[str], name: str = "feed.csv",
              encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


HEADER = "Item,MPN,UPC,Cost,Qty,Location"
