"""What a partner may learn about one of its signals (BRIEF §4). Pure Python, no ORM.

Only these statuses, nothing else about the resident: in handling; help accepted (with the request
to pause collection, from the day help was accepted); no help wanted; not reached; not picked up as
a repeat, as unjustified, or for another reason — never which other reason; deceased; not (or no
longer) a resident; already known to debt services. A signal the partner withdrew says so.
"""

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from eropaf.core.vocabularies import HELP_ACCEPTED_OUTCOMES, Outcome, SignalStatus


class Feedback(StrEnum):
    IN_HANDLING = "in_handling"
    HELP_ACCEPTED = "help_accepted"
    NO_HELP_WANTED = "no_help_wanted"
    NOT_REACHED = "not_reached"
    NOT_PICKED_UP_REPEAT = "not_picked_up_repeat"
    NOT_PICKED_UP_UNJUSTIFIED = "not_picked_up_unjustified"
    NOT_PICKED_UP_OTHER = "not_picked_up_other"
    DECEASED = "deceased"
    NOT_A_RESIDENT = "not_a_resident"
    KNOWN_TO_DEBT_SERVICES = "known_to_debt_services"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return LABELS[self]


LABELS = {
    Feedback.IN_HANDLING: "In behandeling",
    Feedback.HELP_ACCEPTED: "Hulp geaccepteerd",
    Feedback.NO_HELP_WANTED: "Geen hulp gewenst",
    Feedback.NOT_REACHED: "Niet bereikt",
    Feedback.NOT_PICKED_UP_REPEAT: "Niet opgepakt: herhaalde melding",
    Feedback.NOT_PICKED_UP_UNJUSTIFIED: "Niet opgepakt: onterecht signaal",
    Feedback.NOT_PICKED_UP_OTHER: "Niet opgepakt: andere reden",
    Feedback.DECEASED: "Inwoner is overleden",
    Feedback.NOT_A_RESIDENT: "Geen inwoner (meer) van de gemeente",
    Feedback.KNOWN_TO_DEBT_SERVICES: "Inwoner al bekend bij schuldhulpverlening",
    Feedback.WITHDRAWN: "Ingetrokken door de partner",
}

# A signal status matching or triage set says it all.
_BY_SIGNAL_STATUS = {
    SignalStatus.NOT_PICKED_UP_REPEAT: Feedback.NOT_PICKED_UP_REPEAT,
    SignalStatus.NOT_PICKED_UP_UNJUSTIFIED: Feedback.NOT_PICKED_UP_UNJUSTIFIED,
    SignalStatus.NOT_PICKED_UP_OTHER: Feedback.NOT_PICKED_UP_OTHER,
    SignalStatus.DECEASED: Feedback.DECEASED,
    SignalStatus.NOT_A_RESIDENT: Feedback.NOT_A_RESIDENT,
    SignalStatus.KNOWN_TO_DEBT_SERVICES: Feedback.KNOWN_TO_DEBT_SERVICES,
}
_NOT_PICKED_UP_OUTCOMES = {
    Outcome.NOT_PICKED_UP_REPEAT: Feedback.NOT_PICKED_UP_REPEAT,
    Outcome.NOT_PICKED_UP_UNJUSTIFIED: Feedback.NOT_PICKED_UP_UNJUSTIFIED,
    Outcome.NOT_PICKED_UP_OTHER: Feedback.NOT_PICKED_UP_OTHER,
    Outcome.DECEASED: Feedback.DECEASED,
    Outcome.NOT_A_RESIDENT: Feedback.NOT_A_RESIDENT,
    Outcome.KNOWN_TO_DEBT_SERVICES: Feedback.KNOWN_TO_DEBT_SERVICES,
}
# Reached, but nothing agreed that should pause collection. A referral without the resident is
# the municipality's own step: for the partner the resident did not accept help.
NO_HELP_WANTED_OUTCOMES = frozenset(
    {
        Outcome.NO_RESPONSE_AFTER_CONTACT,
        Outcome.SOLVES_IT_SELF,
        Outcome.ALREADY_PAID,
        Outcome.OTHER_TRAJECTORY,
        Outcome.REFERRAL_WITHOUT_RESIDENT,
    }
)

_BY_OUTCOME = {
    Outcome.NO_CONTACT: Feedback.NOT_REACHED,
    **dict.fromkeys(NO_HELP_WANTED_OUTCOMES, Feedback.NO_HELP_WANTED),
    **_NOT_PICKED_UP_OUTCOMES,
}
"""Every outcome but help accepted (a test checks that none is missing)."""


@dataclass(frozen=True, slots=True)
class SignalFeedback:
    feedback: Feedback
    pause_collection_from: dt.date | None = None
    """Only with help accepted: the partner is asked to pause collection from this day."""


def feedback_for(
    *, signal_status: str, withdrawn: bool, case_state: str, case_outcome: str, closed_on: dt.date | None
) -> SignalFeedback:
    """The feedback on a signal of a case (state and outcome of that case)."""
    if withdrawn:
        return SignalFeedback(Feedback.WITHDRAWN)
    by_status = _BY_SIGNAL_STATUS.get(SignalStatus(signal_status)) if signal_status else None
    if by_status is not None:
        return SignalFeedback(by_status)
    if case_state != "closed" or not case_outcome:
        return SignalFeedback(Feedback.IN_HANDLING)
    outcome = Outcome(case_outcome)
    if outcome in HELP_ACCEPTED_OUTCOMES:
        return SignalFeedback(Feedback.HELP_ACCEPTED, pause_collection_from=closed_on)
    return SignalFeedback(_BY_OUTCOME[outcome])
