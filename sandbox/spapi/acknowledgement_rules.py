"""The business rules Amazon applies to an acknowledgement after accepting it with 202.

From Amazon's acknowledgement guide and vendor FAQ (research §1.5): every line must be
acknowledged (lines Amazon cancelled, ordered quantity 0, may be left out); no more than ordered;
no acknowledgedQuantity of 0; Backordered only where isBackOrderAllowed; Rejected with a
rejectionReason; a netCost on every line, above zero and not above the order's; the vendor code
of the order; enum values in their exact case. Each broken rule is one error of the failed
transaction, naming the purchase order and the item.
"""

from collections import defaultdict

from sandbox.spapi.lines import (
    business_error,
    eaches,
    line_for,
    line_label,
    money_amount,
    order_lines,
    ordered_eaches,
)


def acknowledgement_errors(
    acknowledgement: dict, order: dict | None, wrong_case: list[tuple[dict | None, str]]
) -> list[dict]:
    """The errors for one OrderAcknowledgement against the order as it stands; `wrong_case`
    holds (item or None for the acknowledgement itself, value) of enum values in the wrong
    case."""
    number = acknowledgement["purchaseOrderNumber"]
    if order is None:
        return [_unknown_order(number)]
    errors = _vendor_code_errors(acknowledgement, order)
    errors += [_wrong_case(number, item, value) for item, value in wrong_case]
    acknowledged = defaultdict(list)
    for item in acknowledgement["items"]:
        line = line_for(order, item)
        if line is None:
            errors.append(_not_on_order(number, item))
        else:
            acknowledged[line["itemSequenceNumber"]].append(item)
            errors += _item_errors(number, item, line)
    errors += _quantity_errors(number, order, acknowledged)
    return errors


def _unknown_order(number: str) -> dict:
    return business_error(
        "INVALID_ORDER_ID",
        f"Invalid order ID. Purchase order {number} is not known to Amazon.",
        "Acknowledge only purchase orders returned by getPurchaseOrders (the sandbox keeps "
        "the generated orders of the last 30 days).",
    )


def _vendor_code_errors(acknowledgement: dict, order: dict) -> list[dict]:
    ordering = order.get("orderDetails", {}).get("sellingParty", {}).get("partyId")
    sent = acknowledgement["sellingParty"].get("partyId")
    if ordering is None or sent == ordering:
        return []
    number = acknowledgement["purchaseOrderNumber"]
    return [
        business_error(
            "INVALID_SELLING_PARTY",
            f"Purchase order {number}: sellingParty.partyId {sent} is not the vendor code "
            f"{ordering} the order was placed with.",
            "Send the order's sellingParty.partyId unchanged.",
        )
    ]


def _wrong_case(number: str, item: dict | None, value: str) -> dict:
    label = line_label(number, item) if item else f"Purchase order {number}"
    return business_error(
        "INVALID_ENUM_VALUE",
        f"{label}: '{value}' is not a valid value; enumeration values are case-sensitive.",
        "Use the model's spelling, e.g. Accepted, Backordered, Rejected, TemporarilyUnavailable.",
    )


def _not_on_order(number: str, item: dict) -> dict:
    return business_error(
        "INVALID_ITEM",
        f"{line_label(number, item)}: no such line on the purchase order.",
        "Refer to the order's lines by itemSequenceNumber (or amazonProductIdentifier).",
    )


def _item_errors(number: str, item: dict, line: dict) -> list[dict]:
    label = line_label(number, line)
    errors = [
        error
        for entry in item["itemAcknowledgements"]
        for error in _entry_errors(label, entry, line)
    ]
    return errors + _net_cost_errors(label, item, line)


def _entry_errors(label: str, entry: dict, line: dict) -> list[dict]:
    code = entry["acknowledgementCode"]
    errors = []
    if entry["acknowledgedQuantity"].get("amount", 0) == 0:
        errors.append(
            business_error(
                "INVALID_QUANTITY",
                f"{label}: acknowledgedQuantity.amount must not be zero.",
                "Leave out an acknowledgement code that covers no units.",
            )
        )
    if code == "Backordered" and not line.get("isBackOrderAllowed", False):
        errors.append(
            business_error(
                "BACKORDER_NOT_ALLOWED",
                f"{label}: Backordered is not allowed because isBackOrderAllowed is false.",
                "Accept what ships on time and reject the rest as TemporarilyUnavailable.",
            )
        )
    if code == "Rejected" and not entry.get("rejectionReason"):
        errors.append(
            business_error(
                "MISSING_REJECTION_REASON",
                f"{label}: a Rejected quantity needs a rejectionReason.",
                "Add rejectionReason TemporarilyUnavailable, InvalidProductIdentifier or "
                "ObsoleteProduct.",
            )
        )
    return errors


def _net_cost_errors(label: str, item: dict, line: dict) -> list[dict]:
    sent = money_amount(item.get("netCost"))
    ordered = money_amount(line.get("netCost"))
    if sent is None:
        return [
            business_error(
                "MISSING_NET_COST",
                f"{label}: netCost is missing.",
                "Send the line's unit cost; it must match the invoice.",
            )
        ]
    if sent <= 0:
        return [
            business_error(
                "INVALID_NET_COST",
                f"{label}: netCost {sent} must be above zero.",
                "Send the line's unit cost; it must match the invoice.",
            )
        ]
    if ordered is not None and sent > ordered:
        return [
            business_error(
                "INVALID_NET_COST",
                f"{label}: netCost {sent} is higher than the ordered {ordered}.",
                "A price cannot be raised in an acknowledgement; send the order's netCost or less.",
            )
        ]
    return []


def _quantity_errors(number: str, order: dict, acknowledged: dict[str, list[dict]]) -> list[dict]:
    errors = []
    for line in order_lines(order):
        items = acknowledged.get(line["itemSequenceNumber"], [])
        total = sum(
            eaches(entry["acknowledgedQuantity"], line)
            for item in items
            for entry in item["itemAcknowledgements"]
        )
        errors += _line_total_errors(line_label(number, line), line, bool(items), total)
    return errors


def _line_total_errors(label: str, line: dict, acknowledged: bool, total: int) -> list[dict]:
    ordered = ordered_eaches(line)
    if not acknowledged and ordered > 0:
        return [
            business_error(
                "ITEM_NOT_ACKNOWLEDGED",
                f"{label}: the line is not acknowledged.",
                "Acknowledge every line of the order; reject what you cannot ship.",
            )
        ]
    if total > ordered:
        return [
            business_error(
                "QUANTITY_EXCEEDS_ORDERED",
                f"{label}: {total} units acknowledged but only {ordered} ordered.",
                "Acknowledge at most the ordered quantity of the order's current version.",
            )
        ]
    return []
