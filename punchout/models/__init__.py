from punchout.models.approvals import ApprovalRule, ApprovalStep, StepStatus
from punchout.models.carts import (
    Cart,
    CartEvent,
    CartLine,
    CartStatus,
    PunchOutSession,
    SessionOperation,
    SessionStatus,
    new_buyer_cookie,
)
from punchout.models.documents import DocumentKind, DocumentStatus, InboundDocument
from punchout.models.orders import (
    InvoiceMatch,
    OrderStatus,
    ProcurementOrder,
    ProcurementOrderLine,
    ShipNotice,
    ShipNoticeLine,
    SpendDashboard,
    SupplierInvoice,
    SupplierInvoiceLine,
)
from punchout.models.people import BuyerProfile, Delegation, Department, DepartmentBudget
from punchout.models.suppliers import (
    Address,
    DeploymentMode,
    ProcurementSettings,
    Protocol,
    Supplier,
    SupplierPreset,
)

__all__ = [
    "Address", "ApprovalRule", "ApprovalStep", "BuyerProfile", "Cart", "CartEvent", "CartLine",
    "CartStatus", "Delegation", "Department", "DepartmentBudget", "DeploymentMode",
    "DocumentKind", "DocumentStatus", "InboundDocument", "InvoiceMatch", "OrderStatus",
    "ProcurementOrder", "ProcurementOrderLine", "ProcurementSettings", "Protocol",
    "PunchOutSession", "SessionOperation", "SessionStatus", "ShipNotice", "ShipNoticeLine",
    "SpendDashboard", "StepStatus", "Supplier", "SupplierInvoice", "SupplierInvoiceLine",
    "SupplierPreset", "new_buyer_cookie",
]
