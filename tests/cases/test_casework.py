"""Recording attempts and closing cases: day parts, handling, the protocol rule and its override."""

import datetime as dt
import zoneinfo

import pytest
import time_machine

from eropaf.accounts.models import Team
from eropaf.accounts.roles import Role
from eropaf.audit.models import AuditEvent
from eropaf.cases.casework import (
    Closing,
    assign_cases,
    assignable_workers,
    close_case,
    protocol_of,
    record_attempt,
)
from eropaf.cases.models import Case, HelpKind, QueueProtocol, Referral
from eropaf.cases.workflow import CaseState
from eropaf.core.errors import InvalidTransition, NotPermitted
from eropaf.core.vocabularies import ContactKind, DayPart, Outcome, SignalStatus
from eropaf.intake.models import Signal
from tests.factories import TeamFactory, make_case_with_signal, make_user_with_role

pytestmark = pytest.mark.django_db


def team_of(case: Case) -> Team:
    assert case.team is not None
    return case.team


AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
NOW = dt.datetime(2026, 11, 20, 20, 0, tzinfo=AMSTERDAM)  # a Friday evening


def local(day: int, hour: int) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, 0, tzinfo=AMSTERDAM)


@pytest.fixture
def queued_case() -> Case:
    team = TeamFactory.create()
    case = make_case_with_signal(team=team, case_fields={"state": CaseState.QUEUED, "queue": "huisbezoek"})
    Signal.objects.update(status=SignalStatus.NOT_YET_PICKED_UP)
    return case


@time_machine.travel(NOW, tick=False)
def test_an_attempt_sets_day_part_and_office_hours_and_starts_the_case(queued_case: Case) -> None:
    worker = make_user_with_role(Role.CASE_WORKER, team=queued_case.team)

    evening = record_attempt(
        user=worker, case_id=queued_case.pk, kind=ContactKind.HOME_VISIT, at=local(19, 19), reached=False
    )
    morning = record_attempt(
        user=worker, case_id=queued_case.pk, kind=ContactKind.PHONE, at=local(20, 9), reached=True
    )

    assert (evening.day_part, evening.outside_office_hours) == (DayPart.EVENING, True)
    assert (morning.day_part, morning.outside_office_hours) == (DayPart.MORNING, False)
    queued_case.refresh_from_db()
    assert queued_case.state == CaseState.IN_PROGRESS
    assert queued_case.assigned_to == worker
    assert set(Signal.objects.values_list("status", flat=True)) == {SignalStatus.PICKED_UP}
    events = AuditEvent.objects.filter(subject_type="contact_attempt")
    assert events.count() == 2
    assert all(queued_case.pk in event.case_ids for event in events)


@time_machine.travel(NOW, tick=False)
def test_an_attempt_in_the_future_is_refused(queued_case: Case) -> None:
    worker = make_user_with_role(Role.CASE_WORKER, team=queued_case.team)
    with pytest.raises(InvalidTransition):
        record_attempt(
            user=worker, case_id=queued_case.pk, kind=ContactKind.PHONE, at=local(21, 9), reached=False
        )


def test_a_worker_of_another_team_cannot_record_or_close(queued_case: Case) -> None:
    stranger = make_user_with_role(Role.CASE_WORKER, team=TeamFactory.create())
    with pytest.raises(NotPermitted):
        record_attempt(
            user=stranger,
            case_id=queued_case.pk,
            kind=ContactKind.PHONE,
            at=dt.datetime.now(AMSTERDAM),
            reached=False,
        )
    with pytest.raises(NotPermitted):
        close_case(user=stranger, case_id=queued_case.pk, closing=Closing(Outcome.SOLVES_IT_SELF))
    assert not queued_case.contact_attempts.exists()


def _haarlem(case: Case) -> None:
    QueueProtocol.objects.create(municipality=case.municipality, queue=case.queue, protocol="haarlem")


@time_machine.travel(NOW, tick=False)
def test_closing_as_unreachable_is_refused_until_the_protocol_is_complete(queued_case: Case) -> None:
    _haarlem(queued_case)
    worker = make_user_with_role(Role.CASE_WORKER, team=queued_case.team)
    record_attempt(
        user=worker, case_id=queued_case.pk, kind=ContactKind.HOME_VISIT, at=local(17, 10), reached=False
    )

    with pytest.raises(InvalidTransition, match=r"nog 1.*nog 2"):
        close_case(user=worker, case_id=queued_case.pk, closing=Closing(Outcome.NO_CONTACT))

    record_attempt(
        user=worker, case_id=queued_case.pk, kind=ContactKind.HOME_VISIT, at=local(18, 19), reached=False
    )
    record_attempt(
        user=worker, case_id=queued_case.pk, kind=ContactKind.PHONE, at=local(19, 9), reached=False
    )
    record_attempt(
        user=worker, case_id=queued_case.pk, kind=ContactKind.PHONE, at=local(19, 14), reached=False
    )
    progress = protocol_of(Case.objects.get(pk=queued_case.pk))
    assert progress is not None
    assert progress.is_complete

    closed = close_case(user=worker, case_id=queued_case.pk, closing=Closing(Outcome.NO_CONTACT))
    assert (closed.state, closed.outcome, closed.protocol_override_reason) == (
        CaseState.CLOSED,
        "no_contact",
        "",
    )


@time_machine.travel(NOW, tick=False)
def test_a_team_lead_may_override_the_protocol_with_a_reason(queued_case: Case) -> None:
    _haarlem(queued_case)
    worker = make_user_with_role(Role.CASE_WORKER, team=queued_case.team)
    lead = make_user_with_role(Role.TEAM_LEAD, team=queued_case.team)
    record_attempt(
        user=worker, case_id=queued_case.pk, kind=ContactKind.PHONE, at=local(19, 9), reached=False
    )
    reason = "Adres onbewoonbaar na brand; buren bevestigen vertrek"

    with pytest.raises(NotPermitted):
        close_case(
            user=worker, case_id=queued_case.pk, closing=Closing(Outcome.NO_CONTACT, override_reason=reason)
        )
    closed = close_case(
        user=lead, case_id=queued_case.pk, closing=Closing(Outcome.NO_CONTACT, override_reason=reason)
    )

    assert closed.protocol_override_reason == reason
    event = AuditEvent.objects.filter(subject_type="case", action="update").get()
    assert "protocol niet compleet" in event.description
    assert event.actor == lead


def test_an_override_reason_without_need_is_refused(queued_case: Case) -> None:
    lead = make_user_with_role(Role.TEAM_LEAD, team=queued_case.team)
    with pytest.raises(InvalidTransition):
        close_case(
            user=lead, case_id=queued_case.pk, closing=Closing(Outcome.SOLVES_IT_SELF, override_reason="x")
        )


def test_help_accepted_with_a_referral_records_the_warm_handover(queued_case: Case) -> None:
    worker = make_user_with_role(Role.CASE_WORKER, team=queued_case.team)
    closing = Closing(
        Outcome.FOLLOW_UP_FINANCIAL,
        help_kind=HelpKind.COMPLEX,
        referral=Referral.DEBT_SERVICES,
        referral_team="Schuldhulpverlening Dordrecht, team Noord",
    )
    closed = close_case(user=worker, case_id=queued_case.pk, closing=closing)
    assert (closed.referral, closed.referral_team, closed.help_kind) == (
        "debt_services",
        "Schuldhulpverlening Dordrecht, team Noord",
        "complex",
    )


@pytest.mark.parametrize(
    ("closing", "message"),
    [
        (Closing(Outcome.FOLLOW_UP_HELP, help_kind=HelpKind.SIMPLE), "Een verwijzing noemt"),
        (Closing(Outcome.ADVICE_OR_QUICK_FIX), "eenvoudig"),
        (Closing(Outcome.NOT_PICKED_UP_UNJUSTIFIED), "niet oppakken"),
        (Closing(Outcome.SOLVES_IT_SELF, referral=Referral.OTHER, referral_team="x"), "Alleen een resultaat"),
    ],
)
def test_incomplete_or_wrong_closings_are_refused(queued_case: Case, closing: Closing, message: str) -> None:
    worker = make_user_with_role(Role.CASE_WORKER, team=queued_case.team)
    with pytest.raises(InvalidTransition, match=message):
        close_case(user=worker, case_id=queued_case.pk, closing=closing)
    queued_case.refresh_from_db()
    assert queued_case.state == CaseState.QUEUED


@pytest.mark.parametrize(
    "outcome", [o for o in Outcome if not o.is_not_picked_up and o != Outcome.NO_CONTACT]
)
def test_every_result_closes_a_case(queued_case: Case, outcome: Outcome) -> None:
    worker = make_user_with_role(Role.CASE_WORKER, team=queued_case.team)
    closing = Closing(
        outcome,
        help_kind=HelpKind.SIMPLE if outcome.is_help_accepted else None,
        referral=Referral.NEIGHBOURHOOD_TEAM if outcome.value.startswith("follow_up") else None,
        referral_team="Wijkteam Oost" if outcome.value.startswith("follow_up") else "",
    )
    closed = close_case(user=worker, case_id=queued_case.pk, closing=closing)
    assert (closed.state, closed.outcome) == (CaseState.CLOSED, outcome)


def test_a_team_lead_assigns_open_cases_of_the_team_to_a_worker(queued_case: Case) -> None:
    lead = make_user_with_role(Role.TEAM_LEAD, team=queued_case.team)
    worker = make_user_with_role(Role.CASE_WORKER, team=queued_case.team)
    second = make_case_with_signal(team=team_of(queued_case), case_fields={"state": CaseState.QUEUED})

    assert assign_cases(lead=lead, case_ids=[queued_case.pk, second.pk], worker_id=worker.pk) == 2

    assert set(Case.objects.values_list("assigned_to_id", flat=True)) == {worker.pk}
    event = AuditEvent.objects.get(subject_type="case_assignment")
    assert sorted(event.case_ids) == sorted([queued_case.pk, second.pk])
    assert (
        worker.pk,
        worker.get_full_name() or worker.get_username(),
        queued_case.team_id,
    ) in assignable_workers(lead=lead)


def test_assignment_refuses_other_teams_closed_cases_and_outside_workers(queued_case: Case) -> None:
    lead = make_user_with_role(Role.TEAM_LEAD, team=queued_case.team)
    worker = make_user_with_role(Role.CASE_WORKER, team=queued_case.team)
    outsider = make_user_with_role(Role.CASE_WORKER, team=TeamFactory.create())
    foreign = make_case_with_signal(team=TeamFactory.create(), case_fields={"state": CaseState.QUEUED})
    closed = make_case_with_signal(
        team=team_of(queued_case), case_fields={"state": CaseState.CLOSED, "outcome": Outcome.SOLVES_IT_SELF}
    )

    with pytest.raises(NotPermitted):
        assign_cases(lead=lead, case_ids=[queued_case.pk, foreign.pk], worker_id=worker.pk)
    with pytest.raises(NotPermitted):
        assign_cases(lead=lead, case_ids=[closed.pk], worker_id=worker.pk)
    with pytest.raises(InvalidTransition):
        assign_cases(lead=lead, case_ids=[queued_case.pk], worker_id=outsider.pk)
    with pytest.raises(NotPermitted):
        assign_cases(lead=worker, case_ids=[queued_case.pk], worker_id=worker.pk)  # not a team lead
    assert not Case.objects.filter(assigned_to__isnull=False).exists()
