import pytest
from django.apps import apps
from django.core.management import call_command

pytestmark = pytest.mark.django_db
DOMAIN_APPS = ["orders", "skurules", "distributors", "punchout", "edi"]
# Written only by the running system (pulls, sends), never by demo data.
SYSTEM_WRITTEN = {"orders.ApiPage", "orders.OutboxMessage", "orders.Shipment", "orders.ShipmentItem",
                  "orders.Invoice", "orders.InvoiceLine", "distributors.DropshipOrder",
                  "distributors.DropshipOrderLine", "distributors.DropshipTracking",
                  "punchout.PunchOutSession", "punchout.InboundDocument", "punchout.ShipNotice",
                  "punchout.ShipNoticeLine", "punchout.SupplierInvoice",
                  "punchout.SupplierInvoiceLine"}


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count()
            for app in DOMAIN_APPS for model in apps.get_app_config(app).get_models()}


def test_seed_demo_is_idempotent_and_prints_a_working_login(client, capsys):
    call_command("seed_demo", password="demo-pass-123")
    first = row_counts()
    call_command("seed_demo", password="demo-pass-123")
    assert row_counts() == first
    assert [label for label, n in first.items() if not n and label not in SYSTEM_WRITTEN] == []
    assert "user: admin  password: demo-pass-123" in capsys.readouterr().out
    assert client.login(username="admin", password="demo-pass-123")
    assert client.get("/admin/").status_code == 200


def test_every_demo_role_user_can_log_into_the_admin(client):
    call_command("seed_demo", password="demo-pass-123")
    for username in ["operations", "approver", "buyer", "techadmin", "manager"]:
        assert client.login(username=username, password="demo-pass-123")
        assert client.get("/admin/").status_code == 200
