"""Aggregate figures of one municipality: counted in the database, never a person's data."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.utils import timezone

from eropaf.accounts.roles import REPORTING_ROLES
from eropaf.accounts.selectors import AnyUser, municipalities_of
from eropaf.cases.models import Case
from eropaf.cases.workflow import CaseState
from eropaf.core.periods import months_back, period_of
from eropaf.core.vocabularies import Outcome, PartnerType
from eropaf.intake.models import Signal
from eropaf.organisations.models import Municipality

REACHED = [outcome.value for outcome in Outcome if outcome.is_reached]
HELP_ACCEPTED = [outcome.value for outcome in Outcome if outcome.is_help_accepted]


def share(part: int, whole: int) -> float | None:
    """``part`` as a percentage of ``whole``; None when there is nothing to divide by."""
    return None if whole == 0 else 100 * part / whole


@dataclass(frozen=True)
class MonthFigures:
    period: dt.date
    signals_by_type: list[int]  # in the order of MunicipalityReport.partner_types
    signals: int
    signals_per_1000: float | None
    cases: int
    multiple: int
    consecutive: int
    closed: int
    reached: int
    help_accepted: int

    @property
    def multiple_share(self) -> float | None:
        return share(self.multiple, self.cases)

    @property
    def consecutive_share(self) -> float | None:
        return share(self.consecutive, self.cases)

    @property
    def reached_share(self) -> float | None:
        return share(self.reached, self.closed)

    @property
    def help_accepted_share(self) -> float | None:
        return share(self.help_accepted, self.closed)


@dataclass(frozen=True)
class MunicipalityReport:
    municipality: Municipality
    partner_types: list[PartnerType]
    months: list[MonthFigures]
    total: MonthFigures

    @property
    def first_period(self) -> dt.date:
        return self.months[0].period

    @property
    def last_period(self) -> dt.date:
        return self.months[-1].period


def _per_thousand(signals: int, inhabitants: int) -> float | None:
    return None if inhabitants <= 0 else 1000 * signals / inhabitants


def get_report_for_user(
    *, user: AnyUser, months: int = 12, today: dt.date | None = None
) -> MunicipalityReport:
    """The last ``months`` months of the user's municipality; PermissionDenied without a reporting role."""
    municipality = municipalities_of(user, roles=REPORTING_ROLES).order_by("name").first()
    if municipality is None:
        raise PermissionDenied
    periods = months_back(period_of(today or timezone.localdate()), months)

    signal_counts: dict[tuple[dt.date, str], int] = {
        (row["period"], row["signal_type"]): row["count"]
        for row in Signal.objects.filter(municipality=municipality, period__in=periods)
        .order_by()
        .values("period", "signal_type")
        .annotate(count=Count("id"))
    }
    closed = Q(state=CaseState.CLOSED)
    case_rows: dict[dt.date, Mapping[str, Any]] = {
        row["period"]: row
        for row in Case.objects.filter(municipality=municipality, period__in=periods)
        .order_by()
        .values("period")
        .annotate(
            cases=Count("id"),
            multiple=Count("id", filter=Q(is_multiple=True)),
            consecutive=Count("id", filter=Q(is_consecutive=True)),
            closed=Count("id", filter=closed),
            reached=Count("id", filter=closed & Q(outcome__in=REACHED)),
            help_accepted=Count("id", filter=closed & Q(outcome__in=HELP_ACCEPTED)),
        )
    }
    present = {signal_type for _, signal_type in signal_counts}
    partner_types = [partner_type for partner_type in PartnerType if partner_type.value in present]
    inhabitants = municipality.inhabitants

    figures: list[MonthFigures] = []
    for period in periods:
        by_type = [signal_counts.get((period, partner_type.value), 0) for partner_type in partner_types]
        row = case_rows.get(period, {})
        figures.append(
            MonthFigures(
                period=period,
                signals_by_type=by_type,
                signals=sum(by_type),
                signals_per_1000=_per_thousand(sum(by_type), inhabitants),
                cases=row.get("cases", 0),
                multiple=row.get("multiple", 0),
                consecutive=row.get("consecutive", 0),
                closed=row.get("closed", 0),
                reached=row.get("reached", 0),
                help_accepted=row.get("help_accepted", 0),
            )
        )
    total_signals = sum(month.signals for month in figures)
    total = MonthFigures(
        period=periods[0],
        signals_by_type=[
            sum(month.signals_by_type[index] for month in figures) for index in range(len(partner_types))
        ],
        signals=total_signals,
        # The average month, so the total row compares with the national ≈4 per 1,000.
        signals_per_1000=_per_thousand(total_signals, inhabitants * len(periods)),
        cases=sum(month.cases for month in figures),
        multiple=sum(month.multiple for month in figures),
        consecutive=sum(month.consecutive for month in figures),
        closed=sum(month.closed for month in figures),
        reached=sum(month.reached for month in figures),
        help_accepted=sum(month.help_accepted for month in figures),
    )
    return MunicipalityReport(
        municipality=municipality, partner_types=partner_types, months=figures, total=total
    )
