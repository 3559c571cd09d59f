"""A powersports SKU carried by three distributors, each pointed at its simulator."""

from collections.abc import Iterator
from decimal import Decimal

import pytest

from distributors.models import DistributorItem, Warehouse
from orders.models import SalesChannel, SalesOrder, SalesOrderLine
from sandbox.distributors.catalog import BASE_PATHS, CREDENTIALS
from sandbox.distributors.state import simulators_reset
from sandbox.marketplaces.pushes import pushes_reset
from tests.factories import DistributorFactory, SkuFactory


@pytest.fixture(autouse=True)
def _fresh_simulators() -> Iterator[None]:
    simulators_reset()
    pushes_reset()
    yield
    simulators_reset()


@pytest.fixture
def oil_filter(db):
    return SkuFactory(sku="HF-HF204", ean="", upc="", manufacturer_part_number="HF204",
                      on_hand=0, allocated=0)


def distributor_on_simulator(sandbox_url, kind, code, name, **values):
    return DistributorFactory(code=code, name=name, kind=kind,
                              api_base_url=f"{sandbox_url}/{BASE_PATHS[kind]}",
                              **CREDENTIALS[kind], **values)


def carried(distributor, warehouse, part, cost, quantity, sku, lead_time=1):
    warehouse, _ = Warehouse.objects.get_or_create(
        distributor=distributor, code=warehouse, defaults={"lead_time_days": lead_time})
    return DistributorItem.objects.create(warehouse=warehouse, part_number=part, sku=sku,
                                          cost=Decimal(cost), quantity=quantity)


@pytest.fixture
def three_distributors(sandbox_url, oil_filter):
    """Parts Unlimited is cheapest (7.02), then WPS (7.41), then Automatic (7.60)."""
    wps = distributor_on_simulator(sandbox_url, "wps", "wps", "Western Power Sports",
                                   tax_id="12-3456789")
    pu = distributor_on_simulator(sandbox_url, "parts_unlimited", "pu", "Parts Unlimited")
    automatic = distributor_on_simulator(sandbox_url, "automatic", "ad", "Automatic")
    return {"wps": carried(wps, "GA", "87-9204", "7.41", 9, oil_filter),
            "pu": carried(pu, "WI", "07120999", "7.02", 12, oil_filter),
            "automatic": carried(automatic, "1", "HFF-HF204", "7.60", 14, oil_filter)}


@pytest.fixture
def sales_order(oil_filter):
    order = SalesOrder.objects.create(
        channel=SalesChannel.EBAY, marketplace_order_id="12-34567-89012",
        ship_name="Jane Rider", ship_address1="12 Main St", ship_city="Boise",
        ship_state="ID", ship_postal_code="83702", ship_phone="208-555-0100",
        ship_email="jane@example.com")
    SalesOrderLine.objects.create(order=order, line_id="10000000000000", sku=oil_filter,
                                  sku_code="HF-HF204", title="Oil filter", quantity=2)
    return order
