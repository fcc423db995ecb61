"""The Regieteam's pages: who sees what, the landlord's portal, the agenda and the household timeline."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from eropaf.accounts.roles import Role
from eropaf.audit.models import AuditAction, AuditEvent
from eropaf.coordination import services
from eropaf.coordination.models import CaseForm, Decision
from eropaf.coordination.rules import FormStatus
from eropaf.escalation.court import CourtStage
from eropaf.escalation.models import EvictionTrack
from eropaf.escalation.timeline import household_timeline
from tests.coordination.conftest import REFERENCE, Chain, make_chain, prevent_draft
from tests.factories import TeamFactory, make_user_with_role

pytestmark = pytest.mark.django_db

CONFIDENTIAL = "Vertrouwelijke aantekening van het Regieteam"


def page(client: Client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status
    return response.content.decode()


def landlord_post(client: Client, **changes: str) -> tuple[int, str]:
    data = {
        "referentie": REFERENCE,
        "geprobeerd": "Twee brieven en een huisbezoek.",
        "onvoldoende": "Geen reactie.",
        "minderjarigen": "on",
        "achterstand": "2450,50",
        "zitting": (timezone.localdate() + dt.timedelta(days=21)).isoformat(),
        "geinformeerd": "on",
    }
    data.update(changes)
    response = client.post(reverse("coordination:landlord-file"), data, follow=True)
    return response.status_code, response.content.decode()


# --- the landlord ----------------------------------------------------------------------------


def test_the_landlord_files_in_the_portal(client: Client, chain: Chain) -> None:
    client.force_login(chain.landlord_user)
    status, body = landlord_post(client)

    assert status == 200
    assert "Het casusformulier is ingediend bij het Regieteam." in body
    form = CaseForm.objects.get()
    assert form.arrear_cents == 245_050
    assert form.has_minors
    assert "Ingediend" in body


def test_a_landlord_form_without_the_tenant_informed_comes_back_in_dutch(
    client: Client, chain: Chain
) -> None:
    client.force_login(chain.landlord_user)
    status, body = landlord_post(client, geinformeerd="", minderjarigen="")

    assert status == 400
    assert "Informeer de huurder voordat u het casusformulier indient." in body
    assert "Kies minstens één soort huishouden" in body
    assert not CaseForm.objects.exists()


def test_the_landlord_sees_the_decision_and_the_suspension_but_no_notes(client: Client, chain: Chain) -> None:
    form = chain.file()
    client.force_login(chain.landlord_user)
    url = reverse("coordination:landlord-form", args=[form.pk])
    assert "nog niet geagendeerd" in page(client, url)

    item = chain.on_agenda(form)
    assert "Op de agenda van het overleg" in page(client, url)

    decision = services.record_decision(user=chain.member, item_id=item.pk, draft=prevent_draft())
    body = page(client, url)
    until = decision.term_ends_on
    assert until is not None
    assert "Scenario 1: plan om de ontruiming te voorkomen" in body
    assert "ontruiming opgeschort tot" in body
    assert f"{until.day} " in body
    assert CONFIDENTIAL not in body
    assert "A. de Vries" not in body  # the case manager is the municipality's business
    assert "Besloten" in page(client, reverse("coordination:landlord-list"))


def test_another_landlord_gets_a_404(client: Client, chain: Chain) -> None:
    form = chain.file()
    other = make_chain("0642", "Zwijndrecht")
    client.force_login(other.landlord_user)
    page(client, reverse("coordination:landlord-form", args=[form.pk]), 404)
    assert "Dordrecht" not in page(client, reverse("coordination:landlord-list"))


# --- the Regieteam ---------------------------------------------------------------------------


def test_the_regieteam_plans_a_meeting_and_puts_the_form_on_its_agenda(client: Client, chain: Chain) -> None:
    form = chain.file()
    client.force_login(chain.member)
    assert form.track.address in page(client, reverse("coordination:overview"))

    today = timezone.localdate().isoformat()
    response = client.post(
        reverse("coordination:meeting-create"), {"team": chain.regieteam.pk, "datum": today}
    )
    assert response.status_code == 302
    meeting_url = response["Location"]
    response = client.post(f"{meeting_url}agenda/toevoegen/", {"casus": form.pk, "reden": "first"})
    assert response.status_code == 302
    form.refresh_from_db()
    assert form.status == FormStatus.ON_AGENDA
    assert "Besluit vastleggen" in page(client, meeting_url)


def test_the_agenda_page_shows_what_the_meeting_needs(client: Client, chain: Chain) -> None:
    form = chain.file(has_minors=True)
    eviction_on = timezone.localdate() + dt.timedelta(days=40)
    EvictionTrack.objects.filter(pk=form.track_id).update(stage=CourtStage.SCHEDULED, eviction_on=eviction_on)
    item = chain.on_agenda(form)
    client.force_login(chain.member)

    body = page(client, reverse("coordination:agenda", args=[item.meeting_id]))

    assert "Minderjarige kinderen" in body
    assert "Multiprobleemhuishouden" in body
    assert "€ 2.450,00" in body
    assert str(CourtStage.SCHEDULED.label) in body
    assert date_format(eviction_on, "j F Y") in body
    assert "Betalingsregeling aangeboden" in body


def test_a_refused_decision_comes_back_with_the_dutch_message(client: Client, chain: Chain) -> None:
    item = chain.on_agenda(chain.file(has_minors=True))
    client.force_login(chain.member)

    response = client.post(
        reverse("coordination:decide", args=[item.pk]),
        {"scenario": "evict", "casemanager": "C. Bakker", "woonoplossing": ""},
    )

    assert response.status_code == 400
    body = response.content.decode()
    assert "wordt nooit op straat gezet" in body
    assert "de jeugdbescherming moet betrokken zijn" in body
    assert not Decision.objects.exists()


def test_a_complete_decision_through_the_page(client: Client, chain: Chain) -> None:
    item = chain.on_agenda(chain.file())
    client.force_login(chain.member)
    term = (timezone.localdate() + dt.timedelta(days=120)).isoformat()

    response = client.post(
        reverse("coordination:decide", args=[item.pk]),
        {
            "scenario": "prevent",
            "casemanager": "D. Visser, Sociaal Wijkteam",
            "opgeschort": "on",
            "bevroren": "on",
            "termijn": term,
            "voorwaarde_huur": "agreed",
            "voorwaarde_medewerking": "agreed",
            "voorwaarde_inzicht": "not_met",
            "voorwaarde_betaalvoorstel": "met",
            "bewind": "not_advised",
        },
    )

    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.condition_insight == "not_met"
    assert decision.arrear_frozen


@pytest.mark.parametrize("name", ["case-form", "meeting", "agenda", "decide"])
def test_a_regieteam_of_another_municipality_gets_a_404(client: Client, chain: Chain, name: str) -> None:
    item = chain.on_agenda(chain.file())
    other = make_chain("0642", "Zwijndrecht")
    client.force_login(other.member)
    ids = {
        "case-form": item.case_form_id,
        "meeting": item.meeting_id,
        "agenda": item.meeting_id,
        "decide": item.pk,
    }
    page(client, reverse(f"coordination:{name}", args=[ids[name]]), 404)


# --- the responsible team --------------------------------------------------------------------


def test_the_responsible_team_sees_the_form_and_decision(client: Client, chain: Chain) -> None:
    form = chain.file()
    item = chain.on_agenda(form)
    services.record_decision(user=chain.member, item_id=item.pk, draft=prevent_draft())
    client.force_login(chain.case_worker)

    body = page(client, reverse("coordination:case-form", args=[form.pk]))

    assert "Scenario 1: plan om de ontruiming te voorkomen" in body
    assert "A. de Vries, Sociaal Wijkteam" in body


def test_case_workers_of_other_teams_get_a_404(client: Client, chain: Chain) -> None:
    form = chain.file()
    stranger = make_user_with_role(Role.CASE_WORKER, team=TeamFactory.create(municipality=chain.municipality))
    client.force_login(stranger)
    page(client, reverse("coordination:case-form", args=[form.pk]), 404)
    page(client, reverse("coordination:file-for-case", args=[chain.case.pk]), 404)


def test_staff_file_from_the_case(client: Client, chain: Chain) -> None:
    client.force_login(chain.case_worker)
    url = reverse("coordination:file-for-case", args=[chain.case.pk])
    assert "Casusformulier indienen bij het Regieteam" in page(client, url)
    response = client.post(
        url,
        {
            "geprobeerd": "Wijkteam betrokken.",
            "onvoldoende": "Geen medewerking.",
            "overlast": "on",
            "achterstand": "1800",
            "zitting": (timezone.localdate() + dt.timedelta(days=10)).isoformat(),
            "geinformeerd": "on",
        },
    )
    form = CaseForm.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("coordination:case-form", args=[form.pk])
    assert form.partner is None
    assert form.has_housing_nuisance


# --- the household timeline ------------------------------------------------------------------


def test_the_household_timeline_shows_filing_agenda_and_decision(chain: Chain) -> None:
    form = chain.file()
    item = chain.on_agenda(form)
    services.record_decision(user=chain.member, item_id=item.pk, draft=prevent_draft())

    entries = [
        entry
        for entry in household_timeline(
            municipality_id=chain.municipality.pk, address_key=chain.case.address_key
        )
        if entry.track == "coordination"
    ]

    titles = [entry.title for entry in entries]
    assert "Regieteam: casusformulier ingediend" in titles
    assert "Regieteam: geagendeerd" in titles
    decision = next(entry for entry in entries if entry.title.startswith("Besluit Regieteam"))
    assert "Scenario 1" in decision.title
    assert "A. de Vries" in decision.detail
    assert decision.url == reverse("coordination:case-form", args=[form.pk])


def test_a_meldpunt_member_is_no_regieteam_member(client: Client, chain: Chain) -> None:
    form = chain.file()
    meldpunt = make_user_with_role(
        Role.ESCALATION_MEMBER, team=TeamFactory.create(municipality=chain.municipality)
    )
    client.force_login(meldpunt)

    body = page(client, reverse("coordination:overview"))

    assert "U bent geen lid van een Regieteam" in body
    assert form.track.address not in body
    page(client, reverse("coordination:case-form", args=[form.pk]), 404)


def test_reading_a_form_or_an_agenda_is_audited(client: Client, chain: Chain) -> None:
    item = chain.on_agenda(chain.file())
    client.force_login(chain.member)
    page(client, reverse("coordination:case-form", args=[item.case_form_id]))
    page(client, reverse("coordination:agenda", args=[item.meeting_id]))

    views = AuditEvent.objects.filter(actor=chain.member, action=AuditAction.VIEW)
    assert set(views.values_list("subject_type", flat=True)) == {
        "coordination_case_form",
        "coordination_agenda",
    }
    assert all(event.case_ids == [chain.case.pk] for event in views)


def test_the_overview_of_case_forms_is_recorded_with_the_households_cases(
    client: Client, chain: Chain
) -> None:
    form = chain.file()
    client.force_login(chain.member)

    page(client, reverse("coordination:overview"))

    viewed = AuditEvent.objects.get(subject_type="coordination_overview", actor=chain.member)
    assert viewed.action == AuditAction.VIEW
    household = form.track.municipality.cases.filter(address_key=form.track.address_key)
    assert viewed.case_ids == sorted(household.values_list("pk", flat=True))
    assert viewed.case_ids
