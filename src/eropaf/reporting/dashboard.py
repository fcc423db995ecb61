"""The dashboard for team leads and policy officers: one municipality, any range of months.

The results per route (Breda's table, ``reporting.routes``), the monthly trends, and the figures per
district, partner and team. Each table is also a chart and a download; the page and the download
are built from the same :class:`~eropaf.reporting.exports.Table`, so they always agree.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from eropaf.reporting.charts import Category, Series, StackedBarChart, stacked_bar_chart
from eropaf.reporting.dashboard_breakdowns import districts_table, partners_table, teams_table
from eropaf.reporting.dashboard_scope import ReportScope
from eropaf.reporting.dashboard_trends import cases_table, court_table, signals_table
from eropaf.reporting.exports import Column, Kind, Table, TableRow
from eropaf.reporting.routes import route_figures
from eropaf.triage.charts import MONTH_ABBREVIATIONS, grouped_bars, monthly_lines


def routes_table(scope: ReportScope) -> Table:
    routes = route_figures(municipality_id=scope.municipality.pk, start=scope.start, end=scope.end)
    return Table(
        key="routes",
        title=_("Results per route"),
        columns=(
            Column(_("Route"), Kind.TEXT),
            Column(_("Reports")),
            Column(_("Households")),
            Column(_("Reached")),
            Column(_("Help accepted")),
            Column(_("Eviction prevented")),
            Column(_("Eviction executed")),
        ),
        rows=tuple(
            TableRow(
                (
                    str(route.label),
                    route.reports,
                    route.households,
                    route.reached,
                    route.help_accepted,
                    route.prevented,
                    route.executed,
                )
            )
            for route in routes
        ),
        definition=_(
            "Reports: the signals of the chosen months' cases for early detection; admissions, "
            "referrals and case forms in the chosen months for the other routes. Reached and help "
            "accepted count households after they entered the route: a contact attempt that reached "
            "the resident or a case closed with such an outcome, and for the Meldpunt its own outcome; "
            "a Regieteam plan to prevent the eviction counts as help accepted. Eviction prevented: the "
            "household's court procedure is now cancelled or suspended; executed: it was carried out."
        ),
    )


@dataclass(frozen=True)
class Chart:
    """A table drawn: either a stacked bar chart (the template draws it) or a finished SVG."""

    table: Table
    svg: SafeString | None = None
    bars: StackedBarChart | None = None
    title: str = ""
    description: str = ""

    @property
    def chart_id(self) -> str:
        return f"chart-{self.table.key}"


@dataclass(frozen=True)
class Dashboard:
    scope: ReportScope
    routes: Table
    signals: Chart
    cases: Chart
    court: Chart
    districts: Chart
    partners: Chart
    teams: Chart

    @property
    def line_charts(self) -> list[Chart]:
        return [self.cases, self.court]

    @property
    def breakdown_charts(self) -> list[Chart]:
        return [self.districts, self.partners, self.teams]

    @property
    def tables(self) -> list[Table]:
        charts = (self.signals, self.cases, self.court, self.districts, self.partners, self.teams)
        return [self.routes, *(chart.table for chart in charts)]


def _signals_chart(scope: ReportScope, table: Table) -> Chart:
    type_columns = range(1, len(table.columns) - 2)
    bars = stacked_bar_chart(
        categories=[
            Category(
                label=MONTH_ABBREVIATIONS[period.month - 1],
                sublabel=str(period.year) if index == 0 or period.month == 1 else "",
            )
            for index, period in enumerate(scope.periods)
        ],
        series=[
            Series(
                key=table.columns[index].key,
                label=table.columns[index].label,
                values=[int(value) for value in table.column_values(index)],
            )
            for index in type_columns
        ],
    )
    return Chart(
        table=table,
        bars=bars,
        title=_("Signals per month, stacked by partner type"),
        description=_("Bar chart of the number of signals per month. The table holds the same figures."),
    )


def same_figures() -> str:
    return _("The table holds the same figures.")


def _lines(
    scope: ReportScope, table: Table, columns: list[int], *, unit: str, title: str, text: str
) -> Chart:
    description = f"{text} {same_figures()}"
    series = [(table.columns[index].label, table.column_values(index)) for index in columns]
    svg = monthly_lines(title, description, scope.periods, series, unit, identifier=table.key)
    return Chart(table=table, svg=svg, title=title, description=description)


def _bars(table: Table, columns: list[int], *, title: str, text: str) -> Chart:
    description = f"{text} {same_figures()}"
    series = [(table.columns[index].label, table.column_values(index)) for index in columns]
    svg = grouped_bars(title, description, table.row_heads(), series, identifier=table.key)
    return Chart(table=table, svg=svg, title=title, description=description)


BUILDERS: dict[str, Callable[[ReportScope], Table]] = {
    "routes": routes_table,
    "trend-signalen": signals_table,
    "trend-zaken": cases_table,
    "trend-rechtbank": court_table,
    "wijken": districts_table,
    "partners": partners_table,
    "teams": teams_table,
}
"""Each dashboard table by its key, to build one table alone for its download."""


def get_dashboard(scope: ReportScope) -> Dashboard:
    """Every table and chart of the dashboard for an authorised scope (see ``scope_for_user``)."""
    return Dashboard(
        scope=scope,
        routes=routes_table(scope),
        signals=_signals_chart(scope, signals_table(scope)),
        cases=_lines(
            scope,
            cases_table(scope),
            [4, 6, 8],
            unit="%",
            title=_("Reached, help accepted and recurring per month"),
            text=_("Line chart of the shares reached, help accepted and recurring per month."),
        ),
        court=_lines(
            scope,
            court_table(scope),
            [1, 2, 3, 4],
            unit="",
            title=_("Bailiff cases, summonses and evictions per month"),
            text=_(
                "Line chart of the households per month with a bailiff's step, a summons, a prevented "
                "and an executed eviction."
            ),
        ),
        districts=_bars(
            districts_table(scope),
            [1, 5],
            title=_("Cases and help accepted per district"),
            text=_("Bar chart of the cases and the cases with help accepted per district."),
        ),
        partners=_bars(
            partners_table(scope),
            [2, 4],
            title=_("Signals and rejected rows per partner"),
            text=_("Bar chart of the signals and the rejected rows per partner."),
        ),
        teams=_bars(
            teams_table(scope),
            [1, 2],
            title=_("Open and overdue cases per team"),
            text=_("Bar chart of the open cases and the overdue cases per team."),
        ),
    )
