"""Amazon's EDIFACT ORDERS (D96A, EANCOM) → ParsedOrder, one per message.

Past the envelope, each line needs a line number, a whole QTY+21 and a product id, and CNT+2
must count the LIN segments. Numbers use the decimal mark the UNA declares.
"""

from datetime import datetime
from decimal import Decimal

from edi.amazon.documents import OrderFile
from edi.amazon.values import EDIFACT_VENDOR_IDS, amount, chosen_ids, moment, whole_number
from edi.codec import edifact
from edi.codec.acceptance import edifact_places
from edi.codec.edifact import Message
from edi.codec.edifact_segments import Segment
from edi.codec.problems import EdiError, Fault, Problem, plural, problem_at
from orders.parsed import ParsedAddress, ParsedLine, ParsedOrder

ORDER_TYPES = {"220": "RegularOrder", "224": "RushOrder", "227": "ConsignedOrder"}
ITEM_KINDS = {"BP": "buyer's part number", "IN": "buyer's item number",
              "SA": "supplier's article number", "VN": "vendor item number",
              "MF": "manufacturer's article number", "EN": "EAN", "SRV": "GTIN",
              "UP": "UPC", "IB": "ISBN"}
DATE_LAYOUTS = {"102": "CCYYMMDD", "203": "CCYYMMDDHHMM"}
EACHES, CASES = {"", "PCE", "EA", "C62"}, {"CS", "CA", "CT"}
NOTHING = Segment("")


def read_orders(data: bytes | str) -> OrderFile[edifact.Interchange]:
    """Every ORDERS message in the file with every problem; EdiError only if not EDIFACT."""
    interchange = edifact.read_interchange(data)
    problems, mapped = list(interchange.problems), []
    mark = interchange.characters.decimal_mark
    for message in interchange.messages:
        mapped.append((message, _order(message, mark, problems)))
    problems.sort(key=lambda problem: problem.position)
    places = edifact_places(interchange, problems)
    orders = [order for message, order in mapped
              if order is not None and places.accepts(message)]
    return OrderFile(interchange, orders, problems)


def parse_orders(data: bytes | str) -> list[ParsedOrder]:
    """The purchase orders of a file with no problem at all; EdiError lists them otherwise."""
    order_file = read_orders(data)
    if order_file.problems:
        raise EdiError(order_file.problems)
    return order_file.orders


def _order(message: Message, mark: str, problems: list[Problem]) -> ParsedOrder | None:
    header = message.header
    if tuple(message.identifier[:3]) != ("ORDERS", "D", "96A"):
        problems.append(problem_at(header, Fault.UNSUPPORTED, f"message {message.reference} is "
                                   f"{':'.join(message.identifier)}, not ORDERS:D:96A.", 2))
        return None
    top, lines, summary = _sections(message.body)
    bgm = _first(top, "BGM")
    if bgm is NOTHING:
        problems.append(Problem(f"Segment {header.position} (UNH): message {message.reference} "
                                "has no BGM segment, so it names no purchase order.",
                                Fault.MISSING_SEGMENT, "BGM", header.position))
        return None
    _check_line_count(summary, len(lines), problems)
    _check_line_numbers(lines, problems)
    return _order_from(bgm, top, lines, mark, problems)


def _order_from(bgm: Segment, top: list[Segment], lines: list[list[Segment]], mark: str,
                problems: list[Problem]) -> ParsedOrder:
    dates = _dates(top, problems)
    currency = _first_qualified(top, "CUX", "2").value(1, 2)
    delivery_party = _first_qualified(top, "NAD", "DP")
    return ParsedOrder(
        po_number=_required(bgm, 2, "document number", problems), amazon_state="New",
        has_details=True, order_type=_order_type(bgm, problems), ordered_at=dates.get("137"),
        delivery_window=(dates.get("64", dates.get("2")), dates.get("63", dates.get("2"))),
        selling_party_id=_first_qualified(top, "RFF", "CR").value(1, 2),
        buying_party_id=_first_qualified(top, "NAD", "BY").value(2),
        ship_to=_address(delivery_party, problems) if delivery_party is not NOTHING else None,
        lines=[_line(group, currency, mark, problems) for group in lines])


def _sections(body: list[Segment]) -> tuple[list[Segment], list[list[Segment]], list[Segment]]:
    """Heading segments, each LIN with the segments after it, and the summary from UNS on."""
    top, lines, summary = [], [], []
    for segment in body:
        if segment.tag == "UNS" or summary:
            summary.append(segment)
        elif segment.tag == "LIN":
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


def _first_qualified(segments: list[Segment], tag: str, qualifier: str) -> Segment:
    for segment in segments:
        if segment.tag == tag and segment.value(1) == qualifier:
            return segment
    return NOTHING


def _required(segment: Segment, element: int, name: str, problems: list[Problem],
              component: int = 1) -> str:
    value = segment.value(element, component)
    if not value:
        problems.append(problem_at(segment, Fault.MISSING_ELEMENT, f"{segment.tag} element "
                                   f"{element} ({name}) is empty.", element, component))
    return value


def _order_type(bgm: Segment, problems: list[Problem]) -> str:
    kind, function = bgm.value(1), bgm.value(3)
    if kind not in ORDER_TYPES:
        problems.append(problem_at(bgm, Fault.INVALID_CODE, f"document name code {kind!r} is "
                                   f"not one Amazon sends ({', '.join(ORDER_TYPES)}).", 1))
    if function not in ("", "9"):
        problems.append(problem_at(bgm, Fault.INVALID_CODE, f"message function {function!r} is "
                                   "not 9 (original); only original orders are read.", 3))
    return ORDER_TYPES.get(kind, "")


def _dates(top: list[Segment], problems: list[Problem]) -> dict[str, datetime]:
    dates = {}
    for dtm in (segment for segment in top if segment.tag == "DTM"):
        qualifier, text, layout = dtm.value(1), dtm.value(1, 2), dtm.value(1, 3) or "102"
        if layout not in DATE_LAYOUTS:
            problems.append(problem_at(dtm, Fault.INVALID_CODE, f"DTM+{qualifier} format "
                                       f"{layout!r} is not 102 (CCYYMMDD) or 203 "
                                       "(CCYYMMDDHHMM).", 1, 3))
            continue
        try:
            dates[qualifier] = moment(text, layout)
        except ValueError:
            problems.append(problem_at(dtm, Fault.INVALID_DATE, f"DTM+{qualifier} {text!r} is "
                                       f"not a date written {DATE_LAYOUTS[layout]}.", 1, 2))
    return dates


def _address(nad: Segment, problems: list[Problem]) -> ParsedAddress:
    """NAD: party id, name and address, street lines, city, region, postal code, country."""
    street = [line for line in _components(nad, 5) if line]
    return ParsedAddress(
        party_id=_required(nad, 2, "party id", problems),
        name=" ".join(part for part in _components(nad, 4) if part),
        address_line1=street[0] if street else "", address_line2=" ".join(street[1:]),
        city=nad.value(6), state_or_region=nad.value(7), postal_code=nad.value(8),
        country_code=nad.value(9))


def _components(segment: Segment, element: int) -> tuple[str, ...]:
    return segment.elements[element - 1] if element <= len(segment.elements) else ()


def _line(group: list[Segment], currency: str, mark: str, problems: list[Problem]) -> ParsedLine:
    lin, quantity = group[0], _first_qualified(group, "QTY", "21")
    if quantity is NOTHING:
        problems.append(problem_at(lin, Fault.MISSING_SEGMENT, f"line {lin.value(1)} has no "
                                   "QTY+21 (ordered quantity)."))
    unit, unit_size = _unit(quantity, _first_qualified(group, "QTY", "59"), mark, problems)
    amazon_id, vendor_id = _product_ids(group, problems)
    return ParsedLine(
        item_sequence=_required(lin, 1, "line number", problems), amazon_product_id=amazon_id,
        vendor_product_id=vendor_id, unit_of_measure=unit, unit_size=unit_size,
        ordered_quantity=_count(quantity, mark, problems) if quantity is not NOTHING else 0,
        is_backorder_allowed=False, net_cost=_price(group, "AAA", mark, problems),
        list_price=None, currency=currency)


def _count(qty: Segment, mark: str, problems: list[Problem]) -> int:
    text = _required(qty, 1, "quantity", problems, component=2)
    try:
        return whole_number(text, mark) if text else 0
    except ValueError:
        problems.append(problem_at(qty, Fault.INVALID_NUMBER, f"QTY+{qty.value(1)} quantity "
                                   f"{text!r} is not a whole number.", 1, 2))
        return 0


def _price(group: list[Segment], qualifier: str, mark: str,
           problems: list[Problem]) -> Decimal | None:
    pri = _first_qualified(group, "PRI", qualifier)
    text = pri.value(1, 2)
    try:
        return amount(text, mark) if text else None
    except ValueError:
        problems.append(problem_at(pri, Fault.INVALID_NUMBER, f"PRI+{qualifier} price {text!r} "
                                   "is not an amount.", 1, 2))
        return None


def _unit(quantity: Segment, case_size: Segment, mark: str,
          problems: list[Problem]) -> tuple[str, int]:
    code = quantity.value(1, 3)
    if code in CASES:
        if case_size is NOTHING:
            problems.append(problem_at(quantity, Fault.MISSING_SEGMENT, f"the line is ordered in "
                                       f"{code} but no QTY+59 says how many units one holds.", 1,
                                       3))
            return "Cases", 1
        return "Cases", max(_count(case_size, mark, problems), 1)
    if code not in EACHES:
        problems.append(problem_at(quantity, Fault.INVALID_CODE, f"unit {code!r} is not pieces "
                                   f"({', '.join(sorted(EACHES - {''}))}) or cases "
                                   f"({', '.join(sorted(CASES))}).", 1, 3))
    return "Eaches", 1


def _product_ids(group: list[Segment], problems: list[Problem]) -> tuple[str, str]:
    ids: dict[str, str] = {}
    numbers = _item_numbers(group)
    for segment, element, value, kind in numbers:
        if kind and kind not in ITEM_KINDS:
            problems.append(problem_at(segment, Fault.INVALID_CODE, f"item number type {kind!r} "
                                       f"is not one Amazon uses ({', '.join(ITEM_KINDS)}).",
                                       element, 2))
        elif value:
            ids.setdefault(kind, value)
    if not any(value for _, _, value, _ in numbers):
        problems.append(problem_at(group[0], Fault.MISSING_ELEMENT, f"line {group[0].value(1)} "
                                   "names no product, neither in LIN nor in PIA.", 3))
    return chosen_ids(ids, ("BP", "IN"), EDIFACT_VENDOR_IDS)


def _item_numbers(group: list[Segment]) -> list[tuple[Segment, int, str, str]]:
    """Each item number with its place and type: LIN element 3, PIA elements 2 to 6."""
    places = [(group[0], 3)]
    for pia in (segment for segment in group if segment.tag == "PIA"):
        places += [(pia, element) for element in range(2, len(pia.elements) + 1)]
    return [(segment, element, segment.value(element), segment.value(element, 2))
            for segment, element in places]


def _check_line_count(summary: list[Segment], lines: int, problems: list[Problem]) -> None:
    cnt = _first_qualified(summary, "CNT", "2")
    said = cnt.value(1, 2)
    if cnt is NOTHING:
        return
    if not said.isdigit():
        problems.append(problem_at(cnt, Fault.INVALID_NUMBER, f"CNT+2 {said!r} is not a count "
                                   "of line items.", 1, 2))
    elif int(said) != lines:
        problems.append(problem_at(cnt, Fault.COUNT_MISMATCH, f"CNT+2 says "
                                   f"{plural(int(said), 'line item')}, the order has "
                                   f"{plural(lines, 'LIN segment')}.", 1, 2))


def _check_line_numbers(lines: list[list[Segment]], problems: list[Problem]) -> None:
    seen: dict[str, int] = {}
    for lin in (group[0] for group in lines):
        number = lin.value(1)
        if number and number in seen:
            problems.append(problem_at(lin, Fault.INVALID_CODE, f"line number {number} repeats "
                                       f"the line of segment {seen[number]}; each line needs "
                                       "its own number.", 1))
        seen.setdefault(number, lin.position)
