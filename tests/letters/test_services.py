"""Making one letter: stored, counted as a contact attempt, audited, and only for one's own cases."""

import re
from collections.abc import Callable

import pytest

from eropaf.accounts.models import Team
from eropaf.accounts.roles import Role
from eropaf.audit.models import AuditAction, AuditEvent
from eropaf.cases.models import Case
from eropaf.core.errors import ApplicationError, NotPermitted
from eropaf.core.vocabularies import ContactKind
from eropaf.letters.kinds import LetterKind
from eropaf.letters.models import LetterSender, LetterTemplate
from eropaf.letters.services import generate_letter
from eropaf.organisations.models import Municipality
from tests.factories import MunicipalityFactory, TeamFactory, make_case_with_signal, make_user_with_role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("default_templates")]


@pytest.fixture
def team() -> Team:
    return TeamFactory.create(municipality=MunicipalityFactory.create(code="0546", name="Leiden"))


@pytest.fixture
def case(team: Team, make_sender: Callable[[Municipality], LetterSender]) -> Case:
    make_sender(team.municipality)
    return make_case_with_signal(
        team=team,
        first_names="Jan",
        initials="J.",
        surname_prefix="de",
        surname="Vries",
        street="Dorpsstraat",
        house_number=12,
        house_letter="A",
        postcode="2311AB",
        city="Leiden",
    )


def test_a_letter_is_stored_and_counts_as_a_contact_attempt(team: Team, case: Case) -> None:
    worker = make_user_with_role(Role.CASE_WORKER, team=team)

    letter = generate_letter(case_id=case.pk, kind=LetterKind.OFFER_CONTACT_REQUEST, user=worker)

    assert re.fullmatch(
        r"letters/0546/\d{4}/\d{2}/zaak-\d+-offer_contact_request-\d+\.pdf", str(letter.pdf.name)
    )
    assert letter.pdf.read().startswith(b"%PDF")
    assert "J. de Vries\nDorpsstraat 12 A\n2311 AB  LEIDEN" in letter.rendered_text
    assert "Beste Jan de Vries," in letter.rendered_text
    attempt = case.contact_attempts.get()
    assert attempt.kind == ContactKind.LETTER
    assert attempt.note == "Brief verstuurd: Wij willen graag met u praten over hulp"
    assert attempt.recorded_by == worker
    assert not attempt.reached
    event = AuditEvent.objects.get(subject_type="letter")
    assert event.action == AuditAction.CREATE
    assert event.case_ids == [case.pk]
    assert event.actor == worker


def test_a_card_counts_as_a_card(team: Team, case: Case) -> None:
    worker = make_user_with_role(Role.CASE_WORKER, team=team)
    generate_letter(case_id=case.pk, kind=LetterKind.YELLOW_CARD, user=worker)
    assert case.contact_attempts.get().kind == ContactKind.CARD


def test_the_municipalitys_own_template_wins_over_the_national_one(team: Team, case: Case) -> None:
    LetterTemplate.objects.create(
        municipality=team.municipality,
        kind=LetterKind.OFFER,
        title="Leiden helpt",
        body="Bel {{ telefoon }}.",
    )
    worker = make_user_with_role(Role.CASE_WORKER, team=team)
    letter = generate_letter(case_id=case.pk, kind=LetterKind.OFFER, user=worker)
    assert letter.title == "Leiden helpt"
    assert "Bel 14 071." in letter.rendered_text


@pytest.mark.parametrize("where", ["other team", "other municipality"])
def test_a_user_who_may_not_see_the_case_is_refused(team: Team, case: Case, where: str) -> None:
    other_team = (
        TeamFactory.create(municipality=team.municipality) if where == "other team" else TeamFactory.create()
    )
    outsider = make_user_with_role(Role.CASE_WORKER, team=other_team)
    with pytest.raises(NotPermitted):
        generate_letter(case_id=case.pk, kind=LetterKind.OFFER, user=outsider)
    assert not case.letters.exists()
    assert not case.contact_attempts.exists()


def test_without_a_sender_no_letter_is_made(team: Team) -> None:
    case = make_case_with_signal(team=team)
    worker = make_user_with_role(Role.CASE_WORKER, team=team)
    with pytest.raises(ApplicationError, match="afzender"):
        generate_letter(case_id=case.pk, kind=LetterKind.OFFER, user=worker)
    assert not case.contact_attempts.exists()
