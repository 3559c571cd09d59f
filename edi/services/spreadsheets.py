"""Vendor Central spreadsheets in and out.

In: the raw file is stored first (an Interchange), so that nothing received is ever lost; a file
received before is a duplicate; otherwise it is read, and either every order is stored (one
transaction, together with the status) or nothing is and the interchange says why, row by row.
Out: the same file with each line's accepted quantity filled from the decisions, which staff
upload to Vendor Central; spreadsheet orders are never acknowledged through the API.
"""

from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from edi.models import (
    Direction,
    Interchange,
    InterchangeStatus,
    SpreadsheetFile,
    SpreadsheetHeaderMap,
    Standard,
)
from edi.spreadsheet.headers import HeaderMap
from edi.spreadsheet.parsing import (
    ParseOptions,
    SpreadsheetParse,
    spreadsheet_parse,
    vendor_codes_in,
)
from edi.spreadsheet.reading import SpreadsheetRejected
from edi.spreadsheet.writing import CONTENT_TYPES, RowFill, availability_code, confirmation_write
from orders.models import (
    Marketplace,
    OrderSource,
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseOrderStatus,
    VendorAccount,
)
from orders.services.intake import purchase_orders_receive

S = InterchangeStatus
M = Marketplace
REPROCESSABLE = (S.ERROR, S.DUPLICATE)
UNDECIDED = {PurchaseOrderStatus.NEW, PurchaseOrderStatus.NEEDS_REVIEW}
MARKETPLACE_LOCALE = {M.DE: "de", M.IT: "it"}
MARKETPLACE_CURRENCY = {
    M.US: "USD", M.CA: "CAD", M.MX: "MXN", M.BR: "BRL", M.UK: "GBP", M.DE: "EUR", M.FR: "EUR",
    M.IT: "EUR", M.ES: "EUR", M.NL: "EUR", M.SE: "SEK", M.PL: "PLN", M.TR: "TRY", M.JP: "JPY",
    M.AU: "AUD", M.IN: "INR",
}
MONTH_FIRST = {M.US}


def header_maps_for(account: VendorAccount | None) -> list[HeaderMap]:
    """One map per language, the account's own over the default (its availability texts
    filled in from the default's), the language of its marketplace first."""
    rows = list(SpreadsheetHeaderMap.objects.filter(Q(account=account) | Q(account=None)))
    defaults = {row.locale: row for row in rows if row.account_id is None}
    chosen = defaults | {row.locale: row for row in rows if row.account_id is not None}
    preferred = MARKETPLACE_LOCALE.get(account.marketplace, "en") if account else "en"
    locales = sorted(chosen, key=lambda locale: (locale != preferred, locale != "en", locale))
    return [HeaderMap(locale, chosen[locale].headers, {
        **(defaults[locale].availability_labels if locale in defaults else {}),
        **chosen[locale].availability_labels}) for locale in locales]


def parse_options(account: VendorAccount) -> ParseOptions:
    return ParseOptions(
        maps=header_maps_for(account),
        currency=MARKETPLACE_CURRENCY.get(account.marketplace, "USD"),
        day_first=account.marketplace not in MONTH_FIRST,
        vendor_codes=frozenset(code.upper() for code in (account.code, account.selling_party_id)
                               if code))


def account_for_spreadsheet(content: bytes) -> VendorAccount:
    """The vendor account whose code is the one in the file's vendor-code column; the
    ValidationError says why there is none (callers add how to name the account)."""
    try:
        codes = vendor_codes_in(content, header_maps_for(None))
    except SpreadsheetRejected as rejected:
        raise ValidationError(rejected.messages) from rejected
    if not codes:
        raise ValidationError(_("The file has no vendor code column, or it is empty."))
    if len(codes) > 1:
        raise ValidationError(_("The file holds several vendor codes (%(codes)s).")
                              % {"codes": ", ".join(sorted(codes))})
    code = codes.pop()
    accounts = list(VendorAccount.objects.filter(code__iexact=code))
    if not accounts:
        raise ValidationError(_("No vendor account has the vendor code %(code)s.")
                              % {"code": code})
    if len(accounts) > 1:
        raise ValidationError(_("Several vendor accounts have the vendor code %(code)s.")
                              % {"code": code})
    return accounts[0]


def _finish(interchange: Interchange, status: str, **values) -> Interchange:
    values = {"status": status, "processed_at": timezone.now(), "error": "", **values}
    Interchange.objects.filter(pk=interchange.pk).update(**values)
    for name, value in values.items():
        setattr(interchange, name, value)
    return interchange


def spreadsheet_receive(*, account: VendorAccount, file_name: str,
                        content: bytes) -> Interchange:
    """Store the file, then import it unless the same file was received before."""
    with transaction.atomic():
        interchange = Interchange.objects.create(
            direction=Direction.INBOUND, standard=Standard.SPREADSHEET,
            file_name=PurePath(file_name).name[:255], content=content)
        SpreadsheetFile.objects.create(interchange=interchange, account=account)
    original = Interchange.objects.filter(
        direction=Direction.INBOUND, checksum=interchange.checksum, pk__lt=interchange.pk
    ).order_by("pk").only("pk").first()
    if original is not None:
        return _finish(interchange, S.DUPLICATE, duplicate_of=original)
    return spreadsheet_import(interchange=interchange, account=account)


def spreadsheet_import(*, interchange: Interchange, account: VendorAccount) -> Interchange:
    """Read the stored file; store all its orders and link them, or none and say why."""
    try:
        parse = spreadsheet_parse(bytes(interchange.content), parse_options(account))
    except SpreadsheetRejected as rejected:
        return _finish(interchange, S.ERROR, error="\n".join(rejected.messages))
    with transaction.atomic():
        result = purchase_orders_receive(account=account, orders=parse.orders,
                                         source=OrderSource.SPREADSHEET)
        interchange.purchase_orders.set(PurchaseOrder.objects.filter(
            account=account, po_number__in=[order.po_number for order in parse.orders]))
        sheet = interchange.spreadsheet
        sheet.locale, sheet.lines = parse.locale, len(parse.rows)
        sheet.orders_created, sheet.orders_changed = len(result.created), len(result.changed)
        sheet.orders_unchanged = result.unchanged
        sheet.save()
        return _finish(interchange, S.IMPORTED, duplicate_of=None)


def _spreadsheet_file(interchange: Interchange) -> SpreadsheetFile:
    try:
        return SpreadsheetFile.objects.select_related("account").get(pk=interchange.pk)
    except SpreadsheetFile.DoesNotExist:
        raise ValidationError(_("The file %(file)s is not a Vendor Central spreadsheet received "
                                "for a vendor account.")
                              % {"file": interchange.file_name}) from None


def spreadsheet_reprocess(interchange: Interchange) -> Interchange:
    """Read a stored file in error (or marked duplicate) again, e.g. after staff fixed a
    header map. Claimed with one conditional update, so two staff never import it twice."""
    spreadsheet = _spreadsheet_file(interchange)
    claimed = Interchange.objects.filter(pk=interchange.pk, status__in=REPROCESSABLE).update(
        status=S.RECEIVED, error="", duplicate_of=None)
    if not claimed:
        raise ValidationError(_("The file %(file)s is not in error or a duplicate, so it is not "
                                "read again.") % {"file": interchange.file_name})
    fresh = Interchange.objects.get(pk=interchange.pk)
    return spreadsheet_import(interchange=fresh, account=spreadsheet.account)


def undecided_purchase_orders(interchange: Interchange) -> list[str]:
    """PO numbers of the interchange's orders that are not decided yet."""
    return list(interchange.purchase_orders.filter(status__in=UNDECIDED)
                .order_by("po_number").values_list("po_number", flat=True))


@dataclass(frozen=True)
class ConfirmationExport:
    content: bytes
    file_name: str
    content_type: str
    confirmed_lines: int
    undecided: list[str]  # PO numbers not decided yet: their rows are left blank


def _decisions(parse: SpreadsheetParse, account: VendorAccount
               ) -> dict[tuple[str, str], tuple[int, str]]:
    """(PO number, item) → (accepted quantity, availability code) of every decided line."""
    decided = {}
    for po, status, item, accepted, reason in PurchaseOrderLine.objects.filter(
            order__account=account, order__po_number__in={row.po_number for row in parse.rows},
    ).exclude(order__status__in=UNDECIDED).values_list(
            "order__po_number", "order__status", "item_sequence", "accepted_quantity",
            "rejection_reason"):
        if status == PurchaseOrderStatus.CANCELLED:
            accepted = 0
        if accepted is not None:
            decided[po, item] = (accepted, availability_code(accepted, reason))
    return decided


def _row_fills(parse: SpreadsheetParse, account: VendorAccount
               ) -> tuple[list[RowFill], list[str]]:
    decided, texts = _decisions(parse, account), parse.header_map.availability
    fills, undecided = [], {}
    for row in parse.rows:
        decision = decided.get((row.po_number, row.item_sequence))
        if decision is None:
            fills.append(RowFill(row.number, None))
            undecided[row.po_number] = True
        else:
            accepted, code = decision
            fills.append(RowFill(row.number, accepted, texts.get(code) or code))
    return fills, list(undecided)


def confirmation_export(*, interchange: Interchange) -> ConfirmationExport:
    """The imported file with the accepted quantities filled in, ready to upload to Vendor
    Central; lines of POs not decided yet stay blank and are listed in `undecided`."""
    spreadsheet = _spreadsheet_file(interchange)
    if interchange.status != S.IMPORTED:
        raise ValidationError(_("The file %(file)s was not imported, so there is nothing to "
                                "confirm.")
                              % {"file": interchange.file_name})
    content = bytes(Interchange.objects.values_list("content", flat=True).get(pk=interchange.pk))
    try:
        parse = spreadsheet_parse(content, parse_options(spreadsheet.account))
    except SpreadsheetRejected as rejected:
        raise ValidationError(rejected.messages) from rejected
    fills, undecided = _row_fills(parse, spreadsheet.account)
    name = PurePath(interchange.file_name)
    return ConfirmationExport(
        content=confirmation_write(content, parse, fills),
        file_name=f"{name.stem}-confirmation.{parse.sheet.kind}",
        content_type=CONTENT_TYPES[parse.sheet.kind],
        confirmed_lines=sum(1 for fill in fills if fill.accepted_quantity is not None),
        undecided=undecided)
