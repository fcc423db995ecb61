"""The Regieteam's rules for case forms, agendas and decisions. Pure Python, no ORM.

A landlord (or the responsible team) files a case form when the landlord is about to go to court.
Regieteam members put it on a meeting's agenda and record one decision per agenda item:

- scenario 1, a plan to prevent the eviction: a case manager, a term that ends in the future and
  each of the four conditions addressed (current rent paid, cooperation, full insight into income
  and expenses, a reasonable payment proposal), and what became of an administration advice;
- scenario 2, a plan for the eviction: a case manager and, for a household with minor children or
  a vulnerable household, where it will live (it is never put on the street); with minor children,
  youth protection is involved.

A decision is final. A decided case comes back only on a later meeting's agenda, for a follow-up
decision (for instance when the conditions of scenario 1 were broken).
"""

import datetime as dt
from dataclasses import dataclass, replace

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eropaf.core.errors import InvalidTransition


class FormStatus(models.TextChoices):
    FILED = "filed", gettext_lazy("Filed")
    ON_AGENDA = "on_agenda", gettext_lazy("On the agenda")
    DECIDED = "decided", gettext_lazy("Decided")


class Scenario(models.TextChoices):
    PREVENT = "prevent", gettext_lazy("Scenario 1: plan to prevent the eviction")
    EVICT = "evict", gettext_lazy("Scenario 2: plan for the eviction")


class ConditionStatus(models.TextChoices):
    AGREED = "agreed", gettext_lazy("Agreed")
    MET = "met", gettext_lazy("Met")
    NOT_MET = "not_met", gettext_lazy("Not met")


class AdministrationAdvice(models.TextChoices):
    """Protective administration (bewindvoering) as advised by debt services."""

    NOT_ADVISED = "not_advised", gettext_lazy("Not advised by debt services")
    FOLLOWED = "followed", gettext_lazy("Advised by debt services and followed")
    NOT_FOLLOWED = "not_followed", gettext_lazy("Advised by debt services, not (yet) followed")


class AgendaReason(models.TextChoices):
    FIRST = "first", gettext_lazy("First discussion")
    CONDITIONS_BROKEN = "conditions_broken", gettext_lazy("Conditions of the plan broken")
    TERM_ENDED = "term_ended", gettext_lazy("Agreed term ended")
    OTHER = "other", gettext_lazy("Other follow-up")


# The four conditions of scenario 1, in the order of the Regieteam's working agreements.
CONDITIONS: tuple[tuple[str, Promise], ...] = (
    ("rent_paid", gettext_lazy("current rent is paid")),
    ("cooperation", gettext_lazy("the tenant cooperates")),
    ("insight", gettext_lazy("full insight into income and expenses")),
    ("payment_proposal", gettext_lazy("a reasonable payment proposal")),
)


# --------------------------------------------------------------------------------------------
# The case form
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseFormDraft:
    tried_before: str
    why_not_enough: str
    has_minors: bool
    is_multi_problem: bool
    is_vulnerable: bool
    has_housing_nuisance: bool
    arrear_cents: int
    expected_court_on: dt.date | None
    tenant_informed: bool

    @property
    def household_types(self) -> int:
        return sum((self.has_minors, self.is_multi_problem, self.is_vulnerable, self.has_housing_nuisance))


def case_form_problems(draft: CaseFormDraft, *, today: dt.date) -> list[str]:
    """What keeps the case form from being filed (Dutch), empty when it may be filed."""
    problems = []
    if not draft.tried_before.strip() or not draft.why_not_enough.strip():
        problems.append(_("Say what was tried before and why it was not enough."))
    if draft.household_types == 0:
        problems.append(
            _(
                "Choose at least one kind of household: minor children, multi-problem, vulnerable "
                "or housing nuisance."
            )
        )
    if draft.arrear_cents < 0:
        problems.append(_("The rent arrear cannot be negative."))
    if draft.expected_court_on is None:
        problems.append(_("Give the expected court date."))
    elif draft.expected_court_on < today:
        problems.append(_("The expected court date cannot lie in the past."))
    if not draft.tenant_informed:
        problems.append(_("Inform the tenant before filing the case form."))
    return problems


def check_case_form(draft: CaseFormDraft, *, today: dt.date, household_has_open_form: bool) -> dt.date:
    """The expected court date of a case form that may be filed; InvalidTransition (Dutch) otherwise."""
    if household_has_open_form:
        raise InvalidTransition(
            _("This household's case is with the Regieteam already and has no decision yet.")
        )
    problems = case_form_problems(draft, today=today)
    if problems or draft.expected_court_on is None:
        raise InvalidTransition(" ".join(problems))
    return draft.expected_court_on


# --------------------------------------------------------------------------------------------
# The agenda
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FormState:
    status: FormStatus
    filed_on: dt.date
    on_agenda_of: dt.date | None = None  # the meeting date while the form is on an agenda
    last_decided_at_meeting_of: dt.date | None = None
    last_scenario: Scenario | None = None


def check_agenda(form: FormState, *, meeting_on: dt.date, reason: AgendaReason) -> None:
    """Raise InvalidTransition (Dutch) unless the form may go on the agenda of a meeting on ``meeting_on``."""
    if form.status is FormStatus.ON_AGENDA:
        raise InvalidTransition(
            _("This case is on the agenda of the meeting of %(date)s already.")
            % {"date": f"{form.on_agenda_of:%d-%m-%Y}" if form.on_agenda_of else "?"}
        )
    if meeting_on < form.filed_on:
        raise InvalidTransition(_("The meeting lies before the day the case form was filed."))
    if form.status is FormStatus.FILED:
        if reason is not AgendaReason.FIRST:
            raise InvalidTransition(
                _("A case without a decision goes on the agenda for its first discussion.")
            )
        return
    if reason is AgendaReason.FIRST:
        raise InvalidTransition(
            _(
                "This case has a decision: it comes back only for a follow-up. Say why "
                "(conditions broken, term ended or another follow-up)."
            )
        )
    if reason is AgendaReason.CONDITIONS_BROKEN and form.last_scenario is not Scenario.PREVENT:
        raise InvalidTransition(
            _("Only a plan to prevent the eviction (scenario 1) has conditions to break.")
        )
    previous = form.last_decided_at_meeting_of
    if previous is not None and meeting_on <= previous:
        raise InvalidTransition(
            _("A follow-up decision is taken at a later meeting than the previous decision (%(date)s).")
            % {"date": f"{previous:%d-%m-%Y}"}
        )


# --------------------------------------------------------------------------------------------
# The decision
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DecisionDraft:
    scenario: Scenario
    case_manager: str
    # Scenario 1
    eviction_suspended: bool = False
    arrear_frozen: bool = False
    term_ends_on: dt.date | None = None
    conditions: dict[str, str] | None = None  # condition key → ConditionStatus value ("" = not addressed)
    administration_advice: str = ""
    # Scenario 2
    own_arrangements: str = ""
    housing_arrangement: str = ""  # an escalation HousingArrangement value, "" when none
    housing_note: str = ""
    youth_protection_involved: bool = False
    # Both
    care_desk_referral: bool = False
    care_desk_note: str = ""
    note: str = ""

    def normalised(self) -> "DecisionDraft":
        """The draft without the fields of the other scenario, so only what was decided is kept."""
        if self.scenario is Scenario.PREVENT:
            return replace(
                self,
                own_arrangements="",
                housing_arrangement="",
                housing_note="",
                youth_protection_involved=False,
            )
        return replace(
            self,
            eviction_suspended=False,
            arrear_frozen=False,
            term_ends_on=None,
            conditions={key: "" for key, _label in CONDITIONS},
            administration_advice="",
        )


@dataclass(frozen=True)
class HouseholdFacts:
    """What the case form and the household's track say, together."""

    has_minors: bool
    is_vulnerable: bool


def decision_problems(
    draft: DecisionDraft, *, household: HouseholdFacts, today: dt.date, meeting_on: dt.date
) -> list[str]:
    """What keeps the decision from being recorded (Dutch), empty when it is complete."""
    problems = []
    if today < meeting_on:
        problems.append(_("A decision is recorded on or after the day of the meeting."))
    if not draft.case_manager.strip():
        problems.append(_("Name the case manager."))
    if draft.scenario is Scenario.PREVENT:
        if draft.term_ends_on is None or draft.term_ends_on <= today:
            problems.append(_("A plan to prevent the eviction needs an agreed term that ends in the future."))
        given = draft.conditions or {}
        missing = [
            str(label) for key, label in CONDITIONS if given.get(key, "") not in ConditionStatus.values
        ]
        if missing:
            problems.append(
                _("Address every condition (agreed, met or not met); still open: %(missing)s.")
                % {"missing": ", ".join(missing)}
            )
        if draft.administration_advice not in AdministrationAdvice.values:
            problems.append(
                _("Say whether debt services advised protective administration, and whether it is followed.")
            )
    else:
        if (household.has_minors or household.is_vulnerable) and not draft.housing_arrangement:
            problems.append(
                _(
                    "A household with minor children or a vulnerable household is never put on the street: "
                    "record where it will live (crisis place, other housing or own network)."
                )
            )
        if household.has_minors and not draft.youth_protection_involved:
            problems.append(_("The household has minor children: youth protection must be involved."))
    return problems


def check_decision(
    draft: DecisionDraft,
    *,
    household: HouseholdFacts,
    today: dt.date,
    meeting_on: dt.date,
    already_decided: bool,
) -> DecisionDraft:
    """The draft as it is recorded; InvalidTransition (Dutch) when it may not be."""
    if already_decided:
        raise InvalidTransition(
            _(
                "This agenda item has a decision already, and a decision is final. Put the case on a "
                "later meeting's agenda for a follow-up decision."
            )
        )
    problems = decision_problems(draft, household=household, today=today, meeting_on=meeting_on)
    if problems:
        raise InvalidTransition(" ".join(problems))
    return draft.normalised()
