"""Signalering+ on the household timeline: admitted, decisions and extra actions done."""

import datetime as dt

import pytest
from django.utils import timezone

from eropaf.accounts.models import Team, User
from eropaf.escalation.timeline import household_timeline
from eropaf.organisations.models import Partner
from eropaf.signalering_plus import services
from eropaf.signalering_plus.rules import ActionKind, DecisionKind
from tests.signalering_plus.conftest import make_rent_case

pytestmark = pytest.mark.django_db


def test_the_household_timeline_shows_signalering_plus(team: Team, corporation: Partner, lead: User) -> None:
    case = make_rent_case(team=team, partner=corporation)
    held_on = timezone.localdate() - dt.timedelta(days=10)
    consultation = services.plan_consultation(
        user=lead, team_id=team.pk, corporation_id=corporation.pk, held_on=held_on, contact_person=""
    )
    item = services.record_decision(
        user=lead,
        item_id=consultation.items.get().pk,
        decision=DecisionKind.ADMIT,
        note="Afgesproken met Baronie",
    )
    assert item.admission is not None
    action = services.add_action(
        user=lead,
        admission_id=item.admission.pk,
        kind=ActionKind.THREE_WAY_CONVERSATION,
        due_on=timezone.localdate(),
        owner_id=lead.pk,
    )
    services.complete_action(user=lead, action_id=action.pk, done_on=timezone.localdate())

    entries = [
        (entry.on, entry.title, entry.detail)
        for entry in household_timeline(municipality_id=case.municipality_id, address_key=case.address_key)
        if entry.track == "signalering_plus"
    ]

    assert entries == [
        (timezone.localdate(), "Gedaan: Uitnodiging driegesprek", ""),
        (held_on, "Opgenomen in Signalering+", ""),
        (held_on, "Signalering+-overleg: Opnemen in Signalering+", "Afgesproken met Baronie"),
    ]
