"""EDIFACT text to segments: the service characters (UNA or the defaults), the release character.

A value may hold a separator when the release character ("?" by default) precedes it. Splitting
only looks for releases when the text holds the release character at all, which most files do
not. Line breaks are dropped wherever they are, unless one is the segment terminator.
"""

import re
from dataclasses import dataclass

from edi.codec.problems import EdiError, Fault, Problem, problem_at

# Syntax identifiers whose character set is not a subset of UTF-8 (ISO 9735 part 1).
CHARSETS = {"UNOC": "latin_1", "UNOD": "iso8859_2", "UNOE": "iso8859_5", "UNOF": "iso8859_7"}
SYNTAX_IDENTIFIER = re.compile(rb"UNB.(UNO[A-Z])")


@dataclass(frozen=True)
class ServiceCharacters:
    component: str = ":"
    element: str = "+"
    decimal_mark: str = "."
    release: str = "?"
    repetition: str = " "  # reserved (a space) in syntax versions 2 and 3
    segment: str = "'"

    @property
    def advice(self) -> str:
        """The UNA segment announcing these characters."""
        return (f"UNA{self.component}{self.element}{self.decimal_mark}{self.release}"
                f"{self.repetition}{self.segment}")

    @property
    def separators(self) -> str:
        return self.component + self.element + self.segment + self.repetition.strip()


DEFAULT_CHARACTERS = ServiceCharacters()


class Segment:
    """One segment. Its elements are split off its text when first read, as most never are."""

    __slots__ = ("_characters", "_elements", "_text", "position", "tag")

    def __init__(self, text: str, characters: ServiceCharacters = DEFAULT_CHARACTERS,
                 position: int = 0):
        self.tag = text.partition(characters.element)[0]
        self.position = position  # 1-based index in the file, UNA included
        self._text, self._characters, self._elements = text, characters, None

    @property
    def elements(self) -> list[tuple[str, ...]]:
        """Each element as its components; a simple element has one."""
        if self._elements is None:
            self._elements = _elements_of(self._text, self._characters)
        return self._elements

    def value(self, element: int, component: int = 1) -> str:
        """A value by position, both 1-based: DTM+137:20260512:102 has value(1, 2) "20260512"."""
        elements = self._elements if self._elements is not None else self.elements
        if element > len(elements) or component > len(elements[element - 1]):
            return ""
        return elements[element - 1][component - 1]

    def __repr__(self) -> str:
        return f"Segment({self._text!r}, position={self.position})"


def encoding_for(syntax_identifier: str) -> str:
    return CHARSETS.get(syntax_identifier, "utf-8")


def encoding_of(data: bytes | str) -> str:
    match = SYNTAX_IDENTIFIER.search(data[:600]) if isinstance(data, bytes) else None
    return encoding_for(match.group(1).decode()) if match else "utf-8"


def service_characters(text: str) -> tuple[ServiceCharacters, str, int]:
    """The characters, the text after any UNA, and the number of segments UNA counts for."""
    if not text.startswith("UNA"):
        return ServiceCharacters(), text, 0
    if len(text) < 9:
        raise EdiError([Problem("Segment 1 (UNA): the service string advice is cut short; it "
                                "needs six characters after UNA.", Fault.UNREADABLE, "UNA", 1)])
    component, element, decimal_mark, release, repetition, segment = text[3:9]
    characters = ServiceCharacters(component, element, decimal_mark, release.strip(),
                                   repetition, segment)
    declared = [component, element, segment, *characters.release]
    if len(set(declared)) < len(declared) or any(c.isalnum() or c == " " for c in declared):
        raise EdiError([Problem(f"Segment 1 (UNA): the characters it declares ({text[3:9]!r}) "
                                "must be distinct, and neither letters, digits nor spaces.",
                                Fault.UNREADABLE, "UNA", 1)])
    return characters, text[9:].lstrip("\r\n"), 1


def split_unreleased(text: str, separator: str, release: str) -> list[str]:
    """Splits at each separator not preceded by an odd number of release characters."""
    pieces = text.split(separator)
    if not release or release not in text:
        return pieces
    joined = [pieces[0]]
    for piece in pieces[1:]:
        previous = joined[-1]
        if (len(previous) - len(previous.rstrip(release))) % 2:
            joined[-1] = previous + separator + piece
        else:
            joined.append(piece)
    return joined


def _unreleased(value: str, release: str) -> str:
    return re.sub(f"{re.escape(release)}(.)", r"\1", value, flags=re.S)


def _elements_of(text: str, characters: ServiceCharacters) -> list[tuple[str, ...]]:
    """The elements after the tag, each as its components."""
    release, component = characters.release, characters.component
    if not release or release not in text:
        return [tuple(part.split(component)) if component in part else (part,)
                for part in text.split(characters.element)[1:]]
    return [tuple(_unreleased(value, release) for value in
                  split_unreleased(part, component, release))
            for part in split_unreleased(text, characters.element, release)[1:]]


def segments_of(text: str, characters: ServiceCharacters,
                offset: int) -> tuple[list[Segment], list[Problem]]:
    """Every segment, numbered after the `offset` segments before (UNA), and the problems of
    segments that cannot be one."""
    for line_break in "\r\n":  # line breaks may be anywhere, even inside wrapped segments
        if line_break not in characters.separators:
            text = text.replace(line_break, "")
    chunks = split_unreleased(text, characters.segment, characters.release)
    tail = chunks.pop().strip()
    segments, problems, known = [], [], set()
    for chunk in chunks:
        if chunk:
            segments.append(Segment(chunk, characters, len(segments) + offset + 1))
            if segments[-1].tag not in known:
                _check_tag(segments[-1], chunk, characters, known, problems)
    if tail:
        segments.append(Segment(tail, characters, len(segments) + offset + 1))
        problems.append(problem_at(segments[-1], Fault.UNREADABLE, "the file ends inside this "
                                   "segment; it was probably cut off."))
    return segments, problems


def _check_tag(segment: Segment, chunk: str, characters: ServiceCharacters, known: set[str],
               problems: list[Problem]) -> None:
    tag = segment.tag
    if len(tag) == 3 and tag.isascii() and tag.isalnum() and tag.isupper():
        known.add(tag)
    else:
        problems.append(Problem(
            f"Segment {segment.position}: {chunk[:30]!r} does not begin with a segment tag and "
            f"'{characters.element}'; the file mixes separators or is damaged.",
            Fault.UNRECOGNIZED_SEGMENT, tag[:3], segment.position))
