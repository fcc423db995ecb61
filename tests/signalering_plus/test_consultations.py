"""The monthly consultation: its generated agenda, the decisions and what admitting does."""

import datetime as dt

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from eropaf.accounts.models import Team, User
from eropaf.audit.models import AuditEvent
from eropaf.cases.casework import protocol_of
from eropaf.cases.models import Case, QueueProtocol
from eropaf.cases.workflow import CaseState
from eropaf.core.errors import InvalidTransition
from eropaf.core.vocabularies import ContactKind, Outcome
from eropaf.escalation.court import CourtStepKind
from eropaf.escalation.models import StepSource
from eropaf.escalation.services import record_court_step, track_for_case
from eropaf.organisations.models import Partner
from eropaf.signalering_plus import services
from eropaf.signalering_plus.models import Admission, AgendaItem, Consultation
from eropaf.signalering_plus.rules import AgendaKind, DecisionKind
from tests.factories import ContactAttemptFactory, PartnerFactory
from tests.signalering_plus.conftest import make_rent_case

pytestmark = pytest.mark.django_db


def plan(lead: User, team: Team, corporation: Partner, *, on: dt.date | None = None) -> Consultation:
    return services.plan_consultation(
        user=lead,
        team_id=team.pk,
        corporation_id=corporation.pk,
        held_on=on or timezone.localdate(),
        contact_person="Mevrouw De Wit",
    )


def item_of(consultation: Consultation, case: Case) -> AgendaItem:
    return consultation.items.get(case=case)


def admit(lead: User, team: Team, corporation: Partner, case: Case) -> Admission:
    consultation = plan(lead, team, corporation)
    item = services.record_decision(
        user=lead, item_id=item_of(consultation, case).pk, decision=DecisionKind.ADMIT
    )
    assert item.admission is not None
    return item.admission


def test_planning_generates_the_agenda_of_the_corporation(
    team: Team, corporation: Partner, lead: User
) -> None:
    candidate = make_rent_case(team=team, partner=corporation, surname="Visser")
    alwel = PartnerFactory.create(name="Alwel", municipalities=[team.municipality])
    other_corporation = make_rent_case(team=team, partner=alwel, surname="Bakker", house_number=500)
    consultation = plan(lead, team, corporation)
    assert [(item.case_id, item.kind, item.reason) for item in consultation.items.all()] == [
        (candidate.pk, AgendaKind.CANDIDATE, "no_contact")
    ]
    assert not consultation.items.filter(case=other_corporation).exists()
    assert consultation.municipality == team.municipality
    assert AuditEvent.objects.filter(
        subject_type="signalering_consultation", subject_id=str(consultation.pk), action="create"
    ).exists()


def test_running_admissions_come_on_the_next_agenda(team: Team, corporation: Partner, lead: User) -> None:
    case = make_rent_case(team=team, partner=corporation)
    admission = admit(lead, team, corporation, case)
    following = plan(lead, team, corporation)
    item = item_of(following, case)
    assert item.kind == AgendaKind.ADMITTED
    assert item.admission == admission


def test_the_agenda_shows_status_protocol_progress_and_court_dates(
    client: Client, team: Team, corporation: Partner, lead: User
) -> None:
    case = make_rent_case(team=team, partner=corporation, surname="Visser")
    admit(lead, team, corporation, case)
    ContactAttemptFactory.create(case=case, kind=ContactKind.LETTER)
    with transaction.atomic():
        track = track_for_case(case)
    record_court_step(
        track_id=track.pk,
        kind=CourtStepKind.SUMMONS,
        on=dt.date(2025, 2, 3),
        source=StepSource.STAFF,
        user=lead,
    )
    record_court_step(
        track_id=track.pk,
        kind=CourtStepKind.JUDGMENT,
        on=dt.date(2025, 3, 4),
        source=StepSource.STAFF,
        user=lead,
    )
    record_court_step(
        track_id=track.pk,
        kind=CourtStepKind.EVICTION_DATE,
        on=dt.date(2025, 4, 15),
        source=StepSource.STAFF,
        user=lead,
    )
    consultation = plan(lead, team, corporation)
    client.force_login(lead)

    page = client.get(reverse("signalering_plus:consultation", args=[consultation.pk])).content.decode()

    assert "Jan Visser" in page
    assert "Mevrouw De Wit" in page
    assert "In werkbak" in page  # the case's state
    assert "Signalering+ (Breda)" in page  # the protocol of the Signalering+ queue
    assert "Een brief" in page
    assert "1/1" in page
    assert "Minstens 2 huisbezoeken" in page
    assert "Ontruiming gepland" in page
    assert "15 april 2025" in page
    assert "3 februari 2025: Dagvaarding" in page
    assert "4 maart 2025: Vonnis" in page
    assert AuditEvent.objects.filter(
        subject_type="signalering_consultation", action="view", case_ids=[case.pk]
    ).exists()


def test_admitting_puts_the_case_on_the_signalering_plus_protocol(
    team: Team, corporation: Partner, lead: User
) -> None:
    case = make_rent_case(team=team, partner=corporation)
    QueueProtocol.objects.create(municipality=team.municipality, queue="huisbezoek", protocol="haarlem")
    consultation = plan(lead, team, corporation)

    services.record_decision(user=lead, item_id=item_of(consultation, case).pk, decision=DecisionKind.ADMIT)

    case.refresh_from_db()
    assert case.queue == "signalering_plus"
    assert QueueProtocol.objects.get(municipality=team.municipality, queue="signalering_plus").protocol == (
        "signalering-plus"
    )
    progress = protocol_of(case)
    assert progress is not None
    assert progress.protocol.key == "signalering-plus"
    admission = Admission.objects.get(case=case)
    assert admission.admitted_on == consultation.held_on
    assert admission.is_running
    descriptions = set(
        AuditEvent.objects.filter(case_ids=[case.pk], action__in=["create", "update"]).values_list(
            "description", flat=True
        )
    )
    assert {
        "Besluit in Signalering+-overleg: Opnemen in Signalering+",
        "Huishouden opgenomen in Signalering+",
        "Zaak in de werkbak Signalering+ gezet (protocol Signalering+)",
    } <= descriptions


def test_admitting_corrects_a_queue_mapped_to_another_protocol(
    team: Team, corporation: Partner, lead: User
) -> None:
    QueueProtocol.objects.create(municipality=team.municipality, queue="signalering_plus", protocol="haarlem")
    case = make_rent_case(team=team, partner=corporation)
    admit(lead, team, corporation, case)
    assert QueueProtocol.objects.get(municipality=team.municipality, queue="signalering_plus").protocol == (
        "signalering-plus"
    )


@pytest.mark.parametrize("decision", [DecisionKind.DONE_CONTACT, DecisionKind.DONE_HELP, DecisionKind.STOP])
def test_done_and_stop_end_the_admission(
    team: Team, corporation: Partner, lead: User, decision: DecisionKind
) -> None:
    case = make_rent_case(team=team, partner=corporation)
    admission = admit(lead, team, corporation, case)
    following = plan(lead, team, corporation)

    services.record_decision(
        user=lead, item_id=item_of(following, case).pk, decision=decision, note="Betalingsregeling loopt"
    )

    admission.refresh_from_db()
    assert admission.ended_on == following.held_on
    assert admission.end_decision == decision


@pytest.mark.parametrize(
    "decision", [DecisionKind.CONTINUE, DecisionKind.ESCALATE_CARE_DESK, DecisionKind.ESCALATE_COORDINATION]
)
def test_continue_and_escalations_are_recorded_and_keep_the_household_in(
    team: Team, corporation: Partner, lead: User, decision: DecisionKind
) -> None:
    case = make_rent_case(team=team, partner=corporation)
    admission = admit(lead, team, corporation, case)
    following = plan(lead, team, corporation)

    item = services.record_decision(
        user=lead, item_id=item_of(following, case).pk, decision=decision, note="Zorgen over de kinderen"
    )

    assert item.decision == decision
    assert item.decision_note == "Zorgen over de kinderen"
    assert item.decided_by == lead
    admission.refresh_from_db()
    assert admission.is_running


def test_a_decision_is_recorded_once(team: Team, corporation: Partner, lead: User) -> None:
    case = make_rent_case(team=team, partner=corporation)
    consultation = plan(lead, team, corporation)
    item = item_of(consultation, case)
    services.record_decision(user=lead, item_id=item.pk, decision=DecisionKind.CONTINUE)
    with pytest.raises(InvalidTransition):
        services.record_decision(user=lead, item_id=item.pk, decision=DecisionKind.ADMIT)
    assert not Admission.objects.exists()


def test_a_case_closed_after_the_agenda_was_made_is_not_admitted(
    team: Team, corporation: Partner, lead: User
) -> None:
    case = make_rent_case(team=team, partner=corporation)
    consultation = plan(lead, team, corporation)
    Case.objects.filter(pk=case.pk).update(state=CaseState.CLOSED, outcome=Outcome.NO_CONTACT)
    with pytest.raises(InvalidTransition):
        services.record_decision(
            user=lead, item_id=item_of(consultation, case).pk, decision=DecisionKind.ADMIT
        )
    case.refresh_from_db()
    assert case.queue == "huisbezoek"


def test_refreshing_adds_new_candidates_once(team: Team, corporation: Partner, lead: User) -> None:
    consultation = plan(lead, team, corporation)
    assert not consultation.items.exists()
    case = make_rent_case(team=team, partner=corporation)
    assert services.refresh_agenda(user=lead, consultation_id=consultation.pk) == 1
    assert services.refresh_agenda(user=lead, consultation_id=consultation.pk) == 0
    assert list(consultation.items.values_list("case_id", flat=True)) == [case.pk]


def test_deciding_through_the_page(client: Client, team: Team, corporation: Partner, lead: User) -> None:
    case = make_rent_case(team=team, partner=corporation)
    consultation = plan(lead, team, corporation)
    item = item_of(consultation, case)
    client.force_login(lead)

    refused = client.post(reverse("signalering_plus:decide", args=[item.pk]), {"besluit": "stop"})
    assert refused.status_code == 400
    assert "stoppen of opschalen vraagt een reden" in refused.content.decode()

    response = client.post(
        reverse("signalering_plus:decide", args=[item.pk]), {"besluit": "admit", "notitie": ""}, follow=True
    )
    assert "Het besluit is vastgelegd." in response.content.decode()
    assert Admission.objects.filter(case=case).exists()


def test_planning_through_the_page(client: Client, team: Team, corporation: Partner, lead: User) -> None:
    make_rent_case(team=team, partner=corporation)
    client.force_login(lead)
    response = client.post(
        reverse("signalering_plus:consultation-create"),
        {
            "team": team.pk,
            "woningcorporatie": corporation.pk,
            "datum": timezone.localdate().isoformat(),
            "contactpersoon": "Dhr. Peters",
        },
    )
    consultation = Consultation.objects.get()
    assert response["Location"] == reverse("signalering_plus:consultation", args=[consultation.pk])
    assert consultation.contact_person == "Dhr. Peters"
    assert consultation.items.count() == 1


def test_the_overview_lists_candidates_admissions_and_consultations(
    client: Client, team: Team, corporation: Partner, lead: User, worker: User
) -> None:
    proposed = make_rent_case(team=team, partner=corporation, surname="Visser")
    admitted = make_rent_case(team=team, partner=corporation, surname="Smits", house_number=700)
    admit(lead, team, corporation, admitted)
    client.force_login(worker)
    page = client.get(reverse("signalering_plus:overview")).content.decode()
    assert "Jan Visser" in page
    assert "Oplopende huurachterstand, nog geen contact" in page
    assert "Jan Smits" in page  # in Signalering+
    assert "Woonstichting Baronie" in page
    assert 'id="overleg-form"' not in page  # case workers do not plan consultations
    assert AuditEvent.objects.filter(subject_type="signalering_candidates", case_ids=[proposed.pk]).exists()
