"""PunchOut demo: suppliers pointing at the sandbox's supplier simulator, people with their
departments, approval rules, and a year of past orders so the spend dashboard has a story."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.utils import timezone

from config import roles
from punchout.models import (
    Address,
    ApprovalRule,
    BuyerProfile,
    Cart,
    CartLine,
    CartStatus,
    Delegation,
    Department,
    DepartmentBudget,
    DeploymentMode,
    OrderStatus,
    ProcurementOrder,
    ProcurementOrderLine,
    ProcurementSettings,
    Protocol,
    Supplier,
    SupplierPreset,
)
from punchout.services.approvals import cart_submit
from punchout.services.events import cart_event_add

DEMO_IDENTITY = "BACKOFFICE-DEMO"
DEMO_SECRET = "sandbox-shared-secret"


@dataclass(frozen=True)
class PastLine:
    part: str
    description: str
    quantity: int
    price: str
    unspsc: str


@dataclass(frozen=True)
class PastOrder:
    days_ago: int
    supplier: str
    department: str
    lines: list[PastLine]
    status: str = OrderStatus.INVOICED
    currency: str = "USD"
    mode: str = DeploymentMode.ACTIVE
    backordered: int = 0  # of the first line


PAST_ORDERS = [
    PastOrder(330, "amazon-business", "ops", [
        PastLine("B0SBX00002", "Copy paper, 10 reams", 6, "45.99", "14111507")]),
    PastOrder(260, "amazon-business", "it", [
        PastLine("B0SBX00003", "24-inch monitor", 4, "189.00", "43211902")]),
    PastOrder(190, "office-oci", "mkt", [
        PastLine("OCI-1001", "Presentation easel", 2, "129.50", "44111905")], currency="EUR"),
    PastOrder(120, "amazon-business", "ops", [
        PastLine("B0SBX00001", "Pencils, box of 72", 10, "12.49", "44121706"),
        PastLine("B0SBX00002", "Copy paper, 10 reams", 4, "45.99", "14111507")]),
    PastOrder(60, "amazon-business", "it", [
        PastLine("B0SBX00004", "Conference room TV", 1, "899.00", "52161505")]),
    PastOrder(20, "office-oci", "ops", [
        PastLine("OCI-1002", "Desk organiser", 12, "18.75", "44111500")]),
    PastOrder(6, "amazon-business", "mkt", [
        PastLine("B0SBX00001", "Pencils, box of 72", 8, "12.49", "44121706")],
        status=OrderStatus.PARTLY_CONFIRMED, backordered=3),
    PastOrder(3, "amazon-business", "it", [
        PastLine("B0SBX00003", "24-inch monitor", 1, "189.00", "43211902")],
        status=OrderStatus.SENT, mode=DeploymentMode.TEST),
]


def _sandbox(path: str) -> str:
    return f"http://127.0.0.1:{settings.SANDBOX_PORT}/{path}"


def demo_suppliers_create() -> dict[str, Supplier]:
    common = {"from_identity": DEMO_IDENTITY, "sender_identity": DEMO_IDENTITY,
              "shared_secret": DEMO_SECRET, "allowed_hosts": "127.0.0.1, localhost"}
    amazon, _ = Supplier.objects.get_or_create(code="amazon-business", defaults={
        **common, "name": "Amazon Business (sandbox)", "protocol": Protocol.CXML,
        "preset": SupplierPreset.AMAZON_BUSINESS, "from_domain": "NetworkId",
        "to_domain": "NetworkId", "sender_domain": "NetworkId", "to_identity": "Amazon",
        "setup_url": _sandbox("punchout/setup"), "order_url": _sandbox("punchout/order")})
    oci, _ = Supplier.objects.get_or_create(code="office-oci", defaults={
        **common, "name": "Office supplies (OCI, sandbox)", "protocol": Protocol.OCI,
        "setup_url": _sandbox("punchout/oci"), "deployment_mode": DeploymentMode.ACTIVE,
        "activated_at": timezone.now()})
    return {amazon.code: amazon, oci.code: oci}


def demo_addresses_create() -> None:
    head_office, _ = Address.objects.get_or_create(code="hq", defaults={
        "name": "Demo Brands Inc.", "street": "100 Main Street", "city": "Springfield",
        "state": "IL", "postal_code": "62701", "country_code": "US",
        "email": "accounts@example.com"})
    warehouse, _ = Address.objects.get_or_create(code="warehouse", defaults={
        "name": "Demo Brands warehouse", "deliver_to": "Receiving dock 2",
        "street": "7 Industrial Park", "city": "Springfield", "state": "IL",
        "postal_code": "62703", "country_code": "US"})
    ProcurementSettings.objects.get_or_create(pk=1, defaults={"bill_to": head_office,
                                                              "default_ship_to": warehouse})


def demo_departments_create() -> dict[str, Department]:
    departments = {}
    year = timezone.now().year
    for code, name, cost_center, budget in (("ops", "Operations", "CC-100", "6000"),
                                            ("it", "IT", "CC-300", "4000"),
                                            ("mkt", "Marketing", "CC-200", "2500")):
        department, _ = Department.objects.get_or_create(
            code=code, defaults={"name": name, "cost_center": cost_center})
        for budget_year in (year - 1, year):
            DepartmentBudget.objects.get_or_create(department=department, year=budget_year,
                                                   defaults={"amount": Decimal(budget)})
        departments[code] = department
    return departments


def demo_people_create(departments: dict[str, Department]) -> None:
    ship_to = Address.objects.get(code="warehouse")
    for username, department in (("buyer", "ops"), ("approver", "ops"), ("manager", "it"),
                                 ("admin", "it")):
        BuyerProfile.objects.get_or_create(
            user=User.objects.get(username=username),
            defaults={"department": departments[department], "default_ship_to": ship_to})
    today = timezone.localdate()
    Delegation.objects.get_or_create(
        approver=User.objects.get(username="approver"),
        delegate=User.objects.get(username="manager"),
        defaults={"starts_on": today + timedelta(days=30), "ends_on": today + timedelta(days=44)})


def demo_rules_create(departments: dict[str, Department]) -> None:
    for position, name, conditions, role in (
            (10, "Department approval", {}, roles.APPROVER),
            (20, "Purchases from 1,000 need a manager", {"min_amount": Decimal("1000")},
             roles.ADMINISTRATOR),
            (30, "IT equipment (UNSPSC 43) is checked by IT",
             {"unspsc_prefix": "43"}, roles.TECHNICAL_ADMINISTRATOR)):
        ApprovalRule.objects.get_or_create(name=name, defaults={
            "position": position, "approvers": Group.objects.get(name=role), **conditions})


def _past_cart_create(past: PastOrder, supplier: Supplier, department: Department) -> Cart:
    ordered = timezone.now() - timedelta(days=past.days_ago)
    # Approvals took from under an hour to two days: the dashboard's averages and medians.
    waited = timedelta(hours=1 + (past.days_ago * 7) % 47)
    cart = Cart.objects.create(
        supplier=supplier, requisitioner=User.objects.get(username="buyer"),
        status=CartStatus.ORDERED, deployment_mode=past.mode, department=department,
        ship_to=Address.objects.get(code="warehouse"), currency=past.currency,
        total=sum(Decimal(line.price) * line.quantity for line in past.lines),
        returned_at=ordered - waited - timedelta(hours=1), submitted_at=ordered - waited,
        approved_at=ordered - timedelta(minutes=5), ordered_at=ordered)
    Cart.objects.filter(pk=cart.pk).update(created_at=ordered - waited - timedelta(hours=2))
    return cart


def _past_order_create(number: int, past: PastOrder, supplier: Supplier,
                       department: Department) -> None:
    cart = _past_cart_create(past, supplier, department)
    ordered, done = cart.ordered_at, past.status == OrderStatus.INVOICED
    order = ProcurementOrder.objects.create(
        number=f"PO-{ordered.year}-9{number:05d}", cart=cart, supplier=supplier,
        deployment_mode=past.mode, status=past.status, order_date=ordered,
        currency=past.currency, total=cart.total, payload_id=f"demo-past-{number}@backoffice",
        supplier_status="200 OK", sent_at=ordered,
        confirmed_at=ordered + timedelta(hours=2) if past.status != OrderStatus.SENT else None)
    ProcurementOrder.objects.filter(pk=order.pk).update(created_at=ordered)
    for line_number, line in enumerate(past.lines, start=1):
        backordered = past.backordered if line_number == 1 else 0
        confirmed = past.status != OrderStatus.SENT
        cart_line = CartLine.objects.create(
            cart=cart, line_number=line_number, supplier_part_id=line.part,
            description=line.description, quantity=line.quantity,
            unit_price=Decimal(line.price), currency=past.currency, unspsc=line.unspsc)
        ProcurementOrderLine.objects.create(
            order=order, cart_line=cart_line, line_number=line_number,
            supplier_part_id=line.part, description=line.description, quantity=line.quantity,
            unit_price=Decimal(line.price), unspsc=line.unspsc,
            accepted_quantity=(line.quantity - backordered) if confirmed else 0,
            backordered_quantity=backordered,
            shipped_quantity=line.quantity if done else 0,
            invoiced_quantity=line.quantity if done else 0)


def demo_past_orders_create(suppliers: dict[str, Supplier],
                            departments: dict[str, Department]) -> None:
    if ProcurementOrder.objects.filter(payload_id__startswith="demo-past-").exists():
        return
    for number, past in enumerate(PAST_ORDERS, start=1):
        _past_order_create(number, past, suppliers[past.supplier], departments[past.department])


DEMO_CARTS = {
    # justification → lines (part, description, quantity, price, UNSPSC)
    "": [("B0SBX00001", "Pencils, box of 72", 3, "12.49", "44121706"),
         ("B0SBX00002", "Copy paper, 10 reams", 2, "45.99", "14111507")],
    "New starters in the support team need screens.":
        [("B0SBX00003", "24-inch monitor", 6, "189.00", "43211902")],
}


def _demo_cart_create(supplier: Supplier, justification: str, lines: list[tuple]) -> Cart:
    buyer = User.objects.get(username="buyer")
    cart = Cart.objects.create(
        supplier=supplier, requisitioner=buyer, status=CartStatus.RETURNED,
        deployment_mode=supplier.deployment_mode, department=buyer.buyer_profile.department,
        ship_to=buyer.buyer_profile.default_ship_to, returned_at=timezone.now(),
        operation_allowed="edit", currency="USD",
        total=sum(Decimal(price) * quantity for _, _, quantity, price, _ in lines))
    for number, (part, description, quantity, price, unspsc) in enumerate(lines, start=1):
        CartLine.objects.create(cart=cart, line_number=number, supplier_part_id=part,
                                supplier_part_auxiliary_id=f"DEMO-AUX-{part}",
                                description=description, quantity=quantity,
                                unit_price=Decimal(price), currency="USD", unspsc=unspsc)
    cart_event_add(cart=cart, kind="returned", actor=buyer,
                   message="Demo: cart returned from the supplier's site.")
    return cart


def demo_carts_create(suppliers: dict[str, Supplier]) -> None:
    """One cart back from the supplier for the buyer to submit, one awaiting approval."""
    if Cart.objects.filter(lines__supplier_part_auxiliary_id__startswith="DEMO-AUX-").exists():
        return
    for justification, lines in DEMO_CARTS.items():
        cart = _demo_cart_create(suppliers["amazon-business"], justification, lines)
        if justification:
            cart_submit(cart=cart, actor=cart.requisitioner, justification=justification)


def demo_punchout_create() -> None:
    suppliers = demo_suppliers_create()
    demo_addresses_create()
    departments = demo_departments_create()
    demo_people_create(departments)
    demo_rules_create(departments)
    demo_past_orders_create(suppliers, departments)
    demo_carts_create(suppliers)
