"""Results per route of the eviction chain (Breda's table, BRIEF §3.1): for a period, per route —
vroegsignalering, Signalering+, Meldpunt, Regieteam — the reports into the route, the households,
how many were reached and accepted help, and how many evictions were prevented or executed.

Definitions (shown next to the figures):
- a household *enters* a route in the period by a case of that month (vroegsignalering), an admission
  (Signalering+), a referral (Meldpunt) or a case form (Regieteam); *reports* counts the signals of the
  period's cases for vroegsignalering and the admissions, referrals and case forms for the others;
- *reached*: after entering (from the day's start in UTC), a contact attempt reached the resident,
  or a case of the household was closed with an outcome in which the resident was reached, or the
  Meldpunt closed the referral with another outcome than "not reached";
- *help accepted*: after entering, a case of the household was closed with help accepted (advice or
  quick fix, follow-up help or a referral), or the Meldpunt recorded care accepted, or the Regieteam
  decided on a plan to prevent the eviction;
- *eviction prevented*: the household's court procedure (at least summoned) is now cancelled or
  suspended; *eviction executed*: it is executed.

Reads only. The early-detection route, which holds nearly every household, adds up the households
counted ahead per month (``reporting.figures``); the other routes read only their own households.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from eropaf.care_desk.models import Referral
from eropaf.care_desk.rules import ReferralOutcome
from eropaf.cases.models import Case, ContactAttempt
from eropaf.coordination.models import CaseForm, Decision
from eropaf.coordination.rules import Scenario
from eropaf.core.periods import period_of
from eropaf.core.vocabularies import HELP_ACCEPTED_OUTCOMES, REACHED_OUTCOMES
from eropaf.escalation.court import CourtStage
from eropaf.escalation.models import EvictionTrack
from eropaf.reporting.models import CaseMonth, CourtResult, HouseholdMonth
from eropaf.signalering_plus.models import Admission

PREVENTED = (CourtStage.CANCELLED, CourtStage.SUSPENDED)
KEY_SLICE = 2_000
Entries = dict[str, dt.date]  # address key → the day the household entered the route


@dataclass(frozen=True)
class RouteFigures:
    route: str
    label: str | Promise
    reports: int
    households: int
    reached: int
    help_accepted: int
    prevented: int
    executed: int


def _earliest(rows: list[tuple[str, dt.date]]) -> Entries:
    entries: Entries = {}
    for key, day in rows:
        if key not in entries or day < entries[key]:
            entries[key] = day
    return entries


class _Household:
    """What happened to the municipality's households after a day: read once, used per route."""

    def __init__(self, municipality_id: int, since: dt.date, keys: set[str]) -> None:
        self.reached: dict[str, list[dt.date]] = defaultdict(list)
        self.helped: dict[str, list[dt.date]] = defaultdict(list)
        self.stage: dict[str, str] = {}
        ordered = sorted(keys)
        start_of_since = timezone.make_aware(dt.datetime.combine(since, dt.time.min))
        for chunk in (ordered[start : start + KEY_SLICE] for start in range(0, len(ordered), KEY_SLICE)):
            # The households' cases by address (index case_address_idx), then their attempts by case
            # (index attempt_case_at_idx): look-ups, never a scan of the year's attempts.
            key_of: dict[int, str] = {}
            for pk, key, closed_on, outcome in Case.objects.filter(
                municipality_id=municipality_id, address_key__in=chunk
            ).values_list("pk", "address_key", "closed_on", "outcome"):
                key_of[pk] = key
                if closed_on is None or closed_on < since or outcome not in REACHED_OUTCOMES:
                    continue
                self.reached[key].append(closed_on)
                if outcome in HELP_ACCEPTED_OUTCOMES:
                    self.helped[key].append(closed_on)
            case_ids = sorted(key_of)
            for ids in (case_ids[start : start + KEY_SLICE] for start in range(0, len(case_ids), KEY_SLICE)):
                for case_id, at in ContactAttempt.objects.filter(
                    case_id__in=ids, reached=True, at__gte=start_of_since
                ).values_list("case_id", "at"):
                    self.reached[key_of[case_id]].append(timezone.localdate(at))
            self.stage.update(
                EvictionTrack.objects.filter(municipality_id=municipality_id, address_key__in=chunk)
                .exclude(stage=CourtStage.NONE)
                .values_list("address_key", "stage")
            )

    def figures(
        self,
        route: str,
        label: str | Promise,
        entries: Entries,
        reports: int,
        *,
        reached: Entries | None = None,
        helped: Entries | None = None,
    ) -> RouteFigures:
        reached_keys = {k for k, d in entries.items() if any(s >= d for s in self.reached.get(k, ()))}
        helped_keys = {k for k, d in entries.items() if any(s >= d for s in self.helped.get(k, ()))}
        reached_keys |= set(reached or {})
        helped_keys |= set(helped or {})
        return RouteFigures(
            route=route,
            label=label,
            reports=reports,
            households=len(entries),
            reached=len(reached_keys | helped_keys),
            help_accepted=len(helped_keys),
            prevented=sum(1 for key in entries if self.stage.get(key) in PREVENTED),
            executed=sum(1 for key in entries if self.stage.get(key) == CourtStage.EXECUTED),
        )


def _early_detection(municipality_id: int, first: dt.date, last: dt.date) -> RouteFigures:
    """The early-detection route from the households counted ahead per month (``reporting.figures``):
    each household once, in the first month of the range in which it has a case."""
    entering = Q(previous_period__isnull=True) | Q(previous_period__lt=first)
    counted = HouseholdMonth.objects.filter(
        entering, municipality_id=municipality_id, period__gte=first, period__lte=last
    ).aggregate(
        entered=Sum("households"),
        reached_after=Sum("households", filter=Q(reached=True) | Q(helped=True)),
        helped_after=Sum("households", filter=Q(helped=True)),
        prevented_now=Sum("households", filter=Q(court_result=CourtResult.PREVENTED)),
        executed_now=Sum("households", filter=Q(court_result=CourtResult.EXECUTED)),
    )
    reports = CaseMonth.objects.filter(
        municipality_id=municipality_id, period__gte=first, period__lte=last
    ).aggregate(signals=Sum("signals"))["signals"]
    return RouteFigures(
        route="vroegsignalering",
        label=_("Early detection"),
        reports=reports or 0,
        households=counted["entered"] or 0,
        reached=counted["reached_after"] or 0,
        help_accepted=counted["helped_after"] or 0,
        prevented=counted["prevented_now"] or 0,
        executed=counted["executed_now"] or 0,
    )


def route_figures(*, municipality_id: int, start: dt.date, end: dt.date) -> list[RouteFigures]:
    """The four routes' figures for the days ``start`` to ``end`` (vroegsignalering by matching month,
    from the figures counted ahead: ``reporting.figures.ensure_figures`` first)."""

    admissions = Admission.objects.filter(
        municipality_id=municipality_id, admitted_on__gte=start, admitted_on__lte=end
    )
    plus = _earliest(list(admissions.values_list("address_key", "admitted_on")))

    referrals = Referral.objects.filter(
        municipality_id=municipality_id, referred_on__gte=start, referred_on__lte=end
    )
    desk = _earliest(list(referrals.values_list("track__address_key", "referred_on")))
    closed = dict(referrals.exclude(outcome="").values_list("track__address_key", "outcome"))
    desk_reached = {k: desk[k] for k, outcome in closed.items() if outcome != ReferralOutcome.NOT_REACHED}
    desk_helped = {k: desk[k] for k, outcome in closed.items() if outcome == ReferralOutcome.CARE_ACCEPTED}

    forms = CaseForm.objects.filter(municipality_id=municipality_id, filed_on__gte=start, filed_on__lte=end)
    table = _earliest(list(forms.values_list("track__address_key", "filed_on")))
    plans = set(
        Decision.objects.filter(case_form__in=forms, scenario=Scenario.PREVENT).values_list(
            "case_form__track__address_key", flat=True
        )
    )
    seen = _Household(municipality_id, start, set(plus) | set(desk) | set(table))
    return [
        _early_detection(municipality_id, period_of(start), period_of(end)),
        seen.figures("signalering_plus", _("Signalering+"), plus, admissions.count()),
        seen.figures(
            "care_desk", _("Meldpunt"), desk, referrals.count(), reached=desk_reached, helped=desk_helped
        ),
        seen.figures(
            "coordination",
            _("Regieteam"),
            table,
            forms.count(),
            helped={key: table[key] for key in plans if key in table},
        ),
    ]
