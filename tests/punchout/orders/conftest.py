"""An Amazon-like supplier, the procurement defaults and the approved cart of fixture 07."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from lxml import etree

from config import roles
from punchout.models import Cart, CartStatus, ProcurementOrder, ProcurementSettings, Supplier
from punchout.services.orders import order_place
from tests.factories import (
    AddressFactory,
    CartFactory,
    CartLineFactory,
    SupplierFactory,
    UserFactory,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CXML = FIXTURES / "synthetic" / "cxml"
DTD_DIR = Path(settings.BASE_DIR) / "sandbox" / "fixtures" / "punchout" / "dtd"
FIXTURE_ORDER, FIXTURE_SECRET = "PO-2025-000042", "not-a-real-secret-0000"
SECRET = "sandbox-shared-secret"


def user_in(role: str, **fields):
    user = UserFactory(**fields)
    user.groups.add(Group.objects.get(name=role))
    return user


def dtd(name: str = "cXML-1.2.063.dtd") -> etree.DTD:
    return etree.DTD(str(DTD_DIR / name))


def fixture_document(name: str, *, order: str = FIXTURE_ORDER, secret: str = SECRET,
                     fixture_order: str = FIXTURE_ORDER) -> bytes:
    """A synthetic document from the supplier, about `order`, signed with `secret`."""
    text = (CXML / name).read_text(encoding="utf-8")
    return text.replace(fixture_order, order).replace(FIXTURE_SECRET, secret).encode("utf-8")


@pytest.fixture
def supplier(db) -> Supplier:
    return SupplierFactory(
        code="amazon-business", name="Amazon Business", from_domain="NetworkId",
        from_identity="BACKOFFICE-DEMO", to_domain="NetworkId", to_identity="Amazon",
        sender_domain="NetworkId", sender_identity="BACKOFFICE-DEMO", shared_secret=SECRET,
        order_url="http://127.0.0.1:9/punchout/order", extrinsics={"UniqueName": "demo"})


@pytest.fixture
def defaults(db) -> ProcurementSettings:
    settings_row, _ = ProcurementSettings.objects.get_or_create(pk=1)
    settings_row.bill_to = AddressFactory(code="bill-hq", name="ExampleCorp accounts payable",
                                          email="ap@example.com")
    settings_row.default_ship_to = AddressFactory(code="warehouse", name="Warehouse",
                                                  deliver_to="Receiving dock 2")
    settings_row.save()
    return settings_row


@pytest.fixture
def requisitioner(db):
    return user_in(roles.PUNCHOUT_USER, username="marie", first_name="Marie",
                   last_name="Durand", email="marie.durand@example.com")


@pytest.fixture
def approver(db):
    return user_in(roles.APPROVER, username="alan", first_name="Alan", last_name="Approver")


@pytest.fixture
def approved_cart(supplier, requisitioner) -> Cart:
    cart = CartFactory(supplier=supplier, requisitioner=requisitioner,
                       status=CartStatus.APPROVED, currency="EUR", total=Decimal("187.38"))
    for number, part, quantity, price, unit, unspsc, description in (
            (1, "B0EXAMPLE01", "2", "54.90", "EA", "43211902", 'Moniteur 24" IPS'),
            (2, "B0EXAMPLE02", "10", "4.25", "PK", "14111507", "Ramette papier A4"),
            (3, "B0EXAMPLE03", "1", "35.08", "PR", "56101504", "Bürostuhl-Armlehnen")):
        CartLineFactory(cart=cart, line_number=number, supplier_part_id=part,
                        supplier_part_auxiliary_id=f"SYNTH-AUX-7Q2W-000{number}",
                        quantity=Decimal(quantity), unit_price=Decimal(price), currency="EUR",
                        unit_of_measure=unit, unspsc=unspsc, description=description)
    return cart


@pytest.fixture
def order(approved_cart, defaults, approver) -> ProcurementOrder:
    return order_place(cart=approved_cart, actor=approver)
