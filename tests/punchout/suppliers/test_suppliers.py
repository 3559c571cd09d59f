import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse

from config import roles
from punchout.models import DeploymentMode, Supplier, SupplierPreset
from punchout.services.suppliers import supplier_activate, supplier_preset_apply
from tests.factories import SupplierFactory, UserFactory

pytestmark = pytest.mark.django_db


def user_in(role: str):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def test_a_new_supplier_starts_in_test_mode():
    assert SupplierFactory().deployment_mode == DeploymentMode.TEST


def test_the_amazon_preset_fills_what_staff_left_empty():
    supplier = Supplier(code="ab", name="Amazon Business", preset=SupplierPreset.AMAZON_BUSINESS,
                        from_identity="PunchoutGroup123")
    supplier_preset_apply(supplier=supplier)
    assert (supplier.to_identity, supplier.from_domain) == ("Amazon", "NetworkId")
    assert supplier.setup_url == "https://abintegrations.amazon.com/punchout/test"
    assert ".amazon.com" in supplier.allowed_hosts
    assert supplier.from_identity == "PunchoutGroup123"


def test_the_preset_keeps_what_staff_typed():
    supplier = Supplier(code="ab", name="AB", preset=SupplierPreset.AMAZON_BUSINESS,
                        setup_url="https://abintegrations.amazon.de/punchout")
    supplier_preset_apply(supplier=supplier)
    assert supplier.setup_url == "https://abintegrations.amazon.de/punchout"


def test_activation_is_one_way():
    supplier = SupplierFactory(order_url="https://supplier.example.com/order")
    activated = supplier_activate(supplier=supplier)
    assert activated.deployment_mode == DeploymentMode.ACTIVE
    assert activated.activated_at is not None
    with pytest.raises(ValidationError, match="already Active"):
        supplier_activate(supplier=activated)


def test_a_supplier_without_an_order_url_cannot_go_active():
    supplier = SupplierFactory(order_url="")
    with pytest.raises(ValidationError, match="order URL"):
        supplier_activate(supplier=supplier)
    supplier.refresh_from_db()
    assert supplier.deployment_mode == DeploymentMode.TEST


def test_the_admin_asks_for_confirmation_before_activating(client):
    supplier = SupplierFactory(order_url="https://supplier.example.com/order")
    client.force_login(user_in(roles.ADMINISTRATOR))
    url = reverse("admin:punchout_supplier_activate", args=[supplier.pk])
    page = client.get(url)
    assert "cannot switch the supplier back to Test" in page.content.decode()
    supplier.refresh_from_db()
    assert supplier.deployment_mode == DeploymentMode.TEST
    client.post(url)
    supplier.refresh_from_db()
    assert supplier.deployment_mode == DeploymentMode.ACTIVE


def test_the_mode_cannot_be_edited_back_in_the_form(client):
    supplier = SupplierFactory(deployment_mode=DeploymentMode.ACTIVE)
    client.force_login(user_in(roles.TECHNICAL_ADMINISTRATOR))
    page = client.get(reverse("admin:punchout_supplier_change", args=[supplier.pk]))
    assert 'name="deployment_mode"' not in page.content.decode()


def test_approvers_cannot_activate(client):
    supplier = SupplierFactory(order_url="https://supplier.example.com/order")
    client.force_login(user_in(roles.APPROVER))
    assert client.post(reverse("admin:punchout_supplier_activate",
                               args=[supplier.pk])).status_code == 403
