"""The dashboard per district, per partner and per team: GROUP BY counts, no person's data.

- *per district*: the cases of the chosen months by the district of the address, with the same
  results as the monthly trend (closed, reached, help accepted, recurring);
- *per partner*: the signals it delivered for the municipality, and the quality of its deliveries —
  rejected rows (a share of all rows it delivered, for every municipality, because a rejected row
  cannot always be routed), duplicates, and per month whether it delivered on time, late, or not
  at all after delivering the month before (judged by the municipality's cut-off day);
- *per team*: the work today (open cases, those past their due date) and the contact attempts
  recorded in the chosen months on the team's cases.
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from eropaf.accounts.models import Team
from eropaf.intake.calendar import Timeliness
from eropaf.intake.quality import SignalFacts, calendar_of, delivery_facts, partner_quality
from eropaf.organisations.models import District
from eropaf.reporting.dashboard_scope import ReportScope
from eropaf.reporting.dashboard_trends import CASE_SUMS, case_cells, case_columns, case_months, summed
from eropaf.reporting.exports import SMALL_COUNT, Cell, Column, Kind, Table, TableRow, share
from eropaf.reporting.figures import CASE_KEYS
from eropaf.reporting.models import AttemptMonth, OpenCaseCount, SignalMonth

NO_GROUP = 0
Figures = Mapping[str, Any]


def districts_table(scope: ReportScope) -> Table:
    by_district: dict[int, Figures] = {
        row["district_id"] or NO_GROUP: row
        for row in case_months(scope).values("district_id").annotate(**CASE_SUMS)
    }
    named = [
        (district.pk, district.name)
        for district in District.objects.filter(municipality=scope.municipality).order_by("name")
    ]
    if NO_GROUP in by_district:
        named.append((NO_GROUP, _("No district")))
    rows = [
        TableRow(
            case_cells(name, by_district.get(pk, {}), recurring_count=False),
            is_small=by_district.get(pk, {}).get("cases", 0) < SMALL_COUNT,
        )
        for pk, name in named
    ]
    total = summed(by_district.values(), CASE_KEYS)
    rows.append(
        TableRow(
            case_cells(_("All districts"), total, recurring_count=False),
            is_small=total["cases"] < SMALL_COUNT,
            is_total=True,
        )
    )
    return Table(
        key="wijken",
        title=_("Cases per district"),
        columns=case_columns(_("District"), recurring_count=False),
        rows=tuple(rows),
        definition=_(
            "The cases of the chosen months by the district of the address. Reached and help "
            "accepted as in the monthly figures, as a share of the closed cases; recurring as a share "
            "of the cases. A district with fewer than %(count)d cases is marked: its shares say little."
        )
        % {"count": SMALL_COUNT},
        flags_small=True,
        small_label=_("Small number"),
        yes=_("yes"),
    )


def _signal_facts(scope: ReportScope) -> dict[tuple[int, dt.date], SignalFacts]:
    """The partners' signals for the municipality per month, from the figures counted ahead."""
    keys = ("signals", "without_phone", "without_email", "without_contact", "old_arrears")
    rows: Iterable[Mapping[str, Any]] = (
        SignalMonth.objects.filter(
            municipality=scope.municipality, period__gte=scope.first, period__lte=scope.last
        )
        .order_by()
        .values("partner_id", "period")
        .annotate(**{key: Sum(key) for key in keys})
    )
    return {
        (row["partner_id"], row["period"]): SignalFacts(**{key: row[key] for key in keys}) for row in rows
    }


def partners_table(scope: ReportScope) -> Table:
    partners = list(scope.municipality.partners.order_by("name"))
    period_range = scope.period_range
    facts = delivery_facts(
        partner_ids=[partner.pk for partner in partners],
        periods=[period_range.previous, *period_range.periods],
    )
    qualities = partner_quality(
        partners=partners,
        periods=period_range.periods,
        municipality=scope.municipality,
        deliveries=facts,
        signals=_signal_facts(scope),
    )
    calendar = calendar_of(
        pairs=[(partner, scope.municipality) for partner in partners],
        period_range=period_range,
        today=scope.today,
        facts=facts,
    )
    rows = []
    for quality, calendar_row in zip(qualities, calendar.rows, strict=True):
        total = quality.total
        timeliness = [entry.timeliness for entry in calendar_row.entries]
        rows.append(
            TableRow(
                (
                    quality.partner.name,
                    str(quality.partner.get_partner_type_display()),
                    total.signal.signals,
                    total.delivery.received,
                    total.delivery.rejected,
                    total.rejected_share.percent,
                    total.delivery.duplicate,
                    timeliness.count(Timeliness.ON_TIME),
                    timeliness.count(Timeliness.LATE),
                    timeliness.count(Timeliness.MISSING),
                    total.without_contact_share.percent,
                )
            )
        )
    return Table(
        key="partners",
        title=_("Signals and data quality per partner"),
        columns=(
            Column(_("Partner"), Kind.TEXT),
            Column(_("Partner type"), Kind.TEXT),
            Column(_("Signals")),
            Column(_("Rows delivered")),
            Column(_("Rows rejected")),
            Column(_("Rejected %"), Kind.PERCENT),
            Column(_("Duplicates")),
            Column(_("Months on time")),
            Column(_("Months late")),
            Column(_("Months missing")),
            Column(_("Without phone or e-mail %"), Kind.PERCENT),
        ),
        rows=tuple(rows),
        definition=_(
            "Signals: the partner's signals for this municipality in the chosen months. Rows and "
            "rejected rows count everything the partner delivered, for every municipality it serves: a "
            "rejected row cannot always be assigned to one. Months on time, late and missing are judged "
            "by this municipality's cut-off day; a month counts as missing only when the partner "
            "delivered the month before."
        ),
    )


def teams_table(scope: ReportScope) -> Table:
    open_cases = (
        OpenCaseCount.objects.filter(municipality=scope.municipality)
        .values("team_id")
        .annotate(open=Sum("cases"), overdue=Sum("cases", filter=Q(due_on__lt=scope.today)))
    )
    attempts = (
        AttemptMonth.objects.filter(
            municipality=scope.municipality, month__gte=scope.first, month__lte=scope.last
        )
        .values("team_id")
        .annotate(attempts=Sum("attempts"), reached_attempts=Sum("reached"))
    )
    work: dict[int, Figures] = {
        row["team_id"] or NO_GROUP: {k: v or 0 for k, v in row.items()} for row in open_cases
    }
    tried: dict[int, Figures] = {row["team_id"] or NO_GROUP: row for row in attempts}
    named = [
        (team.pk, team.name) for team in Team.objects.filter(municipality=scope.municipality).order_by("name")
    ]
    if NO_GROUP in work or NO_GROUP in tried:
        named.append((NO_GROUP, _("No team")))

    def cells(label: str, load: Figures, made: Figures) -> tuple[Cell, ...]:
        count, reached = made.get("attempts", 0), made.get("reached_attempts", 0)
        return (label, load.get("open", 0), load.get("overdue", 0), count, reached, share(reached, count))

    rows = [TableRow(cells(name, work.get(pk, {}), tried.get(pk, {}))) for pk, name in named]
    rows.append(
        TableRow(
            cells(
                _("All teams"),
                {key: sum(row.get(key, 0) for row in work.values()) for key in ("open", "overdue")},
                {
                    key: sum(row.get(key, 0) for row in tried.values())
                    for key in ("attempts", "reached_attempts")
                },
            ),
            is_total=True,
        )
    )
    return Table(
        key="teams",
        title=_("Workload per team"),
        columns=(
            Column(_("Team"), Kind.TEXT),
            Column(_("Open cases")),
            Column(_("Overdue")),
            Column(_("Contact attempts")),
            Column(_("Attempts that reached someone")),
            Column(_("Reached %"), Kind.PERCENT),
        ),
        rows=tuple(rows),
        definition=_(
            "Open cases and overdue cases (past their due date) as they stand today, of every month. "
            "Contact attempts: the attempts recorded on the team's cases in the chosen months, and "
            "how many of them reached the resident."
        ),
    )
