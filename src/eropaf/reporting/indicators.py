"""The national indicators (BRIEF §1 and §4; the Divosa monitor), with their definitions.

- *signals per 1,000 inhabitants per month*: the signals of a month per 1,000 inhabitants
  (``Municipality.inhabitants``); over several months, the average month (national 2023: about 4);
- *multiple*: cases with two or more signals on the address in the same month, a share of the cases;
- *consecutive*: cases with another signal on the address in the previous six months, a share of
  the cases;
- *contact*: closed cases in which the resident was reached, a share of the closed cases that were
  picked up (a case closed as not picked up — repeat, unjustified, deceased, not a resident, known
  to debt services, another reason — never had outreach, so it is left out);
- *help acceptance*: closed cases with help accepted (advice or quick fix, follow-up help, a
  referral), a share of the closed cases in which the resident was reached.

By partner type a case counts under every type of its signals; by contact kind the figures are
those of the attempts (see ``what_works``).
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from eropaf.cases.models import Case, CaseSignal
from eropaf.cases.workflow import CaseState
from eropaf.core.vocabularies import NOT_PICKED_UP_OUTCOMES, PartnerType
from eropaf.intake.models import Signal
from eropaf.reporting.dashboard_scope import ReportScope
from eropaf.reporting.dashboard_trends import HELP_ACCEPTED, REACHED, per_thousand, summed
from eropaf.reporting.exports import Cell, Column, Kind, Table, TableRow, share
from eropaf.reporting.what_works import CONTACT_KINDS, attempts_table, chosen_cases
from eropaf.triage.charts import format_month

NOT_PICKED_UP = sorted(outcome.value for outcome in NOT_PICKED_UP_OUTCOMES)
CLOSED = Q(state=CaseState.CLOSED)
PICKED_UP = CLOSED & ~Q(outcome__in=NOT_PICKED_UP)
CASE_INDICATORS = {
    "cases": Count("id"),
    "multiple": Count("id", filter=Q(is_multiple=True)),
    "consecutive": Count("id", filter=Q(is_consecutive=True)),
    "picked_up": Count("id", filter=PICKED_UP),
    "reached": Count("id", filter=CLOSED & Q(outcome__in=REACHED)),
    "help_accepted": Count("id", filter=CLOSED & Q(outcome__in=HELP_ACCEPTED)),
}


def _by_type(prefix: str) -> dict[str, Any]:
    """``CASE_INDICATORS`` counted from the case–signal link: each case once per partner type."""
    case = f"{prefix}__"
    closed = Q(**{f"{case}state": CaseState.CLOSED})
    return {
        "cases": Count(prefix, distinct=True),
        "multiple": Count(prefix, distinct=True, filter=Q(**{f"{case}is_multiple": True})),
        "consecutive": Count(prefix, distinct=True, filter=Q(**{f"{case}is_consecutive": True})),
        "picked_up": Count(
            prefix, distinct=True, filter=closed & ~Q(**{f"{case}outcome__in": NOT_PICKED_UP})
        ),
        "reached": Count(prefix, distinct=True, filter=closed & Q(**{f"{case}outcome__in": REACHED})),
        "help_accepted": Count(
            prefix, distinct=True, filter=closed & Q(**{f"{case}outcome__in": HELP_ACCEPTED})
        ),
    }


Figures = Mapping[str, Any]


def _cells(label: str, signals: int, rate: float | None, figures: Figures) -> tuple[Cell, ...]:
    cases, reached = figures.get("cases", 0), figures.get("reached", 0)
    return (
        label,
        signals,
        rate,
        cases,
        share(figures.get("multiple", 0), cases),
        share(figures.get("consecutive", 0), cases),
        share(reached, figures.get("picked_up", 0)),
        share(figures.get("help_accepted", 0), reached),
    )


def _columns(first: str) -> tuple[Column, ...]:
    return (
        Column(first, Kind.TEXT),
        Column(_("Signals")),
        Column(_("Signals per 1,000 inhabitants per month"), Kind.RATE),
        Column(_("Cases")),
        Column(_("Multiple %"), Kind.PERCENT),
        Column(_("Consecutive %"), Kind.PERCENT),
        Column(_("Contact %"), Kind.PERCENT),
        Column(_("Help acceptance %"), Kind.PERCENT),
    )


def definitions() -> list[tuple[str, str]]:
    """(indicator, definition), shown next to the figures."""
    return [
        (
            _("Signals per 1,000 inhabitants per month"),
            _("The signals of a month per 1,000 inhabitants of the municipality; over several months "
              "the average month. Nationally about 4 (2023)."),
        ),
        (
            _("Multiple"),
            _("Cases with two or more signals on the address in the same month, as a share of the cases."),
        ),
        (
            _("Consecutive"),
            _(
                "Cases with another signal on the address in the previous six months, as a share of "
                "the cases."
            ),
        ),
        (
            _("Contact"),
            _("Closed cases in which the resident was reached, as a share of the closed cases that were "
              "picked up. Cases closed as not picked up (repeat, unjustified, deceased, not a resident, "
              "already known to debt services, another reason) had no outreach and are left out."),
        ),
        (
            _("Help acceptance"),
            _("Closed cases with help accepted (advice or quick fix, follow-up help or a referral), as "
              "a share of the closed cases in which the resident was reached."),
        ),
    ]  # fmt: skip


def monthly_table(scope: ReportScope) -> Table:
    inhabitants = scope.municipality.inhabitants
    signals = dict(
        Signal.objects.filter(
            municipality=scope.municipality, period__gte=scope.first, period__lte=scope.last
        )
        .order_by()
        .values("period")
        .annotate(count=Count("id"))
        .values_list("period", "count")
    )
    cases = Case.objects.filter(
        municipality=scope.municipality, period__gte=scope.first, period__lte=scope.last
    ).order_by()
    by_month: dict[dt.date, Figures] = {
        row["period"]: row for row in cases.values("period").annotate(**CASE_INDICATORS)
    }
    rows = [
        TableRow(
            _cells(
                format_month(period),
                signals.get(period, 0),
                per_thousand(signals.get(period, 0), inhabitants),
                by_month.get(period, {}),
            )
        )
        for period in scope.periods
    ]
    total_signals = sum(signals.values())
    rows.append(
        TableRow(
            _cells(
                _("All months"),
                total_signals,
                per_thousand(total_signals, inhabitants * len(scope.periods)),
                summed(by_month.values(), CASE_INDICATORS),
            ),
            is_total=True,
        )
    )
    return Table(
        key="indicatoren-maand",
        title=_("National indicators per month"),
        columns=_columns(_("Month")),
        rows=tuple(rows),
        definition=_("Per matching month; the definitions are above the tables."),
    )


def partner_type_table(scope: ReportScope) -> Table:
    months = len(scope.periods)
    inhabitants = scope.municipality.inhabitants
    signals = dict(
        Signal.objects.filter(
            municipality=scope.municipality, period__gte=scope.first, period__lte=scope.last
        )
        .order_by()
        .values("signal_type")
        .annotate(count=Count("id"))
        .values_list("signal_type", "count")
    )
    links = CaseSignal.objects.filter(
        case__municipality=scope.municipality, case__period__gte=scope.first, case__period__lte=scope.last
    ).order_by()
    by_type: dict[str, Figures] = {
        row["signal__signal_type"]: row
        for row in links.values("signal__signal_type").annotate(**_by_type("case"))
    }
    rows = [
        TableRow(
            _cells(
                str(partner_type.label),
                signals.get(partner_type.value, 0),
                per_thousand(signals.get(partner_type.value, 0), inhabitants * months),
                by_type.get(partner_type.value, {}),
            )
        )
        for partner_type in PartnerType
        if partner_type.value in signals or partner_type.value in by_type
    ]
    return Table(
        key="indicatoren-partnersoort",
        title=_("National indicators per partner type"),
        columns=_columns(_("Partner type")),
        rows=tuple(rows),
        definition=_(
            "A case counts under every partner type of its signals, so the cases of the rows add up "
            "to more than the cases of the months. Signals per 1,000 inhabitants: the average month."
        ),
    )


@dataclass(frozen=True)
class Indicators:
    scope: ReportScope
    definitions: list[tuple[str, str]]
    tables: list[Table]


def build_tables(scope: ReportScope) -> list[Table]:
    return [
        monthly_table(scope),
        partner_type_table(scope),
        attempts_table(
            chosen_cases(scope),
            field="kind",
            key="indicatoren-contactsoort",
            title=_("Contact and help acceptance per contact kind"),
            group=_("Contact kind"),
            labels=CONTACT_KINDS,
        ),
    ]


def get_indicators(scope: ReportScope) -> Indicators:
    return Indicators(scope=scope, definitions=definitions(), tables=build_tables(scope))
