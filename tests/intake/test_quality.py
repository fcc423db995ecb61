"""The delivery calendar, the missing-delivery flag and the data-quality figures, on constructed
deliveries; and the partner user's own page."""

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import URLPattern, URLResolver, include, path, reverse
from django.utils import translation

from eropaf.accounts.models import RoleAssignment
from eropaf.accounts.roles import Role
from eropaf.config import urls as project_urls
from eropaf.intake import quality_views
from eropaf.intake import urls as intake_urls
from eropaf.intake.calendar import AMSTERDAM, PeriodRange
from eropaf.intake.models import Delivery, DeliveryStatus, RejectedRow, Signal
from eropaf.intake.quality import (
    Share,
    calendar_of,
    get_own_deliveries_for_user,
    missing_deliveries,
    missing_deliveries_for_user,
    partner_quality,
    period_range_from,
    reason_label,
    rejection_reasons,
)
from eropaf.organisations.models import Municipality, Partner
from tests.factories import (
    DeliveryFactory,
    MunicipalityFactory,
    PartnerFactory,
    SignalFactory,
    make_user_with_role,
)

pytestmark = pytest.mark.django_db

APRIL = dt.date(2026, 4, 1)
MAY = dt.date(2026, 5, 1)
JUNE = dt.date(2026, 6, 1)
SPRING = PeriodRange(first=APRIL, last=JUNE)


def _intake_patterns() -> list[URLPattern | URLResolver]:
    """The intake URLs with ``intake:quality`` added, until the intake app mounts it itself."""
    patterns = list(intake_urls.urlpatterns)
    if not any(getattr(pattern, "name", None) == "quality" for pattern in patterns):
        patterns.append(path("kwaliteit/", quality_views.quality, name="quality"))
    return patterns


urlpatterns = [
    path("leveringen/", include((_intake_patterns(), "intake"))),
    *(
        pattern
        for pattern in project_urls.urlpatterns
        if not (isinstance(pattern, URLResolver) and pattern.namespace == "intake")
    ),
]


def at(day: dt.date, hour: int = 12, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=AMSTERDAM)


def deliver(partner: Partner, period: dt.date, received: dt.datetime, **counts: Any) -> Delivery:
    return DeliveryFactory.create(partner=partner, period=period, received_at=received, **counts)


def states(calendar_rows: Any) -> list[list[str]]:
    return [[entry.state for entry in row.entries] for row in calendar_rows]


# --------------------------------------------------------------------------------------------
# The calendar
# --------------------------------------------------------------------------------------------


def test_the_calendar_shows_on_time_late_missing_and_not_expected_per_partner() -> None:
    municipality = MunicipalityFactory.create(delivery_cutoff_day=25)
    steady, late_starter, silent = (PartnerFactory.create(municipalities=[municipality]) for _ in range(3))
    deliver(steady, APRIL, at(dt.date(2026, 4, 10)))
    deliver(steady, MAY, at(dt.date(2026, 5, 25), 23, 30))  # late evening on the cut-off day
    # Zero rows still count as delivered; 00:30 Dutch time on the 26th is after the cut-off day.
    deliver(late_starter, MAY, at(dt.date(2026, 5, 26), 0, 30))
    deliver(late_starter, JUNE, at(dt.date(2026, 6, 3)))
    deliver(late_starter, JUNE, at(dt.date(2026, 6, 26)))  # a second one does not change the month

    calendar = calendar_of(
        pairs=[(partner, municipality) for partner in (steady, late_starter, silent)],
        period_range=SPRING,
        today=dt.date(2026, 6, 27),
    )

    assert calendar.periods == [APRIL, MAY, JUNE]
    assert states(calendar.rows) == [
        ["on_time", "on_time", "missing"],
        ["not_expected", "late", "on_time"],
        ["not_expected", "not_expected", "not_expected"],
    ]
    assert calendar.rows[1].entries[2].first_received_on == dt.date(2026, 6, 3)


def test_the_first_month_of_the_calendar_looks_at_the_month_before_it() -> None:
    municipality = MunicipalityFactory.create()
    partner = PartnerFactory.create(municipalities=[municipality])
    deliver(partner, dt.date(2026, 3, 1), at(dt.date(2026, 3, 5)))
    calendar = calendar_of(pairs=[(partner, municipality)], period_range=SPRING, today=dt.date(2026, 6, 27))
    assert states(calendar.rows) == [["missing", "not_expected", "not_expected"]]


def test_a_refused_delivery_is_no_delivery() -> None:
    municipality = MunicipalityFactory.create()
    partner = PartnerFactory.create(municipalities=[municipality])
    deliver(partner, MAY, at(dt.date(2026, 5, 3)))
    deliver(partner, JUNE, at(dt.date(2026, 6, 3)), status=DeliveryStatus.REFUSED)
    calendar = calendar_of(pairs=[(partner, municipality)], period_range=SPRING, today=dt.date(2026, 6, 27))
    assert states(calendar.rows) == [["not_expected", "on_time", "missing"]]


def test_a_partner_of_two_municipalities_is_judged_by_each_ones_cutoff_day() -> None:
    early = MunicipalityFactory.create(name="Aardam", delivery_cutoff_day=20)
    late = MunicipalityFactory.create(name="Beekveld", delivery_cutoff_day=25)
    partner = PartnerFactory.create(municipalities=[early, late])
    user = make_user_with_role(Role.PARTNER_USER, partner=partner)
    deliver(partner, MAY, at(dt.date(2026, 5, 22)))

    (own,) = get_own_deliveries_for_user(
        user=user, period_range=PeriodRange(first=MAY, last=JUNE), today=dt.date(2026, 6, 22)
    )

    assert [row.municipality for row in own.calendar.rows] == [early, late]
    # On the 22nd of June the early municipality's cut-off has passed, the late one's has not.
    assert states(own.calendar.rows) == [["late", "missing"], ["on_time", "awaited"]]


# --------------------------------------------------------------------------------------------
# The missing-delivery flag
# --------------------------------------------------------------------------------------------


@pytest.fixture
def flagged() -> dict[str, Any]:
    municipality = MunicipalityFactory.create(delivery_cutoff_day=25)
    elsewhere = MunicipalityFactory.create()
    names = ("Absent", "Steady", "Newcomer", "Refused", "Elsewhere")
    partners = {name: PartnerFactory.create(name=name, municipalities=[municipality]) for name in names}
    partners["Elsewhere"].municipalities.set([elsewhere])
    for name in ("Absent", "Steady", "Refused", "Elsewhere"):
        deliver(partners[name], MAY, at(dt.date(2026, 5, 20), 9))
    deliver(partners["Absent"], APRIL, at(dt.date(2026, 4, 20)))
    deliver(partners["Steady"], JUNE, at(dt.date(2026, 6, 10)))
    deliver(partners["Newcomer"], JUNE, at(dt.date(2026, 6, 10)))
    deliver(partners["Refused"], JUNE, at(dt.date(2026, 6, 10)), status=DeliveryStatus.REFUSED)
    return {"municipality": municipality, **partners}


def test_no_delivery_is_flagged_missing_until_the_cutoff_day_has_passed(flagged: dict[str, Any]) -> None:
    assert missing_deliveries(municipality=flagged["municipality"], today=dt.date(2026, 6, 25)) == []


def test_partners_that_delivered_last_month_but_not_this_month_are_flagged_after_the_cutoff(
    flagged: dict[str, Any],
) -> None:
    missing = missing_deliveries(municipality=flagged["municipality"], today=dt.date(2026, 6, 26))
    assert [item.partner.name for item in missing] == ["Absent", "Refused"]
    absent = missing[0]
    assert (absent.period, absent.deadline) == (JUNE, dt.date(2026, 6, 25))
    assert absent.last_received_on == dt.date(2026, 5, 20)
    assert absent.municipality == flagged["municipality"]


def test_a_cutoff_day_on_the_months_last_day_never_flags_within_that_month() -> None:
    municipality = MunicipalityFactory.create(delivery_cutoff_day=28)
    partner = PartnerFactory.create(municipalities=[municipality])
    deliver(partner, dt.date(2026, 1, 1), at(dt.date(2026, 1, 5)))
    assert missing_deliveries(municipality=municipality, today=dt.date(2026, 2, 28)) == []
    assert missing_deliveries(municipality=municipality, today=dt.date(2026, 2, 27)) == []


def test_the_missing_flag_follows_the_users_municipalities(flagged: dict[str, Any]) -> None:
    team_lead = make_user_with_role(Role.TEAM_LEAD, municipality=flagged["municipality"])
    case_worker = make_user_with_role(Role.CASE_WORKER, municipality=flagged["municipality"])
    stranger = make_user_with_role(Role.TEAM_LEAD)
    today = dt.date(2026, 6, 27)
    assert [item.partner.name for item in missing_deliveries_for_user(user=team_lead, today=today)] == [
        "Absent",
        "Refused",
    ]
    assert missing_deliveries_for_user(user=case_worker, today=today) == []
    assert missing_deliveries_for_user(user=stranger, today=today) == []


# --------------------------------------------------------------------------------------------
# Data quality
# --------------------------------------------------------------------------------------------


@pytest.fixture
def delivered() -> dict[str, Any]:
    """May: a delivery of 10 rows (6 accepted, 3 rejected, 1 duplicate) and one of zero rows."""
    own, other = MunicipalityFactory.create(), MunicipalityFactory.create()
    partner = PartnerFactory.create(municipalities=[own, other])
    delivery = deliver(
        partner,
        MAY,
        at(dt.date(2026, 5, 10)),
        received_count=10,
        accepted_count=6,
        rejected_count=3,
        duplicate_count=1,
    )
    deliver(partner, MAY, at(dt.date(2026, 5, 12)))

    def signal(municipality: Municipality, *, age: int = 60, **contact: str) -> Signal:
        return SignalFactory.create(
            delivery=delivery,
            municipality=municipality,
            signal_date=dt.date(2026, 5, 8),
            arrear_start_date=dt.date(2026, 5, 8) - dt.timedelta(days=age),
            **contact,
        )

    signal(own, phone="+31612345678", email="a@example.nl")
    signal(own, phone="+31612345679")
    signal(own, email="b@example.nl")
    signal(own, age=101)
    signal(other, age=100)  # exactly 100 days is not older than 100 days
    signal(other, age=150)
    return {"partner": partner, "own": own, "other": other, "delivery": delivery}


def test_data_quality_per_month_counts_deliveries_rows_and_what_signals_lack(
    delivered: dict[str, Any],
) -> None:
    (quality,) = partner_quality(
        partners=[delivered["partner"]], periods=[MAY, JUNE], municipality=delivered["own"]
    )
    may, june = quality.months
    assert (may.delivery.deliveries, may.delivery.received) == (2, 10)
    assert may.rejected_share == Share(3, 10)
    assert may.duplicate_share == Share(1, 10)
    # Signal shares: only the four signals of the chosen municipality.
    assert may.signal.signals == 4
    assert may.without_phone_share == Share(2, 4)
    assert may.without_email_share == Share(2, 4)
    assert may.without_contact_share == Share(1, 4)
    assert may.old_arrear_share == Share(1, 4)
    assert may.rejected_share.percent == 30
    assert june.is_empty
    assert june.rejected_share.percent is None
    assert quality.total.delivery == may.delivery.__class__(
        deliveries=2, first_received_on=dt.date(2026, 5, 10), received=10, accepted=6, rejected=3, duplicate=1
    )
    assert quality.total.signal == may.signal


def test_without_a_municipality_the_shares_cover_all_the_partners_signals(delivered: dict[str, Any]) -> None:
    (quality,) = partner_quality(partners=[delivered["partner"]], periods=[MAY], municipality=None)
    (may,) = quality.months
    assert may.without_contact_share == Share(3, 6)
    assert may.old_arrear_share == Share(2, 6)
    assert may.rejected_share == Share(3, 10)


def test_rejected_rows_are_counted_per_reason_and_month(delivered: dict[str, Any]) -> None:
    delivery = delivered["delivery"]
    postcode_invalid = {"field": "postcode", "code": "invalid", "message": 'postcode "1234 A" ongeldig'}
    RejectedRow.objects.create(
        delivery=delivery,
        row_number=2,
        errors=[postcode_invalid, {"field": "bedrag", "code": "required", "message": "bedrag ontbreekt"}],
    )
    RejectedRow.objects.create(delivery=delivery, row_number=3, errors=[postcode_invalid])
    # The same reason twice in one row counts once.
    RejectedRow.objects.create(delivery=delivery, row_number=4, errors=[postcode_invalid, postcode_invalid])
    june = deliver(
        delivered["partner"],
        JUNE,
        at(dt.date(2026, 6, 2)),
        received_count=2,
        accepted_count=1,
        rejected_count=1,
    )
    RejectedRow.objects.create(
        delivery=june, row_number=2, errors=[{"field": "achternaam", "code": "required", "message": "x"}]
    )
    stranger = deliver(
        PartnerFactory.create(), MAY, at(dt.date(2026, 5, 2)), received_count=1, rejected_count=1
    )
    RejectedRow.objects.create(delivery=stranger, row_number=2, errors=[postcode_invalid])

    reasons = rejection_reasons(partner=delivered["partner"], periods=[MAY, JUNE], received=12)

    assert [(r.field, r.code, r.counts, r.share) for r in reasons.reasons] == [
        ("postcode", "invalid", [3, 0], Share(3, 12)),
        ("achternaam", "required", [0, 1], Share(1, 12)),
        ("bedrag", "required", [1, 0], Share(1, 12)),
    ]
    assert rejection_reasons(partner=delivered["partner"], periods=[APRIL], received=0).reasons == []


def test_every_reason_has_a_readable_label() -> None:
    with translation.override("en"):
        assert reason_label("postcode", "invalid") == "postcode invalid"
        assert reason_label("achternaam", "required") == "achternaam missing"
        assert reason_label("postcode", "outside_area") == "postcode outside the municipalities served"
        assert reason_label("bsn", "eleven_test") == "bsn: eleven test"


@pytest.mark.parametrize(
    ("first", "last", "expected", "has_error"),
    [
        (None, None, (dt.date(2025, 7, 1), JUNE), False),
        ("2026-01", "2026-03", (dt.date(2026, 1, 1), dt.date(2026, 3, 1)), False),
        (None, "2026-03", (dt.date(2025, 4, 1), dt.date(2026, 3, 1)), False),
        ("2026-01", "2027-05", (dt.date(2026, 1, 1), JUNE), False),  # not beyond this month
        ("2026-13", None, (dt.date(2025, 7, 1), JUNE), True),
        ("2026-05", "2026-02", (dt.date(2025, 7, 1), JUNE), True),
        ("2020-01", "2026-06", (dt.date(2025, 7, 1), JUNE), True),  # more than 36 months
    ],
)
def test_the_period_range_of_a_page(
    first: str | None, last: str | None, expected: tuple[dt.date, dt.date], has_error: bool
) -> None:
    period_range, error = period_range_from(first=first, last=last, today=dt.date(2026, 6, 15))
    assert (period_range.first, period_range.last) == expected
    assert (error is not None) is has_error


# --------------------------------------------------------------------------------------------
# The partner user's page
# --------------------------------------------------------------------------------------------


@pytest.fixture
def _june_27() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 6, 27, 10, 0, tzinfo=AMSTERDAM), tick=False):
        yield


def quality_url() -> str:
    return reverse("intake:quality")


@pytest.mark.urls(__name__)
@pytest.mark.usefixtures("_june_27")
def test_a_partner_user_sees_only_its_own_figures(client: Client, delivered: dict[str, Any]) -> None:
    partner = delivered["partner"]
    partner.name = "Eigen Woningen"
    partner.save()
    other = PartnerFactory.create(name="Andere Energie", municipalities=[delivered["own"]])
    deliver(other, MAY, at(dt.date(2026, 5, 3)), received_count=7, accepted_count=0, rejected_count=7)
    client.force_login(make_user_with_role(Role.PARTNER_USER, partner=partner))

    response = client.get(quality_url())

    assert response.status_code == 200
    (own,) = response.context["reports"]
    assert own.partner == partner
    assert own.quality.total.rejected_share == Share(3, 10)
    page = response.content.decode()
    assert "Eigen Woningen" in page
    assert "Andere Energie" not in page
    assert delivered["own"].name in page
    assert delivered["other"].name in page
    assert "(3 of 10)" in page or "(3 van 10)" in page
    # Counts and shares only: nothing of the signals' persons.
    for personal in ("Jansen", "999990019", "Dorpsstraat", "+31612345678", "a@example.nl"):
        assert personal not in page


@pytest.mark.urls(__name__)
@pytest.mark.usefixtures("_june_27")
def test_the_partner_page_keeps_to_a_chosen_range_and_says_when_it_is_wrong(client: Client) -> None:
    client.force_login(make_user_with_role(Role.PARTNER_USER))
    response = client.get(quality_url(), {"van": "2026-02", "tot": "2026-04"})
    assert response.context["period_range"] == PeriodRange(first=dt.date(2026, 2, 1), last=APRIL)
    assert response.context["range_error"] is None
    response = client.get(quality_url(), {"van": "februari"})
    assert response.context["period_range"] == PeriodRange(first=dt.date(2025, 7, 1), last=JUNE)
    assert response.context["range_error"]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("role", [role for role in Role if role is not Role.PARTNER_USER])
def test_other_roles_may_not_open_the_partner_page(client: Client, role: Role) -> None:
    client.force_login(make_user_with_role(role))
    assert client.get(quality_url()).status_code == 403


@pytest.mark.urls(__name__)
def test_anonymous_users_go_to_the_login_page_from_the_partner_page(client: Client) -> None:
    response = client.get(quality_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.urls(__name__)
def test_the_partner_page_only_reads(client: Client) -> None:
    client.force_login(make_user_with_role(Role.PARTNER_USER))
    assert client.post(quality_url()).status_code == 405


def test_a_user_of_two_partners_sees_both_and_nobody_elses() -> None:
    first, second, third = (
        PartnerFactory.create(name=name) for name in ("B-partner", "A-partner", "C-partner")
    )
    user = make_user_with_role(Role.PARTNER_USER, partner=first)
    RoleAssignment.objects.create(user=user, role=Role.PARTNER_USER, partner=second)
    reports = get_own_deliveries_for_user(user=user, period_range=SPRING, today=dt.date(2026, 6, 27))
    assert [own.partner for own in reports] == [second, first]
    assert third not in [own.partner for own in reports]
