"""The demo's Signalering+ records follow the product's own rules."""

import random

import pytest
from django.utils import timezone

from eropaf.accounts.models import Team, User
from eropaf.cases.models import Case, QueueProtocol
from eropaf.demo.chain_signalering_plus import seed
from eropaf.organisations.models import Partner
from eropaf.signalering_plus.models import Admission, AgendaItem, Consultation, ExtraAction
from tests.signalering_plus.conftest import make_rent_case

pytestmark = pytest.mark.django_db


def test_the_seed_makes_consultations_admissions_and_actions(
    team: Team, corporation: Partner, lead: User, worker: User
) -> None:
    for number in range(30):
        make_rent_case(team=team, partner=corporation, house_number=200 + number)

    counts = seed(municipality=team.municipality, today=timezone.localdate(), rng=random.Random(7))  # noqa: S311 - demo data

    assert counts["consultations"] == Consultation.objects.count() == 3
    assert counts["admissions"] == Admission.objects.count() > 0
    assert counts["agenda_items"] == AgendaItem.objects.count() >= 30
    assert counts["extra_actions"] == ExtraAction.objects.count() > 0
    assert set(Consultation.objects.values_list("contact_person", flat=True)) == {
        "Contactpersoon huurincasso"
    }
    admitted_cases = Case.objects.filter(signalering_admissions__isnull=False)
    assert set(admitted_cases.values_list("queue", flat=True)) == {"signalering_plus"}
    assert QueueProtocol.objects.get(municipality=team.municipality, queue="signalering_plus").protocol == (
        "signalering-plus"
    )
    for action in ExtraAction.objects.all():
        assert action.done_on is None or action.agreed_on <= action.done_on <= timezone.localdate()
        assert (action.owner_id is None) != (action.owner_party == "")
