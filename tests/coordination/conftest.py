"""A municipality with a responsible team, a Regieteam, a landlord and one of its tenants."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from eropaf.accounts.models import Team, User
from eropaf.accounts.roles import Role, TeamKind
from eropaf.cases.models import Case
from eropaf.coordination import services
from eropaf.coordination.models import AgendaItem, CaseForm, Meeting
from eropaf.coordination.rules import (
    AdministrationAdvice,
    AgendaReason,
    CaseFormDraft,
    ConditionStatus,
    DecisionDraft,
    Scenario,
)
from eropaf.organisations.models import Municipality, Partner
from tests.factories import (
    DeliveryFactory,
    MunicipalityFactory,
    PartnerFactory,
    TeamFactory,
    make_case_with_signal,
    make_user_with_role,
)

REFERENCE = "HUUR-2041"


def case_form_draft(**changes: object) -> CaseFormDraft:
    values: dict[str, object] = {
        "tried_before": "Betalingsregeling aangeboden, twee keer huisbezoek.",
        "why_not_enough": "Regeling na een maand niet nagekomen; geen contact meer.",
        "has_minors": False,
        "is_multi_problem": True,
        "is_vulnerable": False,
        "has_housing_nuisance": False,
        "arrear_cents": 245_000,
        "expected_court_on": timezone.localdate() + dt.timedelta(days=30),
        "tenant_informed": True,
    }
    values.update(changes)
    return CaseFormDraft(**values)  # type: ignore[arg-type]


def prevent_draft(**changes: object) -> DecisionDraft:
    values: dict[str, object] = {
        "scenario": Scenario.PREVENT,
        "case_manager": "A. de Vries, Sociaal Wijkteam",
        "eviction_suspended": True,
        "arrear_frozen": True,
        "term_ends_on": timezone.localdate() + dt.timedelta(days=180),
        "conditions": {
            "rent_paid": ConditionStatus.AGREED,
            "cooperation": ConditionStatus.AGREED,
            "insight": ConditionStatus.MET,
            "payment_proposal": ConditionStatus.AGREED,
        },
        "administration_advice": AdministrationAdvice.FOLLOWED,
        "note": "Vertrouwelijke aantekening van het Regieteam",
    }
    values.update(changes)
    return DecisionDraft(**values)  # type: ignore[arg-type]


def evict_draft(**changes: object) -> DecisionDraft:
    values: dict[str, object] = {
        "scenario": Scenario.EVICT,
        "case_manager": "B. Jansen, Schuldhulpverlening",
        "own_arrangements": "Kan tijdelijk bij een zus logeren.",
    }
    values.update(changes)
    return DecisionDraft(**values)  # type: ignore[arg-type]


@dataclass
class Chain:
    municipality: Municipality
    team: Team
    regieteam: Team
    landlord: Partner
    case: Case
    landlord_user: User
    member: User
    case_worker: User

    def file(self, **changes: object) -> CaseForm:
        return services.file_case_form_as_landlord(
            user=self.landlord_user,
            partner=self.landlord,
            reference=REFERENCE,
            draft=case_form_draft(**changes),
        )

    def meeting(self, on: dt.date | None = None) -> Meeting:
        return services.create_meeting(
            user=self.member, team_id=self.regieteam.pk, held_on=on or timezone.localdate()
        )

    def on_agenda(self, form: CaseForm, meeting: Meeting | None = None) -> AgendaItem:
        return services.put_on_agenda(
            user=self.member,
            meeting_id=(meeting or self.meeting()).pk,
            form_id=form.pk,
            reason=AgendaReason.FIRST,
        )


def make_chain(code: str = "0505", name: str = "Dordrecht") -> Chain:
    municipality = MunicipalityFactory.create(code=code, name=name)
    team = TeamFactory.create(municipality=municipality, name=f"Vroegsignalering {name}")
    regieteam = TeamFactory.create(
        municipality=municipality, name=f"Regieteam {name}", kind=TeamKind.COORDINATION_TEAM
    )
    landlord = PartnerFactory.create(name=f"Woonstichting {name}", municipalities=[municipality])
    delivery = DeliveryFactory.create(partner=landlord)
    case = make_case_with_signal(team=team, delivery=delivery, reference=REFERENCE)
    return Chain(
        municipality=municipality,
        team=team,
        regieteam=regieteam,
        landlord=landlord,
        case=case,
        landlord_user=make_user_with_role(Role.PARTNER_USER, partner=landlord),
        member=make_user_with_role(Role.ESCALATION_MEMBER, team=regieteam),
        case_worker=make_user_with_role(Role.CASE_WORKER, team=team),
    )


@pytest.fixture
def chain(db: None) -> Chain:
    return make_chain()
