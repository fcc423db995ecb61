"""The pages: the Meldpunt sees only its own referrals; referrers see status and outcome, never the
Meldpunt's note; the forms refer, take up and close."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from eropaf.accounts.roles import Role, TeamKind
from eropaf.audit.models import AuditAction, AuditEvent
from eropaf.care_desk import services
from eropaf.care_desk.models import Referral
from eropaf.care_desk.rules import ReferralOutcome, ReferralReason, ReferralStatus
from tests.care_desk.conftest import Desk, refer, referral_form, rent_case, summon
from tests.factories import PartnerFactory, TeamFactory, make_user_with_role

NOTE = "Vertrouwelijk: bewoner heeft een verslavingsprobleem."


def closed_referral(world: Desk, **signal_fields: Any) -> Referral:
    referral = refer(
        world, rent_case(world, opened_days_ago=20, **signal_fields), reason=ReferralReason.RENT_NOT_HANDLED
    )
    services.take_up_referral(user=world.desk_member, referral_id=referral.pk)
    return services.close_referral(
        user=world.desk_member,
        referral_id=referral.pk,
        outcome=ReferralOutcome.CARE_DECLINED,
        closed_on=timezone.localdate(),
        note=NOTE,
    )


def test_the_meldpunt_lists_only_referrals_addressed_to_its_team(world: Desk, client: Client) -> None:
    refer(
        world,
        rent_case(world, opened_days_ago=20, street="Eigenmeldpuntstraat"),
        reason=ReferralReason.RENT_NOT_HANDLED,
    )
    refer(
        world,
        rent_case(world, opened_days_ago=20, street="Anderteamstraat"),
        reason=ReferralReason.RENT_NOT_HANDLED,
        desk=world.other_desk,
    )
    client.force_login(world.desk_member)

    body = client.get(reverse("care_desk:inbox")).content.decode()

    assert "Eigenmeldpuntstraat" in body
    assert "Anderteamstraat" not in body


def test_the_meldpunt_opens_its_referral_with_the_household_timeline(world: Desk, client: Client) -> None:
    case = rent_case(world, opened_days_ago=1, surname="Waalhaven")
    summon(case)
    referral = refer(world, case)
    client.force_login(world.desk_member)

    response = client.get(reverse("care_desk:detail", args=[referral.pk]))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Waalhaven" in body
    assert "Dagvaarding" in body  # the court step on the timeline
    assert "Doorverwezen naar het Meldpunt Zorg en Overlast" in body
    assert AuditEvent.objects.filter(
        subject_type="care_desk_referral", subject_id=str(referral.pk), action=AuditAction.VIEW
    ).exists()


@pytest.mark.parametrize(
    "who",
    ["other_desk_member", "other_municipality_desk_member"],
    ids=["other desk team", "other municipality"],
)
def test_another_meldpunt_gets_404_for_the_referral(world: Desk, client: Client, who: str) -> None:
    referral = refer(world, rent_case(world, opened_days_ago=20), reason=ReferralReason.RENT_NOT_HANDLED)
    client.force_login(getattr(world, who))

    for name in ("care_desk:detail", "care_desk:take-up", "care_desk:close"):
        method = client.get if name == "care_desk:detail" else client.post
        assert method(reverse(name, args=[referral.pk])).status_code == 404
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT


@pytest.mark.parametrize("who", ["worker", "lead", "neighbourhood_worker", "landlord_user"])
def test_case_workers_and_partners_are_refused_the_meldpunt(world: Desk, client: Client, who: str) -> None:
    referral = refer(world, rent_case(world, opened_days_ago=20), reason=ReferralReason.RENT_NOT_HANDLED)
    client.force_login(getattr(world, who))

    assert client.get(reverse("care_desk:inbox")).status_code == 403
    assert client.get(reverse("care_desk:detail", args=[referral.pk])).status_code == 403
    assert client.post(reverse("care_desk:take-up", args=[referral.pk])).status_code == 403


def test_a_regieteam_member_is_no_meldpunt_user(world: Desk, client: Client) -> None:
    coordination = TeamFactory.create(municipality=world.municipality, kind=TeamKind.COORDINATION_TEAM)
    member = make_user_with_role(Role.ESCALATION_MEMBER, team=coordination)
    referral = refer(world, rent_case(world, opened_days_ago=20), reason=ReferralReason.RENT_NOT_HANDLED)
    client.force_login(member)

    assert client.get(reverse("care_desk:inbox")).status_code == 403
    assert client.get(reverse("care_desk:home")).status_code == 403
    assert client.get(reverse("care_desk:detail", args=[referral.pk])).status_code == 404


def test_taking_up_and_recording_the_outcome_through_the_page(world: Desk, client: Client) -> None:
    referral = refer(world, rent_case(world, opened_days_ago=20), reason=ReferralReason.RENT_NOT_HANDLED)
    client.force_login(world.desk_member)
    detail = reverse("care_desk:detail", args=[referral.pk])

    assert client.post(reverse("care_desk:take-up", args=[referral.pk]))["Location"] == detail
    response = client.post(
        reverse("care_desk:close", args=[referral.pk]),
        {"uitkomst": "not_reached", "datum": timezone.localdate().isoformat(), "notitie": NOTE},
    )

    assert response["Location"] == detail
    referral.refresh_from_db()
    assert (referral.status, referral.outcome, referral.outcome_note) == ("closed", "not_reached", NOTE)
    assert "Niet bereikt" in client.get(detail).content.decode()


def test_an_outcome_in_the_future_is_refused_with_a_message(world: Desk, client: Client) -> None:
    referral = refer(world, rent_case(world, opened_days_ago=20), reason=ReferralReason.RENT_NOT_HANDLED)
    services.take_up_referral(user=world.desk_member, referral_id=referral.pk)
    client.force_login(world.desk_member)

    response = client.post(
        reverse("care_desk:close", args=[referral.pk]), {"uitkomst": "care_accepted", "datum": "2999-01-01"}
    )

    assert response.status_code == 400
    assert "toekomst" in response.content.decode()


def test_the_referrer_sees_status_and_outcome_but_not_the_note(world: Desk, client: Client) -> None:
    referral = closed_referral(world)
    client.force_login(world.worker)

    for url in (reverse("care_desk:sent"), reverse("care_desk:propose-for-case", args=[referral.case_id])):
        body = client.get(url).content.decode()
        assert "Zorg geweigerd" in body
        assert NOTE not in body


def test_a_landlord_sees_only_whether_help_was_accepted(world: Desk, client: Client) -> None:
    case = rent_case(world, opened_days_ago=20, reference="WM-77")
    referral = services.refer_tenant(
        user=world.landlord_user,
        partner_id=world.landlord.pk,
        reference="WM-77",
        form=referral_form(ReferralReason.RENT_NOT_HANDLED),
    )
    services.take_up_referral(user=world.desk_member, referral_id=referral.pk)
    services.close_referral(
        user=world.desk_member,
        referral_id=referral.pk,
        outcome=ReferralOutcome.CARE_DECLINED,
        closed_on=timezone.localdate(),
        note=NOTE,
    )
    client.force_login(world.landlord_user)

    body = client.get(reverse("care_desk:sent")).content.decode()

    assert "Geen hulp geaccepteerd" in body
    assert "Zorg geweigerd" not in body
    assert NOTE not in body
    assert case.pk == referral.case_id


def test_accepting_a_proposal_opens_the_form_prefilled_and_sends_it(world: Desk, client: Client) -> None:
    case = rent_case(world, opened_days_ago=1)
    summon(case)
    client.force_login(world.worker)
    url = reverse("care_desk:refer-case", args=[case.pk])

    form = client.get(url + "?reden=summons").content.decode()
    assert "dagvaarding gemeld" in form
    assert 'value="summons" selected' in form

    response = client.post(
        url,
        {
            "meldpunt": world.desk.pk,
            "reden": "summons",
            "zorgen": "Dagvaarding, geen contact.",
            "eerder_geprobeerd": "Drie belpogingen.",
            "huishouden": "Gezin met kinderen.",
            "minderjarigen": "on",
            "bewoner_geinformeerd": "on",
        },
    )

    assert response.status_code == 302
    referral = Referral.objects.get()
    assert (referral.case_id, referral.reason, referral.has_minors) == (case.pk, "summons", True)


def test_the_form_refuses_a_referral_without_the_resident_informed(world: Desk, client: Client) -> None:
    case = rent_case(world, opened_days_ago=20)
    client.force_login(world.worker)

    response = client.post(
        reverse("care_desk:refer-case", args=[case.pk]),
        {
            "meldpunt": world.desk.pk,
            "reden": "rent_not_handled",
            "zorgen": "x",
            "eerder_geprobeerd": "x",
            "huishouden": "x",
        },
    )

    assert response.status_code == 400
    assert "Vertel de bewoner" in response.content.decode()
    assert not Referral.objects.exists()


def test_a_landlord_cannot_refer_for_someone_elses_reference_through_the_form(
    world: Desk, client: Client
) -> None:
    other_landlord = PartnerFactory.create(name="Rivierwonen", municipalities=[world.municipality])
    rent_case(world, opened_days_ago=20, partner=other_landlord, reference="RW-9")
    client.force_login(world.landlord_user)

    response = client.post(
        reverse("care_desk:refer-tenant"),
        {
            "verhuurder": world.landlord.pk,
            "referentie": "RW-9",
            "reden": "concern",
            "zorgen": "Overlast",
            "eerder_geprobeerd": "Gesprek",
            "huishouden": "Alleenstaand",
            "bewoner_geinformeerd": "on",
        },
    )

    assert response.status_code == 400
    assert "RW-9" in response.content.decode()
    assert not Referral.objects.exists()


def test_the_start_page_sends_each_user_to_their_part(world: Desk, client: Client) -> None:
    expected = {
        world.desk_member: "care_desk:inbox",
        world.worker: "care_desk:proposals",
        world.neighbourhood_worker: "care_desk:sent",
        world.landlord_user: "care_desk:sent",
    }
    for user, name in expected.items():
        client.force_login(user)
        assert client.get(reverse("care_desk:home"))["Location"] == reverse(name)


def test_the_lists_that_show_addresses_are_recorded_with_their_cases(world: Desk, client: Client) -> None:
    referred = rent_case(world, opened_days_ago=20)
    refer(world, referred, reason=ReferralReason.RENT_NOT_HANDLED)
    proposed = rent_case(world, opened_days_ago=1)
    summon(proposed)

    client.force_login(world.desk_member)
    client.get(reverse("care_desk:inbox"))
    client.force_login(world.worker)
    client.get(reverse("care_desk:proposals"))
    client.get(reverse("care_desk:sent"))

    viewed = {
        event.subject_type: event.case_ids
        for event in AuditEvent.objects.filter(action=AuditAction.VIEW, subject_type__startswith="care_desk_")
    }
    assert viewed["care_desk_inbox"] == [referred.pk]
    assert proposed.pk in viewed["care_desk_proposals"]
    assert viewed["care_desk_sent"] == [referred.pk]
