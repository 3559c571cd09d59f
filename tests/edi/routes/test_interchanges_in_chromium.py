"""Staff find the EDI file that failed, read why, add the missing partner, reprocess it, and
the order and its answer appear."""

import pytest

from edi.models import Interchange, InterchangeStatus
from edi.services.inbound import edi_receive
from orders.models import PurchaseOrder
from tests.edi.routes.conftest import x12_850_bytes
from tests.factories import EdiPartnerFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_fix_an_unknown_partner_and_reprocess_the_file(live_server, page,
                                                             artifacts_dir):
    UserFactory(username="boss", is_superuser=True, password="a-browser-password")
    failed = edi_receive(file_name="VEND850.I0001", content=x12_850_bytes())
    assert failed.status == InterchangeStatus.ERROR

    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "boss")
    page.fill("#id_password", "a-browser-password")
    page.click("input[type=submit]")
    page.get_by_role("link", name="Interchanges").click()
    page.get_by_role("link", name="Error", exact=True).click()  # the status filter
    page.get_by_role("link", name="VEND850.I0001").click()
    assert "No EDI partner has the interchange id AMAZON" in page.inner_text("#content-main")
    assert "BEG*00*NE*4SYNTH01" in page.inner_text("#content-main")  # the raw file

    EdiPartnerFactory(code="AMAZONUS")  # what staff add under EDI partners
    page.get_by_role("link", name="Interchanges").first.click()
    page.check(f"input[name=_selected_action][value='{failed.pk}']")
    page.select_option("select[name=action]", "reprocess")
    page.get_by_role("button", name="Go").click()

    assert "1 file imported." in page.inner_text(".messagelist")
    page.screenshot(path=artifacts_dir / "interchanges_reprocessed.png", full_page=True)
    assert PurchaseOrder.objects.filter(po_number="4SYNTH01").exists()
    page.get_by_role("link", name="VEND850.I0001").click()
    assert "Imported" in page.inner_text("#content-main")
    assert "997" in page.inner_text("#content-main")  # answered by its functional ack
    assert Interchange.objects.filter(answers=failed).count() == 1
