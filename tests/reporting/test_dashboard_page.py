"""The dashboard page: who may open it, the choice of months and municipality, the element ids the
browser journey relies on, and the figures as the page shows them."""

import pytest
from django.test import Client
from django.urls import reverse

from eropaf.accounts.models import RoleAssignment
from eropaf.accounts.navigation import navigation_for
from eropaf.accounts.roles import Role
from tests.factories import make_user_with_role
from tests.reporting.conftest import Dataset

pytestmark = pytest.mark.django_db
URL = reverse("reporting:dashboard")


def test_a_policy_officer_sees_every_section_with_its_chart_table_and_downloads(
    dataset: Dataset, client: Client
) -> None:
    client.force_login(make_user_with_role(Role.POLICY_OFFICER, municipality=dataset.municipality))

    response = client.get(URL, {"van": "2026-09", "tot": "2026-10"})

    assert response.status_code == 200
    body = response.content.decode()
    assert "Dashboard van Teststad" in body
    assert "september 2026 tot en met oktober 2026" in body
    for element in ("dashboard-filter", "dashboard-van", "dashboard-tot", "dashboard-toon", "tabel-routes"):
        assert f'id="{element}"' in body
    for key in ("trend-signalen", "trend-zaken", "trend-rechtbank", "wijken", "partners", "teams"):
        assert f'id="figuur-{key}"' in body
        assert f'id="tabel-{key}"' in body
        assert f'id="download-{key}-csv"' in body
        assert (
            f'href="/rapportage/dashboard/tabel/{key}.csv?gemeente=0999&amp;van=2026-09&amp;tot=2026-10"'
            in body
        )
    assert 'id="chart-trend-zaken"' in body
    assert "per wijk. De tabel bevat dezelfde cijfers.</desc>" in body
    assert "66,7%" in body  # reached in Centrum
    assert "Anderdorp" not in body
    assert 'id="download-zaken-csv"' not in body  # personal data: team leads only


def test_changing_the_months_changes_the_figures(dataset: Dataset, client: Client) -> None:
    client.force_login(make_user_with_role(Role.TEAM_LEAD, team=dataset.team_1))

    october = client.get(URL, {"van": "2026-10", "tot": "2026-10"}).content.decode()
    both = client.get(URL, {"van": "2026-09", "tot": "2026-10"}).content.decode()

    assert 'value="2026-10" class' in october
    assert "sep 2026" not in october
    assert "sep 2026" in both
    assert 'id="download-zaken-csv"' in both  # a team lead may take the case list along


def test_a_default_of_twelve_months_and_a_message_for_a_wrong_range(dataset: Dataset, client: Client) -> None:
    client.force_login(make_user_with_role(Role.POLICY_OFFICER, municipality=dataset.municipality))

    default = client.get(URL).content.decode()
    wrong = client.get(URL, {"van": "2026-10", "tot": "2026-01"}).content.decode()

    assert (
        default.count('<th class="utrecht-table__header-cell app-table__rowhead" scope="row">dec 2025') == 3
    )
    assert 'id="dashboard-fout"' in wrong
    assert "De eerste maand ligt na de laatste maand." in wrong


def test_a_user_of_two_municipalities_chooses_and_another_code_is_not_found(
    dataset: Dataset, client: Client
) -> None:
    officer = make_user_with_role(Role.POLICY_OFFICER, municipality=dataset.municipality)
    client.force_login(officer)
    assert client.get(URL, {"gemeente": dataset.other.code}).status_code == 404

    RoleAssignment.objects.create(user=officer, role=Role.POLICY_OFFICER, municipality=dataset.other)
    body = client.get(URL, {"gemeente": dataset.other.code}).content.decode()

    assert 'id="dashboard-gemeente"' in body
    assert "Dashboard van Anderdorp" in body


@pytest.mark.parametrize("name", ["reporting:dashboard", "reporting:indicators", "reporting:what-works"])
def test_only_reporting_roles_open_the_pages(client: Client, name: str) -> None:
    client.force_login(make_user_with_role(Role.CASE_WORKER))
    assert client.get(reverse(name)).status_code == 403

    client.logout()
    assert client.get(reverse(name)).status_code == 302


def test_the_dashboard_is_in_the_navigation_of_team_leads_and_policy_officers() -> None:
    assert ("Dashboard", "reporting:dashboard") in navigation_for(frozenset({Role.POLICY_OFFICER}))
    assert ("Dashboard", "reporting:dashboard") in navigation_for(frozenset({Role.TEAM_LEAD}))
    assert ("Dashboard", "reporting:dashboard") not in navigation_for(frozenset({Role.CASE_WORKER}))
