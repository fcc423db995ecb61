"""The household timeline's own entries: the household's cases, court steps and moratoria,
newest first, in Dutch."""

import datetime as dt

import pytest
from django.db import transaction

from eropaf.cases.models import Case
from eropaf.core.vocabularies import Outcome
from eropaf.escalation import moratoria, services
from eropaf.escalation.court import CourtStepKind
from eropaf.escalation.models import MoratoriumDecision, MoratoriumKind, StepSource
from eropaf.escalation.timeline import household_timeline
from tests.escalation.conftest import Chain

pytestmark = pytest.mark.django_db


def test_cases_court_steps_and_moratoria_on_one_timeline_newest_first(chain: Chain) -> None:
    Case.objects.filter(pk=chain.case.pk).update(
        opened_on=dt.date(2026, 8, 3),
        state="closed",
        outcome=Outcome.NO_CONTACT,
        closed_on=dt.date(2026, 9, 1),
    )
    with transaction.atomic():
        track = services.track_for_case(chain.case)
    services.record_court_step(
        track_id=track.pk, kind=CourtStepKind.SUMMONS, on=dt.date(2026, 9, 10), source=StepSource.STAFF,
        user=chain.worker,
    )  # fmt: skip
    requested = moratoria.request_moratorium(
        user=chain.worker, track_id=track.pk, kind=MoratoriumKind.EMERGENCY,
        requested_on=dt.date(2026, 10, 1), today=dt.date(2026, 10, 1),
    )  # fmt: skip
    moratoria.decide_moratorium(
        user=chain.worker, moratorium_id=requested.pk, decision=MoratoriumDecision.GRANTED,
        decided_on=dt.date(2026, 10, 5), starts_on=dt.date(2026, 10, 5), ends_on=dt.date(2027, 4, 4),
    )  # fmt: skip

    entries = household_timeline(municipality_id=chain.municipality.pk, address_key=chain.case.address_key)
    own = [(entry.on, entry.track) for entry in entries if entry.track in ("case", "court", "moratorium")]

    assert own == [
        (dt.date(2026, 10, 5), "moratorium"),
        (dt.date(2026, 10, 1), "moratorium"),
        (dt.date(2026, 9, 10), "court"),
        (dt.date(2026, 9, 1), "case"),
        (dt.date(2026, 8, 3), "case"),
    ]
    titles = [entry.title for entry in entries]
    assert "Dagvaarding" in titles
    assert any("toegekend" in title for title in titles)
    assert any("afgesloten" in title for title in titles)
