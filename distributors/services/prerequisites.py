"""What each distributor demands of the account before it drop-ships, as checks staff see."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from distributors.models import Distributor, DistributorKind

K = DistributorKind


@dataclass(frozen=True)
class Check:
    label: str
    ok: bool
    fix: str = ""


def distributor_checks(distributor: Distributor) -> list[Check]:
    checks = [Check(_("API credentials"), bool(distributor.api_key),
                    _("Paste the API key or token the distributor issued."))]
    if distributor.kind in (K.PARTS_UNLIMITED, K.TUCKER):
        checks.append(Check(_("Dealer or customer number"), bool(distributor.account_number),
                            _("Enter the account number the distributor gave you.")))
    if distributor.kind == K.WPS:
        checks.append(Check(_("Tax id on the WPS account"), bool(distributor.tax_id),
                            _("WPS drop-ships only for accounts with a tax id: have WPS add "
                              "yours, then enter it here.")))
    if distributor.kind == K.TUCKER:
        checks.append(Check(_("Card on file with Tucker"), distributor.card_on_file,
                            _("Tucker drop-ships only with a card on file: add one with Tucker, "
                              "then tick it here.")))
    if distributor.kind == K.FILE_ONLY:
        return [Check(_("File-only: orders are placed by hand"), True)]
    return checks
