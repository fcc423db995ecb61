"""End-to-end journey in Chromium: the BRP did not find a signalled person; a case worker opens the
review queue, compares the ranked candidates, confirms one, and sees the case updated."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from eropaf.accounts.roles import Role
from eropaf.cases.models import Case
from eropaf.matching.local_register import register_people
from eropaf.matching.models import ReviewItem, ReviewStatus
from tests.browser.conftest import screenshot_dir
from tests.browser.test_journeys import log_in, watch_for_errors
from tests.factories import PASSWORD, make_user_with_role
from tests.matching.world import make_world

pytestmark = pytest.mark.browser

REVIEW_LINK = re.compile(r"BRP-controle|BRP review", re.IGNORECASE)
CONFIRM_ANNA = re.compile(r"(Dit is de persoon|This is the person) \(Berg\)")


def test_case_worker_confirms_a_candidate_and_the_case_updates(live_server: LiveServer, page: Page) -> None:
    world = make_world()
    world.resident(
        "111222333", surname="Berg", prefix="van der", given_names="Anna", birth=dt.date(2001, 3, 4)
    )
    world.resident("123456782", surname="Berg", given_names="Piet", birth=dt.date(1960, 1, 1))
    world.signal(bsn="", surname="Van der Berg", first_names="", initials="A.", birth_date=None)
    world.run()
    register_people(world.people)
    case = Case.objects.get()
    item = ReviewItem.objects.get()
    make_user_with_role(Role.CASE_WORKER, team=world.team, username="c.controle")

    errors = watch_for_errors(page)
    log_in(page, live_server, "c.controle", PASSWORD)
    page.get_by_role("link", name=REVIEW_LINK).first.click()
    expect(page).to_have_url(live_server.url + reverse("matching:reviews"))
    page.get_by_role("link", name="Van der Berg").click()
    expect(page).to_have_url(live_server.url + reverse("matching:review", args=[item.pk]))
    rows = page.locator("tbody tr")
    expect(rows.first).to_contain_text("Anna")  # same initial: ranked above Piet
    page.screenshot(path=str(screenshot_dir() / "brp-controle.png"), full_page=True)

    page.get_by_role("button", name=CONFIRM_ANNA).first.click()

    expect(page).to_have_url(live_server.url + reverse("cases:detail", args=[case.pk]))
    expect(page.locator(".app-messages")).to_contain_text(re.compile(r"BRP", re.IGNORECASE))
    expect(page.locator(".app-brp-outcome").first).to_contain_text(re.compile(r"Inwoner|Resident"))
    item.refresh_from_db()
    case.refresh_from_db()
    assert item.status == ReviewStatus.CONFIRMED
    assert item.confirmed_bsn == "111222333"
    assert case.person_age is not None
    assert errors == []
