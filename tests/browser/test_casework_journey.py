"""End-to-end journey in Chromium: a case worker opens a case from the list, records two contact
attempts, makes the letter, closes the case with help accepted and a referral; then the landlord
logs in to the partner portal and sees "Hulp geaccepteerd" on its signal."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from eropaf.accounts.roles import Role
from eropaf.cases.workflow import CaseState
from eropaf.letters.defaults import seed_default_templates
from eropaf.letters.models import GeneratedLetter, LetterSender, LetterTemplate
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


def test_case_worker_works_a_case_and_the_partner_sees_help_accepted(
    live_server: LiveServer, page: Page
) -> None:
    municipality = MunicipalityFactory.create(name="Dordrecht", code="0505")
    team = TeamFactory.create(municipality=municipality, name="Vroegsignalering Dordrecht")
    landlord = PartnerFactory.create(name="Woonbron", code="woonbron", municipalities=[municipality])
    seed_default_templates(LetterTemplate)
    LetterSender.objects.create(municipality=municipality, phone="14 078")
    case = make_case_with_signal(
        team=team,
        delivery=DeliveryFactory.create(partner=landlord),
        reference="WB-2026-0042",
        surname="Jansen",
        case_fields={
            "state": CaseState.QUEUED,
            "queue": "telefoon",
            "contact_plan": [{"kind": "phone", "letter_kind": ""}, {"kind": "letter", "letter_kind": ""}],
        },
    )
    make_user_with_role(Role.CASE_WORKER, team=team, username="m.bakker")
    make_user_with_role(Role.PARTNER_USER, partner=landlord, username="woonbron.incasso")
    errors = watch_for_errors(page)

    log_in(page, live_server, "m.bakker", PASSWORD)
    page.get_by_role("link", name=str(case.pk), exact=True).click()
    expect(page).to_have_url(live_server.url + reverse("cases:detail", args=[case.pk]))

    attempt_form = page.locator("#contactpoging")
    attempt_form.get_by_label("Soort contact").select_option("phone")
    attempt_form.get_by_label("Resultaat").fill("Voicemail ingesproken")
    attempt_form.get_by_role("button", name="Poging vastleggen").click()
    expect(page.locator(".app-messages")).to_contain_text("De contactpoging is vastgelegd.")
    attempt_form = page.locator("#contactpoging")
    attempt_form.get_by_label("Soort contact").select_option("home_visit")
    attempt_form.get_by_label("bereikt", exact=True).check()
    attempt_form.get_by_label("Resultaat").fill("Gesprek aan de deur, wil hulp")
    attempt_form.get_by_role("button", name="Poging vastleggen").click()
    expect(page.locator(".app-timeline__item")).to_have_count(2)

    page.locator("#brief-maken").get_by_role("button").click()
    expect(page.locator("#zaak-brieven-lijst")).to_contain_text("Hulp bij het betalen")

    closing = page.locator("#afsluiten")
    closing.get_by_label("Resultaat").select_option("follow_up_financial")
    closing.get_by_label("Soort hulp").select_option("complex")
    closing.get_by_label("Verwezen naar").select_option("debt_services")
    closing.get_by_label("Ontvangend team").fill("Schuldhulpverlening Drechtsteden")
    page.screenshot(path=str(screenshot_dir() / "zaak-afsluiten.png"), full_page=True)
    closing.get_by_role("button", name="Zaak afsluiten").click()
    expect(page.locator("#zaak-uitkomst")).to_contain_text("Schuldhulpverlening Drechtsteden")

    page.locator(".app-user__logout button").click()
    # Logging out lands on the login page; wait for it, or the next page load cancels that one.
    expect(page).to_have_url(live_server.url + reverse("accounts:login"))
    log_in(page, live_server, "woonbron.incasso", PASSWORD)
    page.get_by_role("link", name="Terugkoppeling").click()
    row = page.locator("#terugkoppeling tbody tr").filter(has_text="WB-2026-0042")
    expect(row).to_contain_text("Hulp geaccepteerd")
    expect(page.locator("body")).not_to_contain_text("Jansen")
    page.screenshot(path=str(screenshot_dir() / "terugkoppeling.png"), full_page=True)

    case.refresh_from_db()
    assert (case.state, case.outcome, case.referral) == (
        CaseState.CLOSED,
        "follow_up_financial",
        "debt_services",
    )
    assert case.contact_attempts.count() == 3  # two attempts and the letter
    assert GeneratedLetter.objects.filter(case=case).count() == 1
    assert errors == []
