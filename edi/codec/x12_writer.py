"""Writing X12 interchanges: envelopes, control numbers and counts computed, nothing escaped.

X12 has no escape character, so a value holding a separator cannot be sent; the writer refuses it
with the segment and element named instead of sending a file the partner would misread.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from edi.codec.problems import EdiError, Fault, Problem
from edi.codec.x12 import VERSIONS
from edi.codec.x12_segments import Separators

LARGEST_CONTROL_NUMBER = 999_999_999


@dataclass(frozen=True)
class Envelope:
    """Who sends to whom, and the control numbers: the caller owns the sequences."""

    sender_id: str
    receiver_id: str
    interchange_control_number: int
    group_control_number: int
    created_at: datetime
    sender_qualifier: str = "ZZ"
    receiver_qualifier: str = "ZZ"
    version: str = "00401"
    is_test: bool = False
    first_set_control_number: int = 1
    separators: Separators = field(default_factory=Separators)
    sender_group_id: str = ""  # GS02 when it differs from the interchange id
    receiver_group_id: str = ""  # GS03 likewise


@dataclass(frozen=True)
class OutboundSet:
    """One transaction set: its code (ST01) and the segments between ST and SE, tag first."""

    code: str
    body: Sequence[Sequence[str]]


def write_interchange(envelope: Envelope, functional_id: str,
                      transaction_sets: Sequence[OutboundSet],
                      control_segments: Sequence[Sequence[str]] = ()) -> str:
    """One interchange with one functional group holding `transaction_sets`, as text.

    `control_segments` go between ISA and GS (a TA1); with no transaction sets there is no group.
    """
    _check_envelope(envelope)
    separators = _separators_for(envelope)
    segments = list(control_segments)
    if transaction_sets:
        segments += _group(envelope, functional_id, transaction_sets)
    segments.append(["IEA", "1" if transaction_sets else "0",
                     f"{envelope.interchange_control_number:09d}"])
    lines = [_interchange_header(envelope, separators)]
    lines += [_segment_text(segment, index, separators)
              for index, segment in enumerate(segments, start=2)]
    return separators.segment.join(lines) + separators.segment


def _check_envelope(envelope: Envelope) -> None:
    if envelope.version not in VERSIONS:
        raise ValueError(f"X12 version {envelope.version!r} is not one we write; use "
                         f"{' or '.join(VERSIONS)}.")
    for name in ("sender_id", "receiver_id"):
        if not 0 < len(getattr(envelope, name)) <= 15:
            raise ValueError(f"The {name.replace('_', ' ')} must be 1 to 15 characters long.")
    for name in ("interchange_control_number", "group_control_number"):
        if not 0 < getattr(envelope, name) <= LARGEST_CONTROL_NUMBER:
            raise ValueError(f"The {name.replace('_', ' ')} must be 1 to 999999999.")


def _separators_for(envelope: Envelope) -> Separators:
    separators = envelope.separators
    if envelope.version >= "00501" and not separators.repetition:
        return Separators(separators.element, separators.component, separators.segment, "^")
    if envelope.version < "00501" and separators.repetition:
        return Separators(separators.element, separators.component, separators.segment)
    return separators


def _interchange_header(envelope: Envelope, separators: Separators) -> str:
    created = envelope.created_at
    fields = ["ISA", "00", " " * 10, "00", " " * 10,
              f"{envelope.sender_qualifier:<2}", f"{envelope.sender_id:<15}",
              f"{envelope.receiver_qualifier:<2}", f"{envelope.receiver_id:<15}",
              created.strftime("%y%m%d"), created.strftime("%H%M"),
              separators.repetition or "U", envelope.version,
              f"{envelope.interchange_control_number:09d}", "0",
              "T" if envelope.is_test else "P", separators.component]
    return separators.element.join(fields)


def _group(envelope: Envelope, functional_id: str,
           transaction_sets: Sequence[OutboundSet]) -> list[Sequence[str]]:
    created = envelope.created_at
    segments: list[Sequence[str]] = [[
        "GS", functional_id, envelope.sender_group_id or envelope.sender_id,
        envelope.receiver_group_id or envelope.receiver_id,
        created.strftime("%Y%m%d"), created.strftime("%H%M"), str(envelope.group_control_number),
        "X", VERSIONS[envelope.version]]]
    for offset, transaction_set in enumerate(transaction_sets):
        segments += _transaction_set(transaction_set,
                                     f"{envelope.first_set_control_number + offset:04d}")
    segments.append(["GE", str(len(transaction_sets)), str(envelope.group_control_number)])
    return segments


def _transaction_set(transaction_set: OutboundSet, control_number: str) -> list[Sequence[str]]:
    segments: list[Sequence[str]] = [["ST", transaction_set.code, control_number]]
    segments += transaction_set.body
    segments.append(["SE", str(len(segments) + 1), control_number])
    return segments


def _segment_text(segment: Sequence[str], position: int, separators: Separators) -> str:
    values = list(segment)
    while len(values) > 1 and values[-1] == "":
        values.pop()  # X12 leaves trailing empty elements out, separators included
    for number, value in enumerate(values[1:], start=1):
        _refuse_separators(values[0], number, value, position, separators)
    return separators.element.join(values)


def _refuse_separators(tag: str, number: int, value: str, position: int,
                       separators: Separators) -> None:
    clash = next((char for char in value if char in separators.characters), None)
    if clash is not None:
        raise EdiError([Problem(
            f"Segment {position} ({tag}): {tag}{number:02d} {value!r} contains the separator "
            f"{clash!r}; X12 has no escape character, so the value cannot be sent as it is.",
            Fault.INVALID_CHARACTER, tag, position, number)])
