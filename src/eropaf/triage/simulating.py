"""Running a simulation on the municipality's own history: read the past months' cases once, as
facts, and compare a policy with the active one (``triage.simulation``). Nothing is written."""

import datetime as dt
from dataclasses import dataclass

from eropaf.core.periods import months_back, period_of, shift_months
from eropaf.organisations.models import Municipality
from eropaf.triage.case_facts import cases_of_periods, read_cases_with_facts
from eropaf.triage.facts import CaseFacts
from eropaf.triage.models import PolicyVersion, WorkloadSetting
from eropaf.triage.policy import Policy
from eropaf.triage.selectors import active_policy
from eropaf.triage.simulation import Comparison, WorkloadNorms, compare, norms_from_data

DEFAULT_MONTHS = 12
MAX_MONTHS = 36


@dataclass(frozen=True)
class Simulation:
    comparison: Comparison
    active_version: PolicyVersion | None
    periods: list[dt.date]


def simulated_periods(*, today: dt.date, months: int) -> list[dt.date]:
    """The ``months`` whole months before the current one, oldest first."""
    return months_back(shift_months(period_of(today), -1), months)


def history_facts(*, municipality: Municipality, periods: list[dt.date]) -> list[tuple[dt.date, CaseFacts]]:
    """Every case of these months that went on to triage, as (period, facts)."""
    found = read_cases_with_facts(
        municipality_id=municipality.pk,
        cases=cases_of_periods(municipality_id=municipality.pk, periods=periods),
    )
    return list(zip(found.cases.get_column("period").to_list(), found.facts, strict=True))


def workload_norms_for(municipality: Municipality) -> WorkloadNorms:
    stored = WorkloadSetting.objects.filter(municipality=municipality).values_list("norms", flat=True).first()
    return WorkloadNorms.default() if stored is None else norms_from_data(stored)


def simulate_policy(
    *, municipality: Municipality, policy: Policy, periods: list[dt.date], norms: WorkloadNorms
) -> Simulation:
    """``policy`` next to the active one over ``periods`` of the municipality's own cases."""
    version, active = active_policy(municipality=municipality)
    cases = history_facts(municipality=municipality, periods=periods)
    comparison = compare(cases, active=active, draft=policy, norms=norms, periods=periods)
    return Simulation(comparison=comparison, active_version=version, periods=periods)
