"""What the simulated supplier sells: four office items with ASIN-like part ids.

Every item it puts in a cart carries a SupplierPartAuxiliaryID, as Amazon Business's do: opaque
to the buyer, different in every PunchOut session, and required back unchanged in the
OrderRequest. The simulator signs it (session tag + HMAC of part and tag), so it can check an
echoed one without remembering it, even after a restart.
"""

import hashlib
import hmac
import re
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

CURRENCY = "USD"
AUXILIARY_ID = re.compile(r"^SBX-AUX-(?P<tag>[0-9A-F]{8})-(?P<signature>[0-9A-F]{10})$")


@dataclass(frozen=True)
class Product:
    part_id: str  # ASIN-like SupplierPartID
    short_name: str
    description: str
    unit_price: Decimal
    unit: str  # UN/CEFACT Rec. 20, as cXML's UnitOfMeasure wants
    oci_unit: str  # the ISO code SAP buyers expect in NEW_ITEM-UNIT
    unspsc: str
    manufacturer: str
    lead_time_days: int


# Non-ASCII on purpose (², ″, ×): a cXML-urlencoded cart must carry them as &#NNN;.
PRODUCTS = (
    Product("B0SBX00001", "HB pencils, 96-pack",
            "Wood-cased #2 HB pencils, pre-sharpened, 96 per pack", Decimal("14.99"),
            "PK", "PK", "44121706", "Sandbox Office", 2),
    Product("B0SBX00002", "Copy paper A4, 500 sheets",
            "Multipurpose copy paper A4 80 g/m², 500 sheets, bright white", Decimal("7.49"),
            "PK", "PK", "14111507", "Sandbox Paper Mill", 1),
    Product("B0SBX00003", "27-inch 4K monitor",
            "27″ IPS monitor 3840×2160, USB-C 65 W, height-adjustable stand", Decimal("289.00"),
            "EA", "PCE", "43211902", "Sandbox Displays", 3),
    Product("B0SBX00004", "55-inch 4K smart TV",
            "55-inch 4K UHD smart TV for meeting rooms, wall mount included", Decimal("449.99"),
            "EA", "PCE", "52161505", "Sandbox Displays", 5),
)
PRODUCTS_BY_PART_ID = {product.part_id: product for product in PRODUCTS}


def _signature(part_id: str, tag: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{part_id}|{tag}".encode(), hashlib.sha256).hexdigest()[:10].upper()


def auxiliary_id_for(part_id: str, *, session_id: str) -> str:
    """The SupplierPartAuxiliaryID this session hands out with `part_id`."""
    tag = session_id[:8].upper()
    return f"SBX-AUX-{tag}-{_signature(part_id, tag)}"


def auxiliary_id_is_ours(part_id: str, auxiliary_id: str) -> bool:
    """Whether the simulator handed out `auxiliary_id` with `part_id`, in any session."""
    match = AUXILIARY_ID.match(auxiliary_id or "")
    return bool(match) and hmac.compare_digest(
        match["signature"], _signature(part_id, match["tag"]))
