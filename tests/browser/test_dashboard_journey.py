"""End-to-end journey in Chromium: a policy officer opens the dashboard, changes the period and
downloads the numbers behind a chart."""

import csv
import io

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from eropaf.accounts.roles import Role
from tests.browser.conftest import screenshot_dir
from tests.browser.test_journeys import log_in, watch_for_errors
from tests.factories import PASSWORD, make_user_with_role
from tests.reporting.conftest import build_dataset

pytestmark = pytest.mark.browser


def test_policy_officer_changes_the_period_and_downloads_a_charts_numbers(
    live_server: LiveServer, page: Page
) -> None:
    dataset = build_dataset()
    make_user_with_role(Role.POLICY_OFFICER, municipality=dataset.municipality, username="beleid")
    errors = watch_for_errors(page)

    log_in(page, live_server, "beleid", PASSWORD)
    page.get_by_role("link", name="Dashboard").click()
    expect(page).to_have_url(live_server.url + reverse("reporting:dashboard"))
    page.locator("#dashboard-van").fill("2026-09")
    page.locator("#dashboard-tot").fill("2026-10")
    page.locator("#dashboard-toon").click()
    expect(page).to_have_url(
        f"{live_server.url}{reverse('reporting:dashboard')}?gemeente={dataset.municipality.code}&van=2026-09&tot=2026-10"
    )
    expect(page.locator("#figuur-trend-signalen svg")).to_be_visible()
    page.screenshot(path=str(screenshot_dir() / "dashboard.png"), full_page=True)

    with page.expect_download() as download:
        page.locator("#download-trend-signalen-csv").click()
    path = download.value.path()
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))

    # The header, the two months chosen and their total (the numbers are checked in tests/reporting).
    assert [row[0] for row in rows] == ["Maand", "sep 2026", "okt 2026", "Alle maanden"]
    assert rows[0][-1] == "Per 1.000 inwoners"
    assert errors == []
