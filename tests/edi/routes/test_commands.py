"""The file-route commands as cron users and operators run them."""

import pytest
from django.core.management import CommandError, call_command

from edi.codec import edifact, x12
from edi.models import Interchange, InterchangeStatus
from orders.models import PurchaseOrder
from orders.services.deciding import purchase_orders_decide
from tests.edi.codec.oracles import FIXTURES, fixture, pydifact_segments, pyx12_read
from tests.edi.routes.conftest import MALFORMED_850, ORDERS, X12_850, x12_850_bytes
from tests.factories import (
    InvoiceFactory,
    InvoiceLineFactory,
    ShipmentFactory,
    ShipmentItemFactory,
)


def test_edi_import_imports_local_files_as_if_received(x12_partner, edifact_partner, capsys):
    call_command("edi_import", str(FIXTURES / X12_850), str(FIXTURES / ORDERS))

    out = capsys.readouterr().out
    assert "2 files: 2 imported, 0 duplicates, 0 in error" in out
    assert set(PurchaseOrder.objects.values_list("po_number", flat=True)) == {"4SYNTH01",
                                                                            "4SYNTH02"}


def test_edi_import_prints_each_defect_and_fails_on_a_bad_file(x12_partner, capsys):
    with pytest.raises(CommandError, match="1 files: 0 imported, 0 duplicates, 1 in error"):
        call_command("edi_import", str(FIXTURES / MALFORMED_850))

    err = capsys.readouterr().err
    assert "SYNTHETIC_MALFORMED_850.x12: error" in err
    assert "Segment 15 (SE)" in err
    assert Interchange.objects.get(file_name="SYNTHETIC_MALFORMED_850.x12").status == \
        InterchangeStatus.ERROR


def test_edi_import_names_an_unknown_partner(db):
    with pytest.raises(CommandError, match="No EDI partner has the code NOPE"):
        call_command("edi_import", str(FIXTURES / X12_850), partner="NOPE")


def test_edi_export_writes_the_855_of_a_decided_order(x12_partner, fixture_skus, tmp_path):
    call_command("edi_import", str(FIXTURES / X12_850))
    purchase_orders_decide()
    out = tmp_path / "855.x12"

    call_command("edi_export", "4SYNTH01", document_type="855", out=str(out))

    segments, errors = pyx12_read(out.read_text())
    assert errors == []
    assert "BAK*00*AD*4SYNTH01*20260512~" in segments
    assert x12.read_interchange(out.read_bytes()).problems == []


def test_edi_export_explains_what_is_missing(x12_partner):
    call_command("edi_import", str(FIXTURES / X12_850))
    with pytest.raises(CommandError, match="4SYNTH01 is not decided yet"):
        call_command("edi_export", "4SYNTH01", document_type="855")
    with pytest.raises(CommandError, match="4SYNTH01 has no shipment yet"):
        call_command("edi_export", "4SYNTH01", document_type="856")
    with pytest.raises(CommandError, match="No purchase order has the number NOPE"):
        call_command("edi_export", "NOPE", document_type="810")


def test_the_poll_commands_name_an_unknown_channel(db):
    with pytest.raises(CommandError, match="No FTP channel has the code nope"):
        call_command("ftp_poll", channel="nope")
    with pytest.raises(CommandError, match="EDI partner nope has no SFTP channel"):
        call_command("edi_poll", partner="nope")


def test_the_poll_commands_say_when_nothing_is_set_up(db, capsys):
    call_command("ftp_poll")
    call_command("edi_poll")
    assert capsys.readouterr().out.splitlines() == ["no enabled FTP channels",
                                                    "no enabled SFTP channels"]


def test_fixture_bytes_are_unchanged_by_import(x12_partner):
    call_command("edi_import", str(FIXTURES / X12_850))
    stored = Interchange.objects.get(file_name="SYNTHETIC_amazon_style_850_3lines.x12")
    assert bytes(stored.content) == x12_850_bytes() == fixture(X12_850)


@pytest.mark.parametrize(("partner_fixture", "names"), [
    ("x12_partner", ("856", "810")), ("edifact_partner", ("DESADV", "INVOIC"))])
def test_edi_export_writes_ship_notices_and_invoices_from_their_rows(
        request, partner_fixture, names, tmp_path):
    partner = request.getfixturevalue(partner_fixture)
    source = X12_850 if partner.is_x12 else ORDERS
    call_command("edi_import", str(FIXTURES / source))
    order = PurchaseOrder.objects.get()
    line = order.lines.order_by("id").first()
    shipment = ShipmentFactory(account=order.account, ship_from_party_id="EXAMPLEVENDOR",
                               shipped_at=order.ordered_at, carrier="UPSN")
    ShipmentItemFactory(shipment=shipment, line=line, shipped_quantity=2)
    invoice = InvoiceFactory(purchase_order=order, shipment=shipment, total=line.net_cost * 2)
    InvoiceLineFactory(invoice=invoice, line=line, quantity=2, net_cost=line.net_cost)

    for document_type, name in zip(("856", "810"), names, strict=True):
        out = tmp_path / f"{document_type}.edi"
        call_command("edi_export", order.po_number, document_type=document_type, out=str(out))
        if partner.is_x12:
            read = x12.read_interchange(out.read_bytes())
            assert read.problems == []
            assert read.document_types == [name]
            assert pyx12_read(out.read_text())[1] == []
        else:
            read = edifact.read_interchange(out.read_bytes())
            assert read.problems == []
            assert read.document_types == [name]
            assert pydifact_segments(out.read_text())[0][0] == "UNH"
