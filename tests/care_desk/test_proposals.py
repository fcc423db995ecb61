"""The proposals as the case worker sees them: which households, at which boundary, for whom."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from eropaf.accounts.roles import Role
from eropaf.audit.models import AuditEvent
from eropaf.care_desk import selectors, services
from eropaf.care_desk.admin import CareDeskSettingsForm
from eropaf.care_desk.models import CareDeskSettings, ProposalDismissal, ProposalKind
from eropaf.care_desk.rules import ReferralReason
from eropaf.core.errors import InvalidTransition
from eropaf.core.vocabularies import PartnerType
from eropaf.escalation.court import CourtStepKind
from tests.care_desk.conftest import Desk, court_step, refer, rent_case, summon
from tests.factories import ContactAttemptFactory, make_user_with_role


def proposed(world: Desk, user: object | None = None) -> set[tuple[ReferralReason, int]]:
    found = selectors.proposals_for_user(user=user or world.worker, today=timezone.localdate())  # type: ignore[arg-type]
    return {(proposal.kind, proposal.case_id) for proposal in found}


RENT = ReferralReason.RENT_NOT_HANDLED
SUMMONS = ReferralReason.SUMMONS


def test_a_rent_case_untouched_for_14_days_is_not_proposed_yet(world: Desk) -> None:
    case = rent_case(world, opened_days_ago=14)

    assert (RENT, case.pk) not in proposed(world)


def test_a_rent_case_untouched_for_15_days_is_proposed(world: Desk) -> None:
    case = rent_case(world, opened_days_ago=15)

    assert (RENT, case.pk) in proposed(world)


def test_the_municipality_sets_the_number_of_days(world: Desk) -> None:
    CareDeskSettings.objects.create(municipality=world.municipality, days_untouched=7)
    in_time = rent_case(world, opened_days_ago=7)
    late = rent_case(world, opened_days_ago=8)

    assert proposed(world) == {(RENT, late.pk)}
    assert in_time.pk != late.pk


def test_a_case_with_a_contact_attempt_or_without_rent_is_not_proposed(world: Desk) -> None:
    attempted = rent_case(world, opened_days_ago=30)
    ContactAttemptFactory.create(case=attempted)
    energy = rent_case(world, opened_days_ago=30, signal_type=PartnerType.ENERGY)

    assert proposed(world) == set()
    assert energy.pk != attempted.pk


def test_a_withdrawn_rent_signal_is_not_proposed(world: Desk) -> None:
    case = rent_case(world, opened_days_ago=30)
    case.signals.update(withdrawn_at=timezone.now())

    assert proposed(world) == set()


def test_a_reported_summons_is_proposed_and_no_summons_is_not(world: Desk) -> None:
    summoned = rent_case(world, opened_days_ago=1)
    not_summoned = rent_case(world, opened_days_ago=1)
    summon(summoned)

    assert proposed(world) == {(SUMMONS, summoned.pk)}
    assert not_summoned.pk != summoned.pk


def test_a_cancelled_procedure_is_not_proposed_until_a_new_summons(world: Desk) -> None:
    case = rent_case(world, opened_days_ago=1)
    track_id = summon(case)
    refer(world, case)
    services.take_up_referral(user=world.desk_member, referral_id=case.care_desk_referrals.get().pk)
    services.close_referral(
        user=world.desk_member,
        referral_id=case.care_desk_referrals.get().pk,
        outcome="care_declined",  # type: ignore[arg-type]
        closed_on=timezone.localdate(),
    )
    court_step(track_id, CourtStepKind.CANCELLED)

    assert proposed(world) == set()

    court_step(track_id, CourtStepKind.SUMMONS)

    assert proposed(world) == {(SUMMONS, case.pk)}


def test_a_procedure_with_a_referral_is_not_proposed_again(world: Desk) -> None:
    case = rent_case(world, opened_days_ago=1)
    track_id = summon(case)
    refer(world, case)
    court_step(track_id, CourtStepKind.HEARING)

    assert proposed(world) == set()


def test_a_declined_proposal_is_not_proposed_again_and_is_audited(world: Desk) -> None:
    summoned = rent_case(world, opened_days_ago=1)
    summon(summoned)
    waiting = rent_case(world, opened_days_ago=20)

    services.dismiss_proposal(
        user=world.worker,
        case_id=summoned.pk,
        kind=ProposalKind.SUMMONS,
        reason="Al in beeld bij het wijkteam",
    )
    services.dismiss_proposal(
        user=world.lead,
        case_id=waiting.pk,
        kind=ProposalKind.RENT_NOT_HANDLED,
        reason="Betaalregeling getroffen",
    )

    assert proposed(world) == set()
    assert ProposalDismissal.objects.count() == 2
    events = AuditEvent.objects.filter(subject_type="care_desk_dismissal")
    assert sorted(event.case_ids[0] for event in events) == sorted([summoned.pk, waiting.pk])


def test_a_proposal_that_is_not_due_cannot_be_declined(world: Desk) -> None:
    case = rent_case(world, opened_days_ago=3)

    with pytest.raises(InvalidTransition):
        services.dismiss_proposal(
            user=world.worker, case_id=case.pk, kind=ProposalKind.RENT_NOT_HANDLED, reason="x"
        )


def test_proposals_are_for_the_case_workers_of_the_households_team(world: Desk) -> None:
    case = rent_case(world, opened_days_ago=20)
    other_worker = make_user_with_role(Role.CASE_WORKER, team=world.other_team)

    assert proposed(world, world.lead) == {(RENT, case.pk)}
    assert proposed(world, other_worker) == set()
    assert proposed(world, world.neighbourhood_worker) == set()


def test_the_proposals_page_lists_them(world: Desk, client: Client) -> None:
    summoned = rent_case(world, opened_days_ago=1, street="Dagvaardingsdijk")
    summon(summoned)
    rent_case(world, opened_days_ago=20, street="Wachtstraat")
    client.force_login(world.worker)

    body = client.get(reverse("care_desk:proposals")).content.decode()

    assert "Dagvaardingsdijk" in body
    assert "Wachtstraat" in body
    assert reverse("care_desk:refer-case", args=[summoned.pk]) + "?reden=summons" in body


def test_the_case_shows_its_proposal_also_as_a_fragment(world: Desk, client: Client) -> None:
    case = rent_case(world, opened_days_ago=20)
    client.force_login(world.worker)
    url = reverse("care_desk:propose-for-case", args=[case.pk])

    page = client.get(url)
    fragment = client.get(url, headers={"HX-Request": "true"})

    assert f"?reden={RENT.value}" in page.content.decode()
    assert f"?reden={RENT.value}" in fragment.content.decode()
    assert "<html" not in fragment.content.decode()


def test_declining_from_the_page(world: Desk, client: Client) -> None:
    case = rent_case(world, opened_days_ago=20)
    client.force_login(world.worker)

    response = client.post(
        reverse("care_desk:dismiss", args=[case.pk]),
        {"soort": RENT.value, "reden": "Bewoner is al in zorg", "terug": "voorstellen"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("care_desk:proposals")
    assert ProposalDismissal.objects.get().reason == "Bewoner is al in zorg"


@pytest.mark.parametrize(("days", "valid"), [(0, False), (1, True), (14, True), (90, True), (91, False)])
def test_the_administrator_sets_between_1_and_90_days(world: Desk, days: int, valid: bool) -> None:
    form = CareDeskSettingsForm(data={"municipality": world.municipality.pk, "days_untouched": days})

    assert form.is_valid() is valid
