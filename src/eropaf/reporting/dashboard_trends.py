"""The dashboard's monthly trends: signals by partner type, cases and their results, court steps.

Signals and cases are read from the figures counted ahead per matching month (``reporting.figures``),
so the cost grows with the number of months, not with the number of signals; court steps, a few per
hundred households, are counted per calendar month of the step's date as the page is drawn.
Definitions (shown next to the figures):

- *signals*: the signals of the municipality in the matching month, by the partner's type;
- *cases*: the cases (households) of the matching month; *closed*: of those, closed by now;
- *reached* and *help accepted*: closed cases whose DDAS outcome means the resident was reached, or
  accepted help (advice or quick fix, follow-up help, a referral), as counts and as a share of the
  closed cases;
- *recurring*: cases with another signal on the address in the previous six months (Divosa's
  "opeenvolgend"), as a share of the cases;
- *bailiff cases*: households for which a bailiff reported a court step dated in the month;
  *summonses*: households summoned in the month; *evictions prevented*: households whose procedure
  was cancelled or whose eviction was suspended in the month; *executed*: evictions carried out.
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from eropaf.core.vocabularies import HELP_ACCEPTED_OUTCOMES, REACHED_OUTCOMES, PartnerType
from eropaf.escalation.court import CourtStepKind
from eropaf.escalation.models import CourtStep, StepSource
from eropaf.reporting.dashboard_scope import ReportScope
from eropaf.reporting.exports import Cell, Column, Kind, Table, TableRow, share
from eropaf.reporting.figures import CASE_KEYS
from eropaf.reporting.models import CaseMonth, SignalMonth
from eropaf.triage.charts import format_month

REACHED = sorted(outcome.value for outcome in REACHED_OUTCOMES)
HELP_ACCEPTED = sorted(outcome.value for outcome in HELP_ACCEPTED_OUTCOMES)
CASE_SUMS = {key: Sum(key) for key in CASE_KEYS}
PREVENTED_STEPS = [CourtStepKind.SUSPENDED.value, CourtStepKind.CANCELLED.value]
COURT_FIGURES = {
    "bailiff": Count("track_id", distinct=True, filter=Q(source=StepSource.BAILIFF)),
    "summonses": Count("track_id", distinct=True, filter=Q(kind=CourtStepKind.SUMMONS)),
    "prevented": Count("track_id", distinct=True, filter=Q(kind__in=PREVENTED_STEPS)),
    "executed": Count("track_id", distinct=True, filter=Q(kind=CourtStepKind.EXECUTED)),
}
Figures = Mapping[str, Any]


def summed(rows: Iterable[Figures], keys: Iterable[str]) -> dict[str, int]:
    """The counts of GROUP BY rows added up: a total without scanning the table again."""
    listed = list(rows)
    return {key: sum(row.get(key, 0) for row in listed) for key in keys}


def per_thousand(signals: int, inhabitants: int) -> float | None:
    return None if inhabitants <= 0 else 1000 * signals / inhabitants


def case_months(scope: ReportScope) -> QuerySet[CaseMonth]:
    """The counted case figures of the scope's municipality and months, to group as needed."""
    return CaseMonth.objects.filter(
        municipality=scope.municipality, period__gte=scope.first, period__lte=scope.last
    ).order_by()


def signals_table(scope: ReportScope) -> Table:
    """Signals per matching month and partner type, with the total and the rate per 1,000."""
    counts: dict[tuple[dt.date, str], int] = {
        (row["period"], row["signal_type"]): row["count"]
        for row in SignalMonth.objects.filter(
            municipality=scope.municipality, period__gte=scope.first, period__lte=scope.last
        )
        .order_by()
        .values("period", "signal_type")
        .annotate(count=Sum("signals"))
    }
    present = {signal_type for _, signal_type in counts}
    types = [partner_type for partner_type in PartnerType if partner_type.value in present]
    inhabitants = scope.municipality.inhabitants
    rows = []
    for period in scope.periods:
        by_type = [counts.get((period, partner_type.value), 0) for partner_type in types]
        rows.append(
            TableRow((format_month(period), *by_type, sum(by_type), per_thousand(sum(by_type), inhabitants)))
        )
    totals = [sum(counts.get((p, t.value), 0) for p in scope.periods) for t in types]
    rows.append(
        TableRow(
            (
                _("All months"),
                *totals,
                sum(totals),
                per_thousand(sum(totals), inhabitants * len(scope.periods)),
            ),
            is_total=True,
        )
    )
    return Table(
        key="trend-signalen",
        title=_("Signals per month and partner type"),
        columns=(
            Column(_("Month"), Kind.TEXT),
            *(Column(str(partner_type.label), key=partner_type.value) for partner_type in types),
            Column(_("Total")),
            Column(_("Per 1,000 inhabitants"), Kind.RATE),
        ),
        rows=tuple(rows),
        definition=_(
            "The signals of the municipality per matching month, by the type of the partner that "
            "delivered them. Per 1,000 inhabitants: the signals of the month per 1,000 inhabitants; "
            "in the total row, the average month."
        ),
    )


def case_cells(label: str, figures: Figures, *, recurring_count: bool = True) -> tuple[Cell, ...]:
    """A row of case results: cases, closed, reached and help accepted with their shares of the
    closed cases, and recurring (the count only when ``recurring_count``) with its share."""
    cases, closed = figures.get("cases", 0), figures.get("closed", 0)
    reached, helped = figures.get("reached", 0), figures.get("help_accepted", 0)
    recurring = figures.get("recurring", 0)
    counted: tuple[Cell, ...] = (recurring,) if recurring_count else ()
    return (
        label,
        cases,
        closed,
        reached,
        share(reached, closed),
        helped,
        share(helped, closed),
        *counted,
        share(recurring, cases),
    )


def case_columns(label: str, *, recurring_count: bool = True) -> tuple[Column, ...]:
    """The columns of ``case_cells``' rows, the first headed ``label``."""
    counted = (Column(_("Recurring")),) if recurring_count else ()
    return (
        Column(label, Kind.TEXT),
        Column(_("Cases")),
        Column(_("Closed")),
        Column(_("Reached")),
        Column(_("Reached %"), Kind.PERCENT),
        Column(_("Help accepted")),
        Column(_("Help accepted %"), Kind.PERCENT),
        *counted,
        Column(_("Recurring %"), Kind.PERCENT),
    )


def cases_table(scope: ReportScope) -> Table:
    """Cases per matching month: closed, reached, help accepted and recurring."""
    by_month: dict[dt.date, Figures] = {
        row["period"]: row for row in case_months(scope).values("period").annotate(**CASE_SUMS)
    }
    total = summed(by_month.values(), CASE_KEYS)
    rows = [TableRow(case_cells(format_month(period), by_month.get(period, {}))) for period in scope.periods]
    rows.append(TableRow(case_cells(_("All months"), total), is_total=True))
    return Table(
        key="trend-zaken",
        title=_("Cases per month and their results"),
        columns=case_columns(_("Month")),
        rows=tuple(rows),
        definition=_(
            "Cases are the households of a matching month. Reached and help accepted count the closed "
            "cases whose outcome says the resident was reached or accepted help (advice or quick fix, "
            "follow-up help or a referral); their shares are of the closed cases. Recurring: cases "
            "with another signal on the address in the previous six months, as a share of the cases."
        ),
    )


def court_table(scope: ReportScope) -> Table:
    """Households per calendar month with a bailiff's step, a summons, a prevented or an executed eviction."""
    steps = CourtStep.objects.filter(
        track__municipality=scope.municipality, on__gte=scope.start, on__lte=scope.end
    ).order_by()
    by_month: dict[dt.date, Figures] = {
        row["month"]: row
        for row in steps.annotate(month=TruncMonth("on")).values("month").annotate(**COURT_FIGURES)
    }
    total = steps.aggregate(**COURT_FIGURES)

    def cells(label: str, figures: Figures) -> tuple[Cell, ...]:
        return (label, *(int(figures.get(key) or 0) for key in COURT_FIGURES))

    rows = [TableRow(cells(format_month(period), by_month.get(period, {}))) for period in scope.periods]
    rows.append(TableRow(cells(_("All months"), total), is_total=True))
    return Table(
        key="trend-rechtbank",
        title=_("Bailiff cases, summonses and evictions per month"),
        columns=(
            Column(_("Month"), Kind.TEXT),
            Column(_("Bailiff cases")),
            Column(_("Summonses")),
            Column(_("Evictions prevented")),
            Column(_("Evictions executed")),
        ),
        rows=tuple(rows),
        definition=_(
            "Households by the date of the court step. Bailiff cases: a bailiff reported a step. "
            "Summonses: the household was summoned. Evictions prevented: the procedure was cancelled "
            "or the eviction suspended. Evictions executed: the eviction took place. In the total "
            "row each household counts once."
        ),
    )
