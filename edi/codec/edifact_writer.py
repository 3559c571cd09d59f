"""Writing EDIFACT interchanges: UNA, UNB/UNZ and UNH/UNT with counts, values released."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from edi.codec.edifact_segments import ServiceCharacters, encoding_for
from edi.codec.problems import EdiError, Fault, file_problem

# An element is a plain value or a composite given as its components.
Element = str | Sequence[str]


@dataclass(frozen=True)
class Envelope:
    """Who sends to whom, and the references: the caller owns the sequences."""

    sender_id: str
    recipient_id: str
    control_reference: str  # UNB 0020
    created_at: datetime
    sender_qualifier: str = "14"  # 14 = GS1 (EAN) location number
    recipient_qualifier: str = "14"
    syntax_identifier: str = "UNOA"
    syntax_version: str = "2"
    agreement_id: str = ""  # UNB 0032, "EANCOM" for Amazon
    acknowledgement_requested: bool = False
    is_test: bool = False
    first_message_reference: int = 1
    characters: ServiceCharacters = field(default_factory=ServiceCharacters)


@dataclass(frozen=True)
class OutboundMessage:
    """One message: its identifier (UNH S009) and the segments between UNH and UNT, tag first."""

    identifier: Sequence[str]
    body: Sequence[Sequence[Element]]


def write_interchange(envelope: Envelope, messages: Sequence[OutboundMessage]) -> str:
    """One interchange holding `messages`, as text starting with UNA."""
    if not 0 < len(envelope.control_reference) <= 14:
        raise ValueError("The control reference must be 1 to 14 characters long.")
    segments: list[Sequence[Element]] = [_interchange_header(envelope)]
    for offset, message in enumerate(messages):
        segments += _message(message, str(envelope.first_message_reference + offset))
    segments.append(["UNZ", str(len(messages)), envelope.control_reference])
    characters = envelope.characters
    release = str.maketrans({char: characters.release + char
                             for char in characters.separators + characters.release})
    return characters.advice + "".join(_segment_text(segment, characters, release)
                                       for segment in segments)


def encode(text: str, syntax_identifier: str) -> bytes:
    """The bytes of an interchange in the character set its syntax identifier names."""
    encoding = encoding_for(syntax_identifier)
    try:
        return text.encode(encoding)
    except UnicodeEncodeError as error:
        raise EdiError([file_problem(
            Fault.INVALID_CHARACTER, f"{error.object[error.start]!r} cannot be written in "
            f"{syntax_identifier} ({encoding}); choose a syntax identifier that holds it, such "
            "as UNOC or UNOW.")]) from None


def decimal_text(value: Decimal, characters: ServiceCharacters) -> str:
    """27.5000 → "27.5": no padding zeros, no exponent, the decimal mark of the interchange."""
    text = format(value.normalize(), "f")
    return text.replace(".", characters.decimal_mark)


def _interchange_header(envelope: Envelope) -> list[Element]:
    date_format = "%Y%m%d" if envelope.syntax_version >= "4" else "%y%m%d"
    created = envelope.created_at
    return ["UNB", [envelope.syntax_identifier, envelope.syntax_version],
            [envelope.sender_id, envelope.sender_qualifier],
            [envelope.recipient_id, envelope.recipient_qualifier],
            [created.strftime(date_format), created.strftime("%H%M")],
            envelope.control_reference, "", "", "",
            "1" if envelope.acknowledgement_requested else "", envelope.agreement_id,
            "1" if envelope.is_test else ""]


def _message(message: OutboundMessage, reference: str) -> list[Sequence[Element]]:
    segments: list[Sequence[Element]] = [["UNH", reference, message.identifier]]
    segments += message.body
    segments.append(["UNT", str(len(segments) + 1), reference])
    return segments


def _segment_text(segment: Sequence[Element], characters: ServiceCharacters,
                  release: dict[int, str]) -> str:
    elements = [_element_text(element, characters, release) for element in segment[1:]]
    while elements and not elements[-1]:
        elements.pop()  # trailing empty elements are left out, separators included
    return characters.element.join([str(segment[0]), *elements]) + characters.segment


def _element_text(element: Element, characters: ServiceCharacters,
                  release: dict[int, str]) -> str:
    components = [element] if isinstance(element, str) else list(element)
    while components and not components[-1]:
        components.pop()
    return characters.component.join(component.translate(release) for component in components)
