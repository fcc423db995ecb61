"""A municipality with a team, a housing corporation and households with rent arrears."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from eropaf.accounts.models import Team, User
from eropaf.accounts.roles import Role
from eropaf.cases.models import Case, CaseSignal
from eropaf.cases.workflow import CaseState
from eropaf.core.periods import period_of, shift_months
from eropaf.core.vocabularies import PartnerType
from eropaf.organisations.models import Partner
from tests.factories import (
    DeliveryFactory,
    PartnerFactory,
    TeamFactory,
    make_case_with_signal,
    make_user_with_role,
)


@pytest.fixture
def team() -> Team:
    return TeamFactory.create(name="Vroegsignalering Breda")


@pytest.fixture
def corporation(team: Team) -> Partner:
    return PartnerFactory.create(
        name="Woonstichting Baronie", partner_type=PartnerType.RENT, municipalities=[team.municipality]
    )


@pytest.fixture
def lead(team: Team) -> User:
    return make_user_with_role(Role.TEAM_LEAD, team=team)


@pytest.fixture
def worker(team: Team) -> User:
    return make_user_with_role(Role.CASE_WORKER, team=team)


def make_rent_case(
    *,
    team: Team,
    partner: Partner,
    rising: bool = True,
    state: CaseState = CaseState.QUEUED,
    period: dt.date | None = None,
    house_number: int | None = None,
    surname: str = "Jansen",
    **case_fields: Any,
) -> Case:
    """A case of ``team`` with one signal of ``partner`` (rent unless the partner says otherwise);
    with ``rising`` the signal and the case are classified rising, as matching does."""
    period = period or period_of(timezone.localdate())
    delivery = DeliveryFactory.create(partner=partner, period=period)
    signal_fields: dict[str, Any] = {"surname": surname, "street": "Ginnekenweg"}
    if house_number is not None:
        signal_fields["house_number"] = house_number
    case = make_case_with_signal(
        team=team,
        delivery=delivery,
        period=period,
        case_fields={"state": state, "is_rising": rising, "queue": "huisbezoek", **case_fields},
        **signal_fields,
    )
    CaseSignal.objects.filter(case=case).update(is_rising=rising)
    return case


def earlier_case_of(case: Case, *, partner: Partner, months_back: int = 2, **case_fields: Any) -> Case:
    """Another (earlier) case of the same household."""
    assert case.team is not None
    signal = case.signals.get()
    return make_rent_case(
        team=case.team,
        partner=partner,
        rising=False,
        period=shift_months(case.period, -months_back),
        house_number=signal.house_number,
        **case_fields,
    )
