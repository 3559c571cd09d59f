"""What is wrong with an EDI file, said once for people and once for acknowledgements.

Every reader collects problems instead of stopping at the first: the sender fixes a file in one
round trip, and the functional acknowledgement (997 / CONTRL) lists every rejected part.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol


class Fault(StrEnum):
    """The kind of defect; each acknowledgement maps it to its own standard's code list."""

    UNREADABLE = "unreadable"
    UNSUPPORTED = "unsupported"
    MISSING_TRAILER = "missing trailer"
    CONTROL_NUMBER_MISMATCH = "control number mismatch"
    COUNT_MISMATCH = "count mismatch"
    UNRECOGNIZED_SEGMENT = "unrecognized segment"
    UNEXPECTED_SEGMENT = "unexpected segment"
    MISSING_SEGMENT = "missing segment"
    MISSING_ELEMENT = "missing element"
    INVALID_CODE = "invalid code"
    INVALID_NUMBER = "invalid number"
    INVALID_DATE = "invalid date"
    INVALID_CHARACTER = "invalid character"


@dataclass(frozen=True)
class Problem:
    """One defect. Position 0 means the file as a whole; element 0 means the whole segment."""

    message: str
    fault: Fault
    segment_id: str = ""
    position: int = 0
    element: int = 0
    component: int = 0

    def __str__(self) -> str:
        return self.message


class Located(Protocol):
    tag: str
    position: int


def problem_at(segment: Located, fault: Fault, text: str, element: int = 0,
               component: int = 0) -> Problem:
    """A problem worded "Segment 15 (SE): <text>", the position being the index in the file."""
    return Problem(f"Segment {segment.position} ({segment.tag}): {text}", fault, segment.tag,
                   segment.position, element, component)


def file_problem(fault: Fault, text: str) -> Problem:
    return Problem(text, fault)


class EdiError(ValueError):
    """A file cannot be read or written; `problems` lists every defect found, in file order."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = tuple(problems)
        super().__init__("\n".join(problem.message for problem in self.problems))


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
