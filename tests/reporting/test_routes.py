"""The results per route (Breda's table) equal hand-counted values on a small fixed set."""

import datetime as dt

import pytest
from django.db import transaction

from eropaf.accounts.roles import TeamKind
from eropaf.care_desk.models import Referral
from eropaf.care_desk.rules import ReferralOutcome, ReferralReason, ReferralStatus, ReferrerKind
from eropaf.cases.models import Case
from eropaf.coordination.models import AgendaItem, CaseForm, Decision, Meeting
from eropaf.coordination.rules import AgendaReason, Scenario
from eropaf.core.vocabularies import ContactKind, Outcome
from eropaf.escalation import services
from eropaf.escalation.court import CourtStage
from eropaf.escalation.models import EvictionTrack
from eropaf.reporting.figures import refresh_figures
from eropaf.reporting.routes import RouteFigures, route_figures
from eropaf.signalering_plus.models import Admission, Consultation
from tests.factories import (
    ContactAttemptFactory,
    DeliveryFactory,
    MunicipalityFactory,
    PartnerFactory,
    TeamFactory,
    make_case_with_signal,
)

pytestmark = pytest.mark.django_db


def counted_route_figures(*, municipality_id: int, start: dt.date, end: dt.date) -> list[RouteFigures]:
    """The routes' figures after the early-detection households are counted ahead, as a page does."""
    refresh_figures(municipality_id=municipality_id)
    return route_figures(municipality_id=municipality_id, start=start, end=end)


OCTOBER = dt.date(2026, 10, 1)


def _track(case: Case, stage: CourtStage) -> EvictionTrack:
    with transaction.atomic():
        track = services.track_for_case(case)
    EvictionTrack.objects.filter(pk=track.pk).update(stage=stage)
    return track


def test_each_route_counts_its_households_reached_helped_prevented_and_executed() -> None:
    municipality = MunicipalityFactory.create()
    team = TeamFactory.create(municipality=municipality)
    desk = TeamFactory.create(municipality=municipality, kind=TeamKind.CARE_AND_NUISANCE_DESK)
    regieteam = TeamFactory.create(municipality=municipality, kind=TeamKind.COORDINATION_TEAM)
    corporation = PartnerFactory.create(municipalities=[municipality])
    delivery = DeliveryFactory.create(partner=corporation, period=OCTOBER)
    # Four households in October: A reached and helped, B reached, C and D not reached.
    a, b, c, d = (
        make_case_with_signal(team=team, delivery=delivery, period=OCTOBER, house_number=number,
                              case_fields={"opened_on": dt.date(2026, 10, 3)})
        for number in (1, 2, 3, 4)
    )  # fmt: skip
    ContactAttemptFactory.create(case=a, kind=ContactKind.PHONE, reached=True,
                                 at=dt.datetime(2026, 10, 6, 10, tzinfo=dt.UTC))  # fmt: skip
    Case.objects.filter(pk=a.pk).update(
        state="closed", outcome=Outcome.FOLLOW_UP_FINANCIAL, closed_on=dt.date(2026, 10, 20)
    )
    ContactAttemptFactory.create(case=b, kind=ContactKind.HOME_VISIT, reached=True,
                                 at=dt.datetime(2026, 10, 8, 18, tzinfo=dt.UTC))  # fmt: skip
    # A reached attempt before the period does not count.
    ContactAttemptFactory.create(case=c, kind=ContactKind.PHONE, reached=True,
                                 at=dt.datetime(2026, 9, 8, 18, tzinfo=dt.UTC))  # fmt: skip
    # Court: C's procedure was cancelled (prevented), D's eviction executed.
    track_c, track_d = _track(c, CourtStage.CANCELLED), _track(d, CourtStage.EXECUTED)
    # Signalering+: B admitted on 10 October, after its reached attempt of the 8th → not reached.
    consultation = Consultation.objects.create(
        municipality=municipality, team=team, corporation=corporation, held_on=dt.date(2026, 10, 10)
    )
    Admission.objects.create(
        municipality=municipality, address_key=b.address_key, team=team, corporation=corporation,
        case=b, consultation=consultation, admitted_on=dt.date(2026, 10, 10),
    )  # fmt: skip
    # Meldpunt: C referred and the desk recorded care accepted.
    Referral.objects.create(
        municipality=municipality, track=track_c, case=c, desk_team=desk, reason=ReferralReason.SUMMONS,
        referred_on=dt.date(2026, 10, 12), referrer_kind=ReferrerKind.CASE_WORKER, concerns="x",
        tried_before="x", household_situation="x", resident_informed=True, status=ReferralStatus.CLOSED,
        outcome=ReferralOutcome.CARE_ACCEPTED, closed_on=dt.date(2026, 10, 25),
    )  # fmt: skip
    # Regieteam: D's case form, decided scenario 2 (not help accepted), eviction executed.
    form = CaseForm.objects.create(
        track=track_d, municipality=municipality, filed_on=dt.date(2026, 10, 14), tried_before="x",
        why_not_enough="x", is_multi_problem=True, arrear_cents=250_000,
        expected_court_on=dt.date(2026, 11, 1), tenant_informed=True,
    )  # fmt: skip
    meeting = Meeting.objects.create(team=regieteam, municipality=municipality, held_on=dt.date(2026, 10, 20))
    item = AgendaItem.objects.create(meeting=meeting, case_form=form, position=1, reason=AgendaReason.FIRST)
    Decision.objects.create(
        agenda_item=item, case_form=form, scenario=Scenario.EVICT, case_manager="Wijkteam",
        decided_on=dt.date(2026, 10, 20),
    )  # fmt: skip

    rows = {
        row.route: (row.reports, row.households, row.reached, row.help_accepted, row.prevented, row.executed)
        for row in counted_route_figures(
            municipality_id=municipality.pk, start=dt.date(2026, 10, 1), end=dt.date(2026, 10, 31)
        )
    }

    assert rows == {
        "vroegsignalering": (4, 4, 2, 1, 1, 1),
        "signalering_plus": (1, 1, 0, 0, 0, 0),
        "care_desk": (1, 1, 1, 1, 1, 0),
        "coordination": (1, 1, 0, 0, 0, 1),
    }
