"""End-to-end journey in Chromium through the eviction chain: a landlord reports a summons in the
partner portal; the case worker accepts the proposed Meldpunt referral; the Regieteam records
scenario 1 (plan to prevent the eviction); the household's timeline shows all of it."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from eropaf.accounts.roles import Role, TeamKind
from eropaf.care_desk.models import Referral
from eropaf.cases.workflow import CaseState
from eropaf.coordination import services as coordination
from eropaf.coordination.rules import AgendaReason, CaseFormDraft, Scenario
from eropaf.core.vocabularies import PartnerType
from eropaf.escalation.court import CourtStage
from eropaf.escalation.models import EvictionTrack
from tests.browser.conftest import screenshot_dir
from tests.browser.test_journeys import log_in, watch_for_errors
from tests.factories import (
    PASSWORD,
    DeliveryFactory,
    MunicipalityFactory,
    PartnerFactory,
    TeamFactory,
    make_case_with_signal,
    make_user_with_role,
)

pytestmark = pytest.mark.browser


def log_out(page: Page, live_server: LiveServer) -> None:
    page.locator(".app-user__logout button").click()
    expect(page).to_have_url(live_server.url + reverse("accounts:login"))


def _regieteam_decides_scenario_1(
    page: Page, live_server: LiveServer, *, item_id: int, today: dt.date
) -> None:
    log_in(page, live_server, "regieteam.voorzitter", PASSWORD)
    page.goto(live_server.url + reverse("coordination:decide", args=[item_id]))
    page.locator(f"input[name=scenario][value={Scenario.PREVENT.value}]").check()
    page.get_by_label("Casemanager (naam en organisatie)").fill("A. de Vries, wijkteam Noord")
    page.locator("input[name=opgeschort]").check()
    page.locator("input[name=bevroren]").check()
    page.locator("input[name=termijn]").fill((today + dt.timedelta(days=180)).isoformat())
    for name in (
        "voorwaarde_huur",
        "voorwaarde_medewerking",
        "voorwaarde_inzicht",
        "voorwaarde_betaalvoorstel",
    ):
        page.locator(f"select[name={name}]").select_option("agreed")
    page.locator("select[name=bewind]").select_option("not_advised")
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.locator("body")).to_contain_text("Scenario 1")


def test_summons_meldpunt_referral_regieteam_plan_on_one_timeline(
    live_server: LiveServer, page: Page
) -> None:
    today = timezone.localdate()
    municipality = MunicipalityFactory.create(name="Dordrecht", code="0505")
    team = TeamFactory.create(municipality=municipality, name="Vroegsignalering Dordrecht")
    TeamFactory.create(municipality=municipality, name="Meldpunt Zorg en Overlast",
                       kind=TeamKind.CARE_AND_NUISANCE_DESK)  # fmt: skip
    regieteam = TeamFactory.create(municipality=municipality, name="Regieteam Dordrecht",
                                   kind=TeamKind.COORDINATION_TEAM)  # fmt: skip
    landlord = PartnerFactory.create(name="Woonbron", code="woonbron", partner_type=PartnerType.RENT,
                                     municipalities=[municipality])  # fmt: skip
    case = make_case_with_signal(
        team=team,
        delivery=DeliveryFactory.create(partner=landlord),
        reference="WB-2026-0042",
        signal_type=PartnerType.RENT,
        surname="Jansen",
        street="Voorstraat",
        case_fields={"state": CaseState.QUEUED, "queue": "huisbezoek", "has_minors": True},
    )
    landlord_user = make_user_with_role(Role.PARTNER_USER, partner=landlord, username="woonbron.incasso")
    make_user_with_role(Role.CASE_WORKER, team=team, username="m.bakker")
    member = make_user_with_role(Role.ESCALATION_MEMBER, team=regieteam, username="regieteam.voorzitter")
    errors = watch_for_errors(page)

    # The landlord reports the summons with the reference of its signal.
    log_in(page, live_server, "woonbron.incasso", PASSWORD)
    page.get_by_role("link", name="Gerechtelijke stappen").click()
    page.get_by_label("Uw referentie van het signaal").fill("WB-2026-0042")
    page.get_by_label("Stap", exact=True).select_option("summons")
    page.get_by_label("Datum", exact=True).fill((today - dt.timedelta(days=2)).isoformat())
    page.get_by_role("button", name="Melden", exact=True).click()
    expect(page.locator("#gemelde-stappen-tabel")).to_contain_text("Dagvaarding")
    log_out(page, live_server)

    # The case worker sees the Meldpunt referral proposed and sends it.
    log_in(page, live_server, "m.bakker", PASSWORD)
    page.goto(live_server.url + reverse("care_desk:proposals"))
    page.get_by_role("link", name="Doorverwijzen naar het Meldpunt").first.click()
    form = page.locator("#doorverwijzen")
    form.get_by_label("Zorgen").fill("Dagvaarding ontvangen, geen contact met de bewoner.")
    form.get_by_label("Wat is eerder geprobeerd").fill("Twee huisbezoeken en drie belpogingen.")
    form.get_by_label("Situatie van het huishouden").fill("Moeder met twee kinderen.")
    form.get_by_label("De bewoner is verteld dat er een melding bij het Meldpunt wordt gedaan").check()
    form.get_by_role("button", name="Verstuur de doorverwijzing").click()
    expect(page.locator("body")).to_contain_text("Meldpunt")
    assert Referral.objects.filter(case=case).count() == 1
    log_out(page, live_server)

    # The landlord's case form is on the Regieteam's agenda; the Regieteam decides scenario 1.
    form_filed = coordination.file_case_form_as_landlord(
        user=landlord_user,
        partner=landlord,
        reference="WB-2026-0042",
        draft=CaseFormDraft(
            tried_before="Betalingsregeling aangeboden, niet nagekomen.",
            why_not_enough="Huurder reageert niet meer.",
            has_minors=True, is_multi_problem=False, is_vulnerable=False, has_housing_nuisance=False,
            arrear_cents=312_000, expected_court_on=today + dt.timedelta(days=21), tenant_informed=True,
        ),
    )  # fmt: skip
    meeting = coordination.create_meeting(user=member, team_id=regieteam.pk, held_on=today)
    item = coordination.put_on_agenda(
        user=member, meeting_id=meeting.pk, form_id=form_filed.pk, reason=AgendaReason.FIRST
    )
    _regieteam_decides_scenario_1(page, live_server, item_id=item.pk, today=today)
    log_out(page, live_server)

    # The case worker opens the household from the case: the timeline shows the whole chain.
    log_in(page, live_server, "m.bakker", PASSWORD)
    page.goto(live_server.url + reverse("cases:detail", args=[case.pk]))
    page.locator("#zaak-keten button").click()
    timeline = page.locator("#tijdlijn-lijst")
    expect(timeline).to_contain_text("Dagvaarding")
    expect(timeline).to_contain_text("Meldpunt")
    expect(timeline).to_contain_text("Regieteam")
    # Before a judgment there is no eviction to suspend: the decision records it, the stage stays.
    expect(page.locator("#huishouden-fase")).to_have_text("Gedagvaard")
    page.screenshot(path=str(screenshot_dir() / "huishouden-tijdlijn.png"), full_page=True)

    track = EvictionTrack.objects.get(municipality=municipality, address_key=case.address_key)
    assert track.stage == CourtStage.SUMMONED
    assert errors == []
