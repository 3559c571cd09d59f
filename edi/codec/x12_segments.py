"""X12 text to segments: the separators the ISA declares, then one Segment per terminator.

The ISA is fixed width, but some senders pad it wrongly, so the separators are found by counting:
ISA16 (the component separator) follows the 16th element separator, and the segment terminator
follows ISA16. Line breaks are dropped wherever they are, unless one is the terminator.
"""

from dataclasses import dataclass

from edi.codec.problems import EdiError, Fault, Problem, problem_at

ISA_ELEMENTS = 16
ISA_LONGEST = 200  # 106 characters when padded right; room for senders who pad wrongly


@dataclass(frozen=True)
class Separators:
    element: str = "*"
    component: str = ">"
    segment: str = "~"
    repetition: str = ""  # ISA11 from 00501 on; in 00401 ISA11 is the code "U", not a separator

    @property
    def characters(self) -> str:
        return self.element + self.component + self.segment + self.repetition


class Segment:
    """One segment. Its elements are split off its text when first read, as most never are."""

    __slots__ = ("_elements", "_separator", "_text", "position", "tag")

    def __init__(self, text: str, separator: str = "*", position: int = 0):
        self.tag = text.partition(separator)[0]
        self.position = position  # 1-based index in the file
        self._text, self._separator, self._elements = text, separator, None

    @property
    def elements(self) -> list[str]:
        if self._elements is None:
            self._elements = self._text.split(self._separator)[1:]
        return self._elements

    def element(self, number: int) -> str:
        """An element by its X12 number (BEG03 is element(3)); "" past the end of the segment."""
        elements = self._elements if self._elements is not None else self.elements
        return elements[number - 1] if number <= len(elements) else ""

    def __repr__(self) -> str:
        return f"Segment({self._text!r}, position={self.position})"


def separators_of(text: str) -> Separators:
    """The separators an interchange starting with ISA declares; EdiError if they cannot be."""
    element, end = text[3:4], -1
    for _ in range(ISA_ELEMENTS):
        end = text.find(element, end + 1, ISA_LONGEST) if element else -1
        if end < 0:
            break
    if end < 0 or len(text) < end + 3:
        raise _isa_error("the ISA header is cut short: it needs 16 elements and a segment "
                         "terminator after ISA16.")
    fields = text[:end].split(element)
    repetition = fields[11] if fields[12] >= "00501" and not fields[11].isalnum() else ""
    separators = Separators(element, text[end + 1], text[end + 2], repetition)
    declared = list(separators.characters)
    if len(set(declared)) < len(declared) or any(c.isalnum() or c == " " for c in declared):
        raise _isa_error(f"the separators it declares ({' '.join(map(repr, declared))}) must be "
                         "distinct, and neither letters, digits nor spaces.")
    return separators


def _isa_error(text: str) -> EdiError:
    return EdiError([Problem(f"Segment 1 (ISA): {text}", Fault.UNREADABLE, "ISA", 1)])


def segments_of(text: str, separators: Separators) -> tuple[list[Segment], list[Problem]]:
    """Every segment, numbered from 1, and the problems of segments that cannot be one."""
    for line_break in "\r\n":  # line breaks may be anywhere, even inside wrapped segments
        if line_break not in separators.characters:
            text = text.replace(line_break, "")
    chunks = text.split(separators.segment)
    tail = chunks.pop().strip()
    segments, problems, known = [], [], set()
    for chunk in chunks:
        if chunk:
            segments.append(Segment(chunk, separators.element, len(segments) + 1))
            if segments[-1].tag not in known:
                _note_segment_id(segments[-1], chunk, separators, known, problems)
    if tail:
        segments.append(Segment(tail, separators.element, len(segments) + 1))
        if segments[-1].tag != "IEA":  # a missing last terminator after a whole IEA harms nothing
            problems.append(problem_at(segments[-1], Fault.UNREADABLE, "the file ends inside "
                                       "this segment; it was probably cut off."))
    return segments, problems


def _note_segment_id(segment: Segment, chunk: str, separators: Separators, known: set[str],
                     problems: list[Problem]) -> None:
    tag = segment.tag
    if 2 <= len(tag) <= 3 and tag.isascii() and tag.isalnum() and tag.isupper():
        known.add(tag)
        return
    problems.append(Problem(
        f"Segment {segment.position}: {chunk[:30]!r} does not begin with a segment id and "
        f"'{separators.element}'; the file mixes separators or is damaged.",
        Fault.UNRECOGNIZED_SEGMENT, tag[:3], segment.position))
