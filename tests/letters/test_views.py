"""Making a letter from the case page and opening it: only for the case's own team, audited."""

import io
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from eropaf.accounts.roles import Role
from eropaf.audit.models import AuditEvent
from eropaf.cases.models import Case
from eropaf.cases.workflow import CaseState
from eropaf.letters.models import GeneratedLetter, LetterSender
from eropaf.organisations.models import Municipality
from tests.factories import TeamFactory, make_case_with_signal, make_user_with_role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("default_templates")]


@pytest.fixture
def case(make_sender: Callable[[Municipality], LetterSender]) -> Case:
    team = TeamFactory.create()
    make_sender(team.municipality)
    return make_case_with_signal(
        team=team,
        surname="Bakker",
        case_fields={
            "state": CaseState.QUEUED,
            "contact_plan": [{"kind": "letter", "letter_kind": "contactverzoek"}],
        },
    )


def test_the_case_page_offers_the_planned_letter(client: Client, case: Case) -> None:
    client.force_login(make_user_with_role(Role.CASE_WORKER, team=case.team))
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'id="brief-maken"' in page
    assert '<option value="offer_contact_request" selected>' in page


def test_a_worker_makes_the_letter_and_opens_it(client: Client, case: Case) -> None:
    worker = make_user_with_role(Role.CASE_WORKER, team=case.team)
    client.force_login(worker)

    page = client.post(
        reverse("letters:make", args=[case.pk]), {"soort": "offer"}, follow=True
    ).content.decode()

    letter = GeneratedLetter.objects.get(case=case)
    assert letter.title in page
    assert case.contact_attempts.filter(kind="letter").exists()
    response = client.get(reverse("letters:pdf", args=[letter.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Bakker" in text
    assert AuditEvent.objects.filter(subject_type="letter", subject_id=str(letter.pk), actor=worker).exists()


def test_an_unknown_kind_makes_nothing(client: Client, case: Case) -> None:
    client.force_login(make_user_with_role(Role.CASE_WORKER, team=case.team))
    client.post(reverse("letters:make", args=[case.pk]), {"soort": "liefdesbrief"})
    assert not GeneratedLetter.objects.exists()


def test_another_team_can_neither_make_nor_open_a_letter(client: Client, case: Case) -> None:
    client.force_login(make_user_with_role(Role.CASE_WORKER, team=case.team))
    client.post(reverse("letters:make", args=[case.pk]), {"soort": "offer"})
    letter = GeneratedLetter.objects.get()

    client.force_login(make_user_with_role(Role.CASE_WORKER, team=TeamFactory.create()))
    assert client.post(reverse("letters:make", args=[case.pk]), {"soort": "offer"}).status_code == 404
    assert client.get(reverse("letters:pdf", args=[letter.pk])).status_code == 404
    assert GeneratedLetter.objects.count() == 1


def test_a_letter_as_the_first_outreach_starts_the_handling(client: Client, case: Case) -> None:
    worker = make_user_with_role(Role.CASE_WORKER, team=case.team)
    client.force_login(worker)
    client.post(reverse("letters:make", args=[case.pk]), {"soort": "offer"})
    case.refresh_from_db()
    assert (case.state, case.assigned_to) == (CaseState.IN_PROGRESS, worker)
