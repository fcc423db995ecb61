"""Retention: what expires is deleted with everything that hangs on it, what does not expire stays,
every purge is logged without content, and the dashboard's figures add up as before."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from eropaf.accounts.models import Team
from eropaf.audit.models import AuditAction, AuditEvent
from eropaf.cases.models import Case, CaseSignal, ContactAttempt
from eropaf.cases.workflow import CaseState
from eropaf.core.vocabularies import ContactKind, Outcome
from eropaf.intake.calendar import PeriodRange
from eropaf.intake.models import RejectedRow, Signal
from eropaf.messaging.models import SentMessage
from eropaf.organisations.models import Municipality
from eropaf.reporting.dashboard_breakdowns import districts_table, teams_table
from eropaf.reporting.dashboard_scope import ReportScope
from eropaf.reporting.dashboard_trends import cases_table, signals_table
from eropaf.reporting.figures import refresh_figures
from eropaf.reporting.models import HouseholdMonth
from eropaf.reporting.routes import route_figures
from eropaf.retention.models import PurgeRun, RetentionTerms
from eropaf.retention.services import purge_expired, purge_rejected_rows, terms_for
from eropaf.retention.terms import Terms, first_kept_day, first_kept_period
from eropaf.signalering_plus.models import Admission, Consultation
from tests.factories import (
    ContactAttemptFactory,
    DeliveryFactory,
    PartnerFactory,
    SignalFactory,
    TeamFactory,
    make_case_with_signal,
)

TODAY = dt.date(2026, 11, 22)


@pytest.mark.parametrize(
    ("today", "months", "first"),
    [
        (dt.date(2026, 11, 22), 6, dt.date(2026, 5, 1)),
        (dt.date(2026, 11, 1), 6, dt.date(2026, 5, 1)),
        (dt.date(2026, 11, 30), 12, dt.date(2025, 11, 1)),
        (dt.date(2027, 1, 5), 18, dt.date(2025, 7, 1)),
    ],
)
def test_a_month_expires_when_its_term_has_passed_since_it_ended(
    today: dt.date, months: int, first: dt.date
) -> None:
    assert first_kept_period(today, months) == first


def test_a_term_in_days_counts_back_whole_months_and_clamps_to_the_month_end() -> None:
    assert first_kept_day(dt.date(2026, 11, 22), 18) == dt.date(2025, 5, 22)
    assert first_kept_day(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert first_kept_day(dt.date(2028, 3, 31), 1) == dt.date(2028, 2, 29)


def _closed(team: Team, period: dt.date, number: int, outcome: Outcome, closed_on: dt.date) -> Case:
    return make_case_with_signal(
        team=team,
        period=period,
        house_number=number,
        case_fields={
            "state": CaseState.CLOSED,
            "outcome": outcome,
            "closed_on": closed_on,
            "opened_on": period + dt.timedelta(days=3),
        },
    )


class World:
    """Today 22 November 2026, default terms (6 / 6 / 12 / 18 months)."""

    def __init__(self) -> None:
        self.team = TeamFactory.create()
        self.municipality: Municipality = self.team.municipality
        partner = PartnerFactory.create(municipalities=[self.municipality])
        april = DeliveryFactory.create(partner=partner, period=dt.date(2026, 4, 1))
        may = DeliveryFactory.create(partner=partner, period=dt.date(2026, 5, 1))
        self.unmatched_old = SignalFactory.create(
            delivery=april, municipality=self.municipality, period=april.period
        )
        self.unmatched_new = SignalFactory.create(
            delivery=may, municipality=self.municipality, period=may.period
        )
        self.not_picked_old = _closed(
            self.team, april.period, 1, Outcome.NOT_PICKED_UP_REPEAT, dt.date(2026, 4, 9)
        )
        self.not_picked_new = _closed(
            self.team, may.period, 2, Outcome.NOT_PICKED_UP_REPEAT, dt.date(2026, 5, 9)
        )
        self.helped_old = _closed(
            self.team, dt.date(2025, 4, 1), 3, Outcome.FOLLOW_UP_FINANCIAL, dt.date(2025, 5, 10)
        )
        self.helped_new = _closed(
            self.team, dt.date(2025, 4, 1), 4, Outcome.FOLLOW_UP_FINANCIAL, dt.date(2025, 6, 1)
        )
        self.open_old = make_case_with_signal(team=self.team, period=dt.date(2024, 9, 1), house_number=5)
        self.held = _closed(
            self.team, dt.date(2025, 3, 1), 6, Outcome.FOLLOW_UP_FINANCIAL, dt.date(2025, 4, 1)
        )
        consultation = Consultation.objects.create(
            municipality=self.municipality, team=self.team, corporation=partner, held_on=dt.date(2025, 3, 10)
        )
        Admission.objects.create(
            municipality=self.municipality, address_key=self.held.address_key, team=self.team,
            corporation=partner, case=self.held, consultation=consultation, admitted_on=dt.date(2025, 3, 10),
        )  # fmt: skip
        ContactAttemptFactory.create(
            case=self.helped_old, kind=ContactKind.PHONE, reached=True,
            at=dt.datetime(2025, 4, 20, 10, tzinfo=dt.UTC),
        )  # fmt: skip
        SentMessage.objects.create(
            municipality=self.municipality, case_id=self.helped_old.pk, channel="email",
            template_key="contact_request", status="sent",
        )  # fmt: skip
        # A household that returns: its old case expires, its new one stays and now enters the later
        # month without a case before it (the figures must still count it once over both months).
        self.returning_old = _closed(
            self.team, dt.date(2025, 4, 1), 9, Outcome.FOLLOW_UP_FINANCIAL, dt.date(2025, 5, 1)
        )
        self.returning_new = make_case_with_signal(team=self.team, period=dt.date(2026, 9, 1), house_number=9)
        RejectedRow.objects.create(delivery=april, row_number=7, values={"achternaam": "Jansen"}, errors=[])
        RejectedRow.objects.create(delivery=may, row_number=8, values={"achternaam": "Bakker"}, errors=[])

    @property
    def expired_cases(self) -> set[int]:
        return {self.not_picked_old.pk, self.helped_old.pk, self.returning_old.pk}

    @property
    def kept_cases(self) -> set[int]:
        return {
            self.not_picked_new.pk,
            self.helped_new.pk,
            self.open_old.pk,
            self.held.pk,
            self.returning_new.pk,
        }


@pytest.fixture
def world(db: None) -> World:
    return World()


def test_what_expired_is_deleted_with_its_signals_attempts_and_messages(world: World) -> None:
    expired_signals = set(
        CaseSignal.objects.filter(case_id__in=world.expired_cases).values_list("signal_id", flat=True)
    ) | {world.unmatched_old.pk}

    run = purge_expired(municipality=world.municipality, today=TODAY)

    assert set(Case.objects.values_list("pk", flat=True)) == world.kept_cases
    assert not Signal.objects.filter(pk__in=expired_signals).exists()
    assert Signal.objects.filter(pk=world.unmatched_new.pk).exists()
    assert not ContactAttempt.objects.exists()
    assert not SentMessage.objects.exists()
    assert run.counts == {
        "cases_not_picked_up": 1,
        "cases_closed": 2,
        "signals_of_the_cases": 3,
        "signals_without_a_case": 1,
        "messages": 1,
        "held_by_the_chain": 1,
        "open_past_the_term": 1,
    }


def test_every_purge_is_logged_with_ids_and_counts_never_content(world: World) -> None:
    purge_expired(municipality=world.municipality, today=TODAY, by="command")

    event = AuditEvent.objects.get(action=AuditAction.DELETE, subject_type="retention")
    assert set(event.case_ids) == world.expired_cases
    assert world.unmatched_old.pk in event.signal_ids
    assert event.description == "Bewaartermijn verstreken: 3 zaken en 4 signalen verwijderd."
    assert event.actor_username == "command"
    logged = PurgeRun.objects.get()
    assert logged.terms == {
        "unmatched_months": 6,
        "not_picked_up_months": 6,
        "picked_up_months": 12,
        "closed_months": 18,
    }
    assert "Jansen" not in str(logged.counts) + event.description


def test_a_dry_run_only_counts(world: World) -> None:
    run = purge_expired(municipality=world.municipality, today=TODAY, dry_run=True)

    assert run.counts["cases_closed"] == 2
    assert Case.objects.count() == 8
    assert not AuditEvent.objects.filter(action=AuditAction.DELETE).exists()


def test_a_municipality_sets_its_own_terms(world: World) -> None:
    RetentionTerms.objects.create(
        municipality=world.municipality, unmatched_months=12, not_picked_up_months=12, closed_months=24
    )

    assert terms_for(world.municipality) == Terms(12, 12, 12, 24)
    purge_expired(municipality=world.municipality, today=TODAY)

    assert Case.objects.count() == 8
    assert Signal.objects.filter(pk=world.unmatched_old.pk).exists()


def test_rejected_rows_go_after_the_term_for_signals_without_a_case(world: World) -> None:
    assert purge_rejected_rows(today=TODAY) == 1

    assert list(RejectedRow.objects.values_list("row_number", flat=True)) == [8]


def _scope(municipality: Municipality, first: dt.date, last: dt.date) -> ReportScope:
    return ReportScope(
        municipality=municipality,
        municipalities=[municipality],
        period_range=PeriodRange(first=first, last=last),
        range_error=None,
        today=TODAY,
    )


def _figures(municipality: Municipality) -> list[object]:
    ranges = [
        (dt.date(2024, 9, 1), dt.date(2026, 10, 1)),
        (dt.date(2025, 4, 1), dt.date(2025, 4, 1)),
        (dt.date(2026, 4, 1), dt.date(2026, 5, 1)),
        (dt.date(2025, 4, 1), dt.date(2026, 10, 1)),
        (dt.date(2026, 9, 1), dt.date(2026, 9, 1)),
    ]
    figures: list[object] = []
    for first, last in ranges:
        scope = _scope(municipality, first, last)
        figures += [
            table.rows for table in (cases_table(scope), signals_table(scope), districts_table(scope))
        ]
        figures.append(teams_table(scope).rows)
        figures.append(route_figures(municipality_id=municipality.pk, start=first, end=scope.end)[0])
    return figures


def test_the_dashboard_adds_up_as_before_after_a_purge_and_after_the_next_count(world: World) -> None:
    refresh_figures(municipality_id=world.municipality.pk)
    before = _figures(world.municipality)

    purge_expired(municipality=world.municipality, today=TODAY)
    assert _figures(world.municipality) == before
    # The returning household now enters September 2026 afresh; a negative purged row evens it out.
    assert HouseholdMonth.objects.filter(purged=True, period=dt.date(2026, 9, 1), households=-1).exists()

    refresh_figures(municipality_id=world.municipality.pk)
    assert _figures(world.municipality) == before


def test_the_command_purges_and_refuses_an_unknown_code(world: World) -> None:
    call_command("purge_expired", "--today", "2026-11-22", verbosity=0)

    assert set(Case.objects.values_list("pk", flat=True)) == world.kept_cases
    with pytest.raises(CommandError, match="0000"):
        call_command("purge_expired", "--municipality", "0000", verbosity=0)
