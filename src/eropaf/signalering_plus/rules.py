"""Breda's Signalering+ as rules (BRIEF §3.1). Pure Python, no ORM.

A household is proposed for Signalering+ when its rent arrear is rising and there was no contact
or no help so far, and it is not in Signalering+ already. The monthly consultation with the housing
corporation decides per case on the agenda; which decisions fit a candidate or an admitted
household, and which need a note, is checked here. The extra actions agreed with the corporation
each have one owner: a user of the responsible team or a named party.
"""

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eropaf.core.errors import InvalidTransition

QUEUE = "signalering_plus"
"""The work queue of admitted cases in every municipality."""
PROTOCOL = "signalering-plus"
"""The key of the Signalering+ protocol in ``cases.protocols.PROTOCOLS``."""


class CandidateReason(StrEnum):
    NO_CONTACT = "no_contact"
    NO_HELP = "no_help"

    @property
    def label(self) -> str:
        if self is CandidateReason.NO_CONTACT:
            return _("Rising rent arrear, no contact so far")
        return _("Rising rent arrear, contact but no help accepted")


@dataclass(frozen=True, slots=True)
class HouseholdFacts:
    """What the proposal needs to know about a household and its latest open rent case."""

    has_rent_signal: bool
    rent_arrear_rising: bool
    contact_made: bool
    """A reached contact attempt, or an outcome that means the resident was reached, on any case."""
    help_accepted: bool
    """An outcome of help accepted on any of the household's cases."""
    admitted: bool
    """In Signalering+ now (an admission that has not ended)."""
    decided: bool = False
    """A consultation already decided on this case (other than "continue"): not proposed again."""


def candidate_reason(facts: HouseholdFacts) -> CandidateReason | None:
    """Why the household is proposed for Signalering+, or None when it is not."""
    if not (facts.has_rent_signal and facts.rent_arrear_rising):
        return None
    if facts.admitted or facts.decided:
        return None
    if not facts.contact_made:
        return CandidateReason.NO_CONTACT
    if not facts.help_accepted:
        return CandidateReason.NO_HELP
    return None


class AgendaKind(models.TextChoices):
    CANDIDATE = "candidate", gettext_lazy("Proposed")
    ADMITTED = "admitted", gettext_lazy("In Signalering+")


class DecisionKind(models.TextChoices):
    ADMIT = "admit", gettext_lazy("Admit to Signalering+")
    CONTINUE = "continue", gettext_lazy("Continue")
    DONE_CONTACT = "done_contact", gettext_lazy("Done: contact made")
    DONE_HELP = "done_help", gettext_lazy("Done: help accepted")
    STOP = "stop", gettext_lazy("Stop: no grounds")
    ESCALATE_CARE_DESK = "escalate_care_desk", gettext_lazy("Escalate to the Meldpunt Zorg en Overlast")
    ESCALATE_COORDINATION = "escalate_coordination", gettext_lazy("Escalate to the Regieteam")


D = DecisionKind
FITTING: dict[AgendaKind, frozenset[DecisionKind]] = {
    # "Continue" for a candidate: not now, on the agenda again next month.
    AgendaKind.CANDIDATE: frozenset(
        {D.ADMIT, D.CONTINUE, D.STOP, D.ESCALATE_CARE_DESK, D.ESCALATE_COORDINATION}
    ),
    AgendaKind.ADMITTED: frozenset(
        {D.CONTINUE, D.DONE_CONTACT, D.DONE_HELP, D.STOP, D.ESCALATE_CARE_DESK, D.ESCALATE_COORDINATION}
    ),
}
NEEDS_NOTE = frozenset({D.STOP, D.ESCALATE_CARE_DESK, D.ESCALATE_COORDINATION})
ENDS_ADMISSION = frozenset({D.DONE_CONTACT, D.DONE_HELP, D.STOP})
ESCALATIONS = frozenset({D.ESCALATE_CARE_DESK, D.ESCALATE_COORDINATION})


def decisions_for(kind: AgendaKind) -> list[DecisionKind]:
    """The decisions that fit an agenda item, in the order of ``DecisionKind``."""
    return [decision for decision in DecisionKind if decision in FITTING[kind]]


def check_decision(
    decision: DecisionKind,
    *,
    on_agenda_as: AgendaKind,
    already_decided: bool,
    case_is_open: bool,
    note: str,
    consultation_on: dt.date,
    today: dt.date,
) -> None:
    """Raise InvalidTransition (Dutch message) unless ``decision`` may be recorded."""
    if already_decided:
        raise InvalidTransition(_("A decision on this case has been recorded for this consultation already."))
    if consultation_on > today:
        raise InvalidTransition(_("Decisions are recorded on or after the day of the consultation."))
    if decision not in FITTING[on_agenda_as]:
        raise InvalidTransition(
            _("'%(decision)s' does not fit a case that is on the agenda as '%(kind)s'.")
            % {"decision": decision.label, "kind": str(on_agenda_as.label).lower()}
        )
    if decision is D.ADMIT and not case_is_open:
        raise InvalidTransition(
            _("The case has been closed since the agenda was made; it cannot be admitted.")
        )
    if decision in NEEDS_NOTE and not note.strip():
        raise InvalidTransition(_("Say in the note why: a stop or an escalation needs a reason."))


class ActionKind(models.TextChoices):
    THREE_WAY_CONVERSATION = "three_way_conversation", gettext_lazy("Invitation to a three-way conversation")
    LOCAL_PARTNERS = "local_partners", gettext_lazy("Involve local partners (municipality keeps control)")
    COMBINED_HOME_VISITS = "combined_home_visits", gettext_lazy("Combined home-visit round")
    KNOWN_ELSEWHERE = (
        "known_elsewhere",
        gettext_lazy("Check whether the household is known elsewhere (e.g. MASS)"),
    )
    OUTREACH_CARE = "outreach_care", gettext_lazy("Register for outreach care (bemoeizorg)")
    CARE_CONFERENCE = "care_conference", gettext_lazy("Request a care conference")


def check_owner(*, owner_user: bool, owner_party: str) -> None:
    """An action has exactly one owner: a user of the team or a named party."""
    if owner_user == bool(owner_party.strip()):
        raise InvalidTransition(_("Choose one owner: a colleague of the team or a named party."))


def check_done_on(*, done_on: dt.date, today: dt.date, agreed_on: dt.date) -> None:
    if done_on > today:
        raise InvalidTransition(_("An action cannot be done in the future."))
    if done_on < agreed_on:
        raise InvalidTransition(_("An action cannot be done before it was agreed."))


def is_overdue(*, due_on: dt.date, done_on: dt.date | None, today: dt.date) -> bool:
    return done_on is None and due_on < today
