"""The spreadsheet pages of the admin: import, reprocess, downloads and header maps."""

import html

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from edi.models import Interchange, InterchangeStatus, SpreadsheetHeaderMap
from edi.services.spreadsheets import spreadsheet_receive
from orders.models import PurchaseOrder
from orders.services.deciding import purchase_orders_decide
from tests.edi.spreadsheet.files import EN_HEADER, SKILLET, csv_bytes, csv_rows, en_rows, row
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:edi_interchange_import_spreadsheet")
CHANGELIST = reverse("admin:edi_interchange_changelist")


def upload(content: bytes, name: str = "orders.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def staff_with(*codenames: str):
    user = UserFactory()
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="edi",
                                                         codename__in=codenames))
    return user


def test_the_changelist_links_to_the_import_page(admin_client):
    assert IMPORT_URL in admin_client.get(CHANGELIST).content.decode()


def test_an_upload_imports_and_opens_the_interchange(admin_client, account):
    response = admin_client.post(IMPORT_URL, {
        "account": account.pk, "file": upload(csv_bytes([EN_HEADER, *en_rows()]))}, follow=True)
    interchange = Interchange.objects.get()
    assert response.redirect_chain == [
        (reverse("admin:edi_interchange_change", args=[interchange.pk]), 302)]
    assert interchange.status == InterchangeStatus.IMPORTED
    assert ("Imported: Account DEMO1, English headers: 2 new, 0 changed, 0 unchanged purchase "
            "orders, 3 lines.") in page_text(response)


def test_without_an_account_the_files_vendor_code_chooses_it(admin_client, account):
    admin_client.post(IMPORT_URL, {"file": upload(csv_bytes([EN_HEADER, *en_rows()]))})
    assert set(PurchaseOrder.objects.values_list("account", flat=True)) == {account.pk}


def test_an_upload_with_errors_lists_them_and_keeps_the_file(admin_client, account):
    response = admin_client.post(IMPORT_URL, {"account": account.pk, "file": upload(
        csv_bytes([EN_HEADER, row("1", SKILLET, "ten")]))})
    text = page_text(response)
    interchange = Interchange.objects.get()
    assert response.status_code == 200
    assert "<li>Row 2, column 'Quantity Requested': 'ten' is not a whole number.</li>" in text
    assert f"The file is kept as interchange #{interchange.pk}" in text
    assert interchange.status == InterchangeStatus.ERROR
    assert not PurchaseOrder.objects.exists()


def test_an_upload_of_a_file_received_before_warns(admin_client, account):
    content = csv_bytes([EN_HEADER, *en_rows()])
    first = spreadsheet_receive(account=account, file_name="orders.csv", content=content)
    response = admin_client.post(IMPORT_URL, {"account": account.pk, "file": upload(content)},
                                 follow=True)
    assert (f"The same file was received before (interchange #{first.pk}, Imported); nothing "
            "was imported.") in page_text(response)


def test_import_needs_the_change_permission(client, account):
    client.force_login(staff_with("view_interchange"))
    assert client.get(IMPORT_URL).status_code == 403
    assert IMPORT_URL not in client.get(CHANGELIST).content.decode()


def test_the_reprocess_action_imports_a_fixed_file(admin_client, account):
    header = ["Qty" if label == "Quantity Requested" else label for label in EN_HEADER]
    failed = spreadsheet_receive(account=account, file_name="o.csv",
                                 content=csv_bytes([header, *en_rows()]))
    imported = spreadsheet_receive(account=account, file_name="p.csv",
                                   content=csv_bytes([EN_HEADER, row("9", SKILLET)]))
    english = SpreadsheetHeaderMap.objects.get(account=None, locale="en")
    english.headers["quantity_requested"].append("Qty")
    english.save()

    response = admin_client.post(CHANGELIST, {"action": "reprocess",
                                              "_selected_action": [failed.pk, imported.pk]},
                                 follow=True)

    text = page_text(response)
    assert "1 file imported." in text
    assert "1 selected file was skipped" in text
    failed.refresh_from_db()
    assert failed.status == InterchangeStatus.IMPORTED


def test_the_reprocess_action_reports_a_file_still_in_error(admin_client, account):
    failed = spreadsheet_receive(account=account, file_name="o.csv", content=b"")
    response = admin_client.post(CHANGELIST, {"action": "reprocess",
                                              "_selected_action": [failed.pk]}, follow=True)
    assert "Still not imported, o.csv: The file is empty." in page_text(response)


def test_viewers_cannot_reprocess(client, account):
    failed = spreadsheet_receive(account=account, file_name="o.csv", content=b"")
    client.force_login(staff_with("view_interchange"))
    client.post(CHANGELIST, {"action": "reprocess", "_selected_action": [failed.pk]})
    failed.refresh_from_db()
    assert failed.status == InterchangeStatus.ERROR


def test_viewers_download_the_raw_file_and_the_confirmation(client, account,
                                                            stocked_catalog):
    content = csv_bytes([EN_HEADER, *en_rows()])
    interchange = spreadsheet_receive(account=account, file_name="orders.csv", content=content)
    purchase_orders_decide(account=account)
    client.force_login(staff_with("view_interchange"))
    change = client.get(reverse("admin:edi_interchange_change", args=[interchange.pk]))
    raw_url = reverse("admin:edi_interchange_raw", args=[interchange.pk])
    confirmation_url = reverse("admin:edi_interchange_confirmation", args=[interchange.pk])
    assert raw_url in change.content.decode()
    assert confirmation_url in change.content.decode()

    raw = client.get(raw_url)
    assert raw.content == content
    assert raw["Content-Disposition"] == 'attachment; filename="orders.csv"'
    confirmation = client.get(confirmation_url)
    assert confirmation["Content-Disposition"] == \
        'attachment; filename="orders-confirmation.csv"'
    assert [r[12] for r in csv_rows(confirmation.content)[1:]] == ["10", "4", "6"]


def test_the_change_page_names_orders_not_decided_yet(admin_client, account):
    interchange = spreadsheet_receive(account=account, file_name="orders.csv",
                                      content=csv_bytes([EN_HEADER, *en_rows()]))
    page = page_text(admin_client.get(reverse("admin:edi_interchange_change",
                                              args=[interchange.pk])))
    assert "Not decided yet (blank in the confirmation): 4A7B9C2D, 5B8C1D3E." in page


def test_a_file_in_error_offers_no_confirmation(admin_client, account):
    failed = spreadsheet_receive(account=account, file_name="o.csv", content=b"")
    change_url = reverse("admin:edi_interchange_change", args=[failed.pk])
    confirmation_url = reverse("admin:edi_interchange_confirmation", args=[failed.pk])
    assert confirmation_url not in admin_client.get(change_url).content.decode()
    response = admin_client.get(confirmation_url, follow=True)
    assert response.redirect_chain == [(change_url, 302)]
    assert "The file o.csv was not imported, so there is nothing to confirm." in (
        page_text(response))


def test_downloads_need_the_view_permission(client, account):
    interchange = spreadsheet_receive(account=account, file_name="o.csv", content=b"x")
    client.force_login(UserFactory())
    assert client.get(reverse("admin:edi_interchange_raw",
                              args=[interchange.pk])).status_code == 403


def test_a_header_map_is_edited_one_header_per_line(admin_client):
    header_map = SpreadsheetHeaderMap.objects.get(account=None, locale="en")
    url = reverse("admin:edi_spreadsheetheadermap_change", args=[header_map.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data["headers_quantity_requested"] = "Quantity Requested\r\n  Qty ordered \r\n\r\n"

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    header_map.refresh_from_db()
    assert header_map.headers["quantity_requested"] == ["Quantity Requested", "Qty ordered"]
    assert header_map.headers["po_number"][0] == "PO"
    assert header_map.availability_labels["AC"] == "AC - Accepted: In stock"


def test_a_header_used_for_two_fields_is_refused(admin_client):
    header_map = SpreadsheetHeaderMap.objects.get(account=None, locale="en")
    url = reverse("admin:edi_spreadsheetheadermap_change", args=[header_map.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data["headers_title"] = "asin"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "'asin' is also a header of the ASIN." in page_text(response)


def test_a_second_default_map_for_a_language_is_refused(admin_client):
    add = reverse("admin:edi_spreadsheetheadermap_add")
    form = admin_client.get(add).context["adminform"].form
    data = dict.fromkeys(form.fields, "") | {
        "locale": "en", "headers_po_number": "PO", "headers_asin": "ASIN",
        "headers_quantity_requested": "Qty", "headers_unit_cost": "Cost",
        "headers_accepted_quantity": "Accepted"}
    response = admin_client.post(add, data)
    assert response.status_code == 200
    assert SpreadsheetHeaderMap.objects.filter(account=None, locale="en").count() == 1
