"""Court dates that landlords put in their deliveries (dagvaardingsdatum, vonnisdatum,
ontruimingsdatum) become steps on the households' court timelines after matching.

Set-based: the month's signals with a court date, the households' tracks and their known steps are
read in a few queries; the timeline rules run in memory; new tracks, steps and stages are written in
bulk. A date the timeline knows already is not recorded twice (a landlord repeats the same summons
date every month), and a date that does not fit the procedure's stage (an older step reported late)
is left out: the delivery is a report of facts the municipality may know better.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import TypeVar

from django.utils import timezone

from eropaf.audit.models import AuditAction
from eropaf.audit.services import record_audit_event
from eropaf.cases.models import Case
from eropaf.core.errors import InvalidTransition
from eropaf.escalation import court
from eropaf.escalation.court import CourtStage, CourtStepKind
from eropaf.escalation.models import CourtStep, EvictionTrack, StepSource
from eropaf.intake.models import Signal
from eropaf.organisations.models import Municipality

ID_SLICE = 5_000
T = TypeVar("T")
DATE_FIELDS = (
    ("summons_date", CourtStepKind.SUMMONS),
    ("judgment_date", CourtStepKind.JUDGMENT),
    ("eviction_date", CourtStepKind.EVICTION_DATE),
)


@dataclass(frozen=True)
class DeliveredCourtDates:
    tracks_created: int = 0
    steps_recorded: int = 0


def _slices(items: list[T]) -> list[list[T]]:
    return [items[start : start + ID_SLICE] for start in range(0, len(items), ID_SLICE)]


def _signals_with_dates(municipality_id: int, period: dt.date) -> list[Signal]:
    return list(
        Signal.objects.filter(municipality_id=municipality_id, period=period, signal_type="rent")
        .exclude(summons_date__isnull=True, judgment_date__isnull=True, eviction_date__isnull=True)
        .only(
            "address_key", "partner_id", "street", "house_number", "house_letter",
            "house_number_addition", "postcode", "city", "summons_date", "judgment_date", "eviction_date",
        )
        .order_by("address_key", "id")
    )  # fmt: skip


def record_court_dates_from_signals(*, municipality: Municipality, period: dt.date) -> DeliveredCourtDates:
    """Record the month's delivered court dates; call inside the matching run's transaction."""
    signals = _signals_with_dates(municipality.pk, period)
    if not signals:
        return DeliveredCourtDates()
    keys = sorted({signal.address_key for signal in signals})
    tracks = {
        track.address_key: track
        for chunk in _slices(keys)
        for track in EvictionTrack.objects.select_for_update().filter(
            municipality=municipality, address_key__in=chunk
        )
    }
    known: dict[int, set[tuple[str, dt.date]]] = defaultdict(set)
    for chunk in _slices([track.pk for track in tracks.values()]):
        for track_id, kind, on in CourtStep.objects.filter(track_id__in=chunk).values_list(
            "track_id", "kind", "on"
        ):
            known[track_id].add((kind, on))
    cases = {
        key: (team_id, has_minors)
        for chunk in _slices(keys)
        for key, team_id, has_minors in Case.objects.filter(
            municipality=municipality, period=period, address_key__in=chunk, team__isnull=False
        ).values_list("address_key", "team_id", "has_minors")
    }
    new_tracks = [
        EvictionTrack(
            municipality=municipality,
            address_key=signal.address_key,
            team_id=cases[signal.address_key][0],
            landlord_id=signal.partner_id,
            address=signal.display_address,
            has_minors=cases[signal.address_key][1],
        )
        for signal in {s.address_key: s for s in signals}.values()
        if signal.address_key not in tracks and signal.address_key in cases
    ]
    for track in EvictionTrack.objects.bulk_create(new_tracks):
        tracks[track.address_key] = track
    if new_tracks and any(track.pk is None for track in new_tracks):
        # SQLite before 3.35 and some backends return no ids from a bulk insert: read them back.
        for key_chunk in _slices([t.address_key for t in new_tracks]):
            for track in EvictionTrack.objects.filter(municipality=municipality, address_key__in=key_chunk):
                tracks[track.address_key] = track
    steps, changed = _steps(signals, tracks, known)
    CourtStep.objects.bulk_create(steps)
    EvictionTrack.objects.bulk_update(changed, ["stage", "eviction_on", "updated_at"], batch_size=1000)
    if steps:
        record_audit_event(
            actor=None,
            actor_label="matching",
            action=AuditAction.CREATE,
            subject_type="court_step",
            municipality_code=municipality.code,
            description=f"Gerechtelijke stappen uit leveringen {period:%Y-%m}: {len(steps)} vastgelegd",
        )
    return DeliveredCourtDates(tracks_created=len(new_tracks), steps_recorded=len(steps))


def _steps(
    signals: list[Signal],
    tracks: dict[str, EvictionTrack],
    known: dict[int, set[tuple[str, dt.date]]],
) -> tuple[list[CourtStep], list[EvictionTrack]]:
    steps: list[CourtStep] = []
    changed: dict[int, EvictionTrack] = {}
    now = timezone.now()
    for signal in signals:
        track = tracks.get(signal.address_key)
        if track is None:
            continue
        for field, kind in DATE_FIELDS:
            on = getattr(signal, field)
            if on is None or (kind.value, on) in known[track.pk]:
                continue
            household = court.Household(
                has_minors=track.has_minors,
                is_vulnerable=track.is_vulnerable,
                housing_arrangement=track.housing_arrangement,
            )
            try:
                stage = court.next_stage(CourtStage(track.stage), kind, household=household)
            except InvalidTransition:
                continue
            known[track.pk].add((kind.value, on))
            steps.append(
                CourtStep(
                    track=track,
                    kind=kind,
                    on=on,
                    stage_after=stage,
                    source=StepSource.DELIVERY,
                    partner_id=signal.partner_id,
                )
            )
            track.stage = stage
            if kind is CourtStepKind.EVICTION_DATE:
                track.eviction_on = on
            track.updated_at = now
            changed[track.pk] = track
    return steps, list(changed.values())
