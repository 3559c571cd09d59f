"""manage.py import_skus and export_skus."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from skurules.models import Sku
from tests.factories import AutoConfirmRuleFactory

pytestmark = pytest.mark.django_db

HEADER = "sku,asin,ean,title,on_hand,min_cost,min_inventory,auto_confirm"


def test_import_prints_a_one_line_summary(tmp_path, capsys):
    path = tmp_path / "skus.csv"
    path.write_text(f"{HEADER}\nABC-1,,,Widget,7,8.25,2,true\nABC-2,,,Gadget,3,,,\n")
    call_command("import_skus", str(path))
    out = capsys.readouterr().out
    assert out.startswith("Imported 2 rows: 2 SKUs created, 0 updated, 0 unchanged, "
                          "1 rules written in ")
    assert out.count("\n") == 1
    assert Sku.objects.count() == 2


def test_import_prints_each_error_on_its_own_line_and_exits_with_status_1(tmp_path, capsys):
    path = tmp_path / "skus.csv"
    path.write_text(f"{HEADER}\nABC-1,,,Widget,ten,,,\nABC-2,,,Gadget,3,x,,\n")
    with pytest.raises(CommandError, match="Nothing imported: 2 errors in ") as error:
        call_command("import_skus", str(path))
    assert error.value.returncode == 1
    assert capsys.readouterr().err.splitlines() == [
        "Line 2: on_hand 'ten' is not a whole number.",
        "Line 3: min_cost 'x' is not a number like 8.25.",
    ]
    assert not Sku.objects.exists()


def test_import_of_a_missing_file_fails_with_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read .*nope.csv: No such file or directory"):
        call_command("import_skus", str(tmp_path / "nope.csv"))


def test_export_to_a_file_round_trips_through_import(tmp_path, capsys):
    AutoConfirmRuleFactory(sku__sku="ABC-1", sku__title="Widget")
    path = tmp_path / "out.csv"
    call_command("export_skus", out=str(path))
    assert capsys.readouterr().out == f"Exported 1 SKUs to {path}.\n"
    assert path.read_text().splitlines()[0] == HEADER
    call_command("import_skus", str(path))
    assert "0 SKUs created, 0 updated, 1 unchanged, 0 rules written" in capsys.readouterr().out


def test_export_to_standard_output_keeps_the_summary_out_of_the_csv(capsys):
    AutoConfirmRuleFactory(sku__sku="ABC-1")
    call_command("export_skus")
    captured = capsys.readouterr()
    assert captured.out.splitlines()[0] == HEADER
    assert captured.out.splitlines()[1].startswith("ABC-1,")
    assert captured.err == "Exported 1 SKUs.\n"


def test_both_commands_document_themselves(capsys):
    for command in ("import_skus", "export_skus"):
        with pytest.raises(SystemExit):
            call_command(command, "--help")
    help_text = capsys.readouterr().out
    assert "sku,asin,ean,title,on_hand,min_cost,min_inventory,auto_confirm" in help_text
    assert "--out FILE" in help_text
