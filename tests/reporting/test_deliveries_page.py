"""The deliveries pages for team leads and policy officers: who may open them, and what they show."""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from eropaf.accounts.models import RoleAssignment, User
from eropaf.accounts.roles import REPORTING_ROLES, Role
from eropaf.intake.calendar import AMSTERDAM, PeriodRange
from eropaf.intake.models import Delivery, RejectedRow
from eropaf.intake.quality import Share, missing_deliveries
from eropaf.organisations.models import Municipality, Partner
from tests.factories import (
    DeliveryFactory,
    MunicipalityFactory,
    PartnerFactory,
    SignalFactory,
    make_user_with_role,
)

pytestmark = pytest.mark.django_db

MAY = dt.date(2026, 5, 1)
JUNE = dt.date(2026, 6, 1)
PERSONAL = ("Jansen", "999990019", "Dorpsstraat", "+31612345678", "jan@example.nl", "1234 A")


@pytest.fixture(autouse=True)
def _june_27() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 6, 27, 10, 0, tzinfo=AMSTERDAM), tick=False):
        yield


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=AMSTERDAM)


def deliver(partner: Partner, period: dt.date, day: dt.date, **counts: Any) -> Delivery:
    return DeliveryFactory.create(partner=partner, period=period, received_at=at(day), **counts)


@dataclass(frozen=True)
class Region:
    hoogdorp: Municipality
    verweg: Municipality
    woonstad: Partner
    energiek: Partner
    elders: Partner


@pytest.fixture
def region() -> Region:
    """Hoogdorp has Woonstad (delivered May and June) and Energiek (May only: missing in June);
    Verweg has Elders."""
    hoogdorp = MunicipalityFactory.create(name="Hoogdorp", code="9101", delivery_cutoff_day=25)
    verweg = MunicipalityFactory.create(name="Verweg", code="9102")
    woonstad = PartnerFactory.create(name="Woonstad", municipalities=[hoogdorp])
    energiek = PartnerFactory.create(name="Energiek", municipalities=[hoogdorp])
    elders = PartnerFactory.create(name="Elders", municipalities=[verweg])
    may = deliver(
        woonstad,
        MAY,
        dt.date(2026, 5, 20),
        received_count=10,
        accepted_count=6,
        rejected_count=3,
        duplicate_count=1,
    )
    for index in range(6):
        SignalFactory.create(
            delivery=may,
            municipality=hoogdorp,
            phone="+31612345678" if index < 4 else "",
            email="jan@example.nl" if index < 2 else "",
        )
    RejectedRow.objects.create(
        delivery=may,
        row_number=3,
        values={"achternaam": "Jansen", "postcode": "1234 A"},
        errors=[
            {"field": "postcode", "code": "invalid", "message": 'postcode "1234 A" is geen geldige postcode'}
        ],
    )
    deliver(woonstad, JUNE, dt.date(2026, 6, 24))  # zero rows, on time
    deliver(energiek, MAY, dt.date(2026, 5, 2))
    deliver(elders, MAY, dt.date(2026, 5, 2))
    return Region(hoogdorp=hoogdorp, verweg=verweg, woonstad=woonstad, energiek=energiek, elders=elders)


def team_lead_of(municipality: Municipality) -> User:
    return make_user_with_role(Role.TEAM_LEAD, municipality=municipality)


def deliveries_url() -> str:
    return reverse("reporting:deliveries")


def partner_url(partner_id: int) -> str:
    return reverse("reporting:partner-quality", args=[partner_id])


def test_the_team_lead_sees_the_calendar_and_quality_of_the_municipalitys_partners(
    client: Client, region: Region
) -> None:
    client.force_login(team_lead_of(region.hoogdorp))

    response = client.get(deliveries_url())

    assert response.status_code == 200
    report = response.context["report"]
    assert report.municipality == region.hoogdorp
    assert [row.partner for row in report.calendar.rows] == [region.energiek, region.woonstad]
    assert [row.entries[-1].state for row in report.calendar.rows] == ["missing", "on_time"]
    assert [item.partner for item in report.missing] == [region.energiek]
    woonstad = report.quality[1].total
    assert woonstad.rejected_share == Share(3, 10)
    assert woonstad.without_email_share == Share(4, 6)
    assert woonstad.without_contact_share == Share(2, 6)
    page = response.content.decode()
    assert "(3 of 10)" in page or "(3 van 10)" in page
    assert partner_url(region.woonstad.pk) in page
    for unseen in ("Elders", "Verweg", *PERSONAL):
        assert unseen not in page


def test_the_partner_detail_shows_months_charts_and_reasons(client: Client, region: Region) -> None:
    client.force_login(team_lead_of(region.hoogdorp))

    response = client.get(partner_url(region.woonstad.pk))

    assert response.status_code == 200
    report = response.context["report"]
    assert (report.partner, report.municipality) == (region.woonstad, region.hoogdorp)
    may = report.quality.months[-2]
    assert may.period == MAY
    assert may.without_phone_share == Share(2, 6)
    assert [(reason.field, reason.code, reason.total) for reason in report.reasons.reasons] == [
        ("postcode", "invalid", 1)
    ]
    assert [entry.state for entry in report.calendar.rows[0].entries][-2:] == ["on_time", "on_time"]
    page = response.content.decode()
    assert page.count("<svg") == 2
    for unseen in ("Elders", "Verweg", *PERSONAL):
        assert unseen not in page


def test_a_partner_not_serving_the_users_municipality_answers_as_a_missing_one(
    client: Client, region: Region
) -> None:
    client.force_login(team_lead_of(region.verweg))
    assert client.get(partner_url(region.woonstad.pk)).status_code == 404
    assert client.get(partner_url(999_999)).status_code == 404
    assert client.get(partner_url(region.elders.pk)).status_code == 200


def test_a_policy_officer_of_two_municipalities_chooses_one(client: Client, region: Region) -> None:
    officer = make_user_with_role(Role.POLICY_OFFICER, municipality=region.verweg)
    RoleAssignment.objects.create(user=officer, role=Role.POLICY_OFFICER, municipality=region.hoogdorp)
    client.force_login(officer)

    first = client.get(deliveries_url())
    chosen = client.get(
        deliveries_url(), {"gemeente": region.verweg.code, "van": "2026-04", "tot": "2026-06"}
    )

    assert first.context["report"].municipality == region.hoogdorp  # the first by name
    assert 'name="gemeente"' in first.content.decode()
    assert chosen.context["report"].municipality == region.verweg
    assert [row.partner for row in chosen.context["report"].calendar.rows] == [region.elders]
    assert chosen.context["report"].period_range == PeriodRange(first=dt.date(2026, 4, 1), last=JUNE)
    assert client.get(deliveries_url(), {"gemeente": "0000"}).status_code == 404
    assert client.get(partner_url(region.elders.pk), {"gemeente": region.verweg.code}).status_code == 200
    assert client.get(partner_url(region.elders.pk), {"gemeente": region.hoogdorp.code}).status_code == 404


def test_an_empty_month_shows_a_dash(client: Client, region: Region) -> None:
    client.force_login(team_lead_of(region.hoogdorp))
    response = client.get(partner_url(region.energiek.pk), {"van": "2026-04", "tot": "2026-04"})
    (april,) = response.context["report"].quality.months
    assert april.is_empty
    assert "–" in response.content.decode()


@pytest.mark.parametrize("role", [role for role in Role if role not in REPORTING_ROLES])
@pytest.mark.parametrize("url", ["deliveries", "partner"])
def test_other_roles_may_not_open_the_deliveries_pages(
    client: Client, region: Region, role: Role, url: str
) -> None:
    client.force_login(make_user_with_role(role, municipality=region.hoogdorp, partner=region.woonstad))
    target = deliveries_url() if url == "deliveries" else partner_url(region.woonstad.pk)
    assert client.get(target).status_code == 403


@pytest.mark.parametrize("url", ["deliveries", "partner"])
def test_anonymous_users_go_to_the_login_page(client: Client, region: Region, url: str) -> None:
    target = deliveries_url() if url == "deliveries" else partner_url(region.woonstad.pk)
    response = client.get(target)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_deliveries_pages_only_read(client: Client, region: Region) -> None:
    client.force_login(team_lead_of(region.hoogdorp))
    assert client.post(deliveries_url()).status_code == 405
    assert client.post(partner_url(region.woonstad.pk)).status_code == 405


def test_the_reports_overview_links_to_the_deliveries(client: Client, region: Region) -> None:
    client.force_login(make_user_with_role(Role.POLICY_OFFICER, municipality=region.hoogdorp))
    assert deliveries_url() in client.get(reverse("reporting:overview")).content.decode()


def test_the_missing_deliveries_include_names_the_partners(region: Region) -> None:
    html = render_to_string(
        "reporting/includes/missing_deliveries.html",
        {"missing_deliveries": missing_deliveries(municipality=region.hoogdorp, today=dt.date(2026, 6, 27))},
    )
    assert "Energiek" in html
    assert "Woonstad" not in html
    assert f"{partner_url(region.energiek.pk)}?gemeente={region.hoogdorp.code}" in html
    assert (
        render_to_string("reporting/includes/missing_deliveries.html", {"missing_deliveries": []}).strip()
        == ""
    )
