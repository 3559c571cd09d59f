"""EDIFACT CONTRL syntax and service reports for an inbound interchange, positive or negative.

UCI answers the interchange: 7 (acknowledged; the messages too unless rejected below) or
4 (rejected with everything in it) when its own envelope is wrong. Each message with problems
gets UCM 4, then UCS for each segment in error and UCD for each element in error under it.
"""

from collections import defaultdict
from collections.abc import Sequence

from edi.codec.acceptance import EdifactPlaces, edifact_places
from edi.codec.edifact import Interchange, Message
from edi.codec.edifact_writer import Element, Envelope, OutboundMessage, encode, write_interchange
from edi.codec.problems import Fault, Problem

IDENTIFIER = ("CONTRL", "D", "3", "UN")
ACKNOWLEDGED, REJECTED = "7", "4"
# Syntax error codes (data element 0085).
ERROR_CODES = {Fault.UNREADABLE: "18", Fault.UNSUPPORTED: "14", Fault.MISSING_TRAILER: "13",
               Fault.CONTROL_NUMBER_MISMATCH: "28", Fault.COUNT_MISMATCH: "29",
               Fault.UNRECOGNIZED_SEGMENT: "12", Fault.UNEXPECTED_SEGMENT: "15",
               Fault.MISSING_SEGMENT: "13", Fault.MISSING_ELEMENT: "13",
               Fault.INVALID_CODE: "12", Fault.INVALID_NUMBER: "12", Fault.INVALID_DATE: "12",
               Fault.INVALID_CHARACTER: "21"}
# A missing trailer is found at its header; the report names the trailer.
MISSING_TRAILERS = {"UNB": "UNZ", "UNH": "UNT"}


def write_contrl(interchange: Interchange, problems: Sequence[Problem],
                 envelope: Envelope) -> bytes:
    """The CONTRL for `interchange` given every problem found in it (envelope and content)."""
    places = edifact_places(interchange, list(problems))
    body = [_interchange_response(interchange, places)]
    if not places.interchange:
        for message in interchange.messages:
            found = places.messages.get(message.header.position, [])
            body += _message_response(message, found) if found else []
    text = write_interchange(envelope, [OutboundMessage(IDENTIFIER, body)])
    return encode(text, envelope.syntax_identifier)


def _interchange_response(interchange: Interchange, places: EdifactPlaces) -> list[Element]:
    response: list[Element] = ["UCI", interchange.control_reference, interchange.sender,
                               interchange.recipient]
    if not places.interchange:
        return [*response, ACKNOWLEDGED]
    first = places.interchange[0]
    return [*response, REJECTED, ERROR_CODES[first.fault], _service_tag(first)]


def _message_response(message: Message, problems: list[Problem]) -> list[list[Element]]:
    own = next((p for p in problems if p.segment_id in ("UNH", "UNT")), None)
    response: list[list[Element]] = [[
        "UCM", message.reference, message.identifier, REJECTED,
        *([ERROR_CODES[own.fault], _service_tag(own)] if own else [])]]
    return response + _segment_errors(message, [p for p in problems if p is not own])


def _segment_errors(message: Message, problems: list[Problem]) -> list[list[Element]]:
    """UCS for each segment in error (position from UNH = 1), UCD for each element under it."""
    by_position: dict[int, list[Problem]] = defaultdict(list)
    for problem in problems:
        by_position[problem.position].append(problem)
    rows: list[list[Element]] = []
    for position, found in by_position.items():
        elements = [problem for problem in found if problem.element]
        place = str(position - message.header.position + 1)
        rows.append(["UCS", place] if elements else ["UCS", place, ERROR_CODES[found[0].fault]])
        rows += [["UCD", ERROR_CODES[problem.fault],
                  [str(problem.element), str(problem.component or "")]] for problem in elements]
    return rows


def _service_tag(problem: Problem) -> str:
    """The service segment (0013) a problem is about, when it is one."""
    if problem.fault is Fault.MISSING_TRAILER:
        return MISSING_TRAILERS.get(problem.segment_id, "")
    return problem.segment_id if problem.segment_id.startswith("UN") else ""
