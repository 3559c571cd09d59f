from datetime import UTC, timedelta
from decimal import Decimal

import factory
from django.contrib.auth.models import User
from django.utils import timezone
from factory.django import DjangoModelFactory

from distributors.models import Distributor, DistributorItem, DistributorKind, Warehouse
from edi.models import Direction, EdiPartner, EdiStandard, Interchange, Standard
from orders.models import (
    ApiPage,
    Invoice,
    InvoiceLine,
    OrderSource,
    OutboxMessage,
    PurchaseOrder,
    PurchaseOrderEvent,
    PurchaseOrderLine,
    Shipment,
    ShipmentItem,
    ShipToLocation,
    VendorAccount,
)
from punchout.models import Cart, CartLine, Supplier
from skurules.models import AutoConfirmRule, Sku


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    is_staff = True
    password = factory.django.Password("pw-for-tests")


class SkuFactory(DjangoModelFactory):
    class Meta:
        model = Sku

    sku = factory.Sequence(lambda n: f"SKU-{n:05d}")
    asin = factory.Sequence(lambda n: f"B0{n:08d}")
    ean = factory.Sequence(lambda n: f"40{n:011d}")
    title = factory.Faker("sentence", nb_words=4)
    on_hand = 100


class AutoConfirmRuleFactory(DjangoModelFactory):
    class Meta:
        model = AutoConfirmRule

    sku = factory.SubFactory(SkuFactory)
    min_cost = Decimal("5.00")
    min_inventory = 10


class VendorAccountFactory(DjangoModelFactory):
    class Meta:
        model = VendorAccount

    code = factory.Sequence(lambda n: f"VND{n:02d}")
    selling_party_id = factory.LazyAttribute(lambda a: a.code)
    lwa_app_id = "amzn1.application-oa2-client.test"
    lwa_client_secret = "client-secret-for-tests"
    refresh_token = "Atzr|refresh-token-for-tests"


class ShipToLocationFactory(DjangoModelFactory):
    class Meta:
        model = ShipToLocation

    code = factory.Sequence(lambda n: f"FC{n:02d}")
    name = factory.LazyAttribute(lambda s: f"Amazon {s.code}")
    city = "Florence"
    country_code = "US"


class PurchaseOrderFactory(DjangoModelFactory):
    class Meta:
        model = PurchaseOrder

    account = factory.SubFactory(VendorAccountFactory)
    po_number = factory.Sequence(lambda n: f"PO{n:06d}")
    source = OrderSource.API
    ship_to = factory.SubFactory(ShipToLocationFactory)
    currency = "USD"


class PurchaseOrderLineFactory(DjangoModelFactory):
    class Meta:
        model = PurchaseOrderLine

    order = factory.SubFactory(PurchaseOrderFactory)
    item_sequence = factory.Sequence(lambda n: str(n + 1))
    sku = factory.SubFactory(SkuFactory)
    vendor_product_id = factory.LazyAttribute(lambda line: line.sku.ean if line.sku else "")
    amazon_product_id = factory.LazyAttribute(lambda line: line.sku.asin if line.sku else "")
    ordered_quantity = 10
    net_cost = Decimal("8.25")
    currency = "USD"


class PurchaseOrderEventFactory(DjangoModelFactory):
    class Meta:
        model = PurchaseOrderEvent

    order = factory.SubFactory(PurchaseOrderFactory)
    from_status = "new"
    to_status = "decided"


class DistributorFactory(DjangoModelFactory):
    class Meta:
        model = Distributor

    code = factory.Sequence(lambda n: f"dist{n}")
    name = factory.LazyAttribute(lambda d: d.code.title())
    kind = DistributorKind.WPS
    account_number = "D-1234"
    api_key = "distributor-api-key-for-tests"


class WarehouseFactory(DjangoModelFactory):
    class Meta:
        model = Warehouse

    distributor = factory.SubFactory(DistributorFactory)
    code = factory.Sequence(lambda n: f"WH{n}")
    lead_time_days = 1


class DistributorItemFactory(DjangoModelFactory):
    class Meta:
        model = DistributorItem

    warehouse = factory.SubFactory(WarehouseFactory)
    part_number = factory.Sequence(lambda n: f"P-{n:05d}")
    cost = Decimal("12.50")
    quantity = 8


class SupplierFactory(DjangoModelFactory):
    class Meta:
        model = Supplier

    code = factory.Sequence(lambda n: f"supplier{n}")
    name = factory.LazyAttribute(lambda s: s.code.title())
    setup_url = "https://supplier.example.com/punchout"
    shared_secret = "shared-secret-for-tests"


class CartFactory(DjangoModelFactory):
    class Meta:
        model = Cart

    supplier = factory.SubFactory(SupplierFactory)
    requisitioner = factory.SubFactory(UserFactory)


class CartLineFactory(DjangoModelFactory):
    class Meta:
        model = CartLine

    cart = factory.SubFactory(CartFactory)
    line_number = factory.Sequence(lambda n: n + 1)
    supplier_part_id = factory.Sequence(lambda n: f"B0PART{n:04d}")
    quantity = Decimal("2")
    unit_price = Decimal("19.99")
    currency = "USD"


class InterchangeFactory(DjangoModelFactory):
    class Meta:
        model = Interchange

    direction = Direction.INBOUND
    standard = Standard.X12
    file_name = factory.Sequence(lambda n: f"850_{n}.x12")
    content = b"ISA*00*~GS*PO~ST*850*0001~SE*2*0001~GE*1*1~IEA*1*000000001~"


class EdiPartnerFactory(DjangoModelFactory):
    """Amazon's US EDI as the synthetic fixtures address it (AMAZON → EXAMPLEVENDOR)."""

    class Meta:
        model = EdiPartner

    code = factory.Sequence(lambda n: f"AMZ{n:02d}")
    account = factory.SubFactory(VendorAccountFactory)
    standard = EdiStandard.X12_004010
    partner_id = "AMAZON"
    our_id = "EXAMPLEVENDOR"


class ApiPageFactory(DjangoModelFactory):
    class Meta:
        model = ApiPage

    account = factory.SubFactory(VendorAccountFactory)
    operation = "getPurchaseOrders"
    body = '{"payload": {"orders": []}}'


class OutboxMessageFactory(DjangoModelFactory):
    class Meta:
        model = OutboxMessage

    kind = "spapi.acknowledgement"
    key = factory.Sequence(lambda n: f"spapi.acknowledgement:{n}:1")
    purchase_order = factory.SubFactory(PurchaseOrderFactory)
    account = factory.LazyAttribute(lambda m: m.purchase_order.account)
    payload = factory.LazyAttribute(lambda m: {"purchaseOrderNumber": m.purchase_order.po_number})


class ShipmentFactory(DjangoModelFactory):
    class Meta:
        model = Shipment

    account = factory.SubFactory(VendorAccountFactory)
    identifier = factory.Sequence(lambda n: f"ASN-{n:06d}")
    status = "Shipped"


class ShipmentItemFactory(DjangoModelFactory):
    class Meta:
        model = ShipmentItem

    shipment = factory.SubFactory(ShipmentFactory)
    line = factory.SubFactory(PurchaseOrderLineFactory)
    shipped_quantity = 5


class InvoiceFactory(DjangoModelFactory):
    class Meta:
        model = Invoice

    shipment = factory.SubFactory(ShipmentFactory)
    purchase_order = factory.SubFactory(PurchaseOrderFactory)
    number = factory.Sequence(lambda n: f"INV-{n:06d}")
    issued_at = factory.Faker("date_time", tzinfo=UTC)
    currency = "USD"
    total = Decimal("41.25")


class InvoiceLineFactory(DjangoModelFactory):
    class Meta:
        model = InvoiceLine

    invoice = factory.SubFactory(InvoiceFactory)
    line = factory.SubFactory(PurchaseOrderLineFactory)
    quantity = 5
    net_cost = Decimal("8.25")


# --- PunchOut approvals and people (approvals helper) ---------------------------------------

class GroupFactory(DjangoModelFactory):
    class Meta:
        model = "auth.Group"
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Approvers {n}")


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = "punchout.Department"
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"dept{n}")
    name = factory.LazyAttribute(lambda d: d.code.title())


class AddressFactory(DjangoModelFactory):
    class Meta:
        model = "punchout.Address"
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"site{n}")
    name = factory.LazyAttribute(lambda a: f"Site {a.code}")
    street = "1 Main Street"
    city = "Springfield"
    postal_code = "12345"


class ApprovalRuleFactory(DjangoModelFactory):
    class Meta:
        model = "punchout.ApprovalRule"

    name = factory.Sequence(lambda n: f"Checkpoint {n}")
    approvers = factory.SubFactory(GroupFactory)


class DelegationFactory(DjangoModelFactory):
    class Meta:
        model = "punchout.Delegation"

    approver = factory.SubFactory(UserFactory)
    delegate = factory.SubFactory(UserFactory)
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=1))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=1))
