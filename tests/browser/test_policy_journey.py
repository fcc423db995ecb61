"""End-to-end journey in Chromium: a policy officer copies the active afwegingskader as a draft,
raises the threshold, simulates it on the past months, sees the workload drop, and activates it."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from eropaf.accounts.roles import Role
from eropaf.triage.models import PolicyStatus, PolicyVersion
from eropaf.triage.policy import dump_policy_yaml, load_policy_yaml, parse_policy
from eropaf.triage.services import activate, create_draft
from tests.browser.conftest import screenshot_dir
from tests.browser.test_journeys import log_in, watch_for_errors
from tests.factories import PASSWORD, make_user_with_role
from tests.matching.world import make_world

pytestmark = pytest.mark.browser

POLICY = """\
naam: Drempelbeleid
regels:
  - sleutel: drempel
    omschrijving: Onder de drempel
    als:
      totaalbedrag_onder: 100
    dan:
      niet_opgepakt: onterecht_signaal
standaard:
  werkbak: huisbezoek
  contact: [huisbezoek]
"""
POLICY_LINK = re.compile(r"^(Afwegingskader|Policy)$")
COPY_BUTTON = re.compile(r"Actieve versie kopiëren als concept|Copy the active version")
SIMULATE_LINK = re.compile(r"Simuleren op de afgelopen maanden|Simulate on the past months")
ACTIVATE = re.compile(r"^(Activeren|Activate)$")
SAVE = re.compile(r"^(Opslaan|Bewaren|Save)$")


def test_policy_officer_raises_a_threshold_simulates_and_activates(
    live_server: LiveServer, page: Page
) -> None:
    with time_machine.travel(dt.datetime(2026, 11, 21, 9, tzinfo=dt.UTC), tick=True):
        world = make_world()
        first = activate(
            user=None,
            version=create_draft(
                user=None, municipality=world.municipality, policy=load_policy_yaml(POLICY), source="t"
            ),
        )
        for number, euros in ((1, 150), (2, 180), (3, 400)):
            world.resident(f"99999{number:04d}", number=number)
            world.signal(number=number, euros=euros, bsn=f"99999{number:04d}", reference=f"R{number}")
        world.run()
        make_user_with_role(Role.POLICY_OFFICER, municipality=world.municipality, username="b.beleid")

        errors = watch_for_errors(page)
        log_in(page, live_server, "b.beleid", PASSWORD)
        page.get_by_role("link", name=POLICY_LINK).first.click()
        expect(page).to_have_url(live_server.url + reverse("triage:versions"))
        page.get_by_role("button", name=COPY_BUTTON).first.click()

        draft = PolicyVersion.objects.get(status=PolicyStatus.DRAFT)
        expect(page).to_have_url(live_server.url + reverse("triage:version", args=[draft.pk]))
        editor = page.locator("textarea")
        editor.fill(editor.input_value().replace("totaalbedrag_onder: 100", "totaalbedrag_onder: 200"))
        page.get_by_role("button", name=SAVE).click()
        expect(page.locator(".app-messages")).to_be_visible()

        page.get_by_role("link", name=SIMULATE_LINK).click()
        expect(page.locator("#vergelijking")).to_be_visible()
        # 3 cases: the active policy visits all 3 (4.5 h), the draft 1 (1.5 h): fewer hours a month.
        expect(page.locator("#werklast-verschil")).to_contain_text("−")
        expect(page.locator("#vergelijking")).to_contain_text(re.compile(r"Niet opgepakt"))
        expect(page.locator("svg").first).to_be_visible()
        page.screenshot(path=str(screenshot_dir() / "afwegingskader-simulatie.png"), full_page=True)

        page.goto(live_server.url + reverse("triage:activate", args=[draft.pk]))
        page.get_by_role("button", name=ACTIVATE).click()

        expect(page).to_have_url(live_server.url + reverse("triage:version", args=[draft.pk]))
        draft.refresh_from_db()
        first.refresh_from_db()
        assert (draft.status, first.status) == (PolicyStatus.ACTIVE, PolicyStatus.RETIRED)
        assert "totaalbedrag_onder: 200" in dump_policy_yaml(parse_policy(draft.document))
        assert errors == []
