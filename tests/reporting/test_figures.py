"""The dashboard's figures counted ahead: a count replaces the municipality's rows, adds up to the
figures counted by hand for every range of months, and is asked for again when it is stale."""

import datetime as dt
import random
from collections.abc import Callable

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from eropaf.accounts.roles import Role
from eropaf.cases.models import Case
from eropaf.core.periods import shift_months
from eropaf.core.vocabularies import ContactKind, Outcome
from eropaf.escalation.court import CourtStage
from eropaf.escalation.models import EvictionTrack
from eropaf.matching.models import MatchingRun, RunStatus
from eropaf.reporting.dashboard_breakdowns import teams_table
from eropaf.reporting.dashboard_trends import cases_table
from eropaf.reporting.figures import ensure_figures, figures_state, refresh_figures
from eropaf.reporting.models import CaseMonth, FiguresRefresh, HouseholdMonth, SignalMonth
from eropaf.reporting.routes import route_figures
from tests.factories import (
    ContactAttemptFactory,
    MunicipalityFactory,
    TeamFactory,
    make_case_with_signal,
    make_user_with_role,
)
from tests.reporting.conftest import OCTOBER, SEPTEMBER, Dataset, rows

pytestmark = pytest.mark.django_db
CapturedCallbacks = Callable[..., object]


def _snapshot(municipality_id: int) -> list[tuple[object, ...]]:
    return sorted(
        CaseMonth.objects.filter(municipality_id=municipality_id).values_list(
            "period", "district_id", "cases", "closed", "reached", "help_accepted", "recurring", "signals"
        ),
        key=repr,
    )


def test_a_count_replaces_the_rows_of_its_municipality_only(dataset: Dataset) -> None:
    before_other = _snapshot(dataset.other.pk)
    first = _snapshot(dataset.municipality.pk)

    refresh_figures(municipality_id=dataset.municipality.pk)

    assert _snapshot(dataset.municipality.pk) == first  # counted again, nothing twice
    make_case_with_signal(team=dataset.team_2, period=OCTOBER, house_number=77)
    refresh_figures(municipality_id=dataset.municipality.pk)
    assert rows(cases_table(dataset.scope()))["okt 2026"][0] == 4
    assert _snapshot(dataset.other.pk) == before_other
    assert SignalMonth.objects.filter(municipality=dataset.municipality, period=OCTOBER).exists()


def test_figures_stay_as_counted_until_the_next_count(dataset: Dataset) -> None:
    make_case_with_signal(team=dataset.team_2, period=OCTOBER, house_number=78)

    assert rows(cases_table(dataset.scope()))["okt 2026"][0] == 3


def test_overdue_is_judged_on_the_day_of_reading(dataset: Dataset) -> None:
    # D is due 29 October: not overdue on the 20th, overdue on 21 November; E is due in 2099.
    assert rows(teams_table(dataset.scope(today=dt.date(2026, 10, 20))))["Alle teams"][:2] == (2, 0)
    assert rows(teams_table(dataset.scope()))["Alle teams"][:2] == (2, 1)


def _expected_early_detection(
    cases: list[tuple[str, dt.date, dt.date]],
    reached_on: dict[str, list[dt.date]],
    helped_on: dict[str, list[dt.date]],
    first: dt.date,
    last: dt.date,
) -> tuple[int, int, int]:
    """The definition in ``reporting.routes``, counted by hand: households with a case in the range,
    entered on their first case's opening day, reached (or helped) on or after that day."""
    entered: dict[str, dt.date] = {}
    for key, period, opened_on in cases:
        if first <= period <= last:
            entered[key] = min(opened_on, entered.get(key, opened_on))
    reached = sum(
        1
        for key, day in entered.items()
        if any(on >= day for on in (*reached_on.get(key, []), *helped_on.get(key, [])))
    )
    helped = sum(1 for key, day in entered.items() if any(on >= day for on in helped_on.get(key, [])))
    return len(entered), reached, helped


def test_the_early_detection_route_equals_the_count_by_hand_for_every_range_of_months() -> None:
    chance = random.Random(20261122)  # noqa: S311 - test data, not security
    team = TeamFactory.create()
    municipality = team.municipality
    months = [shift_months(dt.date(2026, 5, 1), index) for index in range(5)]
    cases: list[tuple[str, dt.date, dt.date]] = []
    reached_on: dict[str, list[dt.date]] = {}
    helped_on: dict[str, list[dt.date]] = {}
    for number in range(1, 25):
        household_months = sorted(chance.sample(months, chance.randint(1, 3)))
        for period in household_months:
            opened_on = period + dt.timedelta(days=chance.randint(2, 9))
            case = make_case_with_signal(
                team=team, period=period, house_number=number, case_fields={"opened_on": opened_on}
            )
            cases.append((case.address_key, period, opened_on))
            if chance.random() < 0.4:
                day = opened_on + dt.timedelta(days=chance.randint(-20, 40))
                ContactAttemptFactory.create(
                    case=case,
                    kind=ContactKind.PHONE,
                    reached=True,
                    at=dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC),
                )
                reached_on.setdefault(case.address_key, []).append(day)
            if chance.random() < 0.3:
                closed_on = opened_on + dt.timedelta(days=chance.randint(5, 50))
                Case.objects.filter(pk=case.pk).update(
                    state="closed", outcome=Outcome.FOLLOW_UP_FINANCIAL, closed_on=closed_on
                )
                helped_on.setdefault(case.address_key, []).append(closed_on)
    refresh_figures(municipality_id=municipality.pk)

    for start_index, first in enumerate(months):
        for last in months[start_index:]:
            end = shift_months(last, 1) - dt.timedelta(days=1)
            early = route_figures(municipality_id=municipality.pk, start=first, end=end)[0]
            counted = (early.households, early.reached, early.help_accepted)
            assert counted == _expected_early_detection(cases, reached_on, helped_on, first, last), (
                first,
                last,
            )


def test_prevented_and_executed_follow_the_household_track() -> None:
    team = TeamFactory.create()
    cancelled = make_case_with_signal(team=team, period=SEPTEMBER, house_number=1)
    executed = make_case_with_signal(team=team, period=SEPTEMBER, house_number=2)
    for case, stage in ((cancelled, CourtStage.CANCELLED), (executed, CourtStage.EXECUTED)):
        EvictionTrack.objects.create(
            municipality=team.municipality, address_key=case.address_key, team=team, stage=stage
        )
    refresh_figures(municipality_id=team.municipality.pk)

    early = route_figures(municipality_id=team.municipality.pk, start=SEPTEMBER, end=dt.date(2026, 9, 30))[0]

    assert (early.households, early.prevented, early.executed) == (2, 1, 1)
    assert HouseholdMonth.objects.filter(municipality=team.municipality).count() == 2


def test_the_first_look_counts_at_once() -> None:
    municipality = MunicipalityFactory.create()

    state = ensure_figures(municipality=municipality, now=timezone.now())

    assert state.refreshed_at is not None
    assert not state.pending


def test_figures_older_than_the_limit_are_counted_again_in_the_background(
    dataset: Dataset, django_capture_on_commit_callbacks: CapturedCallbacks
) -> None:
    make_case_with_signal(team=dataset.team_2, period=OCTOBER, house_number=79)

    with (
        time_machine.travel(timezone.now() + dt.timedelta(minutes=16), tick=False),
        django_capture_on_commit_callbacks(execute=True) as callbacks,  # type: ignore[attr-defined]
    ):
        assert ensure_figures(municipality=dataset.municipality, now=timezone.now()).pending
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=16), tick=False):
        assert not figures_state(municipality=dataset.municipality, now=timezone.now()).pending

    assert len(callbacks) == 1
    assert rows(cases_table(dataset.scope()))["okt 2026"][0] == 4


def test_fresh_figures_are_not_counted_again(
    dataset: Dataset, django_capture_on_commit_callbacks: CapturedCallbacks
) -> None:
    with django_capture_on_commit_callbacks() as callbacks:  # type: ignore[attr-defined]
        state = ensure_figures(municipality=dataset.municipality, now=timezone.now())

    assert callbacks == []
    assert state.refreshed_at is not None


def test_a_matching_run_finished_since_the_count_makes_the_figures_stale(
    dataset: Dataset, django_capture_on_commit_callbacks: CapturedCallbacks
) -> None:
    now = timezone.now() + dt.timedelta(minutes=1)
    MatchingRun.objects.create(
        municipality=dataset.municipality, period=OCTOBER, status=RunStatus.DONE, finished_at=now
    )

    with django_capture_on_commit_callbacks() as callbacks:  # type: ignore[attr-defined]
        state = ensure_figures(municipality=dataset.municipality, now=now)

    assert len(callbacks) == 1
    assert state.pending


def test_a_pending_count_is_asked_for_once_until_it_is_taken_as_lost(
    dataset: Dataset, django_capture_on_commit_callbacks: CapturedCallbacks
) -> None:
    later = timezone.now() + dt.timedelta(minutes=20)
    with django_capture_on_commit_callbacks() as callbacks:  # type: ignore[attr-defined]
        ensure_figures(municipality=dataset.municipality, now=later)
        ensure_figures(municipality=dataset.municipality, now=later + dt.timedelta(minutes=5))
    assert len(callbacks) == 1
    assert figures_state(municipality=dataset.municipality, now=later).pending

    much_later = later + dt.timedelta(minutes=31)
    assert not figures_state(municipality=dataset.municipality, now=much_later).pending
    with django_capture_on_commit_callbacks() as callbacks:  # type: ignore[attr-defined]
        ensure_figures(municipality=dataset.municipality, now=much_later)
    assert len(callbacks) == 1


def test_the_dashboard_says_when_the_figures_were_counted_and_counts_again_on_request(
    dataset: Dataset, client: Client, django_capture_on_commit_callbacks: CapturedCallbacks
) -> None:
    client.force_login(make_user_with_role(Role.POLICY_OFFICER, municipality=dataset.municipality))
    query = "?van=2026-09&tot=2026-10"
    page = client.get(reverse("reporting:dashboard") + query).content.decode()
    assert "Cijfers geteld op" in page
    make_case_with_signal(team=dataset.team_2, period=OCTOBER, house_number=80)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:  # type: ignore[attr-defined]
        response = client.post(reverse("reporting:refresh-figures") + query)

    assert response.status_code == 302
    assert response["Location"] == reverse("reporting:dashboard") + "?gemeente=0999&van=2026-09&tot=2026-10"
    assert len(callbacks) == 1
    assert rows(cases_table(dataset.scope()))["okt 2026"][0] == 4
    page = client.get(response["Location"]).content.decode()
    assert "De cijfers worden opnieuw geteld" in page


@pytest.mark.django_db(transaction=True)
def test_without_a_worker_the_count_is_made_at_once(dataset: Dataset, client: Client) -> None:
    # The embedded default runs tasks inline: the count is done when the page comes back.
    client.force_login(make_user_with_role(Role.POLICY_OFFICER, municipality=dataset.municipality))
    make_case_with_signal(team=dataset.team_2, period=OCTOBER, house_number=81)

    response = client.post(reverse("reporting:refresh-figures") + "?van=2026-09&tot=2026-10", follow=True)

    assert "De cijfers zijn opnieuw geteld." in response.content.decode()
    assert rows(cases_table(dataset.scope()))["okt 2026"][0] == 4


def test_while_a_count_is_on_its_way_the_page_polls_until_it_is_ready(
    dataset: Dataset, client: Client, django_capture_on_commit_callbacks: CapturedCallbacks
) -> None:
    client.force_login(make_user_with_role(Role.TEAM_LEAD, municipality=dataset.municipality))
    with django_capture_on_commit_callbacks():  # type: ignore[attr-defined]
        response = client.post(reverse("reporting:refresh-figures"), follow=True)
    page = response.content.decode()
    assert "De cijfers worden opnieuw geteld" in page
    assert 'hx-trigger="every 3s"' in page

    refresh_figures(municipality_id=dataset.municipality.pk)
    status = client.get(reverse("reporting:figures-status")).content.decode()

    assert "Nieuwe cijfers staan klaar." in status
    assert "hx-trigger" not in status


@time_machine.travel(dt.datetime(2026, 11, 21, 12, tzinfo=dt.UTC), tick=False)
def test_the_command_counts_one_municipality_or_refuses_an_unknown_code(dataset: Dataset) -> None:
    FiguresRefresh.objects.filter(municipality=dataset.municipality).update(refreshed_at=None)

    call_command("refresh_figures", "--municipality", "0999", verbosity=0)

    assert FiguresRefresh.objects.get(municipality=dataset.municipality).refreshed_at == timezone.now()
    with pytest.raises(CommandError, match="0000"):
        call_command("refresh_figures", "--municipality", "0000", verbosity=0)
