import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from config import roles
from tests.factories import CartFactory, DistributorFactory, UserFactory

pytestmark = pytest.mark.django_db


def user_in(role: str):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=role))
    return user


def test_the_migration_creates_every_role():
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ROLE_PERMISSIONS)


@pytest.mark.parametrize("role", [roles.ADMINISTRATOR, roles.OPERATIONS, roles.PUNCHOUT_USER,
                                  roles.APPROVER])
def test_only_technical_administrators_manage_credentials(role):
    assert not user_in(role).has_perm("distributors.manage_distributor_credentials")
    assert user_in(roles.TECHNICAL_ADMINISTRATOR).has_perm(
        "distributors.manage_distributor_credentials")


def test_operations_see_a_distributor_without_its_credentials(client):
    distributor = DistributorFactory(api_key="top-secret", account_number="DEALER-77",
                                     api_base_url="https://api.example.com/")
    client.force_login(user_in(roles.OPERATIONS))
    page = client.get(reverse("admin:distributors_distributor_change", args=[distributor.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert distributor.name in html
    assert "DEALER-77" not in html
    assert 'name="api_key"' not in html
    assert "api.example.com" not in html


def test_technical_administrators_see_the_credential_fields(client):
    distributor = DistributorFactory(account_number="DEALER-77")
    client.force_login(user_in(roles.TECHNICAL_ADMINISTRATOR))
    html = client.get(reverse("admin:distributors_distributor_change",
                              args=[distributor.pk])).content.decode()
    assert "DEALER-77" in html
    assert 'name="api_key"' in html


def test_approvers_approve_carts_but_requisitioners_do_not():
    assert user_in(roles.APPROVER).has_perm("punchout.approve_cart")
    assert not user_in(roles.PUNCHOUT_USER).has_perm("punchout.approve_cart")


def test_punchout_users_cannot_open_purchase_orders(client):
    client.force_login(user_in(roles.PUNCHOUT_USER))
    assert client.get(reverse("admin:orders_purchaseorder_changelist")).status_code == 403
    assert client.get(reverse("admin:punchout_cart_changelist")).status_code == 200


def test_operations_cannot_change_carts(client):
    cart = CartFactory()
    client.force_login(user_in(roles.OPERATIONS))
    assert client.get(reverse("admin:punchout_cart_change", args=[cart.pk])).status_code == 403


def test_role_patterns_exclude_after_including():
    assert roles.role_grants(roles.ADMINISTRATOR, "orders.change_purchaseorder")
    assert not roles.role_grants(roles.ADMINISTRATOR, "orders.manage_vendoraccount_credentials")
    assert not roles.role_grants(roles.OPERATIONS, "skurules.delete_sku")
