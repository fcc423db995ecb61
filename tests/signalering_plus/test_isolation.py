"""Who sees Signalering+: workers and leads of the responsible team only; others get a 404 for
its ids, partner users nothing at all, and only team leads run the consultations."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from eropaf.accounts.models import Team, User
from eropaf.accounts.roles import Role
from eropaf.core.errors import InvalidTransition, NotPermitted
from eropaf.organisations.models import Partner
from eropaf.signalering_plus import services
from eropaf.signalering_plus.models import Admission, AgendaItem, Consultation, ExtraAction
from eropaf.signalering_plus.rules import ActionKind, DecisionKind
from tests.factories import MunicipalityFactory, PartnerFactory, TeamFactory, make_user_with_role
from tests.signalering_plus.conftest import make_rent_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(
    team: Team, corporation: Partner, lead: User
) -> tuple[Consultation, AgendaItem, Admission, ExtraAction]:
    proposed = make_rent_case(team=team, partner=corporation, surname="Visser")
    admitted = make_rent_case(team=team, partner=corporation, surname="Smits", house_number=700)
    first = services.plan_consultation(
        user=lead,
        team_id=team.pk,
        corporation_id=corporation.pk,
        held_on=timezone.localdate(),
        contact_person="",
    )
    item = services.record_decision(
        user=lead, item_id=first.items.get(case=admitted).pk, decision=DecisionKind.ADMIT
    )
    assert item.admission is not None
    action = services.add_action(
        user=lead,
        admission_id=item.admission.pk,
        kind=ActionKind.CARE_CONFERENCE,
        due_on=timezone.localdate(),
        owner_party="GGD",
    )
    open_item = first.items.get(case=proposed)
    return first, open_item, item.admission, action


def urls(world: tuple[Consultation, AgendaItem, Admission, ExtraAction]) -> list[tuple[str, str]]:
    consultation, item, admission, action = world
    return [
        ("get", reverse("signalering_plus:consultation", args=[consultation.pk])),
        ("get", reverse("signalering_plus:admission", args=[admission.pk])),
        ("post", reverse("signalering_plus:consultation-refresh", args=[consultation.pk])),
        ("post", reverse("signalering_plus:decide", args=[item.pk])),
        ("post", reverse("signalering_plus:action-create", args=[admission.pk])),
        ("post", reverse("signalering_plus:action-done", args=[action.pk])),
    ]


@pytest.mark.parametrize("role", [Role.TEAM_LEAD, Role.CASE_WORKER])
@pytest.mark.parametrize("where", ["other team", "other municipality"])
def test_other_teams_get_404_for_every_id(
    client: Client,
    world: tuple[Consultation, AgendaItem, Admission, ExtraAction],
    team: Team,
    role: Role,
    where: str,
) -> None:
    municipality = team.municipality if where == "other team" else MunicipalityFactory.create()
    client.force_login(make_user_with_role(role, team=TeamFactory.create(municipality=municipality)))
    for method, url in urls(world):
        response = getattr(client, method)(url)
        expected = (
            403 if role is Role.CASE_WORKER and url.endswith(("besluit/", "agenda-aanvullen/")) else 404
        )
        assert response.status_code == expected, url


def test_other_teams_see_no_candidates_or_actions(
    client: Client, world: tuple[Consultation, AgendaItem, Admission, ExtraAction], team: Team
) -> None:
    client.force_login(
        make_user_with_role(Role.TEAM_LEAD, team=TeamFactory.create(municipality=team.municipality))
    )
    for name in ("signalering_plus:overview", "signalering_plus:actions"):
        page = client.get(reverse(name)).content.decode()
        assert "Visser" not in page
        assert "Smits" not in page
        assert "Ginnekenweg" not in page


def test_partner_users_see_nothing(
    client: Client, world: tuple[Consultation, AgendaItem, Admission, ExtraAction], corporation: Partner
) -> None:
    client.force_login(make_user_with_role(Role.PARTNER_USER, partner=corporation))
    assert client.get(reverse("signalering_plus:overview")).status_code == 403
    for method, url in urls(world):
        assert getattr(client, method)(url).status_code == 403, url


def test_case_workers_do_not_decide_or_plan(
    world: tuple[Consultation, AgendaItem, Admission, ExtraAction],
    worker: User,
    team: Team,
    corporation: Partner,
) -> None:
    _consultation, item, _admission, _action = world
    with pytest.raises(NotPermitted):
        services.record_decision(user=worker, item_id=item.pk, decision=DecisionKind.STOP, note="Geen grond")
    with pytest.raises(NotPermitted):
        services.plan_consultation(
            user=worker,
            team_id=team.pk,
            corporation_id=corporation.pk,
            held_on=timezone.localdate(),
            contact_person="",
        )


def test_a_lead_cannot_plan_with_a_corporation_of_another_municipality(
    team: Team, lead: User, corporation: Partner
) -> None:
    elsewhere = PartnerFactory.create(municipalities=[MunicipalityFactory.create()])
    with pytest.raises(InvalidTransition, match="woningcorporatie"):
        services.plan_consultation(
            user=lead,
            team_id=team.pk,
            corporation_id=elsewhere.pk,
            held_on=timezone.localdate(),
            contact_person="",
        )
    assert corporation.signalering_consultations.count() == 0


def test_workers_of_the_team_see_the_pages(
    client: Client, world: tuple[Consultation, AgendaItem, Admission, ExtraAction], worker: User
) -> None:
    client.force_login(worker)
    for method, url in urls(world)[:2]:
        assert getattr(client, method)(url).status_code == 200, url
