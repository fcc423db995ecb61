"""The demo seed makes consistent referrals: one per procedure, outcomes only on closed ones, and it
leaves summoned households as proposals."""

import datetime as dt
import random

from django.utils import timezone

from eropaf.care_desk import selectors
from eropaf.care_desk.models import CareDeskSettings, ProposalDismissal, Referral
from eropaf.care_desk.rules import ReferralStatus
from eropaf.demo.chain_care_desk import seed
from tests.care_desk.conftest import Desk, rent_case, summon


def test_the_seed_refers_dismisses_and_leaves_proposals(world: Desk) -> None:
    for _ in range(12):
        summon(rent_case(world, opened_days_ago=60), on=timezone.localdate() - dt.timedelta(days=40))
    rent_case(world, opened_days_ago=40)

    counts = seed(municipality=world.municipality, today=timezone.localdate(), rng=random.Random(7))  # noqa: S311 - demo data

    referrals = list(Referral.objects.all())
    assert counts["care_desk_referrals"] == len(referrals) > 0
    assert counts["care_desk_declined_proposals"] == ProposalDismissal.objects.count()
    assert CareDeskSettings.objects.get(municipality=world.municipality).days_untouched == 14
    procedures = [referral.procedure_id for referral in referrals if referral.procedure_id]
    assert len(procedures) == len(set(procedures))
    for referral in referrals:
        assert referral.desk_team.kind == "care_and_nuisance_desk"
        assert bool(referral.outcome) == (referral.status == ReferralStatus.CLOSED)
    proposals = selectors.proposals_for_user(user=world.worker, today=timezone.localdate())
    assert len(referrals) + ProposalDismissal.objects.count() + len(proposals) >= 12
