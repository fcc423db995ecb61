"""A matching run end to end: recorded, idempotent, the BRP and debt-services checks and the decisions."""

import datetime as dt

import pytest
from django.utils import timezone

from eropaf.audit.models import AuditEvent
from eropaf.cases.models import Case, CaseSignal
from eropaf.cases.workflow import CaseState
from eropaf.core.vocabularies import Outcome, SignalStatus
from eropaf.intake.models import Signal
from eropaf.integrations.brp.protocol import Address, age_on, today_in_the_netherlands
from eropaf.matching.models import (
    MatchingRun,
    MatchingSettings,
    PersonCheck,
    RegistryOutcome,
    ReviewItem,
    ReviewStatus,
    RunStage,
    RunStatus,
)
from eropaf.matching.services import RunAlreadyActive, run_matching
from tests.factories import ContactAttemptFactory, TeamFactory, UserFactory
from tests.matching.world import PERIOD, World, make_world, months_before

pytestmark = pytest.mark.django_db

RESIDENT = "999990019"  # make_world() registers this one at 3311AB 1
UNKNOWN = "999990123"
ELSEWHERE = Address(postcode="2511AA", house_number=10)


@pytest.fixture
def world() -> World:
    return make_world()


def cases(world: World, period: dt.date = PERIOD) -> list[Case]:
    return list(Case.objects.filter(municipality=world.municipality, period=period).order_by("address_key"))


def statuses(case: Case) -> list[str]:
    return sorted(Signal.objects.filter(case_link__case=case).values_list("status", flat=True))


def today() -> dt.date:
    return today_in_the_netherlands()


# --- the run is recorded -------------------------------------------------------------------------------


def test_the_run_is_recorded_with_its_counts(world: World) -> None:
    world.signal(number=1)
    world.signal(number=1, partner=world.energy, reference="E1", euros=120)
    world.signal(number=2, reference="R2", bsn=UNKNOWN)

    run = world.run()

    assert (run.status, run.stage, run.message) == (RunStatus.DONE, RunStage.FINISHED, "")
    assert run.started_by_label == "test"
    assert run.started_by is None
    assert run.started_at is not None
    assert run.finished_at is not None
    assert run.period == PERIOD
    counts = run.counts
    assert (counts["signals"], counts["signals_added"]) == (3, 3)
    assert (counts["cases_created"], counts["cases_updated"]) == (2, 0)
    assert counts["classes"] == {
        "single": 1,
        "multiple": 1,
        "consecutive": 0,
        "persistent": 0,
        "rising": 0,
        "repeat": 0,
        "end_of_supply_first": 0,
        "crisis": 0,
        "withdrawn": 0,
    }
    assert counts["brp_checks"] == {
        "resident": 2,
        "moved_away": 0,
        "emigrated": 0,
        "deceased": 0,
        "not_found": 1,
        "not_identified": 0,
    }
    assert counts["known_to_debt_services"] == 0
    assert counts["decisions"] == {"triage": 1, "awaiting_review": 1}
    assert counts["triage"] == {
        "triaged": 1,
        "unchanged": 0,
        "per_rule": {"huur": 1},
        "per_queue": {"huur": 1},
        "not_picked_up": {},
    }


def test_the_run_leaves_an_audit_event_listing_the_cases(world: World) -> None:
    world.signal(number=1)
    world.signal(number=2, reference="R2")
    user = UserFactory.create(username="teamleider")

    run = run_matching(
        municipality=world.municipality, period=PERIOD, started_by=user, registries=world.registries()
    )

    assert (run.started_by, run.started_by_label) == (user, "teamleider")
    event = AuditEvent.objects.get(subject_type="matching_run")
    assert event.subject_id == str(run.pk)
    assert event.case_ids == sorted(case.pk for case in cases(world))
    assert len(event.case_ids) == 2
    assert (event.actor, event.actor_username, event.municipality_code) == (user, "teamleider", "0505")
    assert "2 zaken aangemaakt" in event.description


def test_a_run_of_a_month_without_signals_is_done_with_nothing(world: World) -> None:
    run = world.run()
    assert run.status == RunStatus.DONE
    assert (run.counts["signals"], run.counts["cases_created"], run.counts["decisions"]) == (0, 0, {})
    assert AuditEvent.objects.get(subject_type="matching_run").case_ids == []


def test_a_second_run_while_one_waits_or_runs_for_the_month_is_refused(world: World) -> None:
    world.signal()
    for status in (RunStatus.QUEUED, RunStatus.RUNNING):
        active = MatchingRun.objects.create(municipality=world.municipality, period=PERIOD, status=status)
        with pytest.raises(RunAlreadyActive):
            world.run()
        assert MatchingRun.objects.count() == 1
        assert Case.objects.count() == 0
        active.delete()
    # Another month, and a finished or failed run of this month, do not stand in the way.
    MatchingRun.objects.create(
        municipality=world.municipality, period=months_before(1), status=RunStatus.QUEUED
    )
    MatchingRun.objects.create(municipality=world.municipality, period=PERIOD, status=RunStatus.FAILED)
    MatchingRun.objects.create(municipality=world.municipality, period=PERIOD, status=RunStatus.DONE)
    assert world.run().status == RunStatus.DONE


# --- re-running ----------------------------------------------------------------------------------------


def test_a_second_run_creates_and_updates_nothing(world: World) -> None:
    world.signal(number=1, euros=600)
    world.signal(number=1, partner=world.energy, reference="E1", euros=120)
    world.signal(number=2, reference="R2", period=months_before(1))
    world.signal(number=2, reference="R2")
    first = world.run()
    before = [(case.pk, case.state, case.matched_at, case.classification_reasons) for case in cases(world)]

    second = world.run()

    assert (first.counts["cases_created"], first.counts["signals_added"]) == (2, 3)
    counts = second.counts
    assert (counts["cases_created"], counts["cases_updated"], counts["signals_added"]) == (0, 0, 0)
    assert counts["signals"] == 3
    assert counts["classes"] == first.counts["classes"]
    assert [
        (case.pk, case.state, case.matched_at, case.classification_reasons) for case in cases(world)
    ] == before
    assert CaseSignal.objects.count() == 3
    assert PersonCheck.objects.count() == 3  # each person is checked once
    last = AuditEvent.objects.filter(subject_type="matching_run").order_by("id").last()
    assert last is not None
    assert last.case_ids == []


def test_a_late_delivery_joins_the_existing_case_and_keeps_the_work_on_it(world: World) -> None:
    early = world.signal(number=1)
    world.run()
    (case,) = cases(world)
    worker = UserFactory.create()
    district_team = TeamFactory.create(municipality=world.municipality, name="Wijkteam Noord")
    attempt = ContactAttemptFactory.create(case=case, recorded_by=worker)
    Case.objects.filter(pk=case.pk).update(
        state=CaseState.IN_PROGRESS, assigned_to=worker, due_on=dt.date(2026, 12, 24), team=district_team
    )
    world.new_delivery(partner=world.energy)
    late = world.signal(number=1, partner=world.energy, reference="E1", euros=120)
    world.new_delivery()
    world.signal(number=2, reference="R2")

    run = world.run()

    assert (run.counts["cases_created"], run.counts["cases_updated"], run.counts["signals_added"]) == (
        1,
        1,
        2,
    )
    first, second = cases(world)
    assert first.pk == case.pk
    assert second.address_key == world.address(2)
    assert Case.objects.filter(period=PERIOD).count() == 2  # one case per address per period
    assert sorted(first.signals.values_list("pk", flat=True)) == sorted([early.pk, late.pk])
    # The classes are rewritten ...
    assert (first.is_multiple, first.total_amount_cents) == (True, 62_000)
    assert first.classification_reasons == [{"code": "multiple", "count": 2}]
    # ... what people recorded is kept.
    assert list(first.contact_attempts.all()) == [attempt]
    assert (first.state, first.assigned_to, first.team) == (CaseState.IN_PROGRESS, worker, district_team)
    assert (first.due_on, first.opened_on) == (dt.date(2026, 12, 24), case.opened_on)
    assert first.matching_decision == ""
    assert (second.state, second.team) == (CaseState.QUEUED, world.team)
    event = AuditEvent.objects.filter(subject_type="matching_run").order_by("id").last()
    assert event is not None
    assert event.case_ids == sorted([first.pk, second.pk])


# --- the BRP check -------------------------------------------------------------------------------------


def test_a_resident_gives_the_household_at_the_address(world: World) -> None:
    younger = dt.date(2001, 2, 3)
    world.resident("999990031", birth=younger, surname="Bakker", given_names="Sanne")
    world.resident("999990043", birth=today().replace(year=today().year - 8, day=1), given_names="Kim")
    world.resident("999990055", number=2, birth=dt.date(1950, 1, 1), surname="Elders")
    world.signal(number=1)
    world.signal(number=1, partner=world.energy, reference="E1", bsn="999990031", surname="Bakker")

    run = world.run()

    (case,) = cases(world)
    assert case.person_age == age_on(younger, today())  # the youngest signalled resident
    assert (case.adult_count, case.has_minors) == (2, True)  # the child is not signalled, but lives there
    check = PersonCheck.objects.get(signal__bsn=RESIDENT)
    assert (check.outcome, check.bsn, check.adults, check.minors) == (
        RegistryOutcome.RESIDENT,
        RESIDENT,
        2,
        1,
    )
    assert check.age == age_on(dt.date(1990, 5, 17), today())
    assert (case.state, case.matching_decision, case.team) == (CaseState.QUEUED, "", world.team)
    assert statuses(case) == [SignalStatus.NOT_YET_PICKED_UP] * 2
    assert run.counts["decisions"] == {"triage": 1}


def test_a_household_without_minors(world: World) -> None:
    world.signal(number=1)
    world.run()
    (case,) = cases(world)
    assert (case.adult_count, case.has_minors) == (1, False)


def test_a_person_who_moved_away_is_not_a_resident(world: World) -> None:
    world.person("999990067", municipality_code="0642", address=ELSEWHERE, birth_date=dt.date(1980, 1, 1))
    world.signal(bsn="999990067")

    run = world.run()

    check = PersonCheck.objects.get()
    assert (check.outcome, check.lives_in, check.bsn) == (RegistryOutcome.MOVED_AWAY, "0642", "999990067")
    assert check.age == age_on(dt.date(1980, 1, 1), today())
    (case,) = cases(world)
    assert (case.state, case.outcome, case.matching_decision) == (
        CaseState.CLOSED,
        Outcome.NOT_A_RESIDENT,
        SignalStatus.NOT_A_RESIDENT,
    )
    assert case.closed_on == timezone.localdate()
    assert case.person_age is None  # only a resident's age is the household's
    assert statuses(case) == [SignalStatus.NOT_A_RESIDENT]
    assert run.counts["decisions"] == {"not_a_resident": 1}


def test_a_person_who_emigrated_is_not_a_resident(world: World) -> None:
    world.person("999990079", abroad=True, country="België")
    world.signal(bsn="999990079")

    world.run()

    check = PersonCheck.objects.get()
    assert (check.outcome, check.lives_in) == (RegistryOutcome.EMIGRATED, "België")
    (case,) = cases(world)
    assert (case.state, case.outcome) == (CaseState.CLOSED, Outcome.NOT_A_RESIDENT)
    assert statuses(case) == [SignalStatus.NOT_A_RESIDENT]


def test_a_deceased_person_closes_the_case(world: World) -> None:
    world.resident("999990080", deceased=True, date_of_death=dt.date(2026, 9, 1))
    world.signal(bsn="999990080")

    run = world.run()

    assert PersonCheck.objects.get().outcome == RegistryOutcome.DECEASED
    (case,) = cases(world)
    assert (case.state, case.outcome, case.matching_decision) == (
        CaseState.CLOSED,
        Outcome.DECEASED,
        SignalStatus.DECEASED,
    )
    assert statuses(case) == [SignalStatus.DECEASED]
    assert run.counts["decisions"] == {"deceased": 1}


def test_one_deceased_and_one_moved_away_is_not_a_resident(world: World) -> None:
    world.resident("999990080", deceased=True)
    world.person("999990067", municipality_code="0642", address=ELSEWHERE)
    world.signal(bsn="999990080")
    world.signal(partner=world.energy, reference="E1", bsn="999990067")

    world.run()

    (case,) = cases(world)
    assert (case.state, case.outcome) == (CaseState.CLOSED, Outcome.NOT_A_RESIDENT)
    assert statuses(case) == sorted([SignalStatus.DECEASED, SignalStatus.NOT_A_RESIDENT])


def test_a_person_the_brp_does_not_know_waits_for_the_review(world: World) -> None:
    # A repeat that did not rise: without the review rule the case would be closed right away.
    world.signal(period=months_before(1), bsn=UNKNOWN)
    world.signal(bsn=UNKNOWN)

    run = world.run()

    check = PersonCheck.objects.get()
    assert (check.outcome, check.bsn) == (RegistryOutcome.NOT_FOUND, "")
    review = ReviewItem.objects.get()
    assert (review.signal_id, review.status) == (check.signal_id, ReviewStatus.OPEN)
    assert [candidate["bsn"] for candidate in review.candidates] == [RESIDENT]  # same surname and birth date
    (case,) = cases(world)
    assert case.is_repeat is True
    assert (case.state, case.outcome, case.matching_decision) == (CaseState.NEW, "", "")
    assert statuses(case) == [SignalStatus.NOT_YET_PICKED_UP]
    assert run.counts["brp_checks"]["not_found"] == 1

    world.run()  # the review is asked once, the person is not checked again
    assert (ReviewItem.objects.count(), PersonCheck.objects.count()) == (1, 1)


def test_without_a_bsn_the_single_strong_candidate_is_the_person(world: World) -> None:
    world.resident("999990092", number=1, surname="Jansen", given_names="Piet", birth=dt.date(1960, 1, 1))
    world.signal(bsn="", surname="Jansen", first_names="Jan", initials="J.", birth_date=dt.date(1990, 5, 17))

    world.run()

    check = PersonCheck.objects.get()
    assert (check.outcome, check.bsn, check.adults) == (RegistryOutcome.RESIDENT, RESIDENT, 2)
    assert not ReviewItem.objects.exists()
    (case,) = cases(world)
    assert (case.state, case.person_age) == (CaseState.QUEUED, age_on(dt.date(1990, 5, 17), today()))


def test_without_a_bsn_two_strong_candidates_go_to_the_review(world: World) -> None:
    world.resident("999990104", number=7, surname="Jansen", given_names="Jan", birth=dt.date(1990, 5, 17))
    world.signal(bsn="", surname="Jansen", first_names="Jan", initials="J.", birth_date=dt.date(1990, 5, 17))

    world.run()

    check = PersonCheck.objects.get()
    assert (check.outcome, check.bsn) == (RegistryOutcome.NOT_FOUND, "")
    review = ReviewItem.objects.get()
    assert sorted(candidate["bsn"] for candidate in review.candidates) == sorted([RESIDENT, "999990104"])
    assert cases(world)[0].state == CaseState.NEW


def test_a_mixed_household_goes_on_to_triage(world: World) -> None:
    world.person("999990067", municipality_code="0642", address=ELSEWHERE)
    world.signal(bsn=RESIDENT)
    world.signal(partner=world.energy, reference="E1", bsn="999990067")

    run = world.run()

    (case,) = cases(world)
    assert (case.state, case.outcome, case.matching_decision) == (CaseState.QUEUED, "", "")
    assert case.person_age == age_on(dt.date(1990, 5, 17), today())
    assert statuses(case) == sorted([SignalStatus.NOT_A_RESIDENT, SignalStatus.NOT_YET_PICKED_UP])
    assert run.counts["decisions"] == {"triage": 1}


# --- repeats -------------------------------------------------------------------------------------------


def repeat_case(world: World) -> Case:
    world.signal(period=months_before(1), euros=500)
    world.signal(euros=500)
    world.run()
    (case,) = cases(world)
    return case


def test_a_repeat_that_did_not_rise_is_not_picked_up(world: World) -> None:
    case = repeat_case(world)
    assert (case.is_repeat, case.state, case.outcome, case.matching_decision) == (
        True,
        CaseState.CLOSED,
        Outcome.NOT_PICKED_UP_REPEAT,
        SignalStatus.NOT_PICKED_UP_REPEAT,
    )
    assert case.closed_on is not None
    assert statuses(case) == [SignalStatus.NOT_PICKED_UP_REPEAT]
    closed_on = case.closed_on

    world.run()  # matching again keeps the decision and its date

    case.refresh_from_db()
    assert (case.state, case.closed_on) == (CaseState.CLOSED, closed_on)


def test_a_crisis_signal_keeps_a_repeat_for_triage(world: World) -> None:
    world.signal(period=months_before(1), euros=500)
    world.signal(euros=500, is_crisis=True)
    world.run()
    (case,) = cases(world)
    assert (case.is_repeat, case.is_crisis, case.state, case.matching_decision) == (
        True,
        True,
        CaseState.QUEUED,
        "",
    )


def test_a_rising_signal_delivered_later_reopens_a_repeat_matching_closed(world: World) -> None:
    case = repeat_case(world)
    world.new_delivery()
    world.signal(euros=700)

    run = world.run()

    case.refresh_from_db()
    assert (case.is_rising, case.is_repeat) == (True, False)
    assert (case.state, case.outcome, case.closed_on, case.matching_decision) == (
        CaseState.QUEUED,
        "",
        None,
        "",
    )
    assert statuses(case) == [SignalStatus.NOT_YET_PICKED_UP] * 2
    assert run.counts["decisions"] == {"triage": 1}


def test_a_repeat_case_someone_worked_on_is_not_reopened(world: World) -> None:
    case = repeat_case(world)
    ContactAttemptFactory.create(case=case)
    world.new_delivery()
    world.signal(euros=700)

    world.run()

    case.refresh_from_db()
    assert case.is_rising is True  # the classes follow the signals ...
    assert (case.state, case.outcome) == (CaseState.CLOSED, Outcome.NOT_PICKED_UP_REPEAT)  # ... not the state


@pytest.mark.parametrize("work", ["attempt", "assigned"])
def test_a_case_someone_works_on_is_not_closed_by_matching(world: World, work: str) -> None:
    world.signal(euros=500)
    world.run()
    (case,) = cases(world)
    assert case.state == CaseState.QUEUED
    if work == "attempt":
        ContactAttemptFactory.create(case=case)
    else:
        Case.objects.filter(pk=case.pk).update(assigned_to=UserFactory.create())
    world.signal(period=months_before(1), euros=500)  # the previous month's delivery comes in late

    world.run()

    case.refresh_from_db()
    assert case.is_repeat is True
    assert (case.state, case.outcome, case.matching_decision) == (CaseState.QUEUED, "", "")
    assert statuses(case) == [SignalStatus.NOT_YET_PICKED_UP]


def test_a_repeat_case_a_team_lead_reopened_is_not_closed_again(world: World) -> None:
    case = repeat_case(world)
    Case.objects.filter(pk=case.pk).update(state=CaseState.IN_PROGRESS, outcome="", closed_on=None)

    world.run()

    case.refresh_from_db()
    assert (case.state, case.outcome) == (CaseState.IN_PROGRESS, "")


# --- debt services -------------------------------------------------------------------------------------


def test_a_resident_known_to_debt_services_goes_to_their_queue_until_the_list_drops_them(
    world: World,
) -> None:
    world.clients.bsns.add(RESIDENT)
    world.signal()

    run = world.run()

    (case,) = cases(world)
    assert (case.state, case.team, case.matching_decision, case.known_to_debt_services) == (
        CaseState.QUEUED,
        world.debt_team,
        SignalStatus.KNOWN_TO_DEBT_SERVICES,
        True,
    )
    assert case.outcome == ""
    assert PersonCheck.objects.get().known_to_debt_services is True
    assert statuses(case) == [SignalStatus.KNOWN_TO_DEBT_SERVICES]
    assert (run.counts["known_to_debt_services"], run.counts["decisions"]) == (
        1,
        {"known_to_debt_services": 1},
    )

    world.clients.bsns.clear()
    run = world.run()

    case.refresh_from_db()
    assert (case.state, case.team, case.matching_decision, case.known_to_debt_services) == (
        CaseState.QUEUED,
        world.team,
        "",
        False,
    )
    assert PersonCheck.objects.get().known_to_debt_services is False
    assert statuses(case) == [SignalStatus.NOT_YET_PICKED_UP]
    assert (run.counts["known_to_debt_services"], run.counts["decisions"]) == (0, {"triage": 1})


def test_a_person_found_without_a_bsn_is_asked_by_the_bsn_found(world: World) -> None:
    world.clients.bsns.add(RESIDENT)
    world.signal(bsn="", birth_date=dt.date(1990, 5, 17))
    world.run()
    (case,) = cases(world)
    assert (case.state, case.team) == (CaseState.QUEUED, world.debt_team)


def test_a_repeat_outranks_known_to_debt_services(world: World) -> None:
    world.clients.bsns.add(RESIDENT)
    case = repeat_case(world)
    assert (case.state, case.outcome, case.known_to_debt_services) == (
        CaseState.CLOSED,
        Outcome.NOT_PICKED_UP_REPEAT,
        True,
    )


def test_a_known_case_a_team_lead_declined_stays_closed(world: World) -> None:
    world.clients.bsns.add(RESIDENT)
    world.signal()
    world.run()
    (case,) = cases(world)
    assert case.state == CaseState.QUEUED
    Case.objects.filter(pk=case.pk).update(
        state=CaseState.CLOSED, outcome=Outcome.KNOWN_TO_DEBT_SERVICES, closed_on=dt.date(2026, 10, 20)
    )
    world.clients.bsns.clear()

    world.run()

    case.refresh_from_db()
    assert (case.state, case.outcome, case.closed_on) == (
        CaseState.CLOSED,
        Outcome.KNOWN_TO_DEBT_SERVICES,
        dt.date(2026, 10, 20),
    )


# --- windows per municipality --------------------------------------------------------------------------


def test_the_windows_of_the_municipality_change_the_classes(world: World) -> None:
    world.signal(period=months_before(3), partner=world.energy, reference="E1")
    world.signal()
    world.run()
    (case,) = cases(world)
    assert case.is_consecutive is True
    assert {"code": "consecutive", "last_period": "2026-07", "months": 6} in case.classification_reasons

    MatchingSettings.objects.create(municipality=world.municipality, consecutive_months=2)
    run = world.run()

    case = Case.objects.get(pk=case.pk)
    assert case.is_consecutive is False
    assert case.classification_reasons == [{"code": "single"}]
    assert (run.counts["cases_updated"], run.counts["classes"]["consecutive"]) == (1, 0)


def test_the_repeat_window_of_the_municipality_decides_what_is_a_repeat(world: World) -> None:
    MatchingSettings.objects.create(municipality=world.municipality, repeat_months=2, consecutive_months=2)
    world.signal(period=months_before(3), euros=500)
    world.signal(euros=500)
    world.run()
    (case,) = cases(world)
    assert (case.is_repeat, case.state) == (False, CaseState.QUEUED)


def test_a_rising_arrear_next_to_a_steady_one_of_the_same_partner_is_picked_up(world: World) -> None:
    world.signal(period=months_before(1), partner=world.energy, reference="E1", euros=100)
    world.signal(period=months_before(1), partner=world.energy, reference="E2", euros=300)
    world.signal(partner=world.energy, reference="E1", euros=200)
    world.signal(partner=world.energy, reference="E2", euros=300)

    world.run()

    (case,) = cases(world)
    assert (case.is_rising, case.state, case.outcome) == (True, CaseState.QUEUED, "")
