from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from config import roles
from punchout.models import Cart, CartStatus, ProcurementSettings
from tests.factories import (
    AddressFactory,
    ApprovalRuleFactory,
    CartFactory,
    CartLineFactory,
    DepartmentFactory,
    GroupFactory,
    UserFactory,
)


def user_in(*group_names: str, **fields) -> User:
    user = UserFactory(**fields)
    user.groups.add(*(Group.objects.get_or_create(name=name)[0] for name in group_names))
    return user


@dataclass
class People:
    requisitioner: User
    approver: User       # Finance and Purchasing
    colleague: User      # Finance
    purchaser: User      # Purchasing
    outsider: User       # an approver of no group a rule names


@pytest.fixture
def people(db) -> People:
    return People(
        requisitioner=user_in(roles.PUNCHOUT_USER, username="rita", first_name="Rita",
                              last_name="Requester"),
        approver=user_in(roles.APPROVER, "Finance", "Purchasing", username="alan",
                         first_name="Alan", last_name="Approver"),
        colleague=user_in(roles.APPROVER, "Finance", username="carla"),
        purchaser=user_in(roles.APPROVER, "Purchasing", username="pete"),
        outsider=user_in(roles.APPROVER, username="olga"),
    )


@pytest.fixture
def finance(people) -> Group:
    return GroupFactory(name="Finance")


@pytest.fixture
def purchasing(people) -> Group:
    return GroupFactory(name="Purchasing")


@pytest.fixture
def addresses(db) -> ProcurementSettings:
    """What placing an order needs: a bill-to and a default ship-to."""
    settings, _ = ProcurementSettings.objects.get_or_create(pk=1)
    settings.bill_to = AddressFactory(code="hq", name="Head office")
    settings.default_ship_to = AddressFactory(code="dock", name="Loading dock")
    settings.save()
    return settings


@pytest.fixture
def marketing(db):
    return DepartmentFactory(code="marketing", name="Marketing", cost_center="CC-100")


def returned_cart(*, requisitioner: User, total: str = "1240.00", unspsc: str = "43211503",
                  **fields) -> Cart:
    cart = CartFactory(requisitioner=requisitioner, status=CartStatus.RETURNED,
                       returned_at=timezone.now(), total=Decimal(total), **fields)
    CartLineFactory(cart=cart, line_number=1, quantity=Decimal("1"), unit_price=Decimal(total),
                    unspsc=unspsc, supplier_part_id="B0LAPTOP01",
                    supplier_part_auxiliary_id="aux-1")
    return cart


@pytest.fixture
def cart(people, marketing) -> Cart:
    return returned_cart(requisitioner=people.requisitioner, department=marketing)


@pytest.fixture
def two_checkpoints(finance, purchasing):
    """Finance above 1,000.00, then Purchasing for computers (UNSPSC 4321…)."""
    return [ApprovalRuleFactory(name="Finance", position=10, min_amount=Decimal("1000"),
                                approvers=finance),
            ApprovalRuleFactory(name="IT purchasing", position=20, unspsc_prefix="4321",
                                approvers=purchasing)]
