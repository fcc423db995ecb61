"""Making a referral (case worker, other professionals, landlord), its handling by the Meldpunt,
the audit trail and the household timeline."""

import datetime as dt

import pytest
from django.utils import timezone

from eropaf.audit.models import AuditAction, AuditEvent
from eropaf.care_desk import services
from eropaf.care_desk.models import Referral
from eropaf.care_desk.rules import ReferralOutcome, ReferralReason, ReferralStatus, ReferrerKind
from eropaf.core.errors import ApplicationError, InvalidTransition, NotPermitted
from eropaf.escalation.timeline import household_timeline
from tests.care_desk.conftest import Desk, refer, referral_form, rent_case, summon
from tests.factories import PartnerFactory


def test_a_case_worker_refers_after_a_summons_and_it_is_audited(world: Desk) -> None:
    case = rent_case(world, opened_days_ago=1, surname="Vlietbergen")
    summon(case)

    referral = refer(world, case)

    assert referral.status == ReferralStatus.SENT
    assert referral.referrer_kind == ReferrerKind.CASE_WORKER
    assert referral.procedure is not None
    assert referral.desk_team == world.desk
    event = AuditEvent.objects.get(subject_type="care_desk_referral", action=AuditAction.CREATE)
    assert event.subject_id == str(referral.pk)
    assert event.case_ids == [case.pk]
    assert event.actor_id == world.worker.pk
    assert "Vlietbergen" not in event.description


def test_a_neighbourhood_worker_refers_out_of_concern_under_the_teams_name(world: Desk) -> None:
    case = rent_case(world, opened_days_ago=1)

    referral = services.refer_case(
        user=world.neighbourhood_worker,
        case_id=case.pk,
        desk_team_id=world.desk.pk,
        form=referral_form(ReferralReason.CONCERN),
    )

    assert referral.referrer_kind == ReferrerKind.NEIGHBOURHOOD_TEAM
    assert referral.referrer_organisation == world.team.name
    with pytest.raises(InvalidTransition):
        services.refer_case(
            user=world.neighbourhood_worker,
            case_id=rent_case(world, opened_days_ago=1).pk,
            desk_team_id=world.desk.pk,
            form=referral_form(ReferralReason.SUMMONS),
        )


def test_a_referral_goes_to_a_meldpunt_of_the_households_municipality(world: Desk) -> None:
    case = rent_case(world, opened_days_ago=20)

    with pytest.raises(InvalidTransition):
        refer(world, case, reason=ReferralReason.RENT_NOT_HANDLED, desk=world.other_municipality_desk)
    with pytest.raises(InvalidTransition):
        refer(world, case, reason=ReferralReason.RENT_NOT_HANDLED, desk=world.team)
    assert not Referral.objects.exists()


def test_a_case_of_another_team_cannot_be_referred(world: Desk) -> None:
    case = rent_case(world, opened_days_ago=20, team=world.other_team)

    with pytest.raises(NotPermitted):
        refer(world, case, reason=ReferralReason.RENT_NOT_HANDLED)


def test_one_open_referral_per_household(world: Desk) -> None:
    case = rent_case(world, opened_days_ago=20)
    refer(world, case, reason=ReferralReason.RENT_NOT_HANDLED)

    with pytest.raises(InvalidTransition):
        refer(world, case, reason=ReferralReason.CONCERN)


def test_a_landlord_refers_its_own_tenant_by_its_reference(world: Desk) -> None:
    case = rent_case(world, opened_days_ago=3, reference="WM-2025-0042")
    summon(case)

    referral = services.refer_tenant(
        user=world.landlord_user, partner_id=world.landlord.pk, reference="WM-2025-0042", form=referral_form()
    )

    assert referral.case == case
    assert referral.partner == world.landlord
    assert referral.referrer_kind == ReferrerKind.LANDLORD
    assert referral.referrer_organisation == "Woongoed Merwede"
    assert referral.desk_team == world.desk
    assert AuditEvent.objects.filter(subject_type="care_desk_referral", subject_id=str(referral.pk)).exists()


def test_a_landlord_cannot_refer_someone_elses_tenant(world: Desk) -> None:
    other_landlord = PartnerFactory.create(name="Rivierwonen", municipalities=[world.municipality])
    rent_case(world, opened_days_ago=3, partner=other_landlord, reference="RW-0001")

    with pytest.raises(ApplicationError, match="RW-0001"):
        services.refer_tenant(
            user=world.landlord_user, partner_id=world.landlord.pk, reference="RW-0001", form=referral_form()
        )
    with pytest.raises(NotPermitted):
        services.refer_tenant(
            user=world.landlord_user, partner_id=other_landlord.pk, reference="RW-0001", form=referral_form()
        )
    assert not Referral.objects.exists()


def test_the_meldpunt_takes_up_and_records_the_outcome(world: Desk) -> None:
    case = rent_case(world, opened_days_ago=20)
    referral = refer(world, case, reason=ReferralReason.RENT_NOT_HANDLED)

    services.take_up_referral(user=world.desk_member, referral_id=referral.pk)
    services.close_referral(
        user=world.desk_member,
        referral_id=referral.pk,
        outcome=ReferralOutcome.CARE_ACCEPTED,
        closed_on=timezone.localdate(),
        note="Bewoner gaat akkoord met ambulante begeleiding.",
    )

    referral.refresh_from_db()
    assert referral.status == ReferralStatus.CLOSED
    assert referral.outcome == ReferralOutcome.CARE_ACCEPTED
    assert referral.taken_up_by == world.desk_member
    assert referral.closed_on == timezone.localdate()
    descriptions = list(
        AuditEvent.objects.filter(subject_type="care_desk_referral", action=AuditAction.UPDATE)
        .order_by("id")
        .values_list("description", flat=True)
    )
    assert descriptions == [
        "Doorverwijzing opgepakt door het Meldpunt",
        "Uitkomst doorverwijzing vastgelegd: Zorg geaccepteerd",
    ]


def test_the_outcome_needs_taking_up_first_and_a_date_not_in_the_future(world: Desk) -> None:
    referral = refer(world, rent_case(world, opened_days_ago=20), reason=ReferralReason.RENT_NOT_HANDLED)
    today = timezone.localdate()

    with pytest.raises(InvalidTransition):
        services.close_referral(
            user=world.desk_member,
            referral_id=referral.pk,
            outcome=ReferralOutcome.NOT_REACHED,
            closed_on=today,
        )
    services.take_up_referral(user=world.desk_member, referral_id=referral.pk)
    with pytest.raises(InvalidTransition):
        services.close_referral(
            user=world.desk_member,
            referral_id=referral.pk,
            outcome=ReferralOutcome.NOT_REACHED,
            closed_on=today + dt.timedelta(days=1),
        )


@pytest.mark.parametrize(
    "who", ["other_desk_member", "other_municipality_desk_member", "worker", "landlord_user"]
)
def test_only_the_addressed_meldpunt_handles_a_referral(world: Desk, who: str) -> None:
    referral = refer(world, rent_case(world, opened_days_ago=20), reason=ReferralReason.RENT_NOT_HANDLED)

    with pytest.raises(NotPermitted):
        services.take_up_referral(user=getattr(world, who), referral_id=referral.pk)
    with pytest.raises(NotPermitted):
        services.view_referral(user=getattr(world, who), referral_id=referral.pk)


def test_the_household_timeline_shows_referral_taking_up_and_outcome_but_no_note(world: Desk) -> None:
    case = rent_case(world, opened_days_ago=1)
    summon(case)
    referral = refer(world, case)
    services.take_up_referral(user=world.desk_member, referral_id=referral.pk)
    services.close_referral(
        user=world.desk_member,
        referral_id=referral.pk,
        outcome=ReferralOutcome.REFERRED_ELSEWHERE,
        closed_on=timezone.localdate(),
        note="Vertrouwelijk: doorverwezen naar de verslavingszorg.",
    )

    entries = [
        entry
        for entry in household_timeline(municipality_id=world.municipality.pk, address_key=case.address_key)
        if entry.track == "care_desk"
    ]

    assert len(entries) == 3
    assert {entry.detail for entry in entries} >= {str(ReferralReason.SUMMONS.label)}
    assert any(str(ReferralOutcome.REFERRED_ELSEWHERE.label).lower() in entry.title for entry in entries)
    assert not any("verslavingszorg" in entry.title + entry.detail for entry in entries)
