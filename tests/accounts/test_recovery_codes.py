"""Recovery codes: made with the app and shown once, stored as hashes, each good for one login
without the phone, counted towards the app's lockout when wrong, replaced on request, and gone with
a reset of the app."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django import Settings

from eropaf.accounts import recovery_codes
from eropaf.accounts.models import User
from eropaf.accounts.roles import Role
from eropaf.audit.models import AuditAction, AuditEvent
from eropaf.core.errors import ApplicationError
from tests.accounts.test_two_factor import (
    code_for,
    key_from_secret,
    log_in,
    path_of,
    secret_on,
    with_app,
    wrong_code_for,
)
from tests.factories import make_user_with_role

pytestmark = pytest.mark.django_db

CODE = re.compile(r'<code class="utrecht-code">([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})</code>')


@pytest.fixture(autouse=True)
def _staff_two_factor(settings: Settings) -> None:
    settings.STAFF_TWO_FACTOR = True


@pytest.fixture
def worker() -> User:
    return make_user_with_role(Role.CASE_WORKER, username="medewerker")


def fully_logged_in(client: Client, user: User) -> None:
    """Logged in with both steps (as after a strong login at the organisation's provider)."""
    client.force_login(user)
    session = client.session
    session["eropaf_strong_login"] = True
    session.save()


def codes_of(user: User) -> list[str]:
    with_app(user)
    return recovery_codes.make_recovery_codes(user=user)


def test_setting_up_the_app_shows_ten_codes_once_and_stores_only_their_hashes(
    client: Client, worker: User
) -> None:
    log_in(client, "medewerker")
    key = key_from_secret(secret_on(client.get(reverse("accounts:two_factor_setup")).content.decode()))

    page = client.post(
        reverse("accounts:two_factor_setup"), {"code": code_for(key), "next": reverse("cases:list")}
    ).content.decode()

    shown = CODE.findall(page)
    assert len(shown) == recovery_codes.CODE_COUNT == len(set(shown))
    stored = set(StaticToken.objects.filter(device__user=worker).values_list("token", flat=True))
    assert len(stored) == recovery_codes.CODE_COUNT
    assert not stored & {code.replace("-", "") for code in shown}
    assert client.get(reverse("accounts:recovery_codes")).status_code == 200  # logged in fully
    assert not CODE.findall(client.get(reverse("accounts:recovery_codes")).content.decode())


def test_a_recovery_code_logs_in_once(client: Client, worker: User) -> None:
    first, second, *_ = codes_of(worker)
    log_in(client, "medewerker")
    assert path_of(client.get(reverse("cases:list"))["Location"]) == reverse("accounts:two_factor_verify")
    assert (
        reverse("accounts:two_factor_recovery")
        in client.get(reverse("accounts:two_factor_verify")).content.decode()
    )

    answer = client.post(
        reverse("accounts:two_factor_recovery"), {"code": first.upper(), "next": reverse("cases:list")}
    )

    assert answer["Location"] == reverse("cases:list")
    page = client.get(reverse("cases:list"))
    assert page.status_code == 200
    assert "Herstelcodes over: 9" in page.content.decode()
    assert recovery_codes.codes_left(worker) == recovery_codes.CODE_COUNT - 1
    assert AuditEvent.objects.filter(
        action=AuditAction.LOGIN, actor=worker, description="second factor confirmed (recovery code)"
    ).exists()

    client.post(reverse("accounts:logout"))
    log_in(client, "medewerker")
    again = client.post(reverse("accounts:two_factor_recovery"), {"code": first})
    assert again.status_code == 200
    assert "niet juist, of al eerder gebruikt" in again.content.decode()
    assert client.get(reverse("cases:list")).status_code == 302
    spaced = " ".join(second.replace("-", ""))
    assert client.post(reverse("accounts:two_factor_recovery"), {"code": spaced}).status_code == 302


def test_wrong_recovery_codes_count_towards_the_apps_lockout(
    client: Client, worker: User, settings: Settings
) -> None:
    settings.TWO_FACTOR_FAILURE_LIMIT = 3
    settings.LOGIN_LOCKOUT_MINUTES = 15
    (code, *_) = codes_of(worker)
    device = TOTPDevice.objects.get(user=worker)
    log_in(client, "medewerker")

    assert client.post(reverse("accounts:two_factor_recovery"), {"code": "abcd-efgh-jkmn"}).status_code == 200
    assert (
        client.post(reverse("accounts:two_factor_verify"), {"code": wrong_code_for(device.key)}).status_code
        == 200
    )
    locked = client.post(reverse("accounts:two_factor_recovery"), {"code": "not a code"})

    assert locked.status_code == 403
    log_in(client, "medewerker")
    assert client.post(reverse("accounts:two_factor_recovery"), {"code": code}).status_code == 403
    assert recovery_codes.codes_left(worker) == recovery_codes.CODE_COUNT  # not used up while locked
    assert (
        AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED, description="wrong recovery code").count()
        == 2
    )


def test_new_codes_replace_the_old_ones(client: Client, worker: User) -> None:
    (old, *_) = codes_of(worker)
    fully_logged_in(client, worker)
    page = client.get(reverse("accounts:recovery_codes")).content.decode()
    assert "U heeft nog 10 ongebruikte herstelcodes" in page

    new = CODE.findall(client.post(reverse("accounts:recovery_codes")).content.decode())

    assert len(new) == recovery_codes.CODE_COUNT
    assert old not in new
    assert client.get(reverse("cases:list")).status_code == 200  # still logged in with both steps
    assert StaticDevice.objects.filter(user=worker).count() == 1
    assert recovery_codes.confirm_recovery_code(user=worker, code=old).outcome.value == "wrong"
    assert recovery_codes.confirm_recovery_code(user=worker, code=new[0]).outcome.value == "confirmed"
    assert AuditEvent.objects.filter(description="two-factor recovery codes made", actor=worker).count() == 2


def test_without_an_app_there_are_no_recovery_codes(client: Client, worker: User) -> None:
    fully_logged_in(client, worker)
    answer = client.get(reverse("accounts:recovery_codes"))
    assert path_of(answer["Location"]) == reverse("accounts:two_factor_setup")
    with pytest.raises(ApplicationError, match="authenticator"):
        recovery_codes.make_recovery_codes(user=worker)


def test_resetting_the_app_removes_the_codes(client: Client, worker: User) -> None:
    codes_of(worker)
    lead = make_user_with_role(Role.TEAM_LEAD, team=worker.role_assignments.get().team)
    fully_logged_in(client, lead)

    client.post(reverse("accounts:two_factor_reset", args=[worker.pk]))

    assert not StaticDevice.objects.filter(user=worker).exists()
    assert not StaticToken.objects.exists()


def test_new_codes_keep_a_session_confirmed_with_a_recovery_code(client: Client, worker: User) -> None:
    (code, *_) = codes_of(worker)
    log_in(client, "medewerker")
    client.post(reverse("accounts:two_factor_recovery"), {"code": code})

    made = client.post(reverse("accounts:recovery_codes"))

    assert len(CODE.findall(made.content.decode())) == recovery_codes.CODE_COUNT
    assert client.get(reverse("cases:list")).status_code == 200
