"""Amazon's X12 850 purchase orders → ParsedOrder, one per transaction set.

Past the envelope, each line needs an item number, a whole quantity, a known unit and a product
id, and CTT01 must count the PO1 segments: the libraries that check envelopes miss these.
"""

from datetime import datetime
from decimal import Decimal

from edi.amazon.documents import OrderFile
from edi.amazon.values import X12_VENDOR_IDS, amount, chosen_ids, moment, whole_number
from edi.codec import x12
from edi.codec.acceptance import x12_places
from edi.codec.problems import EdiError, Fault, Problem, plural, problem_at
from edi.codec.x12 import TransactionSet
from edi.codec.x12_segments import Segment
from orders.parsed import ParsedAddress, ParsedLine, ParsedOrder

ORDER_TYPES = {"NE": "RegularOrder", "CN": "ConsignedOrder", "NP": "NewProductIntroduction",
               "RO": "RushOrder"}
PRODUCT_IDS = {"BP": "ASIN (buyer's part number)", "VN": "vendor item number",
               "VP": "vendor part number", "EN": "EAN", "UP": "UPC", "UK": "GTIN-14",
               "IB": "ISBN"}
# DTM qualifiers: do not deliver before / after, ship not before / no later than.
WINDOW_DATES = {"064": ("delivery", 0), "063": ("delivery", 1), "037": ("ship", 0),
                "038": ("ship", 1)}
LIST_PRICES = ("LPR", "SLP")  # CTP02: list price, suggested list price
NOTHING = Segment("")


def read_850(data: bytes | str) -> OrderFile[x12.Interchange]:
    """Every 850 in the file with every problem; raises EdiError only if it is not X12."""
    interchange = x12.read_interchange(data)
    problems, mapped = list(interchange.problems), []
    for group in interchange.groups:
        for transaction_set in group.transaction_sets:
            mapped.append((group, transaction_set, _order(transaction_set, problems)))
    problems.sort(key=lambda problem: problem.position)
    places = x12_places(interchange, problems)
    orders = [order for group, transaction_set, order in mapped
              if order is not None and places.accepts(group, transaction_set)]
    return OrderFile(interchange, orders, problems)


def parse_850(data: bytes | str) -> list[ParsedOrder]:
    """The purchase orders of a file with no problem at all; EdiError lists them otherwise."""
    order_file = read_850(data)
    if order_file.problems:
        raise EdiError(order_file.problems)
    return order_file.orders


def _order(transaction_set: TransactionSet, problems: list[Problem]) -> ParsedOrder | None:
    header = transaction_set.header
    if transaction_set.code != "850":
        problems.append(problem_at(header, Fault.UNSUPPORTED, f"transaction set "
                                   f"{transaction_set.code} is not a purchase order (850)."))
        return None
    top, lines, summary = _sections(transaction_set.body)
    beg = _first(top, "BEG")
    if beg is NOTHING:
        problems.append(Problem(f"Segment {header.position} (ST): transaction set "
                                f"{transaction_set.control_number} has no BEG segment, so it "
                                "names no purchase order.", Fault.MISSING_SEGMENT, "BEG",
                                header.position))
        return None
    return _order_from(beg, top, lines, summary, problems)


def _order_from(beg: Segment, top: list[Segment], lines: list[list[Segment]],
                summary: list[Segment], problems: list[Problem]) -> ParsedOrder:
    windows = _windows(top, problems)
    currency = _first(top, "CUR").element(2) or "USD"
    backorder_allowed = _first(top, "CSH").element(1) == "Y"
    _check_line_count(summary, len(lines), problems)
    _check_item_numbers(lines, problems)
    return ParsedOrder(
        po_number=_required(beg, 3, "purchase order number", problems), amazon_state="New",
        has_details=True, order_type=_order_type(beg, problems),
        ordered_at=_date(beg, 5, problems), ship_window=windows["ship"],
        delivery_window=windows["delivery"],
        selling_party_id=next((s.element(2) for s in top
                               if s.tag == "REF" and s.element(1) == "CR"), ""),
        ship_to=_ship_to(top, problems),
        lines=[_line(group, currency, backorder_allowed, problems) for group in lines])


def _sections(body: list[Segment]) -> tuple[list[Segment], list[list[Segment]], list[Segment]]:
    """Heading segments, each PO1 with the segments after it, and the summary from CTT on."""
    top, lines, summary = [], [], []
    for segment in body:
        if segment.tag == "CTT" or summary:
            summary.append(segment)
        elif segment.tag == "PO1":
            lines.append([segment])
        elif lines:
            lines[-1].append(segment)
        else:
            top.append(segment)
    return top, lines, summary


def _first(segments: list[Segment], tag: str) -> Segment:
    for segment in segments:
        if segment.tag == tag:
            return segment
    return NOTHING


def _required(segment: Segment, number: int, name: str, problems: list[Problem]) -> str:
    value = segment.element(number)
    if not value:
        problems.append(problem_at(segment, Fault.MISSING_ELEMENT,
                                   f"{segment.tag}{number:02d} ({name}) is empty.", number))
    return value


def _order_type(beg: Segment, problems: list[Problem]) -> str:
    if beg.element(1) != "00":
        problems.append(problem_at(beg, Fault.INVALID_CODE, f"BEG01 {beg.element(1)!r} is not "
                                   "00 (original); only original orders are read.", 1))
    kind = beg.element(2)
    if kind not in ORDER_TYPES:
        problems.append(problem_at(beg, Fault.INVALID_CODE, f"BEG02 order type {kind!r} is not "
                                   f"one Amazon sends ({', '.join(ORDER_TYPES)}).", 2))
    return ORDER_TYPES.get(kind, "")


def _date(segment: Segment, number: int, problems: list[Problem]) -> datetime | None:
    text = segment.element(number)
    try:
        return moment(text) if text else None
    except ValueError:
        problems.append(problem_at(segment, Fault.INVALID_DATE, f"{segment.tag}{number:02d} "
                                   f"{text!r} is not a date written CCYYMMDD.", number))
        return None


def _windows(top: list[Segment], problems: list[Problem]) -> dict[str, tuple]:
    ends = {"ship": [None, None], "delivery": [None, None]}
    for dtm in top:
        if dtm.tag == "DTM" and dtm.element(1) in WINDOW_DATES:
            window, end = WINDOW_DATES[dtm.element(1)]
            ends[window][end] = _date(dtm, 2, problems)
    return {window: tuple(pair) for window, pair in ends.items()}


def _ship_to(top: list[Segment], problems: list[Problem]) -> ParsedAddress | None:
    loop = _party_loop(top, "ST")
    if not loop:
        return None
    n1, n3, n4 = loop[0], _first(loop, "N3"), _first(loop, "N4")
    if n1.element(3) != "92":
        problems.append(problem_at(n1, Fault.INVALID_CODE, f"N103 {n1.element(3)!r} is not 92 "
                                   "(assigned by buyer), the code Amazon gives its fulfilment "
                                   "centres.", 3))
    return ParsedAddress(
        party_id=_required(n1, 4, "ship-to code", problems), name=n1.element(2),
        address_line1=n3.element(1), address_line2=n3.element(2), city=n4.element(1),
        state_or_region=n4.element(2), postal_code=n4.element(3), country_code=n4.element(4))


def _party_loop(top: list[Segment], entity: str) -> list[Segment]:
    """The N1 naming `entity` and the N2/N3/N4 after it."""
    loop: list[Segment] = []
    for segment in top:
        if segment.tag == "N1":
            if loop:
                break
            if segment.element(1) == entity:
                loop.append(segment)
        elif loop and segment.tag in ("N2", "N3", "N4"):
            loop.append(segment)
    return loop


def _line(group: list[Segment], currency: str, backorder_allowed: bool,
          problems: list[Problem]) -> ParsedLine:
    po1, po4, ctp = group[0], _first(group, "PO4"), _list_price_segment(group)
    unit, unit_size = _unit(po1, po4, problems)
    amazon_id, vendor_id = _product_ids(po1, problems)
    return ParsedLine(
        item_sequence=_required(po1, 1, "line item number", problems),
        amazon_product_id=amazon_id, vendor_product_id=vendor_id,
        ordered_quantity=_count(po1, 2, "quantity ordered", problems), unit_of_measure=unit,
        unit_size=unit_size, is_backorder_allowed=backorder_allowed,
        net_cost=_amount(po1, 4, "unit price", problems),
        list_price=_amount(ctp, 3, "list price", problems), currency=currency)


def _count(segment: Segment, number: int, name: str, problems: list[Problem]) -> int:
    text = _required(segment, number, name, problems)
    try:
        return whole_number(text) if text else 0
    except ValueError:
        problems.append(problem_at(segment, Fault.INVALID_NUMBER, f"{segment.tag}{number:02d} "
                                   f"({name}) {text!r} is not a whole number.", number))
        return 0


def _amount(segment: Segment, number: int, name: str, problems: list[Problem]) -> Decimal | None:
    text = segment.element(number)
    try:
        return amount(text) if text else None
    except ValueError:
        problems.append(problem_at(segment, Fault.INVALID_NUMBER, f"{segment.tag}{number:02d} "
                                   f"({name}) {text!r} is not an amount.", number))
        return None


def _list_price_segment(group: list[Segment]) -> Segment:
    for segment in group:
        if segment.tag == "CTP" and segment.element(2) in LIST_PRICES:
            return segment
    return NOTHING


def _unit(po1: Segment, po4: Segment, problems: list[Problem]) -> tuple[str, int]:
    code = _required(po1, 3, "unit of measure", problems)
    if code == "EA":
        return "Eaches", 1
    if code == "CA":
        if po4 is NOTHING:
            problems.append(problem_at(po1, Fault.MISSING_SEGMENT, "the line is ordered in "
                                       "cases (CA) but no PO4 follows to say how many units a "
                                       "case holds.", 3))
            return "Cases", 1
        return "Cases", max(_count(po4, 1, "units per case", problems), 1)
    if code:
        problems.append(problem_at(po1, Fault.INVALID_CODE, f"PO103 unit {code!r} is not EA "
                                   "(each) or CA (case).", 3))
    return "Eaches", 1


def _product_ids(po1: Segment, problems: list[Problem]) -> tuple[str, str]:
    """PO106 onwards are pairs of a qualifier and an id."""
    ids: dict[str, str] = {}
    pairs = po1.elements[5:]
    for offset in range(0, len(pairs), 2):
        kind, value = pairs[offset], pairs[offset + 1] if offset + 1 < len(pairs) else ""
        if kind and (kind not in PRODUCT_IDS or not value):
            problems.append(_product_id_problem(po1, offset + 6, kind))
        elif kind:
            ids.setdefault(kind, value)
    if not any(pairs):
        problems.append(problem_at(po1, Fault.MISSING_ELEMENT, "the line names no product "
                                   "(PO106 and PO107 are empty).", 6))
    return chosen_ids(ids, ("BP",), X12_VENDOR_IDS)


def _product_id_problem(po1: Segment, number: int, kind: str) -> Problem:
    if kind not in PRODUCT_IDS:
        return problem_at(po1, Fault.INVALID_CODE, f"PO1{number:02d} product id qualifier "
                          f"{kind!r} is not one Amazon uses ({', '.join(PRODUCT_IDS)}).", number)
    return problem_at(po1, Fault.MISSING_ELEMENT, f"PO1{number + 1:02d} is empty though "
                      f"PO1{number:02d} announces the {PRODUCT_IDS[kind]}.", number + 1)


def _check_line_count(summary: list[Segment], lines: int, problems: list[Problem]) -> None:
    ctt = _first(summary, "CTT")
    said = ctt.element(1)
    if ctt is NOTHING:
        return
    if not said.isdigit():
        problems.append(problem_at(ctt, Fault.INVALID_NUMBER, f"CTT01 {said!r} is not a count "
                                   "of line items.", 1))
    elif int(said) != lines:
        problems.append(problem_at(ctt, Fault.COUNT_MISMATCH, f"CTT01 says "
                                   f"{plural(int(said), 'line item')}, the purchase order has "
                                   f"{plural(lines, 'PO1 segment')}.", 1))


def _check_item_numbers(lines: list[list[Segment]], problems: list[Problem]) -> None:
    seen: dict[str, int] = {}
    for po1 in (group[0] for group in lines):
        number = po1.element(1)
        if number and number in seen:
            problems.append(problem_at(po1, Fault.INVALID_CODE, f"PO101 line item number "
                                       f"{number} repeats the line of segment {seen[number]}; "
                                       "each line needs its own number.", 1))
        seen.setdefault(number, po1.position)
