"""The national indicators equal the values counted by hand from the fixed dataset (conftest)."""

import pytest
from django.test import Client
from django.urls import reverse

from eropaf.accounts.roles import Role
from eropaf.reporting.indicators import get_indicators, monthly_table, partner_type_table
from eropaf.reporting.what_works import CONTACT_KINDS, attempts_table, chosen_cases
from tests.factories import make_user_with_role
from tests.reporting.conftest import Dataset, rows

pytestmark = pytest.mark.django_db


def test_indicators_per_month(dataset: Dataset) -> None:
    table = monthly_table(dataset.scope())

    # signals, per 1,000 per month, cases, multiple %, consecutive %, contact %, help acceptance %
    assert rows(table) == {
        # contact: A reached of A and B picked up (C not picked up); help: A of A reached
        "sep 2026": (4, 0.2, 3, 33.333, 66.667, 50.0, 100.0),
        # contact: F of F (D and E still open); help: none of F
        "okt 2026": (3, 0.15, 3, 0.0, 33.333, 100.0, 0.0),
        "Alle maanden": (7, 0.175, 6, 16.667, 50.0, 66.667, 50.0),
    }


def test_indicators_per_partner_type_count_a_case_under_each_of_its_types(dataset: Dataset) -> None:
    table = partner_type_table(dataset.scope())

    assert rows(table) == {
        # A, B, D, F; multiple A; consecutive B, F; picked up A, B, F; reached A, F; help A
        "Huur": (4, 0.1, 4, 25.0, 50.0, 66.667, 50.0),
        # A, C, E; multiple A; consecutive C; picked up A; reached A; help A
        "Energie": (3, 0.075, 3, 33.333, 33.333, 100.0, 100.0),
    }


def test_contact_per_contact_kind(dataset: Dataset) -> None:
    table = attempts_table(
        chosen_cases(dataset.scope()), field="kind", key="k", title="t", group="g", labels=CONTACT_KINDS
    )

    # attempts, reached, %, closed cases reached this way, help accepted, %
    assert rows(table) == {
        "Brief": (1, 0, 0.0, 0, 0, None),
        "Huisbezoek": (2, 2, 100.0, 1, 1, 100.0),
        "Telefoon": (3, 1, 33.333, 1, 0, 0.0),
        "Alle pogingen": (6, 3, 50.0, 2, 1, 50.0),
    }


def test_the_definitions_stand_next_to_the_figures(dataset: Dataset, client: Client) -> None:
    client.force_login(make_user_with_role(Role.POLICY_OFFICER, municipality=dataset.municipality))

    response = client.get(reverse("reporting:indicators"), {"van": "2026-09", "tot": "2026-10"})

    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="indicatoren-definities"' in body
    assert "als aandeel van de afgesloten zaken die zijn opgepakt" in body
    assert "Landelijk ongeveer 4 (2023)" in body
    for key in ("indicatoren-maand", "indicatoren-partnersoort", "indicatoren-contactsoort"):
        assert f'id="tabel-{key}"' in body
        assert f'id="download-{key}-csv"' in body
    assert "0,18" in body  # 0.175 signals per 1,000 inhabitants per month, two decimals
    assert len(get_indicators(dataset.scope()).definitions) == 5
