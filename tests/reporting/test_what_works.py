"""What works: every grouping equals the values counted by hand from the fixed dataset (conftest)."""

import pytest
from django.test import Client
from django.urls import reverse

from eropaf.accounts.roles import Role
from eropaf.cases.models import ContactAttempt
from eropaf.reporting.what_works import get_what_works
from tests.factories import make_user_with_role
from tests.reporting.conftest import Dataset, rows, small

pytestmark = pytest.mark.django_db


def tables(dataset: Dataset, policy: int | None = None) -> dict[str, dict[object, tuple[object, ...]]]:
    report = get_what_works(dataset.scope(), policy)
    return {table.key: rows(table) for table in report.tables}


def test_per_contact_kind_and_per_day_part_of_the_attempts(dataset: Dataset) -> None:
    found = tables(dataset)

    # attempts, reached, %, closed cases reached this way, help accepted, %
    assert found["werkt-contactsoort"] == {
        "Brief": (1, 0, 0.0, 0, 0, None),
        "Huisbezoek": (2, 2, 100.0, 1, 1, 100.0),
        "Telefoon": (3, 1, 33.333, 1, 0, 0.0),
        "Alle pogingen": (6, 3, 50.0, 2, 1, 50.0),
    }
    assert found["werkt-dagdeel"] == {
        "Ochtend": (3, 1, 33.333, 1, 0, 0.0),
        "Middag": (1, 0, 0.0, 0, 0, None),
        "Avond": (2, 2, 100.0, 1, 1, 100.0),
        "Alle pogingen": (6, 3, 50.0, 2, 1, 50.0),
    }


# Per case: cases, reached, %, closed, help accepted, %. Reached counts D too (an attempt reached
# the resident, though the case is still open).
ALL_CASES = (6, 3, 50.0, 4, 1, 25.0)


def test_per_first_contact_kind(dataset: Dataset) -> None:
    assert tables(dataset)["werkt-eerste-contactsoort"] == {
        "Brief": (1, 0, 0.0, 1, 0, 0.0),  # B
        "Huisbezoek": (1, 1, 100.0, 0, 0, None),  # D
        "Telefoon": (2, 2, 100.0, 2, 1, 50.0),  # A (phone first, reached on the home visit), F
        "Geen contactpoging": (2, 0, 0.0, 1, 0, 0.0),  # C, E
        "Alle zaken": ALL_CASES,
    }


def test_per_number_of_attempts(dataset: Dataset) -> None:
    assert tables(dataset)["werkt-pogingen"] == {
        "0": (2, 0, 0.0, 1, 0, 0.0),  # C, E
        "1": (2, 2, 100.0, 1, 0, 0.0),  # D, F
        "2": (2, 1, 50.0, 2, 1, 50.0),  # A, B
        "Alle zaken": ALL_CASES,
    }


def test_per_work_queue(dataset: Dataset) -> None:
    assert tables(dataset)["werkt-werkbak"] == {
        "brief": (3, 1, 33.333, 2, 0, 0.0),  # B, E, F
        "huisbezoek": (2, 2, 100.0, 1, 1, 100.0),  # A, D
        "Geen werkbak": (1, 0, 0.0, 1, 0, 0.0),  # C
        "Alle zaken": ALL_CASES,
    }


def test_per_age_band(dataset: Dataset) -> None:
    assert tables(dataset)["werkt-leeftijd"] == {
        "Tot en met 27": (1, 1, 100.0, 1, 1, 100.0),  # A
        "28 tot en met 44": (2, 1, 50.0, 1, 0, 0.0),  # E, F
        "45 tot en met 66": (1, 0, 0.0, 1, 0, 0.0),  # B
        "67 en ouder": (1, 1, 100.0, 0, 0, None),  # D
        "Leeftijd onbekend": (1, 0, 0.0, 1, 0, 0.0),  # C
        "Alle zaken": ALL_CASES,
    }


def test_per_policy_version_and_the_choice_of_one(dataset: Dataset) -> None:
    assert tables(dataset)["werkt-beleid"] == {
        "Leiden (versie 1)": (3, 1, 33.333, 3, 1, 33.333),  # A, B, C
        "Leiden (versie 2)": (3, 2, 66.667, 1, 0, 0.0),  # D, E, F
        "Alle zaken": ALL_CASES,
    }
    only_v2 = tables(dataset, dataset.v2.pk)
    assert only_v2["werkt-contactsoort"] == {
        "Huisbezoek": (1, 1, 100.0, 0, 0, None),
        "Telefoon": (1, 1, 100.0, 1, 0, 0.0),
        "Alle pogingen": (2, 2, 100.0, 1, 0, 0.0),
    }
    choices = get_what_works(dataset.scope()).policies
    assert [(choice.version_id, choice.label, choice.cases) for choice in choices] == [
        (dataset.v1.pk, "Leiden (versie 1)", 3),
        (dataset.v2.pk, "Leiden (versie 2)", 3),
    ]


def test_small_numbers_are_flagged_and_large_ones_not(dataset: Dataset) -> None:
    report = get_what_works(dataset.scope())
    queue = next(table for table in report.tables if table.key == "werkt-werkbak")

    assert small(queue) == {"brief", "huisbezoek", "Geen werkbak", "Alle zaken"}

    case_a = dataset.cases["A"]
    ContactAttempt.objects.bulk_create(
        [
            ContactAttempt(case=case_a, kind="letter", at=case_a.created_at, day_part="morning")
            for _ in range(9)
        ]
    )
    kinds = next(
        table for table in get_what_works(dataset.scope()).tables if table.key == "werkt-contactsoort"
    )
    # Ten letters now: the reach share of letters rests on 10 attempts, but no closed case was reached
    # by a letter, so no help share is shown and nothing is small.
    assert rows(kinds)["Brief"] == (10, 0, 0.0, 0, 0, None)
    assert "Brief" not in small(kinds)


def test_the_page_shows_counts_flags_and_the_policy_versions(dataset: Dataset, client: Client) -> None:
    client.force_login(make_user_with_role(Role.POLICY_OFFICER, municipality=dataset.municipality))

    response = client.get(
        reverse("reporting:what-works"), {"van": "2026-09", "tot": "2026-10", "beleid": str(dataset.v2.pk)}
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="dashboard-beleid"' in body
    assert f'<option value="{dataset.v2.pk}" selected>Leiden (versie 2)</option>' in body
    assert "klein aantal" in body
    assert f"beleid={dataset.v2.pk}" in body  # carried to the downloads
    assert 'id="tabel-werkt-leeftijd"' in body
