"""Working with cases writes no personal data to the logs, not even at DEBUG."""

import logging

import pytest
from django.test import Client
from django.urls import reverse

from eropaf.accounts.roles import Role
from tests.factories import PASSWORD, TeamFactory, make_case_with_signal, make_user_with_role

SURNAME = "Zonnebloemvink"
BSN = "111222333"
STREET = "Lindeboomgaard"
FIRST_NAMES = "Wilhelmina Adriana"


@pytest.mark.django_db
def test_no_personal_data_is_logged_while_working_on_cases(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    team = TeamFactory.create()
    case = make_case_with_signal(
        team=team, surname=SURNAME, bsn=BSN, street=STREET, first_names=FIRST_NAMES, amount_cents=123_456
    )
    other = make_case_with_signal(team=TeamFactory.create(), surname="Vreemdelinck", bsn="333444553")
    make_user_with_role(Role.CASE_WORKER, team=team, username="medewerker")

    with caplog.at_level(logging.DEBUG):
        client.post(reverse("accounts:login"), {"username": "medewerker", "password": "fout-wachtwoord"})
        client.post(reverse("accounts:login"), {"username": "medewerker", "password": PASSWORD})
        assert client.get(reverse("cases:list")).status_code == 200
        assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200
        assert client.get(reverse("cases:detail", args=[other.pk])).status_code == 404

    assert caplog.records, "nothing was logged at all, so this test proves nothing"
    logged = "\n".join(
        f"{record.name} {record.getMessage()} {record.exc_text or ''}" for record in caplog.records
    )
    for value in (SURNAME, BSN, STREET, FIRST_NAMES, "Vreemdelinck", "333444553", "1.234,56", PASSWORD):
        assert value not in logged, f"{value!r} was logged"
