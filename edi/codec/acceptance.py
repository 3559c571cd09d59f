"""Which envelope level each problem condemns, and so what an acknowledgement accepts.

A problem rejects the level it sits at and everything inside: a wrong SE01 rejects its
transaction set, a wrong GE02 its group, a wrong IEA02 the whole interchange. Importers keep
exactly what the functional acknowledgement (997 / CONTRL) accepts.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from edi.codec import edifact, x12
from edi.codec.problems import Problem


@dataclass
class X12Places:
    """An X12 interchange's problems: its own, its groups' (by GS position), its sets' (by ST)."""

    interchange: list[Problem] = field(default_factory=list)
    groups: dict[int, list[Problem]] = field(default_factory=lambda: defaultdict(list))
    transaction_sets: dict[int, list[Problem]] = field(default_factory=lambda: defaultdict(list))

    def accepts(self, group: x12.FunctionalGroup, transaction_set: x12.TransactionSet) -> bool:
        return not (self.interchange or self.groups.get(group.header.position)
                    or self.transaction_sets.get(transaction_set.header.position))


def x12_places(interchange: x12.Interchange, problems: list[Problem]) -> X12Places:
    places = X12Places()
    for problem in problems:
        _place_x12(places, interchange, problem)
    return places


def _place_x12(places: X12Places, interchange: x12.Interchange, problem: Problem) -> None:
    for group in interchange.groups:
        for ts in group.transaction_sets:
            if ts.holds(problem.position):
                places.transaction_sets[ts.header.position].append(problem)
                return
        if problem.position in (group.header.position, getattr(group.trailer, "position", -1)):
            places.groups[group.header.position].append(problem)
            return
    places.interchange.append(problem)


@dataclass
class EdifactPlaces:
    """An EDIFACT interchange's problems: its own, and its messages' (by UNH position)."""

    interchange: list[Problem] = field(default_factory=list)
    messages: dict[int, list[Problem]] = field(default_factory=lambda: defaultdict(list))

    def accepts(self, message: edifact.Message) -> bool:
        return not (self.interchange or self.messages.get(message.header.position))


def edifact_places(interchange: edifact.Interchange, problems: list[Problem]) -> EdifactPlaces:
    places = EdifactPlaces()
    for problem in problems:
        message = next((m for m in interchange.messages if m.holds(problem.position)), None)
        if message is None:
            places.interchange.append(problem)
        else:
            places.messages[message.header.position].append(problem)
    return places
