"""Demo data for `make run`: one of everything, so a newcomer can click through every route.

Every function is idempotent (get_or_create / update_or_create on natural keys).
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils import timezone

import sandbox
from config import roles
from config.demo_feeds import demo_distributor_create, demo_feeds_create
from config.demo_files import FTP_SPREADSHEET, demo_edi_partners_create, demo_ftp_channel_create
from config.demo_punchout import demo_punchout_create
from config.demo_sales import demo_sales_create
from distributors.models import DistributorItem, DistributorKind, Warehouse
from edi.models import Interchange, Standard
from edi.services.spreadsheets import spreadsheet_receive
from orders.models import (
    OrderSource,
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseOrderStatus,
    ShipToLocation,
    VendorAccount,
)
from orders.services.status import purchase_order_transition
from sandbox.catalog import DEMO_CATALOG, DEMO_VENDOR_CODE
from skurules.models import AutoConfirmRule, Sku

DEMO_SPREADSHEETS = Path(sandbox.__file__).parent / "fixtures" / "spreadsheets"
ADMIN_USERNAME = "admin"
ROLE_USERS = {
    "operations": roles.OPERATIONS,
    "approver": roles.APPROVER,
    "buyer": roles.PUNCHOUT_USER,
    "techadmin": roles.TECHNICAL_ADMINISTRATOR,
    "manager": roles.ADMINISTRATOR,
}


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str


def demo_users_create(*, password: str) -> list[DemoLogin]:
    """The superuser plus one staff user per role, all with `password`."""
    admin, _ = User.objects.get_or_create(username=ADMIN_USERNAME,
                                          defaults={"email": "admin@example.com"})
    admin.is_staff = admin.is_superuser = True
    admin.set_password(password)
    admin.save()
    logins = [DemoLogin(ADMIN_USERNAME, "superuser")]
    for username, role in ROLE_USERS.items():
        user, _ = User.objects.get_or_create(username=username,
                                             defaults={"email": f"{username}@example.com"})
        user.is_staff = True
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get(name=role))
        logins.append(DemoLogin(username, role))
    return logins


def demo_skus_create() -> list[Sku]:
    skus = []
    for index, product in enumerate(DEMO_CATALOG):
        sku, _ = Sku.objects.update_or_create(
            sku=product.sku,
            defaults={"asin": product.asin, "ean": product.ean, "title": product.title,
                      "on_hand": 40 + 25 * (index % 5)})
        # Most rules confirm automatically; one SKU is left for review to show that path.
        AutoConfirmRule.objects.get_or_create(
            sku=sku, defaults={"min_cost": product.net_cost * Decimal("0.9"),
                               "min_inventory": 5, "enabled": index != 3})
        skus.append(sku)
    return skus


def demo_account_create() -> VendorAccount:
    account, _ = VendorAccount.objects.get_or_create(
        code=DEMO_VENDOR_CODE,
        defaults={"name": "Demo vendor (sandbox)", "selling_party_id": DEMO_VENDOR_CODE,
                  "lwa_app_id": "amzn1.application-oa2-client.sandbox",
                  "lwa_client_secret": "sandbox-client-secret",
                  "refresh_token": "Atzr|sandbox-refresh-token"})
    return account


def demo_orders_create(account: VendorAccount, skus: list[Sku]) -> None:
    ship_to, _ = ShipToLocation.objects.get_or_create(
        code="ABE8", defaults={"name": "Amazon ABE8", "address_line1": "401 Independence Rd",
                               "city": "Florence", "state_or_region": "NJ",
                               "postal_code": "08518", "country_code": "US"})
    for number, status in (("DEMO0001", None), ("DEMO0002", PurchaseOrderStatus.NEEDS_REVIEW)):
        order, created = PurchaseOrder.objects.get_or_create(
            account=account, po_number=number,
            defaults={"source": OrderSource.SPREADSHEET, "ship_to": ship_to, "currency": "USD",
                      "ordered_at": timezone.now() - timedelta(hours=2), "amazon_state": "New"})
        if not created:
            continue
        for seq, sku in enumerate(skus[:3], start=1):
            PurchaseOrderLine.objects.create(
                order=order, item_sequence=str(seq), vendor_product_id=sku.ean,
                amazon_product_id=sku.asin, sku=sku, ordered_quantity=6 * seq,
                net_cost=DEMO_CATALOG[seq - 1].net_cost, currency="USD")
        if status:
            purchase_order_transition(order=order, to=status,
                                      reason="Demo: SKU without an enabled rule.")


def demo_distributors_create(skus: list[Sku]) -> None:
    """Tucker publishes no feed layout, so its demo stock is written directly; the others come
    from their feeds (config.demo_feeds)."""
    for kind, code, name in ((DistributorKind.TUCKER, "tucker", "Tucker"),):
        distributor = demo_distributor_create(kind, code, name)
        for wh_code, lead_time in (("EAST", 1), ("WEST", 3)):
            warehouse, _ = Warehouse.objects.get_or_create(
                distributor=distributor, code=wh_code,
                defaults={"name": f"{name} {wh_code.title()}", "lead_time_days": lead_time,
                          "stock_buffer": 2})
            for sku in skus[:4]:
                DistributorItem.objects.get_or_create(
                    warehouse=warehouse, part_number=f"{code.upper()}-{sku.sku}",
                    defaults={"upc": sku.ean, "sku": sku, "description": sku.title,
                              "cost": Decimal("9.50"), "quantity": 12})


def demo_spreadsheets_receive(account: VendorAccount) -> None:
    """The Vendor Central exports of the demo (one is broken on purpose, to show the error),
    but for the one placed on the FTP drop box for the task cluster to fetch."""
    for path in sorted(DEMO_SPREADSHEETS.iterdir()):
        if path.name == FTP_SPREADSHEET:
            continue
        if not Interchange.objects.filter(standard=Standard.SPREADSHEET,
                                          file_name=path.name).exists():
            spreadsheet_receive(account=account, file_name=path.name, content=path.read_bytes())


@transaction.atomic
def demo_seed(*, password: str) -> list[DemoLogin]:
    logins = demo_users_create(password=password)
    skus = demo_skus_create()
    account = demo_account_create()
    demo_orders_create(account, skus)
    demo_spreadsheets_receive(account)
    demo_distributors_create(skus)
    demo_feeds_create()
    demo_sales_create()
    demo_punchout_create()
    demo_ftp_channel_create(account, DEMO_SPREADSHEETS / FTP_SPREADSHEET)
    demo_edi_partners_create(account)
    return logins
