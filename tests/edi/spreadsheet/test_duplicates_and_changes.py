"""The same file twice imports nothing; a changed file updates its orders, re-opening them."""

import pytest

from edi.models import InterchangeStatus
from edi.services.spreadsheets import spreadsheet_receive
from orders.models import PurchaseOrder, PurchaseOrderLine, PurchaseOrderStatus
from orders.services.deciding import purchase_orders_decide
from tests.edi.spreadsheet.files import EN_HEADER, csv_bytes, en_rows

pytestmark = pytest.mark.django_db


def test_the_same_file_again_is_a_duplicate_of_the_first(account):
    content = csv_bytes([EN_HEADER, *en_rows()])
    first = spreadsheet_receive(account=account, file_name="orders.csv", content=content)
    again = spreadsheet_receive(account=account, file_name="orders-copy.csv", content=content)

    assert again.status == InterchangeStatus.DUPLICATE
    assert again.duplicate_of == first
    assert bytes(again.content) == content
    assert not again.purchase_orders.exists()
    assert PurchaseOrder.objects.count() == 2
    assert PurchaseOrderLine.objects.count() == 3


def test_the_same_orders_in_another_file_change_nothing(account):
    spreadsheet_receive(account=account, file_name="a.csv",
                        content=csv_bytes([EN_HEADER, *en_rows()]))
    again = spreadsheet_receive(account=account, file_name="b.csv",
                                content=csv_bytes([EN_HEADER, *en_rows()], delimiter=";"))

    assert again.status == InterchangeStatus.IMPORTED
    assert (again.spreadsheet.orders_created, again.spreadsheet.orders_changed,
            again.spreadsheet.orders_unchanged) == (0, 0, 2)
    assert again.purchase_orders.count() == 2
    assert PurchaseOrderLine.objects.count() == 3


def test_a_changed_quantity_updates_the_line_and_reopens_the_decided_order(account,
                                                                             stocked_catalog):
    spreadsheet_receive(account=account, file_name="a.csv",
                        content=csv_bytes([EN_HEADER, *en_rows()]))
    purchase_orders_decide(account=account)
    order = PurchaseOrder.objects.get(po_number="4A7B9C2D")
    assert order.status == PurchaseOrderStatus.DECIDED
    rows = en_rows()
    rows[1][11] = "3"  # the dutch oven: 4 → 3

    changed = spreadsheet_receive(account=account, file_name="b.csv",
                                  content=csv_bytes([EN_HEADER, *rows]))

    assert changed.status == InterchangeStatus.IMPORTED
    assert changed.spreadsheet.orders_changed == 1
    order.refresh_from_db()
    assert order.status == PurchaseOrderStatus.NEW
    assert "item 2 ordered quantity 4 → 3" in order.status_reason
    line = order.lines.get(item_sequence="2")
    assert (line.ordered_quantity, line.accepted_quantity) == (3, None)
    assert order.lines.count() == 2
