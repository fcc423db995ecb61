"""Outreach protocols: the contact attempts a work queue asks for before a case may be closed as
"Definitief geen contact kunnen krijgen". Pure Python, no ORM.

A protocol is data: requirements, each a minimum number of attempts of some contact kinds, optionally
on different days or day parts, only when nobody was home, or outside office hours. ``progress``
says per requirement how far a case is — what the case page shows as the checklist of what is still
required. Two protocols ship: Haarlem's (BRIEF §3.3) and Breda's Signalering+ (BRIEF §3.1).
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from eropaf.core.vocabularies import ContactKind, DayPart

OFFICE_OPENS = dt.time(8, 0)
OFFICE_CLOSES = dt.time(17, 0)


def is_outside_office_hours(moment: dt.datetime) -> bool:
    """Weekends, and weekdays before 08:00 or from 17:00 on (local time)."""
    saturday = 5
    return moment.weekday() >= saturday or not OFFICE_OPENS <= moment.time() < OFFICE_CLOSES


@dataclass(frozen=True, slots=True)
class Attempt:
    """A contact attempt as a protocol sees it."""

    kind: str
    at: dt.datetime
    reached: bool
    outside_office_hours: bool = False


class Spread(StrEnum):
    ANY = "any"
    DIFFERENT_MOMENTS = "different_moments"
    """On different days or in different day parts (Haarlem's home visits)."""


@dataclass(frozen=True, slots=True)
class Requirement:
    label: str
    """Dutch, for the checklist: ``Minstens 2 huisbezoeken op verschillende dagen of dagdelen``."""
    kinds: frozenset[str]
    """The ``ContactKind`` values that count; empty: every kind counts."""
    minimum: int
    spread: Spread = Spread.ANY
    outside_office_hours_only: bool = False
    only_after_nobody_home: bool = False
    """Required only when a home visit did not reach anyone (the card left behind)."""

    def counted(self, attempts: Sequence[Attempt]) -> int:
        matching = [
            attempt
            for attempt in attempts
            if (not self.kinds or attempt.kind in self.kinds)
            and (attempt.outside_office_hours or not self.outside_office_hours_only)
        ]
        if self.spread is Spread.DIFFERENT_MOMENTS:
            return len({(attempt.at.date(), DayPart.of(attempt.at.time())) for attempt in matching})
        return len(matching)

    def applies(self, attempts: Sequence[Attempt]) -> bool:
        if not self.only_after_nobody_home:
            return True
        return any(attempt.kind == ContactKind.HOME_VISIT and not attempt.reached for attempt in attempts)


@dataclass(frozen=True, slots=True)
class Protocol:
    key: str
    name: str
    requirements: tuple[Requirement, ...]


@dataclass(frozen=True, slots=True)
class RequirementProgress:
    label: str
    done: int
    minimum: int
    applies: bool

    @property
    def is_met(self) -> bool:
        return not self.applies or self.done >= self.minimum


@dataclass(frozen=True, slots=True)
class ProtocolProgress:
    protocol: Protocol
    requirements: tuple[RequirementProgress, ...]

    @property
    def is_complete(self) -> bool:
        return all(requirement.is_met for requirement in self.requirements)

    @property
    def missing(self) -> list[str]:
        """What is still required, in Dutch, e.g. ``Minstens 2 keer bellen (nog 1)``."""
        return [
            f"{requirement.label} (nog {requirement.minimum - requirement.done})"
            for requirement in self.requirements
            if not requirement.is_met
        ]


def progress(protocol: Protocol, attempts: Sequence[Attempt]) -> ProtocolProgress:
    return ProtocolProgress(
        protocol,
        tuple(
            RequirementProgress(
                label=requirement.label,
                done=min(requirement.counted(attempts), requirement.minimum),
                minimum=requirement.minimum,
                applies=requirement.applies(attempts),
            )
            for requirement in protocol.requirements
        ),
    )


CALLS = frozenset({ContactKind.PHONE.value})
HOME_VISITS = frozenset({ContactKind.HOME_VISIT.value})

HAARLEM = Protocol(
    key="haarlem",
    name="Haarlem: twee huisbezoeken en twee keer bellen",
    requirements=(
        Requirement(
            "Minstens 2 huisbezoeken op verschillende dagen of dagdelen",
            HOME_VISITS,
            2,
            spread=Spread.DIFFERENT_MOMENTS,
        ),
        Requirement("Minstens 2 keer bellen", CALLS, 2),
    ),
)
SIGNALERING_PLUS = Protocol(
    key="signalering-plus",
    name="Signalering+ (Breda)",
    requirements=(
        Requirement("Een brief", frozenset({ContactKind.LETTER.value}), 1),
        Requirement("Minstens 2 keer bellen", CALLS, 2),
        Requirement("Een WhatsApp-belpoging", frozenset({ContactKind.WHATSAPP_CALL.value}), 1),
        Requirement("Een WhatsApp-bericht of sms", frozenset({ContactKind.SMS_WHATSAPP.value}), 1),
        Requirement("Minstens 2 huisbezoeken", HOME_VISITS, 2),
        Requirement(
            "Een kaartje als er niemand thuis was",
            frozenset({ContactKind.CARD.value}),
            1,
            only_after_nobody_home=True,
        ),
        Requirement("Een contactpoging buiten kantoortijd", frozenset(), 1, outside_office_hours_only=True),
    ),
)
PROTOCOLS: dict[str, Protocol] = {protocol.key: protocol for protocol in (HAARLEM, SIGNALERING_PLUS)}
