"""DDAS clients in the Django admin: the secret is shown once, stored as a hash, and renewable."""

import hashlib
import re

import pytest
from django.test import Client
from django.urls import reverse

from eropaf.audit.models import AuditAction, AuditEvent
from eropaf.ddas.models import DdasAccessToken, DdasClient
from tests.ddas.conftest import ClientKeys, Region
from tests.factories import make_superuser

pytestmark = pytest.mark.django_db

SECRET = re.compile(r"geheim ([A-Za-z0-9_-]{40,})\.")


def _secret_shown(page: bytes) -> str:
    [secret] = SECRET.findall(page.decode())
    return str(secret)


def test_adding_a_client_shows_its_secret_once_and_keeps_only_the_hash(
    client: Client, region: Region
) -> None:
    client.force_login(make_superuser())

    response = client.post(
        reverse("admin:ddas_ddasclient_add"),
        {"municipality": region.municipality.pk, "name": "CBS", "is_active": "on"},
        follow=True,
    )

    assert response.status_code == 200
    made = DdasClient.objects.get()
    secret = _secret_shown(response.content)
    assert made.client_id.startswith("ddas-")
    assert made.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in made.secret_hash
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, subject_type="ddas_client").count() == 1
    change_page = client.get(reverse("admin:ddas_ddasclient_change", args=[made.pk])).content.decode()
    assert secret not in change_page
    assert made.secret_hash not in change_page


def test_a_new_secret_replaces_the_old_one_and_ends_its_tokens(
    client: Client, ddas_client: ClientKeys, bearer: str
) -> None:
    client.force_login(make_superuser())

    response = client.post(
        reverse("admin:ddas_ddasclient_changelist"),
        {"action": "make_new_secret", "_selected_action": [ddas_client.client.pk]},
        follow=True,
    )

    new_secret = _secret_shown(response.content)
    ddas_client.client.refresh_from_db()
    assert new_secret != ddas_client.secret
    assert ddas_client.client.secret_hash == hashlib.sha256(new_secret.encode()).hexdigest()
    assert not DdasAccessToken.objects.exists()
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE, subject_type="ddas_client").count() == 1
