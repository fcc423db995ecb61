"""The administrator's two questions in the admin: who processed person X (by BSN), and what did
user Y export. The person search is itself recorded, with the cases found and without the BSN."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from eropaf.accounts.models import User
from eropaf.accounts.roles import Role
from eropaf.audit.models import AuditAction, AuditEvent
from eropaf.audit.services import record_audit_event
from eropaf.cases.models import Case
from eropaf.organisations.models import Municipality
from tests.factories import (
    MunicipalityFactory,
    TeamFactory,
    make_case_with_signal,
    make_superuser,
    make_user_with_role,
)

pytestmark = pytest.mark.django_db

BSN = "111222333"
OTHER_BSN = "999990019"
SEARCH_URL = "admin:audit_auditevent_person_search"
LIST_URL = "admin:audit_auditevent_changelist"


def _view(user: User, case: Case) -> AuditEvent:
    return record_audit_event(
        actor=user,
        action=AuditAction.VIEW,
        subject_type="case",
        subject_id=case.pk,
        municipality_code=case.municipality.code,
        case_ids=[case.pk],
        signal_ids=[signal.pk for signal in case.signals.all()],
    )


def _listed(client: Client, query: str) -> list[AuditEvent]:
    response = client.get(f"{reverse(LIST_URL)}?{query}")
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def _search(client: Client, bsn: str) -> str:
    response = client.post(reverse(SEARCH_URL), {"bsn": bsn})
    assert response.status_code == 302, response.content.decode()[:500]
    return response["Location"]


def _administrator(municipality: Municipality) -> User:
    user = make_user_with_role(Role.ADMINISTRATOR, municipality=municipality)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


def test_who_processed_a_person_lists_the_events_of_their_cases_and_records_the_search(
    client: Client,
) -> None:
    team = TeamFactory.create(municipality__code="0599")
    case = make_case_with_signal(team=team, bsn=BSN)
    other = make_case_with_signal(team=team, bsn=OTHER_BSN)
    first = make_user_with_role(Role.CASE_WORKER, team=team, username="eerste")
    second = make_user_with_role(Role.CASE_WORKER, team=team, username="tweede")
    seen_by_first = _view(first, case)
    signal_only = record_audit_event(
        actor=second,
        action=AuditAction.UPDATE,
        subject_type="signal",
        signal_ids=[case.signals.get().pk],
    )
    _view(second, other)
    admin = make_superuser(username="beheerder")
    client.force_login(admin)

    location = _search(client, "111 222 333")

    search = AuditEvent.objects.get(action=AuditAction.SEARCH)
    assert search.actor_id == admin.pk
    assert search.case_ids == [case.pk]
    assert search.signal_ids == [case.signals.get().pk]
    stored = " ".join([search.description, search.subject_type, search.subject_id, str(search.case_ids)])
    assert BSN not in stored
    assert BSN not in location
    query = urlsplit(location).query
    assert parse_qs(query) == {"person": [str(search.pk)]}
    assert set(_listed(client, query)) == {seen_by_first, signal_only}


def test_an_earlier_search_for_the_person_shows_up_too(client: Client) -> None:
    case = make_case_with_signal(team=TeamFactory.create(), bsn=BSN)
    client.force_login(make_superuser(username="eerste-beheerder"))
    _search(client, BSN)
    earlier = AuditEvent.objects.get(action=AuditAction.SEARCH)
    client.force_login(make_superuser(username="tweede-beheerder"))

    query = urlsplit(_search(client, BSN)).query

    assert _listed(client, query) == [earlier]
    assert case.pk in earlier.case_ids


@pytest.mark.parametrize("bsn", ["12345678", "111222334", "BSN"])
def test_an_invalid_bsn_is_refused_and_nothing_is_recorded(client: Client, bsn: str) -> None:
    client.force_login(make_superuser())

    response = client.post(reverse(SEARCH_URL), {"bsn": bsn})

    assert response.status_code == 200
    assert "elfproef" in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.SEARCH).exists()


def test_a_bsn_nobody_carries_finds_nothing_and_is_still_recorded(client: Client) -> None:
    make_case_with_signal(team=TeamFactory.create(), bsn=OTHER_BSN)
    client.force_login(make_superuser())

    query = urlsplit(_search(client, BSN)).query

    assert _listed(client, query) == []
    search = AuditEvent.objects.get(action=AuditAction.SEARCH)
    assert (search.case_ids, search.signal_ids) == ([], [])


def test_what_did_a_user_export(client: Client) -> None:
    team = TeamFactory.create()
    case = make_case_with_signal(team=team, bsn=BSN)
    exporter = make_user_with_role(Role.TEAM_LEAD, team=team, username="exporteur")
    colleague = make_user_with_role(Role.TEAM_LEAD, team=team, username="exporteur2")
    export = record_audit_event(
        actor=exporter, action=AuditAction.EXPORT, subject_type="ddas_delivery", case_ids=[case.pk]
    )
    _view(exporter, case)
    record_audit_event(actor=colleague, action=AuditAction.EXPORT, subject_type="ddas_delivery")
    client.force_login(make_superuser())

    assert _listed(client, "actor=exporteur&action__exact=export") == [export]
    page = client.get(f"{reverse(LIST_URL)}?actor=exporteur&action__exact=export").content.decode()
    assert 'name="actor" value="exporteur"' in page
    assert 'name="action__exact" value="export"' in page


def test_a_functional_administrator_searches_only_their_municipality(client: Client) -> None:
    own_team = TeamFactory.create(municipality=MunicipalityFactory.create(code="0505"))
    other_team = TeamFactory.create(municipality=MunicipalityFactory.create(code="0642"))
    own_case = make_case_with_signal(team=own_team, bsn=BSN)
    moved_case = make_case_with_signal(team=other_team, bsn=BSN)
    worker = make_user_with_role(Role.CASE_WORKER, team=own_team)
    elsewhere = make_user_with_role(Role.CASE_WORKER, team=other_team)
    own_view = _view(worker, own_case)
    _view(elsewhere, moved_case)
    client.force_login(_administrator(own_team.municipality))

    query = urlsplit(_search(client, BSN)).query

    search = AuditEvent.objects.get(action=AuditAction.SEARCH)
    assert search.case_ids == [own_case.pk]
    assert search.municipality_code == "0505"
    assert _listed(client, query) == [own_view]
    assert set(_listed(client, "")) == {own_view, search}


def test_an_administrator_cannot_reuse_someone_elses_search(client: Client) -> None:
    team = TeamFactory.create()
    case = make_case_with_signal(team=team, bsn=BSN)
    _view(make_user_with_role(Role.CASE_WORKER, team=team), case)
    client.force_login(_administrator(team.municipality))
    _search(client, BSN)
    own_search = AuditEvent.objects.get(action=AuditAction.SEARCH)
    client.force_login(_administrator(team.municipality))

    assert _listed(client, f"person={own_search.pk}") == []


@pytest.mark.parametrize("role", [Role.CASE_WORKER, Role.POLICY_OFFICER, None])
def test_other_staff_may_not_read_or_search_the_trail(client: Client, role: Role | None) -> None:
    team = TeamFactory.create()
    make_case_with_signal(team=team, bsn=BSN)
    user = make_user_with_role(role, team=team) if role else make_superuser()
    if role is None:
        user.is_superuser = False
    user.is_staff = True
    user.save()
    client.force_login(user)

    assert client.get(reverse(LIST_URL)).status_code == 403
    assert client.post(reverse(SEARCH_URL), {"bsn": BSN}).status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.SEARCH).exists()
