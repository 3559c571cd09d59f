"""An inbound Amazon order file of either standard, read, with the facts of its envelope."""

from dataclasses import dataclass

from edi.amazon.documents import OrderFile
from edi.amazon.edifact_orders import read_orders
from edi.amazon.x12_850 import read_850
from edi.codec import edifact, x12
from edi.codec.problems import EdiError, Fault, Problem
from edi.codec.text import decoded

X12, EDIFACT = "x12", "edifact"
ACKNOWLEDGEMENTS = {"997", "CONTRL"}


@dataclass(frozen=True)
class ReadFile:
    standard: str
    order_file: OrderFile

    @property
    def interchange(self) -> x12.Interchange | edifact.Interchange:
        return self.order_file.interchange

    @property
    def sender_id(self) -> str:
        if self.standard == X12:
            return self.interchange.sender_id
        return self.interchange.sender[0]

    @property
    def receiver_id(self) -> str:
        if self.standard == X12:
            return self.interchange.receiver_id
        return self.interchange.recipient[0]

    @property
    def control_number(self) -> str:
        if self.standard == X12:
            return self.interchange.control_number
        return self.interchange.control_reference

    @property
    def document_types(self) -> list[str]:
        return self.interchange.document_types

    @property
    def is_acknowledgement(self) -> bool:
        """A 997 or CONTRL from the partner about a file of ours: nothing to order."""
        return bool(self.document_types) and set(self.document_types) <= ACKNOWLEDGEMENTS


def standard_of(data: bytes) -> str:
    """X12 or EDIFACT by the first segment; EdiError says what the file is not."""
    text = decoded(data[:512], "latin-1", "EDI")
    if text.startswith("ISA"):
        return X12
    if text.startswith(("UNA", "UNB")):
        return EDIFACT
    raise EdiError([Problem(f"The file starts with {text[:20]!r}: it is neither X12 (which "
                            "starts with ISA) nor EDIFACT (UNA or UNB).", Fault.UNREADABLE)])


def read_order_file(data: bytes) -> ReadFile:
    """Purchase orders (850 or ORDERS) with every problem; functional acknowledgements from
    the partner read without complaint. EdiError when the file is no interchange at all."""
    standard = standard_of(data)
    order_file = read_850(data) if standard == X12 else read_orders(data)
    read = ReadFile(standard, order_file)
    if read.is_acknowledgement:
        problems = list(read.interchange.problems)
        return ReadFile(standard, OrderFile(order_file.interchange, [], problems))
    return read
