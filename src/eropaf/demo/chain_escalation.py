"""Demo data for the eviction-prevention core. Matching has made the households' court timelines from
the landlords' delivered court dates already; this adds what staff record on top: households marked
vulnerable, housing arrangements, the "who does what" list in the eviction stage, moratoria, and a few
steps reported by the bailiff (suspended evictions and an executed one with a housing arrangement).

Written in bulk, as the rest of the demo is, without an audit trail of demo users' actions.
"""

import datetime as dt
import random

from django.utils import timezone

from eropaf.core.periods import add_months
from eropaf.core.vocabularies import PartnerType
from eropaf.escalation.court import CourtStage, CourtStepKind, HousingArrangement
from eropaf.escalation.models import (
    CourtStep,
    EvictionTrack,
    Moratorium,
    MoratoriumDecision,
    MoratoriumKind,
    StepSource,
    SupportTask,
)
from eropaf.escalation.support import STANDARD_TASKS
from eropaf.organisations.models import Municipality

VULNERABLE_SHARE = 0.15
VULNERABILITY_NOTES = (
    "Psychische problemen; hulpverlening via de huisarts.",
    "Alleenstaande oudere met beginnende dementie.",
    "Licht verstandelijke beperking; begeleiding ontbreekt.",
    "Verslavingsproblematiek; eerder contact met de GGZ.",
)
HOUSING_NOTES = {
    HousingArrangement.CRISIS_PLACE: "Plek bij de crisisopvang gereserveerd.",
    HousingArrangement.OTHER_HOUSING: "Urgentieverklaring aangevraagd; tijdelijke woning toegezegd.",
    HousingArrangement.OWN_NETWORK: "Kan tijdelijk bij de zus van de bewoner wonen.",
}


def seed(*, municipality: Municipality, today: dt.date, rng: random.Random) -> dict[str, int]:
    tracks = list(EvictionTrack.objects.filter(municipality=municipality).order_by("id"))
    now = timezone.now()
    for track in tracks:
        if rng.random() < VULNERABLE_SHARE:
            track.is_vulnerable = True
            track.vulnerability_note = rng.choice(VULNERABILITY_NOTES)
        pending = track.stage in (CourtStage.SCHEDULED, CourtStage.NOTICE_SERVED, CourtStage.JUDGED)
        if pending and track.needs_housing_arrangement and rng.random() < 0.5:
            track.housing_arrangement = rng.choice(list(HousingArrangement))
            track.housing_note = HOUSING_NOTES[HousingArrangement(track.housing_arrangement)]
        track.updated_at = now
    EvictionTrack.objects.bulk_update(
        tracks, ["is_vulnerable", "vulnerability_note", "housing_arrangement", "housing_note", "updated_at"]
    )
    eviction_stage = [t for t in tracks if t.stage in (CourtStage.SCHEDULED, CourtStage.NOTICE_SERVED)]
    tasks = [
        SupportTask(
            track=track,
            party=party,
            task=str(task),
            due_on=track.eviction_on,
            done_on=today - dt.timedelta(days=rng.randint(1, 10)) if rng.random() < 0.4 else None,
        )
        for track in eviction_stage
        for party, task in STANDARD_TASKS
    ]
    SupportTask.objects.bulk_create(tasks)
    moratoria = _moratoria(eviction_stage, today=today, rng=rng)
    steps = _bailiff_steps(municipality, eviction_stage, today=today, rng=rng)
    return {
        "eviction_tracks": len(tracks),
        "eviction_tasks": len(tasks),
        "moratoria": moratoria,
        "bailiff_steps": steps,
    }


def _moratoria(tracks: list[EvictionTrack], *, today: dt.date, rng: random.Random) -> int:
    rows = []
    for track in tracks:
        if rng.random() > 0.2:
            continue
        requested = today - dt.timedelta(days=rng.randint(20, 170))
        if rng.random() < 0.75:
            starts = requested + dt.timedelta(days=rng.randint(3, 14))
            rows.append(
                Moratorium(
                    track=track,
                    kind=rng.choice(list(MoratoriumKind)),
                    requested_on=requested,
                    decision=MoratoriumDecision.GRANTED,
                    decided_on=starts,
                    starts_on=starts,
                    ends_on=add_months(starts, 6) - dt.timedelta(days=1),
                    note="Verzoek ingediend door de schuldhulpverlening.",
                )
            )
        else:
            rows.append(
                Moratorium(
                    track=track, kind=MoratoriumKind.EMERGENCY, requested_on=today - dt.timedelta(days=3)
                )
            )
    Moratorium.objects.bulk_create(rows)
    return len(rows)


def _bailiff_steps(
    municipality: Municipality, tracks: list[EvictionTrack], *, today: dt.date, rng: random.Random
) -> int:
    """The bailiff suspends some scheduled evictions and reports one executed eviction of a household
    whose housing arrangement was recorded (never on the street)."""
    bailiff = municipality.partners.filter(partner_type=PartnerType.BAILIFF).first()
    if bailiff is None:
        return 0
    steps: list[CourtStep] = []
    changed: list[EvictionTrack] = []
    executed = False
    for track in tracks:
        if track.stage != CourtStage.SCHEDULED or track.eviction_on is None:
            continue
        if (
            not executed
            and track.eviction_on < today
            and (track.housing_arrangement or not track.needs_housing_arrangement)
        ):
            kind, stage, executed = CourtStepKind.EXECUTED, CourtStage.EXECUTED, True
        elif rng.random() < 0.3:
            kind, stage = CourtStepKind.SUSPENDED, CourtStage.SUSPENDED
        else:
            continue
        steps.append(
            CourtStep(
                track=track,
                kind=kind,
                on=min(track.eviction_on, today),
                stage_after=stage,
                source=StepSource.BAILIFF,
                partner=bailiff,
                note="Gemeld door de deurwaarder.",
            )
        )
        track.stage = stage
        changed.append(track)
    CourtStep.objects.bulk_create(steps)
    EvictionTrack.objects.bulk_update(changed, ["stage"])
    return len(steps)
