"""The court timeline of a rent arrear as an explicit transition table. Pure Python, no ORM.

A household's court procedure moves through summons (dagvaarding), hearing (zitting), judgment
(vonnis), eviction notice (aanzegging) and a scheduled eviction date, and ends suspended,
cancelled or executed. A cancelled procedure may be followed by a new summons; a suspended
eviction may get a new date. The step reported decides the next stage; a step that does not fit
the stage is refused with a Dutch message that says what is expected.

"Never on the street": a household with minor children, or marked vulnerable, cannot reach
"executed" without a recorded housing arrangement (crisis place, other housing, own network).
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eropaf.core.errors import InvalidTransition


class CourtStage(models.TextChoices):
    """Where the household's procedure stands (the stage after its latest step)."""

    NONE = "none", gettext_lazy("No court procedure")
    SUMMONED = "summoned", gettext_lazy("Summoned")
    HEARING = "hearing", gettext_lazy("Hearing scheduled")
    JUDGED = "judged", gettext_lazy("Judgment given")
    NOTICE_SERVED = "notice_served", gettext_lazy("Eviction notice served")
    SCHEDULED = "scheduled", gettext_lazy("Eviction scheduled")
    SUSPENDED = "suspended", gettext_lazy("Eviction suspended")
    CANCELLED = "cancelled", gettext_lazy("Procedure cancelled")
    EXECUTED = "executed", gettext_lazy("Eviction executed")


class CourtStepKind(models.TextChoices):
    """A step somebody reports; the date of a hearing or an eviction date is the day it takes place."""

    SUMMONS = "summons", gettext_lazy("Summons")
    HEARING = "hearing", gettext_lazy("Hearing")
    JUDGMENT = "judgment", gettext_lazy("Judgment")
    EVICTION_NOTICE = "eviction_notice", gettext_lazy("Eviction notice")
    EVICTION_DATE = "eviction_date", gettext_lazy("Eviction date")
    SUSPENDED = "suspended", gettext_lazy("Eviction suspended")
    CANCELLED = "cancelled", gettext_lazy("Procedure cancelled")
    EXECUTED = "executed", gettext_lazy("Eviction executed")


class HousingArrangement(models.TextChoices):
    """Where a household goes when the eviction goes ahead."""

    CRISIS_PLACE = "crisis_place", gettext_lazy("Crisis place")
    OTHER_HOUSING = "other_housing", gettext_lazy("Other housing")
    OWN_NETWORK = "own_network", gettext_lazy("Own network (family, friends)")


S = CourtStage
K = CourtStepKind
# Stages from which a procedure is under way and may be cancelled.
UNDER_WAY = frozenset({S.SUMMONED, S.HEARING, S.JUDGED, S.NOTICE_SERVED, S.SCHEDULED, S.SUSPENDED})

TRANSITIONS: dict[CourtStepKind, tuple[frozenset[CourtStage], CourtStage]] = {
    K.SUMMONS: (frozenset({S.NONE, S.CANCELLED}), S.SUMMONED),
    # A hearing may be reported again when it is postponed.
    K.HEARING: (frozenset({S.SUMMONED, S.HEARING}), S.HEARING),
    K.JUDGMENT: (frozenset({S.SUMMONED, S.HEARING}), S.JUDGED),
    K.EVICTION_NOTICE: (frozenset({S.JUDGED, S.SUSPENDED}), S.NOTICE_SERVED),
    # A new date after a suspension, or a date moved, is a new eviction date.
    K.EVICTION_DATE: (frozenset({S.JUDGED, S.NOTICE_SERVED, S.SCHEDULED, S.SUSPENDED}), S.SCHEDULED),
    K.SUSPENDED: (frozenset({S.JUDGED, S.NOTICE_SERVED, S.SCHEDULED}), S.SUSPENDED),
    K.CANCELLED: (UNDER_WAY, S.CANCELLED),
    K.EXECUTED: (frozenset({S.SCHEDULED}), S.EXECUTED),
}

# What a step needs before it, for the message when it comes too early.
_EXPECTED_FIRST: dict[CourtStepKind, CourtStepKind] = {
    K.HEARING: K.SUMMONS,
    K.JUDGMENT: K.SUMMONS,
    K.EVICTION_NOTICE: K.JUDGMENT,
    K.EVICTION_DATE: K.JUDGMENT,
    K.SUSPENDED: K.JUDGMENT,
    K.CANCELLED: K.SUMMONS,
    K.EXECUTED: K.EVICTION_DATE,
}


@dataclass(frozen=True)
class Household:
    """What the invariant needs to know about the household."""

    has_minors: bool
    is_vulnerable: bool
    housing_arrangement: str  # a HousingArrangement value, or "" when none is recorded

    @property
    def needs_housing_arrangement(self) -> bool:
        return self.has_minors or self.is_vulnerable


def allowed_steps(stage: CourtStage) -> list[CourtStepKind]:
    """The steps that may be reported in ``stage``, in the order of the procedure."""
    return [kind for kind, (sources, _target) in TRANSITIONS.items() if stage in sources]


def next_stage(stage: CourtStage, kind: CourtStepKind, *, household: Household) -> CourtStage:
    """The stage after reporting ``kind``; InvalidTransition (Dutch message) when it does not fit."""
    sources, target = TRANSITIONS[kind]
    if stage not in sources:
        if stage is S.EXECUTED:
            raise InvalidTransition(_("The eviction has been executed; the procedure is over."))
        if stage is S.CANCELLED:
            raise InvalidTransition(_("The procedure was cancelled; only a new summons can start a new one."))
        first = _EXPECTED_FIRST.get(kind)
        if first is not None and stage is S.NONE:
            raise InvalidTransition(
                _("%(step)s cannot be recorded before a %(first)s.")
                % {"step": kind.label, "first": str(first.label).lower()}
            )
        raise InvalidTransition(
            _("%(step)s does not fit a procedure that is at '%(stage)s'.")
            % {"step": kind.label, "stage": str(stage.label).lower()}
        )
    if target is S.EXECUTED:
        check_never_on_the_street(household)
    return target


def check_never_on_the_street(household: Household) -> None:
    """Raise unless an eviction of this household may go ahead."""
    if household.needs_housing_arrangement and not household.housing_arrangement:
        raise InvalidTransition(
            _(
                "This household has minor children or is vulnerable: record where they will live "
                "(crisis place, other housing or own network) before the eviction can be executed."
            )
        )
