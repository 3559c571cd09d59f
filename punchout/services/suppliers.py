"""Suppliers: the Amazon Business preset and the one-way switch from Test to Active."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from punchout.models import DeploymentMode, Protocol, Supplier, SupplierPreset

# What every Amazon Business PunchOut group uses (research: punchout.md §3.3); the identity
# and the shared secret come from the group's "Purchasing system" page.
AMAZON_BUSINESS = {
    "protocol": Protocol.CXML,
    "from_domain": "NetworkId", "to_domain": "NetworkId", "sender_domain": "NetworkId",
    "to_identity": "Amazon",
    "setup_url": "https://abintegrations.amazon.com/punchout/test",
    "allowed_hosts": ".amazon.com, .amazon.de, .amazon.co.uk, .amazon.it, .amazon.fr, "
                     ".amazon.es, .amazon.ca",
}


def supplier_preset_apply(*, supplier: Supplier) -> Supplier:
    """Fill what the preset knows into the fields staff left empty or at their default."""
    if supplier.preset != SupplierPreset.AMAZON_BUSINESS:
        return supplier
    defaults = {field.name: field.get_default() for field in Supplier._meta.fields}
    for name, value in AMAZON_BUSINESS.items():
        if getattr(supplier, name) in ("", None, defaults[name]):
            setattr(supplier, name, value)
    return supplier


def supplier_activate(*, supplier: Supplier) -> Supplier:
    """Test → Active. There is no way back in this app: orders sent in Active mode are real."""
    with transaction.atomic():
        locked = Supplier.objects.select_for_update().get(pk=supplier.pk)
        if locked.deployment_mode == DeploymentMode.ACTIVE:
            raise ValidationError(_("%(supplier)s is already Active.") % {"supplier": locked})
        if not (locked.setup_url and (locked.order_url or locked.protocol == Protocol.OCI)):
            raise ValidationError(_(
                "%(supplier)s has no setup URL or order URL yet; a technical administrator "
                "must enter the production endpoints before it goes Active.")
                % {"supplier": locked})
        locked.deployment_mode = DeploymentMode.ACTIVE
        locked.activated_at = timezone.now()
        locked.save(update_fields=["deployment_mode", "activated_at"])
    return locked
