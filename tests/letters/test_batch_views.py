"""The letter batch page: a team lead starts the monthly batch and sees its progress."""

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks as CaptureCallbacks

from eropaf.accounts.models import Team, User
from eropaf.accounts.roles import Role
from eropaf.cases.models import Case
from eropaf.cases.workflow import CaseState
from eropaf.core.periods import format_period
from eropaf.letters.kinds import LetterKind
from eropaf.letters.models import BatchStatus, GeneratedLetter, LetterBatch
from tests.factories import TeamFactory, make_case_with_signal, make_user_with_role
from tests.letters.conftest import CONTACT_REQUEST

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("default_templates")]


@pytest.fixture
def lead(team: Team) -> User:
    return make_user_with_role(Role.TEAM_LEAD, team=team, username="teamleider")


def queued(team: Team) -> Case:
    return make_case_with_signal(
        team=team, case_fields={"contact_plan": CONTACT_REQUEST, "state": CaseState.QUEUED}
    )


def test_a_team_lead_starts_the_batch_and_sees_it_done(
    client: Client, team: Team, lead: User, django_capture_on_commit_callbacks: CaptureCallbacks
) -> None:
    cases = [queued(team), queued(team)]
    client.force_login(lead)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("letters:batches"),
            {
                "gemeente": team.municipality.pk,
                "periode": format_period(cases[0].period),
                "soort": LetterKind.OFFER_CONTACT_REQUEST.value,
            },
        )

    page = client.get(reverse("letters:batches")).content.decode()
    batch = LetterBatch.objects.get()
    assert batch.started_by == lead
    assert "De briefronde voor" in page  # the message after the redirect
    assert sorted(GeneratedLetter.objects.values_list("case_id", flat=True)) == [case.pk for case in cases]
    assert batch.status == BatchStatus.DONE
    assert "2 van 2 brieven" in page


def test_the_page_polls_while_a_batch_waits_or_runs(client: Client, team: Team, lead: User) -> None:
    LetterBatch.objects.create(
        municipality=team.municipality,
        period=queued(team).period,
        kind=LetterKind.OFFER,
        status=BatchStatus.RUNNING,
    )
    client.force_login(lead)

    page = client.get(reverse("letters:batches")).content.decode()
    progress = client.get(reverse("letters:batch-progress")).content.decode()

    assert 'hx-trigger="every 2s"' in page
    assert 'id="briefrondes"' in progress
    assert "<progress" in progress


def test_cards_are_not_made_in_a_batch(client: Client, team: Team, lead: User) -> None:
    client.force_login(lead)

    response = client.post(
        reverse("letters:batches"),
        {"gemeente": team.municipality.pk, "periode": "2026-10", "soort": LetterKind.NOT_AT_HOME_CARD.value},
    )

    assert response.status_code == 400
    assert not LetterBatch.objects.exists()


def test_a_lead_cannot_start_a_batch_for_another_municipality(client: Client, team: Team, lead: User) -> None:
    other = TeamFactory.create().municipality
    LetterBatch.objects.create(municipality=other, period=queued(team).period, kind=LetterKind.OFFER)
    client.force_login(lead)

    response = client.post(
        reverse("letters:batches"),
        {"gemeente": other.pk, "periode": "2026-10", "soort": LetterKind.OFFER.value},
    )

    assert response.status_code == 400
    assert LetterBatch.objects.count() == 1
    assert other.name not in client.get(reverse("letters:batches")).content.decode()


@pytest.mark.parametrize("role", [Role.CASE_WORKER, Role.POLICY_OFFICER, Role.PARTNER_USER])
def test_only_team_leads_reach_the_batch_page(client: Client, team: Team, role: Role) -> None:
    client.force_login(
        make_user_with_role(role, team=team) if role == Role.CASE_WORKER else make_user_with_role(role)
    )
    assert client.get(reverse("letters:batches")).status_code == 403
