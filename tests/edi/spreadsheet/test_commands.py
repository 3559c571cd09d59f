"""manage.py vc_import_csv and vc_export_confirmation."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from edi.models import Interchange, InterchangeStatus
from orders.models import PurchaseOrder
from orders.services.deciding import purchase_orders_decide
from tests.edi.spreadsheet.files import (
    EN_HEADER,
    IT_HEADER,
    SKILLET,
    csv_bytes,
    csv_rows,
    en_rows,
    row,
    xlsx_bytes,
)
from tests.factories import VendorAccountFactory

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_finds_the_account_by_the_files_vendor_code(account, tmp_path):
    VendorAccountFactory(code="OTHER")
    path = tmp_path / "orders.csv"
    path.write_bytes(csv_bytes([EN_HEADER, *en_rows()]))

    out, _err = run("vc_import_csv", str(path))

    interchange = Interchange.objects.get()
    assert out == (f"{path}: 2 new, 0 changed, 0 unchanged purchase orders, 3 lines, English "
                   f"headers, account DEMO1 (interchange #{interchange.pk}).\n")
    assert interchange.file_name == "orders.csv"
    assert set(PurchaseOrder.objects.values_list("account__code", flat=True)) == {"DEMO1"}


def test_import_reads_excel_despite_its_name(italian_account, tmp_path):
    path = tmp_path / "ordini.xlsx"
    path.write_bytes(xlsx_bytes([IT_HEADER, row("1", SKILLET, 3, "18,40 €", vendor="DEMOIT")]))
    out, _err = run("vc_import_csv", str(path), "--account", "DEMOIT")
    assert "1 new, 0 changed, 0 unchanged purchase orders, 1 lines, Italian headers" in out


def test_the_same_file_twice_says_so_and_imports_nothing(account, tmp_path):
    path = tmp_path / "orders.csv"
    path.write_bytes(csv_bytes([EN_HEADER, *en_rows()]))
    run("vc_import_csv", str(path))
    out, _err = run("vc_import_csv", str(path))
    first = Interchange.objects.order_by("pk").first()
    assert f"already received as interchange #{first.pk}; nothing imported" in out
    assert PurchaseOrder.objects.count() == 2


def test_errors_go_to_stderr_one_per_line_and_fail(account, tmp_path):
    path = tmp_path / "orders.csv"
    path.write_bytes(csv_bytes([EN_HEADER, row("1", SKILLET, "ten"), row("1", SKILLET, "x")]))
    err = StringIO()
    with pytest.raises(CommandError, match=r"Nothing imported: 2 errors in .*orders.csv"):
        call_command("vc_import_csv", str(path), stderr=err)
    assert err.getvalue().splitlines() == [
        "Row 2, column 'Quantity Requested': 'ten' is not a whole number.",
        "Row 3, column 'Quantity Requested': 'x' is not a whole number."]
    assert Interchange.objects.get().status == InterchangeStatus.ERROR


def test_an_unknown_vendor_code_asks_for_the_account(db, tmp_path):
    path = tmp_path / "orders.csv"
    path.write_bytes(csv_bytes([EN_HEADER, *en_rows()]))
    with pytest.raises(CommandError, match="No vendor account has the vendor code DEMO1. "
                                           "Name the account with --account CODE."):
        run("vc_import_csv", str(path))
    assert not Interchange.objects.exists()


def test_several_vendor_codes_are_ambiguous(account, tmp_path):
    path = tmp_path / "orders.csv"
    path.write_bytes(csv_bytes([EN_HEADER, row("1", SKILLET), row("2", SKILLET, vendor="X")]))
    with pytest.raises(CommandError, match=r"several vendor codes \(DEMO1, X\)"):
        run("vc_import_csv", str(path))


def test_an_unknown_account_or_a_missing_file_fails(account, tmp_path):
    path = tmp_path / "orders.csv"
    path.write_bytes(csv_bytes([EN_HEADER, *en_rows()]))
    with pytest.raises(CommandError, match="No vendor account has the code NOPE"):
        run("vc_import_csv", str(path), "--account", "NOPE")
    with pytest.raises(CommandError, match="Cannot read"):
        run("vc_import_csv", str(tmp_path / "missing.csv"))


def test_export_writes_the_confirmation_and_lists_undecided_orders(account, stocked_catalog,
                                                                   tmp_path):
    source = tmp_path / "orders.csv"
    source.write_bytes(csv_bytes([EN_HEADER, *en_rows()]))
    run("vc_import_csv", str(source))
    interchange = Interchange.objects.get()
    out_path = tmp_path / "confirmation.csv"

    out, err = run("vc_export_confirmation", str(interchange.pk), "--out", str(out_path))
    assert "0 lines confirmed, 2 purchase orders not decided yet" in out
    assert err == "Not decided yet, left blank: 4A7B9C2D, 5B8C1D3E.\n"

    purchase_orders_decide(account=account)
    out, err = run("vc_export_confirmation", str(interchange.pk), "--out", str(out_path))
    assert out == f"{out_path}: 3 lines confirmed, 0 purchase orders not decided yet.\n"
    assert [r[12] for r in csv_rows(out_path.read_bytes())[1:]] == ["10", "4", "6"]


def test_export_of_an_unknown_interchange_fails(db, tmp_path):
    with pytest.raises(CommandError, match="No interchange has the id 999"):
        run("vc_export_confirmation", "999", "--out", str(tmp_path / "x.csv"))
