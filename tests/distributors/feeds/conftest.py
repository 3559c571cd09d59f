from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from distributors.models import Feed, FeedLayout, FeedSource
from distributors.services import feed_api
from distributors.services.feed_api import FetchLimits
from sandbox.distributors.catalog import (
    BASE_PATHS,
    CREDENTIALS,
    PORTAL_CREDENTIALS,
    PU_PORTAL_BASE_PATH,
)
from sandbox.distributors.state import simulators_reset
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


# Fetching from the distributors' file APIs, against their simulators on the live server:
# retries and polls stay real but wait milliseconds.
FAST = FetchLimits(timeout=5, max_attempts=4, retry_base_seconds=0.001, poll_seconds=0.001,
                   max_polls=5)


@pytest.fixture
def file_apis(monkeypatch, sandbox_url) -> Iterator[str]:
    """Fresh simulators, fetches with short waits; yields the sandbox's URL."""
    monkeypatch.setattr(feed_api, "LIMITS", FAST)
    simulators_reset()
    yield sandbox_url
    simulators_reset()


@pytest.fixture
def wps_api_feed(file_apis) -> Feed:
    distributor = DistributorFactory(code="wps", name="WPS", kind="wps",
                                     api_base_url=f"{file_apis}/{BASE_PATHS['wps']}",
                                     **CREDENTIALS["wps"])
    return Feed.objects.create(distributor=distributor, name="dealer pricing",
                               layout=FeedLayout.WPS, source=FeedSource.API)


@pytest.fixture
def pu_api_feed(file_apis) -> Feed:
    distributor = DistributorFactory(
        code="pu", name="Parts Unlimited", kind="parts_unlimited",
        api_base_url=f"{file_apis}/{BASE_PATHS['parts_unlimited']}",
        portal_base_url=f"{file_apis}/{PU_PORTAL_BASE_PATH}",
        **CREDENTIALS["parts_unlimited"], **PORTAL_CREDENTIALS)
    return Feed.objects.create(distributor=distributor, name="price file",
                               layout=FeedLayout.PARTS_UNLIMITED, source=FeedSource.API)
