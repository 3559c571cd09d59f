"""Envelopes for what we send a partner: its identifiers, separators and control numbers.

The numbers come from the partner's sequences, taken under a row lock so that two workers
never write two files with the same interchange control number.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import F

from edi.codec import edifact_writer, x12_writer
from edi.codec.edifact_segments import ServiceCharacters
from edi.codec.x12_segments import Separators
from edi.models import EdiPartner, EdiStandard

X12_VERSIONS = {EdiStandard.X12_004010: "00401", EdiStandard.X12_005010: "00501"}
LARGEST = x12_writer.LARGEST_CONTROL_NUMBER


@dataclass(frozen=True)
class ControlNumbers:
    interchange: int
    group: int
    transaction_set: int


def _wrapped(number: int) -> int:
    return (number - 1) % LARGEST + 1


@transaction.atomic
def control_numbers_take(partner: EdiPartner) -> ControlNumbers:
    """The next numbers of each sequence; the sequences move on (in the caller's transaction)."""
    current = EdiPartner.objects.select_for_update().values_list(
        "next_interchange_number", "next_group_number", "next_set_number").get(pk=partner.pk)
    EdiPartner.objects.filter(pk=partner.pk).update(
        next_interchange_number=F("next_interchange_number") % LARGEST + 1,
        next_group_number=F("next_group_number") % LARGEST + 1,
        next_set_number=F("next_set_number") % 9999 + 1)
    return ControlNumbers(*(_wrapped(number) for number in current))


def x12_envelope(partner: EdiPartner, numbers: ControlNumbers,
                 created_at: datetime) -> x12_writer.Envelope:
    return x12_writer.Envelope(
        sender_id=partner.our_id, receiver_id=partner.partner_id,
        interchange_control_number=numbers.interchange, group_control_number=numbers.group,
        created_at=created_at, sender_qualifier=partner.our_qualifier,
        receiver_qualifier=partner.partner_qualifier, version=X12_VERSIONS[partner.standard],
        is_test=partner.is_test, first_set_control_number=numbers.transaction_set,
        separators=Separators(partner.element_separator, partner.component_separator,
                              partner.segment_terminator, partner.repetition_separator),
        sender_group_id=partner.our_group_id, receiver_group_id=partner.partner_group_id)


def edifact_envelope(partner: EdiPartner, numbers: ControlNumbers,
                     created_at: datetime) -> edifact_writer.Envelope:
    return edifact_writer.Envelope(
        sender_id=partner.our_id, recipient_id=partner.partner_id,
        control_reference=str(numbers.interchange), created_at=created_at,
        sender_qualifier=partner.our_qualifier, recipient_qualifier=partner.partner_qualifier,
        syntax_identifier=partner.syntax_identifier, agreement_id="EANCOM",
        is_test=partner.is_test, first_message_reference=numbers.transaction_set,
        characters=ServiceCharacters(*partner.edifact_characters))
