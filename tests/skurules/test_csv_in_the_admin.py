"""Import and export of the SKU CSV from the SKU list in the admin."""

import html

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from skurules.models import AutoConfirmRule, Sku
from tests.factories import AutoConfirmRuleFactory, SkuFactory, UserFactory

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:skurules_sku_import_csv")
EXPORT_URL = reverse("admin:skurules_sku_export_csv")
HEADER = "sku,asin,ean,title,on_hand,min_cost,min_inventory,auto_confirm"


def upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("skus.csv", text.encode("utf-8-sig"), content_type="text/csv")


def test_an_upload_imports_and_returns_to_the_list_with_the_summary(admin_client):
    response = admin_client.post(IMPORT_URL, {"file": upload(
        f"{HEADER}\nABC-1,,,Widget,7,8.25,2,true\n")}, follow=True)
    assert response.redirect_chain == [(reverse("admin:skurules_sku_changelist"), 302)]
    assert "Imported 1 rows: 1 SKUs created, 0 updated, 0 unchanged, 1 rules written" in (
        response.content.decode())
    rule = AutoConfirmRule.objects.get(sku__sku="ABC-1")
    assert rule.updated_by.username == "admin"


def test_an_upload_with_errors_lists_them_by_line_and_imports_nothing(admin_client):
    response = admin_client.post(IMPORT_URL, {"file": upload(
        f"{HEADER}\nABC-1,,,Widget,ten,,,\nABC-2,,,Gadget,3,,,\n")})
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "Nothing was imported: the file has 1 error." in page
    assert "<li>Line 2: on_hand 'ten' is not a whole number.</li>" in page
    assert not Sku.objects.exists()


def test_a_long_list_of_errors_is_cut_short(admin_client):
    lines = "\n".join(f"S{n},,,T,x,,," for n in range(250))
    response = admin_client.post(IMPORT_URL, {"file": upload(f"{HEADER}\n{lines}\n")})
    assert len(response.context["errors"]) == 200
    assert "… and 50 more errors." in response.content.decode()


def test_the_import_page_needs_permission_to_write_skus_and_rules(client):
    user = UserFactory()
    user.user_permissions.add(*Permission.objects.filter(
        codename__in=["view_sku", "add_sku", "change_sku"]))
    client.force_login(user)
    assert client.get(IMPORT_URL).status_code == 403


def test_export_downloads_every_sku_as_csv(admin_client):
    AutoConfirmRuleFactory(sku__sku="ABC-1", sku__title="Widget")
    SkuFactory(sku="ABC-2")
    response = admin_client.get(EXPORT_URL)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="skus-')
    lines = response.content.decode().splitlines()
    assert lines[0] == HEADER
    assert [line.split(",")[0] for line in lines[1:]] == ["ABC-1", "ABC-2"]


def test_the_export_action_downloads_the_selected_skus(admin_client):
    chosen, _ = SkuFactory(sku="ABC-1"), SkuFactory(sku="ABC-2")
    response = admin_client.post(reverse("admin:skurules_sku_changelist"), {
        "action": "export_selected_csv", "_selected_action": [chosen.pk]})
    lines = response.content.decode().splitlines()
    assert [line.split(",")[0] for line in lines] == ["sku", "ABC-1"]
