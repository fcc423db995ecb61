"""Moratoria (term at most six months, reminders before the end), the eviction stage's checks and
the "who does what" list, and court dates from deliveries."""

import datetime as dt
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from eropaf.audit.models import AuditEvent
from eropaf.core.errors import ApplicationError, InvalidTransition
from eropaf.core.periods import add_months, period_of
from eropaf.core.vocabularies import ContactKind
from eropaf.escalation import moratoria, services, support
from eropaf.escalation.court import CourtStage, CourtStepKind
from eropaf.escalation.delivered import record_court_dates_from_signals
from eropaf.escalation.models import (
    CourtStep,
    EvictionTrack,
    Moratorium,
    MoratoriumDecision,
    MoratoriumKind,
    Party,
    StepSource,
)
from tests.escalation.conftest import Chain
from tests.factories import ContactAttemptFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 20)


def _track(chain: Chain) -> EvictionTrack:
    with transaction.atomic():
        return services.track_for_case(chain.case)


def _granted(chain: Chain, starts: dt.date, ends: dt.date) -> Moratorium:
    track = _track(chain)
    requested = moratoria.request_moratorium(
        user=chain.worker, track_id=track.pk, kind=MoratoriumKind.EMERGENCY, requested_on=starts, today=starts
    )
    return moratoria.decide_moratorium(
        user=chain.worker, moratorium_id=requested.pk, decision=MoratoriumDecision.GRANTED,
        decided_on=starts, starts_on=starts, ends_on=ends,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [(dt.date(2026, 1, 15), 6, dt.date(2026, 7, 15)), (dt.date(2026, 8, 31), 6, dt.date(2027, 2, 28))],
)
def test_add_months_keeps_the_day_or_takes_the_last(day: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(day, months) == expected


def test_a_moratorium_lasts_at_most_six_months(chain: Chain) -> None:
    starts = dt.date(2026, 3, 1)

    with pytest.raises(ApplicationError, match="zes maanden"):
        _granted(chain, starts, dt.date(2026, 9, 2))
    granted = _granted(chain, starts, dt.date(2026, 9, 1))

    assert (granted.decision, granted.ends_on) == (MoratoriumDecision.GRANTED, dt.date(2026, 9, 1))


def test_a_granted_moratorium_needs_its_term_and_is_decided_once(chain: Chain) -> None:
    track = _track(chain)
    requested = moratoria.request_moratorium(
        user=chain.worker, track_id=track.pk, kind=MoratoriumKind.BROAD, requested_on=TODAY, today=TODAY
    )

    with pytest.raises(ApplicationError):
        moratoria.decide_moratorium(
            user=chain.worker,
            moratorium_id=requested.pk,
            decision=MoratoriumDecision.GRANTED,
            decided_on=TODAY,
        )
    moratoria.decide_moratorium(
        user=chain.worker, moratorium_id=requested.pk, decision=MoratoriumDecision.REFUSED, decided_on=TODAY
    )
    with pytest.raises(InvalidTransition):
        moratoria.decide_moratorium(
            user=chain.worker,
            moratorium_id=requested.pk,
            decision=MoratoriumDecision.REFUSED,
            decided_on=TODAY,
        )
    assert AuditEvent.objects.filter(subject_type="moratorium").count() == 2


def test_the_team_leads_are_reminded_once_two_weeks_before_the_end(chain: Chain) -> None:
    moratorium = _granted(chain, dt.date(2026, 6, 1), dt.date(2026, 11, 30))

    with time_machine.travel(dt.datetime(2026, 11, 15, 8, tzinfo=dt.UTC)):
        early = moratoria.send_moratorium_reminders(today=dt.date(2026, 11, 15))
    with time_machine.travel(dt.datetime(2026, 11, 16, 8, tzinfo=dt.UTC)):
        due = moratoria.send_moratorium_reminders(today=dt.date(2026, 11, 16))
        again = moratoria.send_moratorium_reminders(today=dt.date(2026, 11, 17))

    assert (early, due, again) == (0, 1, 0)
    moratorium.refresh_from_db()
    assert moratorium.reminded_on == dt.date(2026, 11, 16)
    assert [message.to for message in mail.outbox] == [[chain.lead.email]]
    body = mail.outbox[0].body
    assert "30-11-2026" in body
    assert "Voorstraat" not in body
    assert chain.case.signals.get().surname not in body


def test_the_eviction_stage_asks_for_a_home_visit_and_a_yellow_card(chain: Chain) -> None:
    track = _track(chain)
    for kind, on in (
        (CourtStepKind.SUMMONS, dt.date(2026, 8, 1)),
        (CourtStepKind.JUDGMENT, dt.date(2026, 10, 1)),
    ):
        services.record_court_step(
            track_id=track.pk, kind=kind, on=on, source=StepSource.STAFF, user=chain.worker
        )
    track.refresh_from_db()

    before = support.eviction_stage_check(track)
    ContactAttemptFactory.create(case=chain.case, kind=ContactKind.HOME_VISIT, reached=False,
                                 at=dt.datetime(2026, 10, 5, 10, tzinfo=dt.UTC))  # fmt: skip
    visited = support.eviction_stage_check(track)

    assert (before.home_visit_required, before.yellow_card_advised) == (True, True)
    assert (visited.home_visit_required, visited.yellow_card_advised) == (False, True)


def test_the_standard_who_does_what_list_is_added_once_and_ticked_off(chain: Chain) -> None:
    track = _track(chain)

    first = support.add_standard_tasks(user=chain.worker, track_id=track.pk)
    second = support.add_standard_tasks(user=chain.worker, track_id=track.pk)
    task = track.support_tasks.get(party=Party.RESIDENT)
    support.complete_support_task(user=chain.worker, track_id=track.pk, task_id=task.pk, today=TODAY)

    assert (first, second) == (len(support.STANDARD_TASKS), 0)
    assert track.support_tasks.get(pk=task.pk).done_on == TODAY
    with pytest.raises(ApplicationError):
        support.complete_support_task(user=chain.worker, track_id=track.pk, task_id=task.pk)


def test_delivered_court_dates_become_steps_once(chain: Chain) -> None:
    signal = chain.case.signals.get()
    signal.summons_date, signal.judgment_date = dt.date(2026, 9, 1), dt.date(2026, 10, 6)
    signal.save()
    period = period_of(signal.period)

    first = record_court_dates_from_signals(municipality=chain.municipality, period=period)
    again = record_court_dates_from_signals(municipality=chain.municipality, period=period)
    signal.eviction_date = dt.date(2026, 12, 10)
    signal.save()
    later = record_court_dates_from_signals(municipality=chain.municipality, period=period)

    assert (first.tracks_created, first.steps_recorded) == (1, 2)
    assert (again.steps_recorded, later.steps_recorded) == (0, 1)
    track = EvictionTrack.objects.get()
    assert (track.stage, track.eviction_on, track.landlord) == (
        CourtStage.SCHEDULED,
        dt.date(2026, 12, 10),
        chain.landlord,
    )
    assert set(CourtStep.objects.values_list("source", flat=True)) == {StepSource.DELIVERY}


def test_the_team_lead_sees_protected_households_with_an_eviction_soon(chain: Chain, client: Client) -> None:
    track = _track(chain)
    EvictionTrack.objects.filter(pk=track.pk).update(
        stage=CourtStage.SCHEDULED, eviction_on=timezone.localdate() + dt.timedelta(days=20), has_minors=True
    )
    client.force_login(chain.lead)

    lead_page = client.get(reverse("escalation:overview")).content.decode()
    client.force_login(chain.worker)
    worker_page = client.get(reverse("escalation:overview")).content.decode()

    assert 'id="nooit-op-straat-tabel"' in lead_page
    assert "Voorstraat 12" in lead_page
    assert "Nooit op straat" not in worker_page


def test_the_reminder_command_reminds_and_can_queue(chain: Chain) -> None:
    _granted(chain, dt.date(2026, 6, 1), dt.date(2026, 11, 30))
    out = io.StringIO()

    call_command("moratorium_reminders", "--today", "2026-11-20", stdout=out)
    call_command("moratorium_reminders", "--queue", stdout=out)

    assert "1 moratorium" in out.getvalue()
    assert len(mail.outbox) == 1


def test_viewing_households_records_their_cases_in_the_audit_trail(chain: Chain, client: Client) -> None:
    track = _track(chain)
    client.force_login(chain.lead)

    client.get(reverse("escalation:overview"))
    client.get(reverse("escalation:track", args=[track.pk]))

    viewed = AuditEvent.objects.filter(action="view", actor=chain.lead).order_by("id")
    assert [(event.subject_type, event.case_ids) for event in viewed] == [
        ("eviction_track_list", [chain.case.pk]),
        ("eviction_track", [chain.case.pk]),
    ]
    assert all(event.municipality_code == "0505" for event in viewed)
