"""``eropaf api_token``: operators make, list and revoke partner API keys."""

import datetime as dt
import io
from collections.abc import Iterator

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext
from pytest_django import Settings

from eropaf.accounts.api_tokens import authenticate_key, create_api_token
from eropaf.accounts.models import PartnerApiToken
from eropaf.audit.models import AuditEvent
from eropaf.organisations.models import Partner
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2026, 11, 10, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def partner() -> Partner:
    return PartnerFactory.create(code="woongoed", name="Woongoed")


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("api_token", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_create_prints_a_working_key_once_and_stores_only_its_hash(partner: Partner) -> None:
    out, err = run("create", "--partner", "woongoed", "--name", "SAP export")

    key = out.strip()
    token = PartnerApiToken.objects.get()
    assert authenticate_key(key) == token
    assert (token.partner, token.name) == (partner, "SAP export")
    assert token.expires_at == TODAY + dt.timedelta(days=365)  # no key lives forever
    assert token.prefix in err
    assert key not in err
    assert key not in token.key_hash
    assert AuditEvent.objects.filter(subject_type="api_token", subject_id=str(token.pk)).exists()


def test_expires_names_the_last_day_the_key_works(partner: Partner) -> None:
    out, _ = run("create", "--partner", "woongoed", "--name", "SAP", "--expires", "2026-12-31")
    key = out.strip()

    token = PartnerApiToken.objects.get()
    assert timezone.localtime(token.expires_at).date() == dt.date(2027, 1, 1)
    with time_machine.travel(dt.datetime(2026, 12, 31, 22, 59, tzinfo=dt.UTC), tick=False):
        assert authenticate_key(key) is not None
    with time_machine.travel(dt.datetime(2026, 12, 31, 23, 0, tzinfo=dt.UTC), tick=False):
        assert authenticate_key(key) is None


@pytest.mark.parametrize("expires", ["31-12-2026", "2026-11-09"])
def test_a_wrong_or_past_expiry_date_is_refused_with_exit_code_2(partner: Partner, expires: str) -> None:
    with pytest.raises(CommandError) as raised:
        run("create", "--partner", "woongoed", "--name", "SAP", "--expires", expires)

    assert raised.value.returncode == 2
    assert not PartnerApiToken.objects.exists()


def test_an_unknown_partner_is_exit_code_2(partner: Partner) -> None:
    with pytest.raises(CommandError, match="bestaat-niet") as raised:
        run("create", "--partner", "bestaat-niet", "--name", "SAP")

    assert raised.value.returncode == 2


def test_list_shows_the_keys_and_their_state_but_never_a_key(partner: Partner) -> None:
    live = create_api_token(partner=partner, name="SAP", created_by=None)
    expired = create_api_token(partner=partner, name="Oud", created_by=None, expires_at=TODAY)
    revoked = create_api_token(partner=partner, name="Weg", created_by=None)
    run("revoke", revoked.token.prefix)
    create_api_token(partner=PartnerFactory.create(), name="Anders", created_by=None)

    out, _ = run("list", "--partner", "woongoed")

    lines = out.strip().splitlines()
    assert len(lines) == 3
    states = {line.split("\t")[0]: line.split("\t")[1] for line in lines}
    assert states == {
        live.token.prefix: gettext("active"),
        expired.token.prefix: gettext("expired"),
        revoked.token.prefix: gettext("revoked"),
    }
    assert "Anders" not in out
    assert not any(issued.key in out for issued in (live, expired, revoked))


def test_list_of_a_partner_without_keys_says_so(partner: Partner) -> None:
    out, _ = run("list", "--partner", "woongoed")

    assert "Woongoed" in out


def test_revoke_stops_the_key_and_is_audited(partner: Partner) -> None:
    issued = create_api_token(partner=partner, name="SAP", created_by=None)

    out, _ = run("revoke", issued.token.prefix)

    assert issued.token.prefix in out
    assert authenticate_key(issued.key) is None
    issued.token.refresh_from_db()
    assert issued.token.revoked_at is not None
    event = AuditEvent.objects.get(subject_type="api_token", description__contains="revoked")
    assert event.actor_username == "command-line"


def test_revoking_twice_is_harmless(partner: Partner) -> None:
    issued = create_api_token(partner=partner, name="SAP", created_by=None)
    run("revoke", issued.token.prefix)
    revoked_at = PartnerApiToken.objects.get().revoked_at

    run("revoke", issued.token.prefix)

    assert PartnerApiToken.objects.get().revoked_at == revoked_at


def test_revoking_an_unknown_prefix_is_exit_code_2() -> None:
    with pytest.raises(CommandError) as raised:
        run("revoke", "00000000")

    assert raised.value.returncode == 2


def test_help_explains_the_actions(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        call_command("api_token", "--help")

    help_text = capsys.readouterr().out
    assert "{create,list,revoke}" in help_text
    assert "prints it once" in help_text
    assert "Exit code" in help_text


def test_no_key_outlives_the_maximum_lifetime(partner: Partner, settings: Settings) -> None:
    settings.PARTNER_API_TOKEN_MAX_DAYS = 30
    far = create_api_token(
        partner=partner, name="a", created_by=None, expires_at=TODAY + dt.timedelta(days=400)
    )
    near = create_api_token(
        partner=partner, name="b", created_by=None, expires_at=TODAY + dt.timedelta(days=3)
    )

    assert far.token.expires_at == TODAY + dt.timedelta(days=30)
    assert near.token.expires_at == TODAY + dt.timedelta(days=3)
    with time_machine.travel(TODAY + dt.timedelta(days=31), tick=False):
        assert authenticate_key(far.key) is None


def test_the_maximum_can_be_switched_off(partner: Partner, settings: Settings) -> None:
    settings.PARTNER_API_TOKEN_MAX_DAYS = 0

    assert create_api_token(partner=partner, name="a", created_by=None).token.expires_at is None
