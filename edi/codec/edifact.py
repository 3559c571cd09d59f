"""Reading EDIFACT interchanges: segments nested into messages, every envelope checked.

Reading goes on past defects; every problem found is kept on the interchange.
"""

from dataclasses import dataclass, field

from edi.codec.edifact_segments import (
    Segment,
    ServiceCharacters,
    encoding_of,
    segments_of,
    service_characters,
)
from edi.codec.problems import EdiError, Fault, Problem, plural, problem_at
from edi.codec.text import decoded, refuse_binary

ENVELOPE = {"UNB", "UNH", "UNT", "UNZ", "UNG", "UNE"}


@dataclass
class Message:
    header: Segment
    body: list[Segment] = field(default_factory=list)
    trailer: Segment | None = None

    @property
    def reference(self) -> str:
        return self.header.value(1)

    @property
    def identifier(self) -> tuple[str, ...]:
        """Type, version, release, agency and association code: ("ORDERS", "D", "96A", …)."""
        return self.header.elements[1] if len(self.header.elements) > 1 else ("",)

    def holds(self, position: int) -> bool:
        last = self.trailer or (self.body[-1] if self.body else self.header)
        return self.header.position <= position <= last.position


@dataclass
class Interchange:
    header: Segment
    characters: ServiceCharacters
    messages: list[Message] = field(default_factory=list)
    trailer: Segment | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def syntax_identifier(self) -> str:
        return self.header.value(1)

    @property
    def syntax_version(self) -> str:
        return self.header.value(1, 2)

    @property
    def sender(self) -> tuple[str, ...]:
        return self.header.elements[1] if len(self.header.elements) > 1 else ("",)

    @property
    def recipient(self) -> tuple[str, ...]:
        return self.header.elements[2] if len(self.header.elements) > 2 else ("",)

    @property
    def control_reference(self) -> str:
        return self.header.value(5)

    @property
    def acknowledgement_requested(self) -> bool:
        return self.header.value(9) == "1"

    @property
    def document_types(self) -> list[str]:
        return list(dict.fromkeys(message.identifier[0] for message in self.messages))


def read_interchange(data: bytes | str) -> Interchange:
    """An interchange with its envelope problems; raises EdiError only if it is not EDIFACT."""
    text = decoded(data, encoding_of(data), "EDIFACT")
    if not text.startswith(("UNA", "UNB")):
        raise EdiError([Problem(f"The file starts with {text[:20]!r}, not UNA or UNB: it is not "
                                "an EDIFACT interchange.", Fault.UNREADABLE)])
    characters, text, offset = service_characters(text)
    refuse_binary(text, characters.separators)
    segments, problems = segments_of(text, characters, offset)
    if not segments or segments[0].tag != "UNB":
        raise EdiError([Problem(f"Segment {offset + 1}: the interchange must begin with UNB; it "
                                f"begins with {text[:20]!r}.", Fault.UNREADABLE)])
    interchange = _Assembler(segments[0], characters, problems).assemble(segments[1:])
    interchange.problems.extend(_envelope_problems(interchange))
    interchange.problems.sort(key=lambda problem: problem.position)
    return interchange


class _Assembler:
    """Nests segments into messages, noting each envelope segment out of place."""

    def __init__(self, header: Segment, characters: ServiceCharacters, problems: list[Problem]):
        self.interchange = Interchange(header, characters, problems=problems)
        self.message: Message | None = None

    def assemble(self, segments: list[Segment]) -> Interchange:
        """Walks the envelope segments; the runs of segments between them are added whole."""
        envelope = [index for index, segment in enumerate(segments) if segment.tag in ENVELOPE]
        start = 0
        for index in envelope:
            if self.interchange.trailer is not None:
                break
            self._add_run(segments[start:index])
            getattr(self, f"_{segments[index].tag.lower()}")(segments[index])
            start = index + 1
        self._finish(segments[start:])
        return self.interchange

    def _finish(self, rest: list[Segment]) -> None:
        """What follows the last envelope segment, then the message left open, if any."""
        if self.interchange.trailer is None:
            self._add_run(rest)
        elif rest:
            self._note(rest[0], Fault.UNEXPECTED_SEGMENT, "comes after the UNZ trailer; a file "
                       "holds one interchange.")
        self._close_message()
        if self.interchange.trailer is None:
            self._note(self.interchange.header, Fault.MISSING_TRAILER,
                       "the interchange has no UNZ trailer; the file may be cut off.")

    def _add_run(self, run: list[Segment]) -> None:
        if not run:
            return
        if self.message is not None:
            self.message.body.extend(run)
        else:
            self._note(run[0], Fault.UNEXPECTED_SEGMENT, "is outside any message (UNH … UNT); so "
                       "are the segments after it up to the next envelope.")

    def _unh(self, header: Segment) -> None:
        self._close_message()
        self.message = Message(header)
        self.interchange.messages.append(self.message)

    def _unt(self, trailer: Segment) -> None:
        if self.message is None:
            self._note(trailer, Fault.UNEXPECTED_SEGMENT, "closes a message that was never "
                       "opened (no UNH before it).")
            return
        self.message.trailer, self.message = trailer, None

    def _unz(self, trailer: Segment) -> None:
        self._close_message()
        self.interchange.trailer = trailer

    def _ung(self, segment: Segment) -> None:
        self._note(segment, Fault.UNSUPPORTED, "functional groups (UNG … UNE) are not supported; "
                   "send the messages directly in the interchange.")

    _une = _ung

    def _unb(self, segment: Segment) -> None:
        self._note(segment, Fault.UNEXPECTED_SEGMENT, "a second UNB starts before the UNZ of "
                   "the first; a file holds one interchange.")

    def _close_message(self) -> None:
        if self.message is not None:
            self._note(self.message.header, Fault.MISSING_TRAILER,
                       f"message {self.message.reference} has no UNT trailer.")
            self.message = None

    def _note(self, segment: Segment, fault: Fault, text: str) -> None:
        self.interchange.problems.append(problem_at(segment, fault, text))


def _envelope_problems(interchange: Interchange) -> list[Problem]:
    problems = _trailer_problems(interchange.header, 5, interchange.trailer, "message",
                                 len(interchange.messages), "the interchange")
    for message in interchange.messages:
        problems += _trailer_problems(message.header, 1, message.trailer, "segment",
                                      len(message.body) + 2, "the message")
    return problems


def _trailer_problems(header: Segment, reference_element: int, trailer: Segment | None,
                      noun: str, actual: int, holder: str) -> list[Problem]:
    """Checks a trailer's count (element 1) and reference (element 2) against its header."""
    if trailer is None:
        return []
    problems, said = [], trailer.value(1)
    if not said.isdigit():
        problems.append(problem_at(trailer, Fault.INVALID_NUMBER,
                                   f"{trailer.tag}01 {said!r} is not a count of {noun}s.", 1))
    elif int(said) != actual:
        problems.append(problem_at(trailer, Fault.COUNT_MISMATCH, f"{trailer.tag}01 says "
                                   f"{plural(int(said), noun)}, {holder} has {actual}.", 1))
    reference, expected = trailer.value(2), header.value(reference_element)
    if reference != expected:
        problems.append(problem_at(
            trailer, Fault.CONTROL_NUMBER_MISMATCH, f"{trailer.tag}02 reference {reference} "
            f"does not match {header.tag}{reference_element:02d} {expected}.", 2))
    return problems
