"""End-to-end journeys in Chromium: a case worker logs in, sees this month's cases of the own team
and opens one; a person who keeps typing the wrong password is locked out."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import ConsoleMessage, Page, Request, Response, expect
from pytest_django.live_server_helper import LiveServer

from eropaf.accounts.models import User
from eropaf.accounts.roles import Role
from eropaf.core.periods import period_of, shift_months
from eropaf.core.vocabularies import PartnerType
from tests.browser.conftest import screenshot_dir
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

USERNAME_LABEL = re.compile(r"Gebruikersnaam|Username", re.IGNORECASE)
PASSWORD_LABEL = re.compile(r"Wachtwoord|Password", re.IGNORECASE)
LOGIN_BUTTON = re.compile(r"Inloggen|Log in|Aanmelden", re.IGNORECASE)
LOCKED = re.compile(r"geblokkeerd|vergrendeld|locked", re.IGNORECASE)

# (surname, first names, street, amount in cents, partner); the first three are this month's.
THIS_MONTH = [
    ("Aaldering", "Sanne", "Abelenstraat", 64_000, "Woonbron"),
    ("Bakhuizen", "Mohamed", "Berkenlaan", 123_456, "Eneco"),
    ("Claessens", "Ingrid", "Cederhof", 38_950, "Woonbron"),
]
LAST_MONTH = ("Dijkgraaf", "Duinweg")
OTHER_TEAM = ("Everaerts", "Esdoornpad")


def watch_for_errors(page: Page) -> list[str]:
    """Console errors (a blocked inline script or style is one, through the CSP) and assets that
    fail to load, collected while the journey runs."""
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        url = str(message.location.get("url", ""))
        if message.type == "error" and not url.endswith("/favicon.ico"):  # browsers ask for it unasked
            errors.append(f"console: {message.text} ({url})")

    def on_response(response: Response) -> None:
        if response.status >= 400:
            errors.append(f"{response.status} {response.url}")

    def on_request_failed(request: Request) -> None:
        # A click that leaves the page while one of its scripts still loads aborts that load: the
        # browser's doing, not a broken asset (seen on a loaded CI machine).
        if request.failure != "net::ERR_ABORTED":
            errors.append(f"failed: {request.url} ({request.failure})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
    page.on("response", on_response)
    page.on("requestfailed", on_request_failed)
    return errors


def log_in(page: Page, live_server: LiveServer, username: str, password: str) -> None:
    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label(USERNAME_LABEL).fill(username)
    page.get_by_label(PASSWORD_LABEL).fill(password)
    page.get_by_role("button", name=LOGIN_BUTTON).click()


def test_case_worker_sees_this_months_cases_and_opens_one(live_server: LiveServer, page: Page) -> None:
    municipality = MunicipalityFactory.create(name="Dordrecht", code="0505")
    team = TeamFactory.create(municipality=municipality, name="Vroegsignalering Dordrecht")
    other_team = TeamFactory.create(municipality=municipality, name="Wijkteam Noord")
    partners = {
        "Woonbron": PartnerFactory.create(name="Woonbron", municipalities=[municipality]),
        "Eneco": PartnerFactory.create(
            name="Eneco", partner_type=PartnerType.ENERGY, municipalities=[municipality]
        ),
    }
    this_month = period_of(timezone.localdate())
    last_month = shift_months(this_month, -1)
    deliveries = {
        name: DeliveryFactory.create(partner=partner, period=this_month) for name, partner in partners.items()
    }
    worker = make_user_with_role(Role.CASE_WORKER, team=team, username="c.werker")
    User.objects.filter(pk=worker.pk).update(first_name="Fatima", last_name="El Amrani")

    shown = [
        make_case_with_signal(
            team=team,
            delivery=deliveries[partner],
            period=this_month,
            surname=surname,
            first_names=first_names,
            street=street,
            amount_cents=amount,
        )
        for surname, first_names, street, amount, partner in THIS_MONTH
    ]
    make_case_with_signal(team=team, period=last_month, surname=LAST_MONTH[0], street=LAST_MONTH[1])
    make_case_with_signal(team=other_team, period=this_month, surname=OTHER_TEAM[0], street=OTHER_TEAM[1])

    errors = watch_for_errors(page)
    log_in(page, live_server, "c.werker", PASSWORD)

    expect(page).to_have_url(live_server.url + reverse("cases:list"))
    main = page.locator("main")
    for surname, _, street, _, _ in THIS_MONTH:
        expect(main).to_contain_text(surname)
        expect(main).to_contain_text(street)
    for surname, street in (LAST_MONTH, OTHER_TEAM):
        expect(page.locator("body")).not_to_contain_text(surname)
        expect(page.locator("body")).not_to_contain_text(street)
    expect(main.locator("tbody tr")).to_have_count(3)
    page.screenshot(path=screenshot_dir() / "case-list.png", full_page=True)

    opened = shown[1]
    signal = opened.signals.get()
    page.locator(f"a[href='{reverse('cases:detail', args=[opened.pk])}']").first.click()

    expect(page).to_have_url(live_server.url + reverse("cases:detail", args=[opened.pk]))
    expect(main).to_contain_text("Mohamed Bakhuizen")
    expect(main).to_contain_text(signal.reference)
    expect(main).to_contain_text("Eneco")
    expect(main).to_contain_text("€ 1.234,56")
    expect(main).not_to_contain_text(signal.bsn)
    page.screenshot(path=screenshot_dir() / "case-detail.png", full_page=True)
    assert not errors, "\n".join(errors)


def test_five_wrong_passwords_lock_the_account(live_server: LiveServer, page: Page) -> None:
    make_user_with_role(Role.CASE_WORKER, username="c.werker")

    for attempt in range(1, 6):
        log_in(page, live_server, "c.werker", f"verkeerd-{attempt}")
        if attempt < 5:  # still the login form, with its error, not yet the lock
            expect(page.get_by_label(PASSWORD_LABEL)).to_be_visible()
            expect(page.locator("body")).not_to_contain_text(LOCKED)

    expect(page.locator("body")).to_contain_text(LOCKED)
    expect(page.get_by_label(PASSWORD_LABEL)).to_have_count(0)
    page.screenshot(path=screenshot_dir() / "locked-out.png", full_page=True)

    # Even the right password does not get in now.
    log_in(page, live_server, "c.werker", PASSWORD)
    expect(page.locator("body")).to_contain_text(LOCKED)
    expect(page).not_to_have_url(live_server.url + reverse("cases:list"))
