"""A small fixed dataset for the dashboard, the national indicators and "what works".

Municipality Teststad (20,000 inhabitants), September and October 2026, six households:

- A, Sep, T1, Centrum, rent + energy, closed follow-up financial, age 25, huisbezoek, policy v1;
  attempts: phone (morning, not reached), home visit (evening, reached);
- B, Sep, T1, Centrum, rent, closed no contact, age 50, brief, v1; letter (morning, no), phone
  (afternoon, no);
- C, Sep, T2, Noord, energy, closed not picked up (repeat), age unknown, no queue, v1; no attempts;
- D, Oct, T1, Noord, rent, in progress and due 29 Oct, age 70, huisbezoek, v2; home visit (evening,
  reached);
- E, Oct, T2, no district, energy, queued and due in 2099, age 30, brief, v2; no attempts;
- F, Oct, T1, Centrum, rent, closed solves it self, age 40, brief, v2; phone (morning, reached).

A is multiple; B, C and F are consecutive. Court steps: B summoned 20 Sep, cancelled 15 Oct;
F summoned 10 Sep, judged 25 Sep, a bailiff served the notice 1 Oct, set the date 5 Oct and
executed it 20 Oct; D summoned 2 Oct, judged 20 Oct, a bailiff served the notice 25 Oct.
Woonstad (rent) delivered 10 rows (2 rejected) on 20 Sep and 5 rows on 27 Oct (late); Stroom
(energy) 3 rows on 10 Sep and nothing in October (missing). Only A's rent signal has a phone number.
Another municipality has a case of its own with an attempt and a court step, counted nowhere here.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from eropaf.accounts.models import Team
from eropaf.accounts.roles import Role
from eropaf.cases.models import Case, CaseSignal
from eropaf.cases.workflow import CaseState
from eropaf.core.vocabularies import ContactKind, DayPart, Outcome, PartnerType
from eropaf.escalation.court import CourtStage, CourtStepKind
from eropaf.escalation.court import CourtStage as S
from eropaf.escalation.court import CourtStepKind as K
from eropaf.escalation.models import CourtStep, EvictionTrack, StepSource
from eropaf.escalation.models import StepSource as Src
from eropaf.intake.models import Delivery, Signal
from eropaf.organisations.models import Municipality
from eropaf.reporting.dashboard_scope import ReportScope, scope_for_user
from eropaf.reporting.exports import Table
from eropaf.reporting.figures import refresh_figures
from eropaf.triage.models import PolicyStatus, PolicyVersion
from tests.factories import (
    ContactAttemptFactory,
    DeliveryFactory,
    DistrictFactory,
    MunicipalityFactory,
    PartnerFactory,
    SignalFactory,
    TeamFactory,
    make_case_with_signal,
    make_user_with_role,
)

SEPTEMBER = dt.date(2026, 9, 1)
OCTOBER = dt.date(2026, 10, 1)
TODAY = dt.date(2026, 11, 21)


def at(month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=dt.UTC)


@dataclass
class Dataset:
    municipality: Municipality
    other: Municipality
    team_1: Team
    team_2: Team
    cases: dict[str, Case]
    v1: PolicyVersion
    v2: PolicyVersion

    def count_figures(self) -> None:
        """Count the dashboard's figures ahead, as the refresh task does (``reporting.figures``)."""
        for municipality in (self.municipality, self.other):
            refresh_figures(municipality_id=municipality.pk)

    def scope(self, *, today: dt.date = TODAY) -> ReportScope:
        officer = make_user_with_role(Role.POLICY_OFFICER, municipality=self.municipality)
        return scope_for_user(
            user=officer, municipality_code=None, first="2026-09", last="2026-10", today=today
        )


def _signal(delivery: Delivery, municipality: Municipality, number: int, **fields: Any) -> Signal:
    fields.setdefault("period", delivery.period)
    return SignalFactory.create(delivery=delivery, municipality=municipality, house_number=number, **fields)


def _case(municipality: Municipality, team: Team, signals: list[Signal], **fields: Any) -> Case:
    first = signals[0]
    case = Case.objects.create(
        municipality=municipality,
        team=team,
        period=first.period,
        address_key=first.address_key,
        opened_on=first.period,
        due_on=first.period + dt.timedelta(days=28),
        is_multiple=len(signals) > 1,
        **fields,
    )
    CaseSignal.objects.bulk_create([CaseSignal(case=case, signal=signal) for signal in signals])
    return case


def _steps(track: EvictionTrack, *steps: tuple[CourtStepKind, dt.date, CourtStage, StepSource]) -> None:
    for kind, on, stage, source in steps:
        CourtStep.objects.create(track=track, kind=kind, on=on, stage_after=stage, source=source)
    EvictionTrack.objects.filter(pk=track.pk).update(stage=steps[-1][2])


def build_dataset() -> Dataset:
    m = MunicipalityFactory.create(code="0999", name="Teststad", inhabitants=20_000)
    other = MunicipalityFactory.create(code="0998", name="Anderdorp", inhabitants=10_000)
    t1 = TeamFactory.create(municipality=m, name="Vroegsignalering")
    t2 = TeamFactory.create(municipality=m, name="Wijkteam Noord")
    centrum = DistrictFactory.create(municipality=m, code="C", name="Centrum")
    noord = DistrictFactory.create(municipality=m, code="N", name="Noord")
    rent = PartnerFactory.create(name="Woonstad", partner_type=PartnerType.RENT, municipalities=[m])
    energy = PartnerFactory.create(name="Stroom", partner_type=PartnerType.ENERGY, municipalities=[m])
    rent_sep = DeliveryFactory.create(
        partner=rent, period=SEPTEMBER, received_at=at(9, 20, 10), received_count=10, accepted_count=8,
        rejected_count=2,
    )  # fmt: skip
    rent_oct = DeliveryFactory.create(
        partner=rent, period=OCTOBER, received_at=at(10, 27, 10), received_count=5, accepted_count=5
    )
    energy_sep = DeliveryFactory.create(
        partner=energy, period=SEPTEMBER, received_at=at(9, 10, 10), received_count=3, accepted_count=3
    )
    v1 = PolicyVersion.objects.create(
        municipality=m, number=1, name="Leiden", document_json="{}", status=PolicyStatus.RETIRED
    )
    v2 = PolicyVersion.objects.create(
        municipality=m, number=2, name="Leiden", document_json="{}", status=PolicyStatus.ACTIVE
    )
    closed = {"state": CaseState.CLOSED, "closed_on": dt.date(2026, 10, 31)}
    a = _case(
        m, t1,
        [_signal(rent_sep, m, 1, phone="+31612345678"), _signal(energy_sep, m, 1)],
        district=centrum, outcome=Outcome.FOLLOW_UP_FINANCIAL, person_age=25, queue="huisbezoek",
        triage_policy=v1, triage_policy_name="Leiden", **closed,
    )  # fmt: skip
    b = _case(
        m, t1, [_signal(rent_sep, m, 2)], district=centrum, outcome=Outcome.NO_CONTACT, person_age=50,
        queue="brief", is_consecutive=True, triage_policy=v1, triage_policy_name="Leiden", **closed,
    )  # fmt: skip
    c = _case(
        m, t2, [_signal(energy_sep, m, 3)], district=noord, outcome=Outcome.NOT_PICKED_UP_REPEAT,
        is_consecutive=True, triage_policy=v1, triage_policy_name="Leiden", **closed,
    )  # fmt: skip
    d = _case(
        m, t1, [_signal(rent_oct, m, 4)], district=noord, state=CaseState.IN_PROGRESS, person_age=70,
        queue="huisbezoek", triage_policy=v2, triage_policy_name="Leiden",
    )  # fmt: skip
    Case.objects.filter(pk=d.pk).update(due_on=dt.date(2026, 10, 29))
    e = _case(
        m, t2, [_signal(energy_sep, m, 5, period=OCTOBER, reference="E-OCT")], state=CaseState.QUEUED,
        person_age=30, queue="brief", triage_policy=v2, triage_policy_name="Leiden",
    )  # fmt: skip
    Case.objects.filter(pk=e.pk).update(due_on=dt.date(2099, 1, 1))
    f = _case(
        m, t1, [_signal(rent_oct, m, 6)], district=centrum, outcome=Outcome.SOLVES_IT_SELF, person_age=40,
        queue="brief", is_consecutive=True, triage_policy=v2, triage_policy_name="Leiden", **closed,
    )  # fmt: skip
    attempts = [
        (a, ContactKind.PHONE, at(9, 5, 9), DayPart.MORNING, False),
        (a, ContactKind.HOME_VISIT, at(9, 7, 19), DayPart.EVENING, True),
        (b, ContactKind.LETTER, at(9, 3, 10), DayPart.MORNING, False),
        (b, ContactKind.PHONE, at(9, 4, 14), DayPart.AFTERNOON, False),
        (d, ContactKind.HOME_VISIT, at(10, 6, 18, 30), DayPart.EVENING, True),
        (f, ContactKind.PHONE, at(10, 10, 11), DayPart.MORNING, True),
    ]
    for case, kind, moment, day_part, reached in attempts:
        ContactAttemptFactory.create(case=case, kind=kind, at=moment, day_part=day_part, reached=reached)
    track = {
        case: EvictionTrack.objects.create(municipality=m, address_key=case.address_key, team=t1)
        for case in (b, d, f)
    }
    _steps(
        track[b],
        (K.SUMMONS, dt.date(2026, 9, 20), S.SUMMONED, Src.LANDLORD),
        (K.CANCELLED, dt.date(2026, 10, 15), S.CANCELLED, Src.STAFF),
    )
    _steps(
        track[f],
        (K.SUMMONS, dt.date(2026, 9, 10), S.SUMMONED, Src.LANDLORD),
        (K.JUDGMENT, dt.date(2026, 9, 25), S.JUDGED, Src.LANDLORD),
        (K.EVICTION_NOTICE, dt.date(2026, 10, 1), S.NOTICE_SERVED, Src.BAILIFF),
        (K.EVICTION_DATE, dt.date(2026, 10, 5), S.SCHEDULED, Src.BAILIFF),
        (K.EXECUTED, dt.date(2026, 10, 20), S.EXECUTED, Src.BAILIFF),
    )
    _steps(
        track[d],
        (K.SUMMONS, dt.date(2026, 10, 2), S.SUMMONED, Src.LANDLORD),
        (K.JUDGMENT, dt.date(2026, 10, 20), S.JUDGED, Src.LANDLORD),
        (K.EVICTION_NOTICE, dt.date(2026, 10, 25), S.NOTICE_SERVED, Src.BAILIFF),
    )
    # Another municipality: never counted for Teststad.
    helped = {"state": CaseState.CLOSED, "outcome": Outcome.ADVICE_OR_QUICK_FIX, "is_consecutive": True}
    other_team = TeamFactory.create(municipality=other)
    elsewhere = make_case_with_signal(team=other_team, period=SEPTEMBER, case_fields=helped)
    ContactAttemptFactory.create(case=elsewhere, kind=ContactKind.PHONE, at=at(9, 8, 9), reached=True)
    other_track = EvictionTrack.objects.create(
        municipality=other, address_key=elsewhere.address_key, team=other_team
    )
    _steps(other_track, (K.SUMMONS, dt.date(2026, 9, 12), S.SUMMONED, Src.BAILIFF))
    return Dataset(
        municipality=m, other=other, team_1=t1, team_2=t2,
        cases={"A": a, "B": b, "C": c, "D": d, "E": e, "F": f}, v1=v1, v2=v2,
    )  # fmt: skip


def rows(table: Table) -> dict[Any, tuple[Any, ...]]:
    """Row head → the other cells, percentages rounded to one decimal."""
    return {
        row.cells[0]: tuple(round(cell, 3) if isinstance(cell, float) else cell for cell in row.cells[1:])
        for row in table.rows
    }


def small(table: Table) -> set[Any]:
    return {row.cells[0] for row in table.rows if row.is_small}


@pytest.fixture
def dataset(db: None) -> Dataset:
    built = build_dataset()
    built.count_figures()
    return built
