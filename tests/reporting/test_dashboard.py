"""Every figure of the dashboard equals the value counted by hand from the fixed dataset (conftest)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from eropaf.accounts.roles import Role
from eropaf.reporting.dashboard import get_dashboard
from eropaf.reporting.dashboard_breakdowns import districts_table, partners_table, teams_table
from eropaf.reporting.dashboard_scope import scope_for_user
from eropaf.reporting.dashboard_trends import cases_table, court_table, signals_table
from eropaf.reporting.indicators import get_indicators
from eropaf.reporting.what_works import get_what_works
from tests.factories import ContactAttemptFactory, make_case_with_signal, make_user_with_role
from tests.reporting.conftest import SEPTEMBER, TODAY, Dataset, rows, small

pytestmark = pytest.mark.django_db


def test_signals_per_month_by_partner_type_and_per_thousand_inhabitants(dataset: Dataset) -> None:
    table = signals_table(dataset.scope())

    assert [column.label for column in table.columns] == [
        "Maand", "Huur", "Energie", "Totaal", "Per 1.000 inwoners",
    ]  # fmt: skip
    assert rows(table) == {
        "sep 2026": (2, 2, 4, 0.2),
        "okt 2026": (2, 1, 3, 0.15),
        "Alle maanden": (4, 3, 7, 0.175),
    }


def test_cases_reached_help_accepted_and_recurring_per_month(dataset: Dataset) -> None:
    table = cases_table(dataset.scope())

    # cases, closed, reached, %, help accepted, %, recurring, %
    assert rows(table) == {
        "sep 2026": (3, 3, 1, 33.333, 1, 33.333, 2, 66.667),
        "okt 2026": (3, 1, 1, 100.0, 0, 0.0, 1, 33.333),
        "Alle maanden": (6, 4, 2, 50.0, 1, 25.0, 3, 50.0),
    }


def test_bailiff_cases_summonses_and_evictions_per_month(dataset: Dataset) -> None:
    table = court_table(dataset.scope())

    # households: bailiff, summoned, prevented, executed; the other municipality's summons not among them
    assert rows(table) == {
        "sep 2026": (0, 2, 0, 0),
        "okt 2026": (2, 1, 1, 1),
        "Alle maanden": (2, 3, 1, 1),
    }


def test_a_court_step_after_today_is_not_counted_yet(dataset: Dataset) -> None:
    table = court_table(dataset.scope(today=dt.date(2026, 10, 16)))

    assert rows(table)["okt 2026"] == (1, 1, 1, 0)


def test_cases_per_district_with_small_numbers_marked(dataset: Dataset) -> None:
    table = districts_table(dataset.scope())

    # cases, closed, reached, %, help accepted, %, recurring %
    assert rows(table) == {
        "Centrum": (3, 3, 2, 66.667, 1, 33.333, 66.667),
        "Noord": (2, 1, 0, 0.0, 0, 0.0, 50.0),
        "Geen wijk": (1, 0, 0, None, 0, None, 0.0),
        "Alle wijken": (6, 4, 2, 50.0, 1, 25.0, 50.0),
    }
    assert small(table) == {"Centrum", "Noord", "Geen wijk", "Alle wijken"}


def test_signals_and_data_quality_per_partner(dataset: Dataset) -> None:
    table = partners_table(dataset.scope())

    # type, signals, rows, rejected, %, duplicates, on time, late, missing, without contact %
    assert rows(table) == {
        "Stroom": ("Energie", 3, 3, 0, 0.0, 0, 1, 0, 1, 100.0),
        "Woonstad": ("Huur", 4, 15, 2, 13.333, 0, 1, 1, 0, 75.0),
    }


def test_workload_per_team(dataset: Dataset) -> None:
    table = teams_table(dataset.scope())

    # open, overdue, attempts, reached, %
    assert rows(table) == {
        "Vroegsignalering": (1, 1, 6, 3, 50.0),
        "Wijkteam Noord": (1, 0, 0, 0, None),
        "Alle teams": (2, 1, 6, 3, 50.0),
    }


def test_results_per_route(dataset: Dataset) -> None:
    board = get_dashboard(dataset.scope())

    # reports, households, reached, help accepted, prevented, executed
    assert rows(board.routes) == {
        "Vroegsignalering": (7, 6, 3, 1, 1, 1),
        "Signalering+": (0, 0, 0, 0, 0, 0),
        "Meldpunt": (0, 0, 0, 0, 0, 0),
        "Regieteam": (0, 0, 0, 0, 0, 0),
    }


def test_the_dashboard_draws_a_chart_for_each_trend_and_breakdown(dataset: Dataset) -> None:
    board = get_dashboard(dataset.scope())

    assert board.signals.bars is not None
    assert [segment.value for segment in board.signals.bars.segments] == [2, 2, 2, 1]
    for chart in (*board.line_charts, *board.breakdown_charts):
        assert chart.svg is not None
        assert f'id="chart-{chart.table.key}"' in chart.svg
        assert 'role="img"' in chart.svg
    assert [table.key for table in board.tables] == [
        "routes", "trend-signalen", "trend-zaken", "trend-rechtbank", "wijken", "partners", "teams",
    ]  # fmt: skip


def test_a_month_without_figures_shows_zeros_and_dashes(dataset: Dataset) -> None:
    officer = make_user_with_role(Role.POLICY_OFFICER, municipality=dataset.municipality)
    scope = scope_for_user(user=officer, municipality_code=None, first="2026-08", last="2026-08", today=TODAY)

    assert rows(cases_table(scope))["aug 2026"] == (0, 0, 0, None, 0, None, 0, None)
    assert rows(signals_table(scope)) == {"aug 2026": (0, 0.0), "Alle maanden": (0, 0.0)}


def test_the_number_of_queries_does_not_grow_with_the_data(dataset: Dataset) -> None:
    def count() -> int:
        scope = dataset.scope()
        with CaptureQueriesContext(connection) as queries:
            get_dashboard(scope)
            get_indicators(scope)
            get_what_works(scope)
        return len(queries)

    before = count()
    for number in range(100, 130):
        case = make_case_with_signal(team=dataset.team_2, period=SEPTEMBER, house_number=number)
        ContactAttemptFactory.create(case=case, at=case.created_at, reached=number % 2 == 0)

    assert count() == before
