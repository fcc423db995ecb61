"""The second factor for staff: enrolment with a QR code, the code after the password, lockout after
wrong codes, resets by team leads and administrators, and what stays untouched (partner users
without an app, the partner API with its key, the demo with the setting off)."""

import datetime as dt
import re
import time
from binascii import unhexlify
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django import Settings

from eropaf.accounts.api_tokens import create_api_token
from eropaf.accounts.models import User
from eropaf.accounts.roles import Role
from eropaf.audit.models import AuditAction, AuditEvent
from tests.factories import (
    PASSWORD,
    MunicipalityFactory,
    PartnerFactory,
    TeamFactory,
    make_superuser,
    make_user_with_role,
)

pytestmark = pytest.mark.django_db

WRONG_CODE_MESSAGE = "Deze code klopt niet"


@pytest.fixture(autouse=True)
def _staff_two_factor(settings: Settings) -> None:
    settings.STAFF_TWO_FACTOR = True


def code_for(key: str, *, steps_ahead: int = 0) -> str:
    totp = TOTP(unhexlify(key.encode()), step=30, t0=0, digits=6, drift=0)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def wrong_code_for(key: str) -> str:
    window = {code_for(key, steps_ahead=step) for step in (-1, 0, 1)}
    return next(f"{n:06d}" for n in range(1_000_000) if f"{n:06d}" not in window)


def with_app(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def log_in(client: Client, username: str, *, next_url: str = "") -> str:
    """The password step; returns where it sends the browser."""
    response = client.post(
        reverse("accounts:login") + (f"?next={next_url}" if next_url else ""),
        {"username": username, "password": PASSWORD, "next": next_url},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return str(response["Location"])


def path_of(location: str) -> str:
    return urlsplit(location).path


# -- a staff page needs the second factor ------------------------------------------------------


def test_a_staff_page_without_the_second_factor_redirects_to_the_code(client: Client) -> None:
    worker = make_user_with_role(Role.CASE_WORKER, username="medewerker")
    with_app(worker)
    log_in(client, "medewerker")

    response = client.get(reverse("cases:list") + "?periode=2025-01")

    assert response.status_code == 302
    assert path_of(response["Location"]) == reverse("accounts:two_factor_verify")
    assert parse_qs(urlsplit(response["Location"]).query)["next"] == [
        reverse("cases:list") + "?periode=2025-01"
    ]


def test_the_django_admin_waits_for_the_second_factor_too(client: Client) -> None:
    make_superuser(username="beheer")
    log_in(client, "beheer")

    response = client.get(reverse("admin:index"))

    assert path_of(response["Location"]) == reverse("accounts:two_factor_setup")


def test_the_session_api_answers_403_before_the_second_factor(client: Client) -> None:
    worker = make_user_with_role(Role.CASE_WORKER, username="medewerker")
    with_app(worker)
    log_in(client, "medewerker")

    response = client.get(reverse("api:me"))

    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert "tweede stap" in response.json()["detail"]


def test_the_page_before_the_second_step_shows_no_navigation(client: Client) -> None:
    worker = make_user_with_role(Role.TEAM_LEAD, username="teamleider")
    with_app(worker)
    log_in(client, "teamleider")

    page = client.get(reverse("accounts:two_factor_verify")).content.decode()

    assert "Code uit uw authenticator-app" in page
    assert reverse("cases:list") not in page


# -- confirming the code -----------------------------------------------------------------------


def test_a_wrong_code_is_refused(client: Client) -> None:
    device = with_app(make_user_with_role(Role.CASE_WORKER, username="medewerker"))
    log_in(client, "medewerker")

    response = client.post(reverse("accounts:two_factor_verify"), {"code": wrong_code_for(device.key)})

    assert response.status_code == 200
    assert WRONG_CODE_MESSAGE in response.content.decode()
    assert client.get(reverse("cases:list")).status_code == 302
    event = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert event.description == "wrong second-factor code"


def test_the_right_code_opens_the_page_asked_for(client: Client) -> None:
    worker = make_user_with_role(Role.CASE_WORKER, username="medewerker")
    device = with_app(worker)
    log_in(client, "medewerker", next_url=reverse("cases:list"))
    session_before = client.session.session_key

    response = client.post(
        reverse("accounts:two_factor_verify"),
        {"code": code_for(device.key), "next": reverse("cases:list")},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("cases:list")
    assert client.get(reverse("cases:list")).status_code == 200
    assert client.session.session_key != session_before  # a new session key for the stronger login
    assert AuditEvent.objects.filter(
        action=AuditAction.LOGIN, actor=worker, description="second factor confirmed (TOTP)"
    ).exists()


def test_a_code_is_accepted_with_a_space_but_only_once(client: Client) -> None:
    device = with_app(make_user_with_role(Role.CASE_WORKER, username="medewerker"))
    code = code_for(device.key)
    log_in(client, "medewerker")
    client.post(reverse("accounts:two_factor_verify"), {"code": f"{code[:3]} {code[3:]}"})
    assert client.get(reverse("cases:list")).status_code == 200

    other = Client()
    log_in(other, "medewerker")
    replayed = other.post(reverse("accounts:two_factor_verify"), {"code": code})

    assert WRONG_CODE_MESSAGE in replayed.content.decode()


def test_an_external_next_is_not_followed(client: Client) -> None:
    device = with_app(make_user_with_role(Role.CASE_WORKER, username="medewerker"))
    log_in(client, "medewerker")

    response = client.post(
        reverse("accounts:two_factor_verify"),
        {"code": code_for(device.key), "next": "https://kwaadwillend.example/"},
    )

    assert response["Location"] == reverse("accounts:home")


def test_letters_are_not_a_code(client: Client) -> None:
    with_app(make_user_with_role(Role.CASE_WORKER, username="medewerker"))
    log_in(client, "medewerker")

    response = client.post(reverse("accounts:two_factor_verify"), {"code": "abcdef"})

    assert "Vul de 6 cijfers in" in response.content.decode()


# -- lockout -----------------------------------------------------------------------------------


def test_too_many_wrong_codes_lock_the_second_step(client: Client, settings: Settings) -> None:
    settings.TWO_FACTOR_FAILURE_LIMIT = 3
    settings.LOGIN_LOCKOUT_MINUTES = 15
    device = with_app(make_user_with_role(Role.CASE_WORKER, username="medewerker"))
    log_in(client, "medewerker")
    wrong = wrong_code_for(device.key)

    for _ in range(2):
        assert client.post(reverse("accounts:two_factor_verify"), {"code": wrong}).status_code == 200
    locked = client.post(reverse("accounts:two_factor_verify"), {"code": wrong})

    assert locked.status_code == 403
    assert "15 minuten geblokkeerd" in locked.content.decode()
    assert "_auth_user_id" not in client.session  # logged out

    # Logging in again does not help: even the right code is refused while locked.
    log_in(client, "medewerker")
    again = client.post(reverse("accounts:two_factor_verify"), {"code": code_for(device.key)})
    assert again.status_code == 403
    assert client.get(reverse("cases:list")).status_code == 302
    assert (
        AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED, description="second factor locked").count()
        == 2
    )


def test_the_lock_ends_after_the_lockout_time(client: Client, settings: Settings) -> None:
    settings.TWO_FACTOR_FAILURE_LIMIT = 2
    settings.LOGIN_LOCKOUT_MINUTES = 15
    device = with_app(make_user_with_role(Role.CASE_WORKER, username="medewerker"))
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=2, throttling_failure_timestamp=timezone.now() - dt.timedelta(minutes=16)
    )
    log_in(client, "medewerker")

    response = client.post(reverse("accounts:two_factor_verify"), {"code": code_for(device.key)})

    assert response.status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_a_locked_user_sees_the_lock_on_opening_the_code_page(client: Client, settings: Settings) -> None:
    device = with_app(make_user_with_role(Role.CASE_WORKER, username="medewerker"))
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=settings.TWO_FACTOR_FAILURE_LIMIT,
        throttling_failure_timestamp=timezone.now(),
    )
    log_in(client, "medewerker")

    assert client.get(reverse("accounts:two_factor_verify")).status_code == 403


# -- enrolment ---------------------------------------------------------------------------------


def secret_on(page: str) -> str:
    match = re.search(r'<code class="utrecht-code" id="geheime-sleutel">([A-Z2-7 ]+)</code>', page)
    assert match is not None, "the key is shown as text"
    return match.group(1).replace(" ", "")


def key_from_secret(secret: str) -> str:
    from base64 import b32decode  # noqa: PLC0415 — only this helper needs it

    return b32decode(secret).hex()


def test_the_first_login_leads_to_enrolment_with_a_qr_code_and_the_key_in_text(client: Client) -> None:
    make_user_with_role(Role.CASE_WORKER, username="medewerker")
    log_in(client, "medewerker")

    response = client.get(reverse("cases:list"))
    assert path_of(response["Location"]) == reverse("accounts:two_factor_setup")
    page = client.get(response["Location"]).content.decode()

    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page
    assert 'aria-label="QR-code voor uw authenticator-app"' in page
    assert "<script" not in page.split("</head>")[1]
    assert "style=" not in page
    assert len(secret_on(page)) == 32  # 20 random bytes in base32
    assert not TOTPDevice.objects.exists()  # nothing is stored before the app is confirmed


def test_enrolment_refuses_a_wrong_code_and_accepts_the_right_one(client: Client) -> None:
    worker = make_user_with_role(Role.CASE_WORKER, username="medewerker")
    log_in(client, "medewerker")
    page = client.get(reverse("accounts:two_factor_setup")).content.decode()
    key = key_from_secret(secret_on(page))
    assert secret_on(client.get(reverse("accounts:two_factor_setup")).content.decode()) == secret_on(page)

    wrong = client.post(reverse("accounts:two_factor_setup"), {"code": wrong_code_for(key)})
    assert WRONG_CODE_MESSAGE in wrong.content.decode()
    assert not TOTPDevice.objects.exists()

    right = client.post(
        reverse("accounts:two_factor_setup"), {"code": code_for(key), "next": reverse("cases:list")}
    )

    # Set up: the recovery codes, this once, and on to the page asked for.
    assert right.status_code == 200
    assert f'href="{reverse("cases:list")}"' in right.content.decode()
    device = TOTPDevice.objects.get(user=worker)
    assert device.confirmed
    assert device.key == key
    assert client.get(reverse("cases:list")).status_code == 200
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, actor=worker, description="two-factor authenticator app enrolled"
    ).exists()


def test_after_enrolment_the_next_login_asks_for_the_code(client: Client) -> None:
    make_user_with_role(Role.CASE_WORKER, username="medewerker")
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False):
        log_in(client, "medewerker")
        key = key_from_secret(secret_on(client.get(reverse("accounts:two_factor_setup")).content.decode()))
        client.post(reverse("accounts:two_factor_setup"), {"code": code_for(key)})
        client.post(reverse("accounts:logout"))
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 5, tzinfo=dt.UTC), tick=False):
        log_in(client, "medewerker")

        assert path_of(client.get(reverse("cases:list"))["Location"]) == reverse("accounts:two_factor_verify")
        client.post(reverse("accounts:two_factor_verify"), {"code": code_for(key)})
        assert client.get(reverse("cases:list")).status_code == 200


def test_a_second_app_cannot_be_enrolled_with_the_password_alone(client: Client) -> None:
    device = with_app(make_user_with_role(Role.CASE_WORKER, username="medewerker"))
    log_in(client, "medewerker")

    response = client.get(reverse("accounts:two_factor_setup"))

    assert path_of(response["Location"]) == reverse("accounts:two_factor_verify")
    assert list(TOTPDevice.objects.all()) == [device]


# -- who is asked ------------------------------------------------------------------------------


def test_with_the_setting_off_staff_are_not_asked(client: Client, settings: Settings) -> None:
    settings.STAFF_TWO_FACTOR = False
    make_user_with_role(Role.CASE_WORKER, username="medewerker")
    log_in(client, "medewerker")

    assert client.get(reverse("cases:list")).status_code == 200


def test_a_partner_user_without_an_app_is_not_asked(client: Client) -> None:
    make_user_with_role(Role.PARTNER_USER, username="corporatie")
    log_in(client, "corporatie")

    assert client.get(reverse("intake:list")).status_code == 200


def test_a_partner_user_may_set_up_an_app_and_is_then_asked(client: Client) -> None:
    partner_user = make_user_with_role(Role.PARTNER_USER, username="corporatie")
    log_in(client, "corporatie")
    assert client.get(reverse("accounts:two_factor_setup")).status_code == 200
    with_app(partner_user)

    other = Client()
    log_in(other, "corporatie")

    assert path_of(other.get(reverse("intake:list"))["Location"]) == reverse("accounts:two_factor_verify")


def test_the_partner_api_with_a_key_is_unaffected(client: Client) -> None:
    partner = PartnerFactory.create()
    issued = create_api_token(partner=partner, name="systeem", created_by=None)

    response = client.get(reverse("api:feedback-list"), headers={"Authorization": f"Bearer {issued.key}"})

    assert response.status_code == 200


# -- resetting an app --------------------------------------------------------------------------


def test_a_team_lead_resets_the_app_of_a_team_member(client: Client, settings: Settings) -> None:
    settings.STAFF_TWO_FACTOR = False  # the team lead's own login is not the subject here
    team = TeamFactory.create()
    lead = make_user_with_role(Role.TEAM_LEAD, team=team)
    member = make_user_with_role(Role.CASE_WORKER, team=team, username="kwijtgeraakt")
    with_app(member)
    client.force_login(lead)

    listing = client.get(reverse("accounts:two_factor_users")).content.decode()
    assert "kwijtgeraakt" in listing
    assert "Ingesteld" in listing
    response = client.post(reverse("accounts:two_factor_reset", args=[member.pk]))

    assert response["Location"] == reverse("accounts:two_factor_users")
    assert not TOTPDevice.objects.filter(user=member).exists()
    event = AuditEvent.objects.get(action=AuditAction.DELETE)
    assert (event.actor, event.subject_id, event.description) == (
        lead,
        str(member.pk),
        "two-factor authenticator app reset",
    )


def test_an_administrator_resets_apps_in_the_own_municipality_only(
    client: Client, settings: Settings
) -> None:
    settings.STAFF_TWO_FACTOR = False
    own, other = MunicipalityFactory.create(), MunicipalityFactory.create()
    admin = make_user_with_role(Role.ADMINISTRATOR, municipality=own)
    policy_officer = make_user_with_role(Role.POLICY_OFFICER, municipality=own)
    partner_user = make_user_with_role(Role.PARTNER_USER, partner=PartnerFactory.create(municipalities=[own]))
    elsewhere = make_user_with_role(Role.CASE_WORKER, team=TeamFactory.create(municipality=other))
    for user in (policy_officer, partner_user, elsewhere):
        with_app(user)
    client.force_login(admin)

    assert client.post(reverse("accounts:two_factor_reset", args=[policy_officer.pk])).status_code == 302
    assert client.post(reverse("accounts:two_factor_reset", args=[partner_user.pk])).status_code == 302
    assert client.post(reverse("accounts:two_factor_reset", args=[elsewhere.pk])).status_code == 404
    assert (
        client.post(reverse("accounts:two_factor_reset", args=[admin.pk])).status_code == 404
    )  # not oneself
    assert list(TOTPDevice.objects.values_list("user", flat=True)) == [elsewhere.pk]


def test_after_a_reset_the_next_login_enrols_again(client: Client) -> None:
    team = TeamFactory.create()
    member = make_user_with_role(Role.CASE_WORKER, team=team, username="medewerker")
    with_app(member)
    lead = make_user_with_role(Role.TEAM_LEAD, team=team)
    lead_client = Client()
    lead_client.force_login(lead)
    lead_device = with_app(lead)
    lead_client.post(reverse("accounts:two_factor_verify"), {"code": code_for(lead_device.key)})

    lead_client.post(reverse("accounts:two_factor_reset", args=[member.pk]))
    log_in(client, "medewerker")

    assert path_of(client.get(reverse("cases:list"))["Location"]) == reverse("accounts:two_factor_setup")
