"""Reading X12 interchanges (004010 and 005010): segments nested into envelopes, all checked.

Reading goes on past defects; every problem found is kept on the interchange, so one pass tells
the sender everything that is wrong.
"""

from dataclasses import dataclass, field

from edi.codec.problems import EdiError, Fault, Problem, plural, problem_at
from edi.codec.text import decoded, refuse_binary
from edi.codec.x12_segments import Segment, Separators, segments_of, separators_of

VERSIONS = {"00401": "004010", "00501": "005010"}  # ISA12 and the GS08 version that goes with it


@dataclass
class TransactionSet:
    header: Segment
    body: list[Segment] = field(default_factory=list)
    trailer: Segment | None = None

    @property
    def code(self) -> str:
        return self.header.element(1)

    @property
    def control_number(self) -> str:
        return self.header.element(2)

    def holds(self, position: int) -> bool:
        last = self.trailer or (self.body[-1] if self.body else self.header)
        return self.header.position <= position <= last.position


@dataclass
class FunctionalGroup:
    header: Segment
    transaction_sets: list[TransactionSet] = field(default_factory=list)
    trailer: Segment | None = None

    @property
    def code(self) -> str:
        return self.header.element(1)

    @property
    def control_number(self) -> str:
        return self.header.element(6)

    @property
    def version(self) -> str:
        return self.header.element(8)


@dataclass
class Interchange:
    header: Segment
    separators: Separators
    groups: list[FunctionalGroup] = field(default_factory=list)
    trailer: Segment | None = None
    problems: list[Problem] = field(default_factory=list)
    acknowledgements: list[Segment] = field(default_factory=list)  # TA1s, before the groups

    @property
    def sender_id(self) -> str:
        return self.header.element(6).strip()

    @property
    def receiver_id(self) -> str:
        return self.header.element(8).strip()

    @property
    def control_number(self) -> str:
        return self.header.element(13)

    @property
    def version(self) -> str:
        return self.header.element(12)

    @property
    def document_types(self) -> list[str]:
        """The transaction set codes (850, 855, …) in file order, each once."""
        codes = (ts.code for group in self.groups for ts in group.transaction_sets)
        return list(dict.fromkeys(codes))


def read_interchange(data: bytes | str) -> Interchange:
    """An interchange with its envelope problems; raises EdiError only if it is not X12 at all."""
    text = decoded(data, "utf-8", "X12")
    if not text.startswith("ISA"):
        raise EdiError([Problem(f"The file starts with {text[:20]!r}, not ISA: it is not an X12 "
                                "interchange.", Fault.UNREADABLE)])
    separators = separators_of(text)
    refuse_binary(text, separators.characters)
    segments, problems = segments_of(text, separators)
    interchange = _Assembler(segments[0], separators, problems).assemble(segments[1:])
    interchange.problems.extend(_envelope_problems(interchange))
    interchange.problems.sort(key=lambda problem: problem.position)
    return interchange


class _Assembler:
    """Nests segments into groups and transaction sets, noting each envelope out of place."""

    def __init__(self, header: Segment, separators: Separators, problems: list[Problem]):
        self.interchange = Interchange(header, separators, problems=problems)
        self.group: FunctionalGroup | None = None
        self.transaction_set: TransactionSet | None = None

    def assemble(self, segments: list[Segment]) -> Interchange:
        """Walks the envelope segments; the runs of segments between them are added whole."""
        envelope = [index for index, segment in enumerate(segments) if segment.tag in HANDLERS]
        start = 0
        for index in envelope:
            if self.interchange.trailer is not None:
                break
            self._add_run(segments[start:index])
            HANDLERS[segments[index].tag](self, segments[index])
            start = index + 1
        self._finish(segments[start:])
        return self.interchange

    def _finish(self, rest: list[Segment]) -> None:
        """What follows the last envelope segment, then every envelope left open."""
        if self.interchange.trailer is None:
            self._add_run(rest)
        elif rest:
            self._note(rest[0], Fault.UNEXPECTED_SEGMENT, "comes after the IEA trailer; a file "
                       "holds one interchange.")
        self._close_transaction_set()
        self._close_group()
        if self.interchange.trailer is None:
            self._note(self.interchange.header, Fault.MISSING_TRAILER,
                       "the interchange has no IEA trailer; the file may be cut off.")

    def _add_run(self, run: list[Segment]) -> None:
        if not run:
            return
        if self.transaction_set is not None:
            self.transaction_set.body.extend(run)
        else:
            self._note(run[0], Fault.UNEXPECTED_SEGMENT, "is outside any transaction set "
                       "(ST … SE); so are the segments after it up to the next envelope.")

    def _open_group(self, header: Segment) -> None:
        self._close_transaction_set()
        self._close_group()
        self.group = FunctionalGroup(header)
        self.interchange.groups.append(self.group)

    def _end_group(self, trailer: Segment) -> None:
        self._close_transaction_set()
        if self.group is None:
            self._note(trailer, Fault.UNEXPECTED_SEGMENT, "closes a functional group that was "
                       "never opened (no GS before it).")
            return
        self.group.trailer, self.group = trailer, None

    def _open_transaction_set(self, header: Segment) -> None:
        self._close_transaction_set()
        self.transaction_set = TransactionSet(header)
        if self.group is None:
            self._note(header, Fault.UNEXPECTED_SEGMENT, f"transaction set {header.element(2)} "
                       "is outside any functional group (GS … GE).")
        else:
            self.group.transaction_sets.append(self.transaction_set)

    def _end_transaction_set(self, trailer: Segment) -> None:
        if self.transaction_set is None:
            self._note(trailer, Fault.UNEXPECTED_SEGMENT, "closes a transaction set that was "
                       "never opened (no ST before it).")
            return
        self.transaction_set.trailer, self.transaction_set = trailer, None

    def _end_interchange(self, trailer: Segment) -> None:
        self._close_transaction_set()
        self._close_group()
        self.interchange.trailer = trailer

    def _acknowledgement(self, segment: Segment) -> None:
        if self.group is not None or self.interchange.groups:
            self._note(segment, Fault.UNEXPECTED_SEGMENT, "an interchange acknowledgement must "
                       "come before the first GS.")
            return
        self.interchange.acknowledgements.append(segment)

    def _second_header(self, header: Segment) -> None:
        self._note(header, Fault.UNEXPECTED_SEGMENT, "a second ISA starts before the IEA "
                   "of the first; a file holds one interchange.")

    def _close_transaction_set(self) -> None:
        if self.transaction_set is not None:
            header = self.transaction_set.header
            self._note(header, Fault.MISSING_TRAILER,
                       f"transaction set {header.element(2)} has no SE trailer.")
            self.transaction_set = None

    def _close_group(self) -> None:
        if self.group is not None:
            header = self.group.header
            self._note(header, Fault.MISSING_TRAILER,
                       f"functional group {header.element(6)} has no GE trailer.")
            self.group = None

    def _note(self, segment: Segment, fault: Fault, text: str) -> None:
        self.interchange.problems.append(problem_at(segment, fault, text))


HANDLERS = {"GS": _Assembler._open_group, "GE": _Assembler._end_group,
            "ST": _Assembler._open_transaction_set, "SE": _Assembler._end_transaction_set,
            "IEA": _Assembler._end_interchange, "ISA": _Assembler._second_header,
            "TA1": _Assembler._acknowledgement}


def _envelope_problems(interchange: Interchange) -> list[Problem]:
    problems = _version_problems(interchange)
    problems += _trailer_problems(interchange.header, 13, interchange.trailer,
                                  "functional group", len(interchange.groups), "the interchange")
    for group in interchange.groups:
        problems += _trailer_problems(group.header, 6, group.trailer, "transaction set",
                                      len(group.transaction_sets), "the functional group")
        for ts in group.transaction_sets:
            problems += _trailer_problems(ts.header, 2, ts.trailer, "segment", len(ts.body) + 2,
                                          "the transaction set")
    return problems


def _version_problems(interchange: Interchange) -> list[Problem]:
    problems = []
    if interchange.version not in VERSIONS:
        problems.append(problem_at(
            interchange.header, Fault.UNSUPPORTED, f"ISA12 version {interchange.version} is not "
            "supported; this route reads 00401 (4010) and 00501 (5010).", 12))
    for group in interchange.groups:
        if not group.version.startswith(tuple(VERSIONS.values())):
            problems.append(problem_at(group.header, Fault.UNSUPPORTED, f"GS08 version "
                                       f"{group.version!r} is not 004010 or 005010.", 8))
    return problems


def _trailer_problems(header: Segment, control_element: int, trailer: Segment | None, noun: str,
                      actual: int, holder: str) -> list[Problem]:
    """Checks a trailer's count (element 1) and control number (element 2) against its header."""
    if trailer is None:
        return []
    problems, said = [], trailer.element(1)
    if not said.isdigit():
        problems.append(problem_at(trailer, Fault.INVALID_NUMBER,
                                   f"{trailer.tag}01 {said!r} is not a count of {noun}s.", 1))
    elif int(said) != actual:
        problems.append(problem_at(trailer, Fault.COUNT_MISMATCH, f"{trailer.tag}01 says "
                                   f"{plural(int(said), noun)}, {holder} has {actual}.", 1))
    control, expected = trailer.element(2), header.element(control_element)
    if control != expected:
        problems.append(problem_at(
            trailer, Fault.CONTROL_NUMBER_MISMATCH, f"{trailer.tag}02 control number {control} "
            f"does not match {header.tag}{control_element:02d} {expected}.", 2))
    return problems
