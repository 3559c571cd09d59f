"""Procurement orders as the dashboard reads them. Kept beside the dashboard's tests so that
they do not collide with other areas' factories; move them to tests/factories.py when shared."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from punchout.models import (
    CartStatus,
    DepartmentBudget,
    DeploymentMode,
    DocumentKind,
    InboundDocument,
    InvoiceMatch,
    OrderStatus,
    ProcurementOrder,
    ProcurementOrderLine,
    SupplierInvoice,
    SupplierInvoiceLine,
)
from tests.factories import CartFactory, CartLineFactory, DepartmentFactory


class DepartmentBudgetFactory(DjangoModelFactory):
    class Meta:
        model = DepartmentBudget

    department = factory.SubFactory(DepartmentFactory)
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    amount = Decimal("1000.00")


class OrderedCartFactory(CartFactory):
    status = CartStatus.ORDERED
    deployment_mode = DeploymentMode.ACTIVE
    submitted_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=5))
    approved_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))


class ProcurementOrderFactory(DjangoModelFactory):
    class Meta:
        model = ProcurementOrder

    cart = factory.SubFactory(OrderedCartFactory,
                              deployment_mode=factory.SelfAttribute("..deployment_mode"))
    supplier = factory.LazyAttribute(lambda o: o.cart.supplier)
    number = factory.Sequence(lambda n: f"PO-TEST-{n:06d}")
    deployment_mode = DeploymentMode.ACTIVE
    status = OrderStatus.CONFIRMED
    order_date = factory.LazyFunction(timezone.now)
    currency = "USD"
    total = Decimal("0.00")
    payload_id = factory.Sequence(lambda n: f"test-order-{n}@backoffice")


class ProcurementOrderLineFactory(DjangoModelFactory):
    class Meta:
        model = ProcurementOrderLine

    order = factory.SubFactory(ProcurementOrderFactory)
    cart_line = factory.SubFactory(CartLineFactory, cart=factory.SelfAttribute("..order.cart"))
    line_number = factory.Sequence(lambda n: n + 1)
    supplier_part_id = factory.Sequence(lambda n: f"B0LINE{n:04d}")
    description = "Copy paper, 10 reams"
    quantity = Decimal("1")
    unit_price = Decimal("10.00")
    unspsc = "14111507"


class InboundDocumentFactory(DjangoModelFactory):
    class Meta:
        model = InboundDocument

    kind = DocumentKind.INVOICE
    body = b"<cXML/>"


class SupplierInvoiceFactory(DjangoModelFactory):
    class Meta:
        model = SupplierInvoice

    order = factory.SubFactory(ProcurementOrderFactory)
    document = factory.SubFactory(InboundDocumentFactory,
                                  supplier=factory.SelfAttribute("..order.supplier"))
    invoice_id = factory.Sequence(lambda n: f"INV-{n:05d}")
    invoice_date = factory.LazyFunction(timezone.now)
    currency = factory.LazyAttribute(lambda i: i.order.currency)
    subtotal = Decimal("10.00")
    tax = Decimal("0.00")
    shipping = Decimal("0.00")
    total = factory.LazyAttribute(lambda i: i.subtotal + i.tax + i.shipping)
    match = InvoiceMatch.MATCHED


class SupplierInvoiceLineFactory(DjangoModelFactory):
    class Meta:
        model = SupplierInvoiceLine

    invoice = factory.SubFactory(SupplierInvoiceFactory)
    order_line = factory.SubFactory(ProcurementOrderLineFactory,
                                    order=factory.SelfAttribute("..invoice.order"))
    invoice_line_number = factory.Sequence(lambda n: n + 1)
    quantity = Decimal("1")
    unit_price = Decimal("10.00")
    amount = Decimal("10.00")


def order_with_lines(*lines: dict, **order) -> ProcurementOrder:
    """An order with one line per dict of line fields (one default line when none given)."""
    placed = ProcurementOrderFactory(**order)
    for line in lines or ({},):
        ProcurementOrderLineFactory(order=placed, **line)
    return placed
