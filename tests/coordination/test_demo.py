"""The Regieteam's demo data: forms in every status, held and coming meetings, both scenarios."""

import random

import pytest
from django.utils import timezone

from eropaf.coordination.models import CaseForm, Decision, Meeting
from eropaf.coordination.rules import FormStatus, Scenario
from eropaf.demo.chain_coordination import seed
from eropaf.escalation.court import CourtStage
from eropaf.escalation.models import EvictionTrack
from tests.coordination.conftest import Chain
from tests.factories import DeliveryFactory, make_case_with_signal

pytestmark = pytest.mark.django_db


def test_the_demo_fills_the_regieteam(chain: Chain) -> None:
    delivery = DeliveryFactory.create(partner=chain.landlord)
    for number in range(8):
        make_case_with_signal(team=chain.team, delivery=delivery, amount_cents=300_000 + number)

    counts = seed(municipality=chain.municipality, today=timezone.localdate(), rng=random.Random(7))  # noqa: S311 - demo data

    assert counts == {"regieteam_forms": 8, "regieteam_meetings": 3, "regieteam_decisions": 5}
    statuses = sorted(CaseForm.objects.values_list("status", flat=True))
    assert statuses.count(FormStatus.DECIDED) == 4
    assert statuses.count(FormStatus.ON_AGENDA) == 2
    assert statuses.count(FormStatus.FILED) == 2
    assert Meeting.objects.filter(held_on__gt=timezone.localdate()).count() == 1
    assert Decision.objects.filter(follows__isnull=False, scenario=Scenario.EVICT).count() == 1
    assert EvictionTrack.objects.filter(stage=CourtStage.SUSPENDED).count() == 3
    for form in CaseForm.objects.all():
        assert form.filed_on <= timezone.localdate()
        for item in form.agenda_items.all():
            assert item.meeting.held_on >= form.filed_on
