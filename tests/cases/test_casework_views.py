"""The case page's forms: a case worker records an attempt and closes the case in the browser's way."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from eropaf.accounts.models import Team
from eropaf.accounts.roles import Role
from eropaf.cases.models import Case, QueueProtocol
from eropaf.cases.workflow import CaseState
from eropaf.core.vocabularies import PartnerType
from eropaf.intake.models import Signal
from tests.factories import DistrictFactory, TeamFactory, make_case_with_signal, make_user_with_role

pytestmark = pytest.mark.django_db


def team_of(case: Case) -> Team:
    assert case.team is not None
    return case.team


@pytest.fixture
def case() -> Case:
    case = make_case_with_signal(
        team=TeamFactory.create(), case_fields={"state": CaseState.QUEUED, "queue": "huisbezoek"}
    )
    QueueProtocol.objects.create(municipality=case.municipality, queue="huisbezoek", protocol="haarlem")
    return case


def _attempt(client: Client, case: Case, **fields: str) -> str:
    moment = timezone.localtime() - dt.timedelta(hours=1)
    data = {
        "soort": "phone",
        "datum": moment.date().isoformat(),
        "tijd": moment.strftime("%H:%M"),
        "bereikt": "nee",
    }
    response = client.post(reverse("cases:record-attempt", args=[case.pk]), {**data, **fields}, follow=True)
    return response.content.decode()


def test_the_case_page_shows_the_protocol_checklist_and_the_forms(client: Client, case: Case) -> None:
    client.force_login(make_user_with_role(Role.CASE_WORKER, team=case.team))
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Minstens 2 huisbezoeken op verschillende dagen of dagdelen" in page
    assert 'id="contactpoging"' in page
    assert 'id="afsluiten"' in page


def test_recording_an_attempt_through_the_form(client: Client, case: Case) -> None:
    client.force_login(make_user_with_role(Role.CASE_WORKER, team=case.team))
    page = _attempt(client, case, notitie="Voicemail ingesproken")
    assert "Voicemail ingesproken" in page
    assert "1/2" in page  # one of the two calls
    case.refresh_from_db()
    assert case.state == CaseState.IN_PROGRESS


def test_a_broken_attempt_comes_back_with_its_errors(client: Client, case: Case) -> None:
    client.force_login(make_user_with_role(Role.CASE_WORKER, team=case.team))
    response = client.post(reverse("cases:record-attempt", args=[case.pk]), {"soort": "telepathie"})
    assert response.status_code == 400
    assert not case.contact_attempts.exists()


def test_closing_as_unreachable_too_early_shows_what_is_missing(client: Client, case: Case) -> None:
    client.force_login(make_user_with_role(Role.CASE_WORKER, team=case.team))
    response = client.post(reverse("cases:close", args=[case.pk]), {"resultaat": "no_contact"})
    assert response.status_code == 400
    assert "Minstens 2 keer bellen (nog 2)" in response.content.decode()
    case.refresh_from_db()
    assert case.state == CaseState.QUEUED


def test_closing_with_help_accepted(client: Client, case: Case) -> None:
    client.force_login(make_user_with_role(Role.CASE_WORKER, team=case.team))
    response = client.post(
        reverse("cases:close", args=[case.pk]),
        {
            "resultaat": "follow_up_help",
            "hulp": "complex",
            "verwijzing": "neighbourhood_team",
            "ontvangend_team": "Wijkteam Oost",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Wijkteam Oost" in page
    case.refresh_from_db()
    assert (case.state, case.outcome, case.referral) == (
        CaseState.CLOSED,
        "follow_up_help",
        "neighbourhood_team",
    )


@pytest.mark.parametrize("role", [Role.POLICY_OFFICER, Role.PARTNER_USER, Role.NEIGHBOURHOOD_TEAM_WORKER])
def test_others_cannot_post_attempts(client: Client, case: Case, role: Role) -> None:
    team = case.team if role == Role.NEIGHBOURHOOD_TEAM_WORKER else None
    client.force_login(make_user_with_role(role, team=team) if team else make_user_with_role(role))
    response = client.post(reverse("cases:record-attempt", args=[case.pk]), {"soort": "phone"})
    assert response.status_code in {403, 404}
    assert not case.contact_attempts.exists()


def test_a_worker_of_another_team_gets_not_found(client: Client, case: Case) -> None:
    client.force_login(make_user_with_role(Role.CASE_WORKER, team=TeamFactory.create()))
    assert "Voicemail" not in _attempt(client, case, notitie="Voicemail")
    assert not case.contact_attempts.exists()


def test_the_case_page_lists_the_households_other_cases_of_the_own_teams(client: Client, case: Case) -> None:
    from eropaf.core.periods import shift_months  # noqa: PLC0415 — only this test needs it

    earlier = make_case_with_signal(
        team=team_of(case),
        period=shift_months(case.period, -3),
        case_fields={"state": CaseState.CLOSED, "outcome": "no_contact"},
    )
    Case.objects.filter(pk=earlier.pk).update(address_key=case.address_key)
    elsewhere = make_case_with_signal(
        team=TeamFactory.create(municipality=case.municipality), period=shift_months(case.period, -1)
    )
    Case.objects.filter(pk=elsewhere.pk).update(address_key=case.address_key)
    client.force_login(make_user_with_role(Role.CASE_WORKER, team=case.team))

    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()

    assert reverse("cases:detail", args=[earlier.pk]) in page
    assert "Definitief geen contact kunnen krijgen" in page
    assert reverse("cases:detail", args=[elsewhere.pk]) not in page  # another team's case stays hidden


def test_the_case_list_filters_on_work_queue_priority_and_overdue(client: Client, case: Case) -> None:
    today = timezone.localdate()
    urgent = make_case_with_signal(
        team=team_of(case),
        surname="Spoedig",
        case_fields={
            "state": CaseState.QUEUED,
            "queue": "telefoon",
            "priority": "high",
            "due_on": today - dt.timedelta(days=2),
        },
    )
    Case.objects.filter(pk=case.pk).update(due_on=today + dt.timedelta(days=10), priority="normal")
    client.force_login(make_user_with_role(Role.CASE_WORKER, team=case.team))

    def shown(query: str) -> set[int]:
        page = client.get(reverse("cases:list") + query).content.decode()
        return {pk for pk in (case.pk, urgent.pk) if f'href="{reverse("cases:detail", args=[pk])}"' in page}

    assert shown("") == {case.pk, urgent.pk}
    assert shown("?werkbak=huisbezoek") == {case.pk}
    assert shown("?prioriteit=high") == {urgent.pk}
    assert shown("?te_laat=1") == {urgent.pk}
    assert 'option value="telefoon"' in client.get(reverse("cases:list")).content.decode()


def test_the_case_list_filters_on_classification_district_and_partner_type_and_sorts(
    client: Client, case: Case
) -> None:
    district = DistrictFactory.create(municipality=case.municipality, code="N", name="Noord")
    energy = make_case_with_signal(
        team=team_of(case),
        surname="Stroom",
        signal_type=PartnerType.ENERGY,
        amount_cents=990_000,
        case_fields={
            "state": CaseState.QUEUED,
            "is_multiple": True,
            "district": district,
            "priority": "urgent",
            "opened_on": case.opened_on - dt.timedelta(days=3),
        },
    )
    Case.objects.filter(pk=case.pk).update(priority="low", total_amount_cents=10_000)
    Signal.objects.filter(case_link__case=case).update(signal_type=PartnerType.RENT)
    client.force_login(make_user_with_role(Role.CASE_WORKER, team=case.team))

    def shown(query: str) -> list[int]:
        page = client.get(reverse("cases:list") + query).content.decode()
        found = {pk: page.find(f'href="{reverse("cases:detail", args=[pk])}"') for pk in (case.pk, energy.pk)}
        return sorted((pk for pk, at in found.items() if at >= 0), key=found.__getitem__)

    assert shown("?klasse=is_multiple") == [energy.pk]
    assert shown("?wijk=N") == [energy.pk]
    assert shown("?soort=energy") == [energy.pk]
    assert shown("?soort=rent") == [case.pk]
    assert shown("?sorteer=bedrag") == [energy.pk, case.pk]
    assert shown("?sorteer=prioriteit") == [energy.pk, case.pk]
    assert shown("?sorteer=nieuwste") == [case.pk, energy.pk]
    assert 'option value="N"' in client.get(reverse("cases:list")).content.decode()


def test_the_overdue_list_spans_every_month(client: Client, case: Case) -> None:
    from eropaf.core.periods import shift_months  # noqa: PLC0415 — only this test needs it

    today = timezone.localdate()
    old = make_case_with_signal(
        team=team_of(case),
        period=shift_months(case.period, -2),
        case_fields={"state": CaseState.IN_PROGRESS, "due_on": today - dt.timedelta(days=40)},
    )
    closed = make_case_with_signal(
        team=team_of(case),
        period=shift_months(case.period, -2),
        case_fields={
            "state": CaseState.CLOSED,
            "outcome": "no_contact",
            "due_on": today - dt.timedelta(days=40),
        },
    )
    Case.objects.filter(pk=case.pk).update(due_on=today + dt.timedelta(days=10))
    client.force_login(make_user_with_role(Role.CASE_WORKER, team=case.team))

    page = client.get(reverse("cases:list") + "?te_laat=1").content.decode()

    assert "Te late zaken van alle maanden" in page
    assert reverse("cases:detail", args=[old.pk]) in page
    assert reverse("cases:detail", args=[closed.pk]) not in page
    assert reverse("cases:detail", args=[case.pk]) not in page


def test_a_team_lead_ticks_cases_in_the_list_and_assigns_them(client: Client, case: Case) -> None:
    lead = make_user_with_role(Role.TEAM_LEAD, team=case.team)
    worker = make_user_with_role(Role.CASE_WORKER, team=case.team)
    client.force_login(lead)
    page = client.get(reverse("cases:list")).content.decode()
    assert 'id="toewijzen"' in page
    assert f'name="zaak" value="{case.pk}"' in page

    response = client.post(
        reverse("cases:assign"), {"zaak": [case.pk], "behandelaar": worker.pk}, follow=True
    )

    assert "1 zaak is toegewezen." in response.content.decode()
    case.refresh_from_db()
    assert case.assigned_to == worker


def test_a_case_worker_has_no_assignment_form(client: Client, case: Case) -> None:
    client.force_login(make_user_with_role(Role.CASE_WORKER, team=case.team))
    assert 'id="toewijzen"' not in client.get(reverse("cases:list")).content.decode()
    assert client.post(reverse("cases:assign"), {"zaak": [case.pk], "behandelaar": 1}).status_code == 403
