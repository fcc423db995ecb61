"""Logging in, failing to and logging out are recorded; the password never is."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from eropaf.accounts.roles import Role
from eropaf.audit.models import AuditAction, AuditEvent
from tests.factories import PASSWORD, make_user_with_role

WRONG_PASSWORD = "verkeerd-wachtwoord-123"

pytestmark = pytest.mark.django_db


def _login(client: Client, username: str, password: str) -> int:
    response = client.post(reverse("accounts:login"), {"username": username, "password": password})
    return response.status_code


def _stored(event: AuditEvent) -> str:
    return " ".join(
        [event.description, event.subject_type, event.subject_id, event.actor_username, str(event.case_ids)]
    )


def test_a_login_is_recorded(client: Client) -> None:
    user = make_user_with_role(Role.CASE_WORKER, username="medewerker")

    assert _login(client, "medewerker", PASSWORD) == 302

    assert client.session["_auth_user_id"] == str(user.pk)
    events = list(AuditEvent.objects.all())
    assert [event.action for event in events] == [AuditAction.LOGIN]
    assert events[0].actor == user
    assert events[0].actor_username == "medewerker"
    assert events[0].subject_type == "user"
    assert events[0].subject_id == str(user.pk)


def test_a_failed_login_is_recorded_without_the_password(client: Client) -> None:
    make_user_with_role(Role.CASE_WORKER, username="medewerker")

    assert _login(client, "medewerker", WRONG_PASSWORD) == 200

    assert "_auth_user_id" not in client.session
    events = list(AuditEvent.objects.all())
    assert [event.action for event in events] == [AuditAction.LOGIN_FAILED]
    assert events[0].actor is None
    assert events[0].subject_id == "medewerker"
    assert WRONG_PASSWORD not in _stored(events[0])


def test_a_logout_is_recorded(client: Client) -> None:
    user = make_user_with_role(Role.CASE_WORKER)
    client.force_login(user)

    client.post(reverse("accounts:logout"))

    events = list(AuditEvent.objects.all())
    assert [event.action for event in events] == [AuditAction.LOGOUT]
    assert events[0].actor == user


def test_after_the_failure_limit_even_the_right_password_is_refused(client: Client) -> None:
    make_user_with_role(Role.CASE_WORKER, username="medewerker")
    limit = settings.AXES_FAILURE_LIMIT
    assert limit == 5

    statuses = [_login(client, "medewerker", WRONG_PASSWORD) for _ in range(limit)]
    locked = client.post(reverse("accounts:login"), {"username": "medewerker", "password": PASSWORD})

    assert statuses[: limit - 1] == [200] * (limit - 1)
    assert locked.status_code in {403, 429}
    assert "accounts/locked_out.html" in [template.name for template in locked.templates]
    assert "_auth_user_id" not in client.session
    assert not AuditEvent.objects.filter(action=AuditAction.LOGIN).exists()
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).count() >= limit - 1
    for event in AuditEvent.objects.all():
        assert WRONG_PASSWORD not in _stored(event)
        assert PASSWORD not in _stored(event)


def test_the_lockout_is_per_user(client: Client) -> None:
    make_user_with_role(Role.CASE_WORKER, username="medewerker")
    other = make_user_with_role(Role.CASE_WORKER, username="collega")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "medewerker", WRONG_PASSWORD)

    assert _login(client, "collega", PASSWORD) == 302
    assert client.session["_auth_user_id"] == str(other.pk)
