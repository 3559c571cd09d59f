"""X12 997 functional acknowledgements for an inbound interchange, positive or negative.

One 997 transaction set per functional group received: AK1, then AK2/AK5 for every transaction
set (AK3/AK4 for the segments and elements in error), then AK9 for the group. Problems with the
interchange envelope itself are TA1 matters; a TA1 saying R goes before the groups, and every
group and set is then rejected too, since nothing of the interchange is imported.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence

from edi.codec.acceptance import X12Places, x12_places
from edi.codec.problems import Fault, Problem
from edi.codec.x12 import FunctionalGroup, Interchange, TransactionSet
from edi.codec.x12_writer import Envelope, OutboundSet, write_interchange

# AK304 segment syntax error codes.
SEGMENT_CODES = {Fault.UNRECOGNIZED_SEGMENT: "1", Fault.UNEXPECTED_SEGMENT: "2",
                 Fault.MISSING_SEGMENT: "3"}
SEGMENT_WITH_ELEMENT_ERRORS = "8"
# AK403 element syntax error codes. No code names a wrong count inside a transaction set (CTT01);
# "invalid code value" is the nearest.
ELEMENT_CODES = {Fault.MISSING_ELEMENT: "1", Fault.INVALID_NUMBER: "6",
                 Fault.INVALID_CHARACTER: "6", Fault.INVALID_DATE: "8"}
INVALID_CODE_VALUE = "7"
# AK502 transaction set syntax error codes.
SET_CODES = {Fault.UNSUPPORTED: "1", Fault.MISSING_TRAILER: "2",
             Fault.CONTROL_NUMBER_MISMATCH: "3", Fault.COUNT_MISMATCH: "4",
             Fault.INVALID_NUMBER: "4"}
SEGMENTS_IN_ERROR = "5"
# AK905 functional group syntax error codes.
WRONG_SET_COUNT = "5"
GROUP_CODES = {Fault.UNSUPPORTED: "2", Fault.MISSING_TRAILER: "3",
               Fault.CONTROL_NUMBER_MISMATCH: "4", Fault.COUNT_MISMATCH: WRONG_SET_COUNT}
# TA105 interchange note codes; 024 is "invalid interchange content".
INTERCHANGE_CODES = {Fault.CONTROL_NUMBER_MISMATCH: "001", Fault.UNSUPPORTED: "017",
                     Fault.COUNT_MISMATCH: "021", Fault.INVALID_NUMBER: "021",
                     Fault.MISSING_TRAILER: "023"}
INVALID_CONTENT = "024"


def write_997(interchange: Interchange, problems: Sequence[Problem], envelope: Envelope) -> bytes:
    """The 997 for `interchange` given every problem found in it (envelope and content)."""
    places = x12_places(interchange, list(problems))
    sets = [OutboundSet("997", _group_response(group, places)) for group in interchange.groups]
    control = [_interchange_response(interchange, places)] if places.interchange else []
    return write_interchange(envelope, "FA", sets, control).encode()


def _interchange_response(interchange: Interchange, places: X12Places) -> list[str]:
    header = interchange.header
    code = INTERCHANGE_CODES.get(places.interchange[0].fault, INVALID_CONTENT)
    return ["TA1", interchange.control_number, header.element(9), header.element(10), "R", code]


def _group_response(group: FunctionalGroup, places: X12Places) -> list[list[str]]:
    body = [["AK1", group.code, group.control_number]]
    accepted = 0
    for transaction_set in group.transaction_sets:
        is_accepted = places.accepts(group, transaction_set)
        accepted += is_accepted
        body += _set_response(transaction_set, is_accepted,
                              places.transaction_sets.get(transaction_set.header.position, []))
    body.append(_group_trailer(group, places, accepted))
    return body


def _group_trailer(group: FunctionalGroup, places: X12Places, accepted: int) -> list[str]:
    received = len(group.transaction_sets)
    group_problems = places.groups.get(group.header.position, [])
    codes = _distinct(GROUP_CODES.get(problem.fault, WRONG_SET_COUNT) for problem in group_problems)
    status = "A" if accepted == received else ("P" if accepted else "R")
    if group_problems or places.interchange:
        status = "R"
    said = group.trailer.element(1) if group.trailer else ""
    included = said if said.isdigit() else str(received)
    return ["AK9", status, included, str(received), str(accepted), *codes[:5]]


def _set_response(transaction_set: TransactionSet, is_accepted: bool,
                  problems: list[Problem]) -> list[list[str]]:
    own = [p for p in problems if p.segment_id in ("ST", "SE")]
    errors = _segment_errors(transaction_set, [p for p in problems if p not in own])
    codes = _distinct(SET_CODES.get(problem.fault, SEGMENTS_IN_ERROR) for problem in own)
    if errors:
        codes = _distinct([*codes, SEGMENTS_IN_ERROR])
    return [["AK2", transaction_set.code, transaction_set.control_number], *errors,
            ["AK5", "A" if is_accepted else "R", *codes[:5]]]


def _segment_errors(transaction_set: TransactionSet, problems: list[Problem]) -> list[list[str]]:
    """AK3 for each segment in error, with an AK4 for each element in error under it."""
    by_segment: dict[tuple[str, int], list[Problem]] = defaultdict(list)
    for problem in problems:
        by_segment[problem.segment_id, problem.position].append(problem)
    rows = []
    for (segment_id, position), found in by_segment.items():
        place = str(position - transaction_set.header.position + 1)
        elements = [problem for problem in found if problem.element]
        code = SEGMENT_WITH_ELEMENT_ERRORS if elements else SEGMENT_CODES.get(
            found[0].fault, SEGMENT_WITH_ELEMENT_ERRORS)
        rows.append(["AK3", segment_id, place, "", code])
        rows += [["AK4", str(problem.element), "",
                  ELEMENT_CODES.get(problem.fault, INVALID_CODE_VALUE)] for problem in elements]
    return rows


def _distinct(codes: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(codes))
