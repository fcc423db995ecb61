"""The extra actions agreed with the corporation: owner, due date, done date, overdue."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from eropaf.accounts.models import Team, User
from eropaf.accounts.roles import Role
from eropaf.audit.models import AuditEvent
from eropaf.core.errors import InvalidTransition
from eropaf.organisations.models import Partner
from eropaf.signalering_plus import services
from eropaf.signalering_plus.models import Admission, ExtraAction
from eropaf.signalering_plus.rules import ActionKind, DecisionKind
from eropaf.signalering_plus.selectors import open_actions_per_owner
from tests.factories import TeamFactory, make_user_with_role
from tests.signalering_plus.conftest import make_rent_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def admission(team: Team, corporation: Partner, lead: User) -> Admission:
    make_rent_case(team=team, partner=corporation, surname="Visser")
    consultation = services.plan_consultation(
        user=lead,
        team_id=team.pk,
        corporation_id=corporation.pk,
        held_on=timezone.localdate(),
        contact_person="",
    )
    item = services.record_decision(
        user=lead, item_id=consultation.items.get().pk, decision=DecisionKind.ADMIT
    )
    assert item.admission is not None
    return item.admission


def test_an_action_with_a_colleague_as_owner(admission: Admission, worker: User) -> None:
    due = timezone.localdate() + dt.timedelta(days=7)
    action = services.add_action(
        user=worker,
        admission_id=admission.pk,
        kind=ActionKind.THREE_WAY_CONVERSATION,
        due_on=due,
        owner_id=worker.pk,
    )
    assert (action.owner, action.owner_party, action.due_on, action.done_on) == (worker, "", due, None)
    assert action.agreed_on == timezone.localdate()
    assert AuditEvent.objects.filter(
        subject_type="signalering_action",
        subject_id=str(action.pk),
        description="Extra actie Signalering+ afgesproken: Uitnodiging driegesprek",
    ).exists()


def test_an_action_with_a_named_party_as_owner(admission: Admission, worker: User) -> None:
    action = services.add_action(
        user=worker,
        admission_id=admission.pk,
        kind=ActionKind.KNOWN_ELSEWHERE,
        due_on=timezone.localdate(),
        owner_party="Woonconsulent Baronie",
    )
    assert action.owner_label == "Woonconsulent Baronie"


def test_the_owner_must_work_in_the_responsible_team(admission: Admission, worker: User, team: Team) -> None:
    stranger = make_user_with_role(Role.CASE_WORKER, team=TeamFactory.create(municipality=team.municipality))
    with pytest.raises(InvalidTransition, match="verantwoordelijke team"):
        services.add_action(
            user=worker,
            admission_id=admission.pk,
            kind=ActionKind.CARE_CONFERENCE,
            due_on=timezone.localdate(),
            owner_id=stranger.pk,
        )
    with pytest.raises(InvalidTransition, match="één eigenaar"):
        services.add_action(
            user=worker,
            admission_id=admission.pk,
            kind=ActionKind.CARE_CONFERENCE,
            due_on=timezone.localdate(),
        )
    assert not ExtraAction.objects.exists()


def test_no_actions_after_the_household_left_signalering_plus(admission: Admission, worker: User) -> None:
    Admission.objects.filter(pk=admission.pk).update(ended_on=timezone.localdate())
    with pytest.raises(InvalidTransition):
        services.add_action(
            user=worker,
            admission_id=admission.pk,
            kind=ActionKind.OUTREACH_CARE,
            due_on=timezone.localdate(),
            owner_party="GGD",
        )


def test_marking_an_action_done(admission: Admission, worker: User) -> None:
    action = services.add_action(
        user=worker,
        admission_id=admission.pk,
        kind=ActionKind.COMBINED_HOME_VISITS,
        due_on=timezone.localdate(),
        owner_id=worker.pk,
    )
    with pytest.raises(InvalidTransition):
        services.complete_action(
            user=worker, action_id=action.pk, done_on=timezone.localdate() + dt.timedelta(days=1)
        )
    done = services.complete_action(user=worker, action_id=action.pk, done_on=timezone.localdate())
    assert done.done_on == timezone.localdate()
    assert done.completed_by == worker
    with pytest.raises(InvalidTransition, match="al gedaan"):
        services.complete_action(user=worker, action_id=action.pk, done_on=timezone.localdate())
    assert AuditEvent.objects.filter(
        subject_type="signalering_action", description__startswith="Extra actie Signalering+ gedaan"
    ).exists()


def test_open_actions_per_owner_with_overdue_marked(admission: Admission, worker: User, lead: User) -> None:
    today = timezone.localdate()
    late = services.add_action(
        user=worker,
        admission_id=admission.pk,
        kind=ActionKind.LOCAL_PARTNERS,
        due_on=today,
        owner_id=worker.pk,
    )
    services.add_action(
        user=worker,
        admission_id=admission.pk,
        kind=ActionKind.CARE_CONFERENCE,
        due_on=today + dt.timedelta(days=30),
        owner_party="Wijkteam Noord",
    )
    finished = services.add_action(
        user=worker, admission_id=admission.pk, kind=ActionKind.OUTREACH_CARE, due_on=today, owner_id=lead.pk
    )
    services.complete_action(user=worker, action_id=finished.pk, done_on=today)

    owners = open_actions_per_owner(user=worker, today=today + dt.timedelta(days=3))

    assert [(group.owner, group.is_me, [row.action.kind for row in group.rows]) for group in owners] == [
        (worker.get_full_name(), True, [ActionKind.LOCAL_PARTNERS]),
        ("Wijkteam Noord", False, [ActionKind.CARE_CONFERENCE]),
    ]
    assert [row.is_overdue for group in owners for row in group.rows] == [True, False]
    assert owners[0].rows[0].action == late


def test_the_actions_page_marks_overdue_and_filters_mine(
    client: Client, admission: Admission, worker: User
) -> None:
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    services.add_action(
        user=worker,
        admission_id=admission.pk,
        kind=ActionKind.LOCAL_PARTNERS,
        due_on=yesterday,
        owner_id=worker.pk,
    )
    services.add_action(
        user=worker,
        admission_id=admission.pk,
        kind=ActionKind.CARE_CONFERENCE,
        due_on=yesterday,
        owner_party="Wijkteam Noord",
    )
    client.force_login(worker)
    page = client.get(reverse("signalering_plus:actions")).content.decode()
    assert "Lokale partners inschakelen (gemeente houdt regie)" in page
    assert "te laat" in page
    assert "Wijkteam Noord" in page
    mine = client.get(reverse("signalering_plus:actions") + "?mijn=1").content.decode()
    assert "Wijkteam Noord" not in mine


def test_adding_and_completing_through_the_pages(client: Client, admission: Admission, worker: User) -> None:
    client.force_login(worker)
    due = timezone.localdate() + dt.timedelta(days=5)
    response = client.post(
        reverse("signalering_plus:action-create", args=[admission.pk]),
        {"actie": "three_way_conversation", "eigenaar": str(worker.pk), "uiterlijk": due.isoformat()},
        follow=True,
    )
    assert "De actie is vastgelegd." in response.content.decode()
    action = ExtraAction.objects.get()

    both = client.post(
        reverse("signalering_plus:action-create", args=[admission.pk]),
        {
            "actie": "care_conference",
            "eigenaar": str(worker.pk),
            "andere_partij": "GGD",
            "uiterlijk": due.isoformat(),
        },
    )
    assert both.status_code == 400
    assert "Kies één eigenaar" in both.content.decode()

    done = client.post(
        reverse("signalering_plus:action-done", args=[action.pk]),
        {"datum": timezone.localdate().isoformat(), "terug": "acties"},
    )
    assert done["Location"] == reverse("signalering_plus:actions")
    action.refresh_from_db()
    assert action.done_on == timezone.localdate()


def test_the_open_actions_page_is_recorded_with_the_households_cases(
    client: Client, admission: Admission, worker: User
) -> None:
    services.add_action(
        user=worker,
        admission_id=admission.pk,
        kind=ActionKind.CARE_CONFERENCE,
        due_on=timezone.localdate(),
        owner_id=worker.pk,
    )
    client.force_login(worker)

    client.get(reverse("signalering_plus:actions"))

    viewed = AuditEvent.objects.get(subject_type="signalering_actions", actor=worker)
    assert viewed.case_ids == [admission.case_id]
