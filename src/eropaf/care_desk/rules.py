"""Track 2 of the Drechtsteden agreements: when a referral to the Meldpunt Zorg en Overlast is
proposed, which referrer may give which reason, and how a referral moves. Pure Python, no ORM.

A referral is proposed to the case worker of the household's team

- when a summons has been reported: the household's court procedure is summoned or further
  (hearing, judgment, notice, eviction date, suspended), not cancelled or executed, and no referral
  was made during this procedure (a procedure starts at its summons; a new summons after a
  cancellation is a new procedure);
- when a rent case was not taken into handling in time: the case has a rent signal that was not
  withdrawn, is still new or in the work queue, has no contact attempt, and was opened more than
  the municipality's number of days ago (14 by default: on day 14 it is still in time, on day 15
  it is proposed).

Neither is proposed while the household already has an open referral, nor after a case worker
declined the proposal for that procedure or case.
"""

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eropaf.cases.workflow import CaseState
from eropaf.core.errors import InvalidTransition
from eropaf.escalation.court import UNDER_WAY, CourtStage

DEFAULT_DAYS_UNTOUCHED = 14
MAX_DAYS_UNTOUCHED = 90


class ReferralReason(models.TextChoices):
    SUMMONS = "summons", gettext_lazy("Summons reported")
    RENT_NOT_HANDLED = "rent_not_handled", gettext_lazy("Rent signal not taken into handling in time")
    CONCERN = "concern", gettext_lazy("Concern of another professional")


class ReferralStatus(models.TextChoices):
    SENT = "sent", gettext_lazy("Sent")
    TAKEN_UP = "taken_up", gettext_lazy("Taken up by the Meldpunt")
    CLOSED = "closed", gettext_lazy("Closed")


class ReferralOutcome(models.TextChoices):
    CARE_ACCEPTED = "care_accepted", gettext_lazy("Care accepted")
    CARE_DECLINED = "care_declined", gettext_lazy("Care declined")
    NOT_REACHED = "not_reached", gettext_lazy("Not reached")
    REFERRED_ELSEWHERE = "referred_elsewhere", gettext_lazy("Referred on elsewhere")
    NO_CARE_NEEDED = "no_care_needed", gettext_lazy("No care needed")


class ReferrerKind(models.TextChoices):
    CASE_WORKER = "case_worker", gettext_lazy("Early-detection case worker")
    NEIGHBOURHOOD_TEAM = "neighbourhood_team", gettext_lazy("Neighbourhood team")
    DEBT_SERVICES = "debt_services", gettext_lazy("Debt services")
    LANDLORD = "landlord", gettext_lazy("Landlord")


# The two proposals are made for these reasons; the third reason is never proposed.
PROPOSED_REASONS = (ReferralReason.SUMMONS, ReferralReason.RENT_NOT_HANDLED)

# A neighbourhood-team or debt-services worker refers out of concern; the case worker and the
# landlord also for the two reasons of the agreements.
ALLOWED_REASONS: dict[ReferrerKind, frozenset[ReferralReason]] = {
    ReferrerKind.CASE_WORKER: frozenset(ReferralReason),
    ReferrerKind.NEIGHBOURHOOD_TEAM: frozenset({ReferralReason.CONCERN}),
    ReferrerKind.DEBT_SERVICES: frozenset({ReferralReason.CONCERN}),
    ReferrerKind.LANDLORD: frozenset(ReferralReason),
}

OPEN_STATUSES = frozenset({ReferralStatus.SENT, ReferralStatus.TAKEN_UP})
NOT_IN_HANDLING = frozenset({CaseState.NEW, CaseState.QUEUED})


@dataclass(frozen=True)
class ProcedureFacts:
    """The household's court procedure, for the summons proposal."""

    stage: CourtStage
    procedure_has_referral: bool
    dismissed: bool
    household_has_open_referral: bool = False


@dataclass(frozen=True)
class RentCaseFacts:
    """One case, for the "not taken into handling in time" proposal."""

    opened_on: dt.date
    state: CaseState
    has_rent_signal: bool
    """A rent signal the landlord did not withdraw."""
    has_contact_attempt: bool
    case_has_referral: bool
    dismissed: bool
    household_has_open_referral: bool = False


def summons_proposal_due(facts: ProcedureFacts) -> bool:
    return (
        facts.stage in UNDER_WAY
        and not facts.procedure_has_referral
        and not facts.dismissed
        and not facts.household_has_open_referral
    )


def not_in_handling(state: CaseState, *, has_contact_attempt: bool) -> bool:
    return state in NOT_IN_HANDLING and not has_contact_attempt


def latest_overdue_opening(today: dt.date, days_untouched: int) -> dt.date:
    """The latest opening day of a case that is overdue today: opened ``days_untouched`` days ago
    is still in time, one day earlier is not."""
    return today - dt.timedelta(days=days_untouched + 1)


def rent_proposal_due(facts: RentCaseFacts, *, today: dt.date, days_untouched: int) -> bool:
    return (
        facts.has_rent_signal
        and not_in_handling(facts.state, has_contact_attempt=facts.has_contact_attempt)
        and facts.opened_on <= latest_overdue_opening(today, days_untouched)
        and not facts.case_has_referral
        and not facts.dismissed
        and not facts.household_has_open_referral
    )


def check_days_untouched(days: int) -> None:
    if not 1 <= days <= MAX_DAYS_UNTOUCHED:
        raise InvalidTransition(_("Choose between 1 and %(maximum)s days.") % {"maximum": MAX_DAYS_UNTOUCHED})


@dataclass(frozen=True)
class ReferralFacts:
    """What a new referral is checked against."""

    referrer: ReferrerKind
    reason: ReferralReason
    stage: CourtStage
    rent_case_not_in_handling: bool
    """The household has a rent signal whose case was not taken into handling."""
    household_has_open_referral: bool
    resident_informed: bool


def check_referral(facts: ReferralFacts) -> None:
    """Raise InvalidTransition (Dutch message) unless this referral may be made."""
    if not facts.resident_informed:
        raise InvalidTransition(_("Tell the resident that a report is made before you refer."))
    if facts.reason not in ALLOWED_REASONS[facts.referrer]:
        raise InvalidTransition(
            _("As %(referrer)s you refer for this reason: %(reasons)s.")
            % {
                "referrer": str(facts.referrer.label).lower(),
                "reasons": ", ".join(
                    str(reason.label).lower()
                    for reason in ReferralReason
                    if reason in ALLOWED_REASONS[facts.referrer]
                ),
            }
        )
    if facts.reason is ReferralReason.SUMMONS and facts.stage not in UNDER_WAY:
        raise InvalidTransition(
            _("No summons is on record for this household: report the summons first, or give another reason.")
        )
    if facts.reason is ReferralReason.RENT_NOT_HANDLED and not facts.rent_case_not_in_handling:
        raise InvalidTransition(_("This household has no rent signal that waits to be taken into handling."))
    if facts.household_has_open_referral:
        raise InvalidTransition(_("This household already has an open referral with the Meldpunt."))


class ReferralAction(StrEnum):
    TAKE_UP = "take_up"
    CLOSE = "close"


TRANSITIONS: dict[tuple[ReferralStatus, ReferralAction], ReferralStatus] = {
    (ReferralStatus.SENT, ReferralAction.TAKE_UP): ReferralStatus.TAKEN_UP,
    (ReferralStatus.TAKEN_UP, ReferralAction.CLOSE): ReferralStatus.CLOSED,
}


def next_status(status: ReferralStatus, action: ReferralAction) -> ReferralStatus:
    target = TRANSITIONS.get((status, action))
    if target is not None:
        return target
    if status is ReferralStatus.CLOSED:
        raise InvalidTransition(_("This referral has been closed."))
    if action is ReferralAction.CLOSE:
        raise InvalidTransition(_("Take the referral up before you record its outcome."))
    raise InvalidTransition(_("This referral has been taken up already."))


def check_outcome_date(closed_on: dt.date, *, referred_on: dt.date, today: dt.date) -> None:
    if closed_on > today:
        raise InvalidTransition(_("The date of the outcome cannot lie in the future."))
    if closed_on < referred_on:
        raise InvalidTransition(_("The date of the outcome cannot lie before the referral."))


def outcome_for_referrer(outcome: ReferralOutcome, *, landlord: bool) -> str:
    """The outcome as the referrer sees it: a landlord only learns whether help was accepted
    (the feedback partners may get, BRIEF §4); a professional sees the outcome itself."""
    if not landlord:
        return str(outcome.label)
    return _("Help accepted") if outcome is ReferralOutcome.CARE_ACCEPTED else _("No help accepted")
