"""The SKU CSV: import all lines or none, export in the same layout."""

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from skurules.models import AutoConfirmRule, Sku
from skurules.services import SkuImportRejected, skus_export_csv, skus_import_csv
from tests.factories import AutoConfirmRuleFactory, SkuFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = "sku,asin,ean,title,on_hand,min_cost,min_inventory,auto_confirm"


def csv_file(*lines: str, header: str = HEADER) -> io.StringIO:
    return io.StringIO("\n".join([header, *lines]) + "\n")


def rejected_messages(file) -> list[str]:
    with pytest.raises(SkuImportRejected) as rejected:
        skus_import_csv(file=file)
    return rejected.value.messages


def rule_of(code: str) -> tuple:
    rule = AutoConfirmRule.objects.get(sku__sku=code)
    return rule.min_cost, rule.min_inventory, rule.enabled


def test_import_creates_skus_with_their_rules():
    actor = UserFactory()
    result = skus_import_csv(file=csv_file(
        "ABC-1,B0ABC00001,4006381333931,Blue widget,60,8.25,10,true",
        'ABC-2,,,"Red widget, large",0,,,',
    ), actor=actor)
    assert (result.rows_read, result.skus_created, result.skus_updated,
            result.rules_written) == (2, 2, 0, 1)
    abc1 = Sku.objects.select_related("rule").get(sku="ABC-1")
    assert (abc1.asin, abc1.ean, abc1.title, abc1.on_hand, abc1.allocated) == (
        "B0ABC00001", "4006381333931", "Blue widget", 60, 0)
    assert rule_of("ABC-1") == (Decimal("8.25"), 10, True)
    assert abc1.rule.updated_by == actor
    assert Sku.objects.get(sku="ABC-2").title == "Red widget, large"
    assert not AutoConfirmRule.objects.filter(sku__sku="ABC-2").exists()
    assert result.summary().startswith("Imported 2 rows: 2 SKUs created, 0 updated, "
                                       "0 unchanged, 1 rules written in ")


def test_reimport_updates_but_never_touches_allocated_stock_or_upc():
    sku = SkuFactory(sku="ABC-1", upc="028877454078", on_hand=5, allocated=4)
    AutoConfirmRuleFactory(sku=sku, min_cost=Decimal("1"), min_inventory=1)
    result = skus_import_csv(file=csv_file("ABC-1,B0ABC00001,,New title,80,9.5,3,no"))
    assert (result.skus_created, result.skus_updated, result.skus_unchanged,
            result.rules_written) == (0, 1, 0, 1)
    sku.refresh_from_db()
    assert (sku.title, sku.on_hand, sku.allocated, sku.upc, sku.ean) == (
        "New title", 80, 4, "028877454078", "")
    assert rule_of("ABC-1") == (Decimal("9.5"), 3, False)


def test_export_then_import_round_trips():
    AutoConfirmRuleFactory(sku__sku="ABC-1", sku__asin="B0ABC00001", sku__ean="4006381333931",
                           sku__title='Widget "pro", 2 pack', sku__on_hand=60,
                           min_cost=Decimal("8.2500"), min_inventory=10, enabled=False)
    SkuFactory(sku="ABC-2", asin="", ean="", title="Plain", on_hand=0)
    exported = io.StringIO()
    assert skus_export_csv(exported) == 2
    assert exported.getvalue().splitlines() == [
        HEADER,
        'ABC-1,B0ABC00001,4006381333931,"Widget ""pro"", 2 pack",60,8.25,10,false',
        "ABC-2,,,Plain,0,,,",
    ]
    Sku.objects.update(on_hand=1, title="changed")
    AutoConfirmRule.objects.update(min_cost=Decimal("99"), enabled=True)

    skus_import_csv(file=io.StringIO(exported.getvalue()))
    again = io.StringIO()
    skus_export_csv(again)
    assert again.getvalue() == exported.getvalue()


def test_unchanged_lines_are_not_written_and_keep_who_changed_the_rule():
    staff = UserFactory()
    rule = AutoConfirmRuleFactory(sku__sku="ABC-1", sku__asin="", sku__ean="", sku__title="T",
                                  sku__on_hand=7, min_cost=Decimal("8.25"), min_inventory=2,
                                  enabled=True, updated_by=staff)
    SkuFactory(sku="ABC-2", asin="", ean="", title="T", on_hand=1)
    stamps = dict(Sku.objects.values_list("sku", "updated_at"))
    result = skus_import_csv(file=csv_file("ABC-1,,,T,7,8.2500,2,yes", "ABC-2,,,T,5,,,"),
                             actor=UserFactory())
    assert (result.skus_created, result.skus_updated, result.skus_unchanged,
            result.rules_written) == (0, 1, 1, 0)
    rule.refresh_from_db()
    assert rule.updated_by == staff
    assert Sku.objects.get(sku="ABC-1").updated_at == stamps["ABC-1"]
    assert Sku.objects.get(sku="ABC-2").updated_at > stamps["ABC-2"]


def test_a_changed_rule_is_written_even_when_the_sku_is_unchanged():
    AutoConfirmRuleFactory(sku__sku="ABC-1", sku__asin="", sku__ean="", sku__title="T",
                           sku__on_hand=7, min_cost=Decimal("8.25"), min_inventory=2)
    result = skus_import_csv(file=csv_file("ABC-1,,,T,7,9,2,true"))
    assert (result.skus_unchanged, result.rules_written) == (1, 1)
    assert rule_of("ABC-1") == (Decimal("9"), 2, True)


def test_export_writes_only_the_given_skus():
    SkuFactory(sku="KEEP-1")
    SkuFactory(sku="SKIP-1")
    out = io.StringIO()
    skus_export_csv(out, Sku.objects.filter(sku__startswith="KEEP"))
    assert [line.split(",")[0] for line in out.getvalue().splitlines()] == ["sku", "KEEP-1"]


def test_columns_may_come_in_any_order():
    skus_import_csv(file=csv_file(
        "true,3,8.25,60,Widget,,,ABC-1",
        header="auto_confirm,min_inventory,min_cost,on_hand,title,ean,asin,sku"))
    assert Sku.objects.get(sku="ABC-1").on_hand == 60
    assert rule_of("ABC-1") == (Decimal("8.25"), 3, True)


def test_every_bad_value_is_reported_with_its_line_and_nothing_is_imported():
    messages = rejected_messages(csv_file(
        "ABC-1,B0ABC00001,4006381333931,Fine,1,,,",
        ",B0X,12ab,No sku,ten,8.123456,-2,maybe",
        "ABC-3,,,Cost,1,8,25,,",
        "ABC-1,,,Again,3,,,",
        "ABC-4,,,Flag without rule,1,,,true",
    ))
    assert messages == [
        "Line 3: sku is empty; every line needs a SKU.",
        "Line 3: asin 'B0X' is not 10 letters and digits.",
        "Line 3: ean '12ab' is not 8 to 14 digits (a spreadsheet may have dropped its "
        "leading zeros).",
        "Line 3: on_hand 'ten' is not a whole number.",
        "Line 3: auto_confirm 'maybe' is not true or false (yes/no and 1/0 work too).",
        "Line 3: min_cost '8.123456' has more than 4 decimal places.",
        "Line 3: min_inventory '-2' must be between 0 and 2147483647.",
        "Line 4: expected 8 values, found 9.",
        "Line 5: SKU ABC-1 already appears on line 2; keep one line per SKU.",
        "Line 6: auto_confirm is true but min_cost and min_inventory are empty; give at least "
        "one of them (0 is fine) to write a rule.",
    ]
    assert not Sku.objects.exists()


def test_one_bad_line_among_good_ones_changes_nothing():
    SkuFactory(sku="ABC-1", on_hand=5)
    good = [f"NEW-{n},,,Title,{n},,," for n in range(50)]
    messages = rejected_messages(csv_file("ABC-1,,,Title,99,,,", *good, "NEW-X,,,Title,-1,,,"))
    assert messages == ["Line 53: on_hand '-1' must be between 0 and 2147483647."]
    assert list(Sku.objects.values_list("sku", "on_hand")) == [("ABC-1", 5)]


@pytest.mark.parametrize(("header", "message"), [
    pytest.param(HEADER + ",price", "Line 1: unknown columns 'price'; the columns are sku, asin, "
                 "ean, title, on_hand, min_cost, min_inventory, auto_confirm.", id="extra-column"),
    pytest.param("sku,asin,ean,title,min_cost,min_inventory,auto_confirm",
                 "Line 1: missing columns on_hand; the columns are sku, asin, ean, title, "
                 "on_hand, min_cost, min_inventory, auto_confirm.", id="missing-column"),
    pytest.param(HEADER + ",sku", "Line 1: columns sku appear more than once.",
                 id="column-twice"),
])
def test_a_wrong_header_is_refused(header, message):
    assert rejected_messages(csv_file("ABC-1,,,T,1,,,", header=header)) == [message]


def test_an_empty_file_is_refused():
    assert rejected_messages(io.StringIO("")) == [
        "The file is empty; line 1 must be the header "
        "sku,asin,ean,title,on_hand,min_cost,min_inventory,auto_confirm."]


def test_header_names_ignore_case_and_spaces_and_a_spreadsheet_byte_order_mark(tmp_path):
    path = tmp_path / "skus.csv"
    path.write_text(HEADER.upper().replace(",", " , ") + "\nABC-1,,,T,7,,,\n",
                    encoding="utf-8-sig")
    assert skus_import_csv(file=path).skus_created == 1
    assert skus_import_csv(file=str(path)).skus_unchanged == 1


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "skus.csv"
    path.write_bytes((HEADER + "\nABC-1,,,Caf\xe9 cr\xe8me,7,,,\n").encode("latin-1"))
    assert rejected_messages(path) == [
        'The file is not UTF-8 text; save it as "CSV UTF-8" and import it again.']


def test_blank_lines_are_skipped():
    result = skus_import_csv(file=csv_file("", "ABC-1,,,T,7,,,", ",,,,,,,", ""))
    assert result.rows_read == 1


def test_empty_rule_values_leave_an_existing_rule_alone():
    AutoConfirmRuleFactory(sku__sku="ABC-1", min_cost=Decimal("4"), min_inventory=2,
                           enabled=True)
    result = skus_import_csv(file=csv_file("ABC-1,,,T,7,,,", "ABC-2,,,T,7,,,false"))
    assert result.rules_written == 0
    assert rule_of("ABC-1") == (Decimal("4"), 2, True)
    assert not AutoConfirmRule.objects.filter(sku__sku="ABC-2").exists()


@pytest.mark.parametrize(("min_cost", "min_inventory", "auto_confirm", "expected"), [
    pytest.param("8.25", "", "", (Decimal("8.25"), 0, True), id="cost-only-inventory-0"),
    pytest.param("", "12", "", (Decimal("0"), 12, True), id="inventory-only-cost-0"),
    pytest.param("1", "1", "YES", (Decimal("1"), 1, True), id="yes"),
    pytest.param("1", "1", "No", (Decimal("1"), 1, False), id="no"),
    pytest.param("1", "1", "1", (Decimal("1"), 1, True), id="one"),
    pytest.param("1", "1", "0", (Decimal("1"), 1, False), id="zero"),
    pytest.param("1", "1", "FALSE", (Decimal("1"), 1, False), id="false-any-case"),
])
def test_rule_values(min_cost, min_inventory, auto_confirm, expected):
    skus_import_csv(file=csv_file(f"ABC-1,,,T,7,{min_cost},{min_inventory},{auto_confirm}"))
    assert rule_of("ABC-1") == expected


def test_import_queries_do_not_grow_with_the_number_of_rows():
    def queries_for(rows: int) -> int:
        lines = [f"R{rows}-{n},,,T,{n},1.5,2,true" for n in range(rows)]
        with CaptureQueriesContext(connection) as context:
            skus_import_csv(file=csv_file(*lines))
        return len(context)

    assert queries_for(5) == queries_for(100)
