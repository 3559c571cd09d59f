from django.db import transaction

from orders.models import VendorAccount


@transaction.atomic
def vendor_account_save(*, code: str, selling_party_id: str, marketplace: str,
                        lwa_app_id: str, lwa_client_secret: str, refresh_token: str,
                        name: str = "") -> tuple[VendorAccount, bool]:
    """Create the account for `code`, or update it: the same command twice changes nothing."""
    account = VendorAccount.objects.filter(code=code).first() or VendorAccount(code=code)
    created = account.pk is None
    account.name = name or account.name
    account.selling_party_id, account.marketplace = selling_party_id, marketplace
    account.lwa_app_id, account.lwa_client_secret = lwa_app_id, lwa_client_secret
    account.refresh_token = refresh_token
    account.full_clean()
    account.save()
    return account, created
