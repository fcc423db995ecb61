"""Writing the eviction chain's core: households' tracks, court steps and the housing arrangement.

Every change runs in a transaction with its audit record. The court timeline's rules are in
``escalation.court``; "never on the street" is checked there, here (the track is locked while the
step is recorded) and by a database constraint, so no path around the services can break it.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from eropaf.accounts.roles import Role
from eropaf.accounts.selectors import AnyUser, roles_of
from eropaf.audit.models import AuditAction
from eropaf.audit.services import record_audit_event
from eropaf.cases.models import Case
from eropaf.core.errors import ApplicationError, InvalidTransition
from eropaf.escalation import court, selectors
from eropaf.escalation.court import CourtStage, CourtStepKind, HousingArrangement
from eropaf.escalation.models import CourtStep, EvictionTrack, Moratorium, StepSource
from eropaf.escalation.moratoria import ending_soon
from eropaf.intake.models import Signal
from eropaf.organisations.models import Municipality, Partner

MAX_NOTE = 2000


def _latest_case(municipality_id: int, address_key: str) -> Case | None:
    return (
        Case.objects.filter(municipality_id=municipality_id, address_key=address_key, team__isnull=False)
        .order_by("-period", "-id")
        .first()
    )


def _display_address(municipality_id: int, address_key: str) -> str:
    signal = (
        Signal.objects.filter(municipality_id=municipality_id, address_key=address_key)
        .order_by("-period", "-id")
        .only("street", "house_number", "house_letter", "house_number_addition", "postcode", "city")
        .first()
    )
    return signal.display_address if signal is not None else ""


def track_for_household(
    *, municipality: Municipality, address_key: str, landlord: Partner | None = None
) -> EvictionTrack:
    """The household's track, made when it has none yet; the household must have a case (its team
    becomes responsible). Call inside a transaction."""
    track = (
        EvictionTrack.objects.select_for_update()
        .filter(municipality=municipality, address_key=address_key)
        .first()
    )
    if track is not None:
        if landlord is not None and track.landlord_id is None:
            track.landlord = landlord
            track.save(update_fields=["landlord", "updated_at"])
        return track
    case = _latest_case(municipality.pk, address_key)
    if case is None or case.team_id is None:
        raise ApplicationError(_("This household has no case with the municipality (yet)."))
    track, _created = EvictionTrack.objects.get_or_create(
        municipality=municipality,
        address_key=address_key,
        defaults={
            "team_id": case.team_id,
            "landlord": landlord,
            "address": _display_address(municipality.pk, address_key),
            "has_minors": case.has_minors,
        },
    )
    return track


def track_for_case(case: Case) -> EvictionTrack:
    """The track of the case's household (made when needed). Call inside a transaction."""
    return track_for_household(municipality=case.municipality, address_key=case.address_key)


def _household(track: EvictionTrack) -> court.Household:
    return court.Household(
        has_minors=track.has_minors,
        is_vulnerable=track.is_vulnerable,
        housing_arrangement=track.housing_arrangement,
    )


def _apply_step(
    track: EvictionTrack,
    *,
    kind: CourtStepKind,
    on: dt.date,
    source: StepSource,
    partner: Partner | None,
    user: AnyUser | None,
    note: str,
) -> CourtStep:
    stage = court.next_stage(CourtStage(track.stage), kind, household=_household(track))
    step = CourtStep.objects.create(
        track=track,
        kind=kind,
        on=on,
        stage_after=stage,
        source=source,
        partner=partner,
        recorded_by_id=user.pk if user is not None and user.is_authenticated else None,
        note=note[:MAX_NOTE],
    )
    track.stage = stage
    if kind is CourtStepKind.EVICTION_DATE:
        track.eviction_on = on
    elif kind in (CourtStepKind.CANCELLED, CourtStepKind.SUMMONS):
        track.eviction_on = None
    track.save(update_fields=["stage", "eviction_on", "updated_at"])
    return step


def record_court_step(
    *,
    track_id: int,
    kind: CourtStepKind,
    on: dt.date,
    source: StepSource,
    user: AnyUser | None = None,
    partner: Partner | None = None,
    actor_label: str = "",
    note: str = "",
) -> CourtStep:
    """Record one step of the household's court procedure; InvalidTransition when it does not fit."""
    with transaction.atomic():
        track = EvictionTrack.objects.select_for_update().select_related("municipality").get(pk=track_id)
        step = _apply_step(track, kind=kind, on=on, source=source, partner=partner, user=user, note=note)
        record_audit_event(
            actor=user,
            actor_label=actor_label,
            action=AuditAction.CREATE,
            subject_type="court_step",
            subject_id=step.pk,
            municipality_code=track.municipality.code,
            description=f"Gerechtelijke stap vastgelegd: {CourtStepKind(kind).label} (huishouden {track.pk})",
        )
    return step


def household_of_partner_reference(*, partner: Partner, reference: str) -> tuple[Municipality, str]:
    """The household (municipality, address key) of the partner's latest signal with this reference."""
    signal = (
        Signal.objects.filter(partner=partner, reference=reference.strip())
        .select_related("municipality")
        .order_by("-period", "-id")
        .first()
    )
    if signal is None:
        raise ApplicationError(
            _("No signal of yours has the reference '%(reference)s'.") % {"reference": reference.strip()[:64]}
        )
    return signal.municipality, signal.address_key


def household_at_address(
    *, partner: Partner, municipality_code: str, address_key: str
) -> tuple[Municipality, str]:
    """The household at an address in a municipality the partner serves (how a bailiff names it)."""
    municipality = partner.municipalities.filter(code=municipality_code).first()
    if municipality is None:
        raise ApplicationError(_("You do not serve municipality %(code)s.") % {"code": municipality_code[:4]})
    if not Case.objects.filter(municipality=municipality, address_key=address_key).exists():
        raise ApplicationError(_("The municipality has no case at this address."))
    return municipality, address_key


def report_court_step(
    *,
    partner: Partner,
    municipality: Municipality,
    address_key: str,
    kind: CourtStepKind,
    on: dt.date,
    user: AnyUser | None = None,
    actor_label: str = "",
    note: str = "",
) -> CourtStep:
    """A landlord or bailiff reports a step for a household found through their own signals."""
    source = StepSource.BAILIFF if partner.partner_type == "bailiff" else StepSource.LANDLORD
    with transaction.atomic():
        track = track_for_household(
            municipality=municipality,
            address_key=address_key,
            landlord=partner if source is StepSource.LANDLORD else None,
        )
        return record_court_step(
            track_id=track.pk,
            kind=kind,
            on=on,
            source=source,
            user=user,
            partner=partner,
            actor_label=actor_label,
            note=note,
        )


def record_household_protection(
    *, user: AnyUser, track_id: int, is_vulnerable: bool, note: str, has_minors: bool | None = None
) -> EvictionTrack:
    """Mark the household vulnerable (or not) and, when staff know better than the BRP, with minors."""
    with transaction.atomic():
        track = EvictionTrack.objects.select_for_update().select_related("municipality").get(pk=track_id)
        track.is_vulnerable = is_vulnerable
        track.vulnerability_note = note[:MAX_NOTE] if is_vulnerable else ""
        if has_minors is not None:
            track.has_minors = has_minors
        track.save(update_fields=["is_vulnerable", "vulnerability_note", "has_minors", "updated_at"])
        record_audit_event(
            actor=user,
            action=AuditAction.UPDATE,
            subject_type="eviction_track",
            subject_id=track.pk,
            municipality_code=track.municipality.code,
            description="Kwetsbaarheid of minderjarige kinderen van het huishouden vastgelegd",
        )
    return track


def record_housing_arrangement(
    *, user: AnyUser, track_id: int, arrangement: HousingArrangement | str, note: str = ""
) -> EvictionTrack:
    """Where the household will live if the eviction goes ahead; "" removes it (not once executed)."""
    with transaction.atomic():
        track = EvictionTrack.objects.select_for_update().select_related("municipality").get(pk=track_id)
        if not arrangement and track.stage == CourtStage.EXECUTED:
            raise InvalidTransition(
                _("The eviction has been executed; its housing arrangement stays on record.")
            )
        track.housing_arrangement = str(arrangement)
        track.housing_note = note[:MAX_NOTE]
        track.save(update_fields=["housing_arrangement", "housing_note", "updated_at"])
        record_audit_event(
            actor=user,
            action=AuditAction.UPDATE,
            subject_type="eviction_track",
            subject_id=track.pk,
            municipality_code=track.municipality.code,
            description="Woonoplossing bij ontruiming vastgelegd",
        )
    return track


# --------------------------------------------------------------------------------------------
# Reading households, recorded as viewed
# --------------------------------------------------------------------------------------------

OVERVIEW_ROWS = 200


@dataclass(frozen=True)
class Overview:
    tracks: list[EvictionTrack]
    counts: dict[str, int]
    protected_soon: list[EvictionTrack]
    moratoria_ending: list[Moratorium]


def household_case_ids(tracks: Iterable[EvictionTrack]) -> list[int]:
    """The case ids of these households, for the audit trail's "who viewed person X"."""
    households = {(track.municipality_id, track.address_key) for track in tracks}
    if not households:
        return []
    rows = Case.objects.filter(
        municipality_id__in={municipality for municipality, _key in households},
        address_key__in={key for _municipality, key in households},
    ).values_list("municipality_id", "address_key", "pk")
    return sorted(pk for municipality, key, pk in rows if (municipality, key) in households)


def _record_view(
    user: AnyUser, tracks: list[EvictionTrack], *, subject_type: str, subject_id: object
) -> None:
    codes = {track.municipality.code for track in tracks}
    record_audit_event(
        actor=user,
        action=AuditAction.VIEW,
        subject_type=subject_type,
        subject_id=subject_id,
        municipality_code=codes.pop() if len(codes) == 1 else "",
        case_ids=household_case_ids(tracks),
        description=f"Ontruimingspreventie bekeken ({len(tracks)} huishouden(s))",
    )


def record_reported_steps_viewed(*, user: AnyUser, steps: Iterable[CourtStep]) -> None:
    """A partner's list of its own reported steps shows the households' addresses: recorded."""
    tracks = list({step.track_id: step.track for step in steps}.values())
    if tracks:
        with transaction.atomic():
            _record_view(user, tracks, subject_type="court_steps_reported", subject_id="")


def view_track(*, user: AnyUser, track_id: int) -> EvictionTrack:
    """The household for ``user`` (NotPermitted when it is not theirs), recorded as viewed."""
    with transaction.atomic():
        track = selectors.get_track_for_user(user=user, track_id=track_id)
        _record_view(user, [track], subject_type="eviction_track", subject_id=track.pk)
    return track


def view_overview(*, user: AnyUser, stage: str, today: dt.date) -> Overview:
    """The households of the user's teams in ``stage`` (default: those in a running procedure) and,
    for team leads, the protected evictions soon and the moratoria ending; all shown recorded."""
    tracks = selectors.tracks_for_user(user)
    listed = (
        tracks.filter(stage=stage)
        if stage in CourtStage.values
        else tracks.exclude(stage__in=(CourtStage.CANCELLED, CourtStage.EXECUTED))
    )
    is_lead = Role.TEAM_LEAD in roles_of(user)
    with transaction.atomic():
        overview = Overview(
            tracks=list(
                listed.select_related("municipality", "team", "landlord").order_by("eviction_on", "id")[
                    :OVERVIEW_ROWS
                ]
            ),
            counts=dict(tracks.values_list("stage").annotate(n=Count("id")).values_list("stage", "n")),
            protected_soon=list(selectors.protected_evictions_soon(user=user, today=today))
            if is_lead
            else [],
            moratoria_ending=list(ending_soon(today=today).filter(track__in=tracks)) if is_lead else [],
        )
        shown = {
            track.pk: track
            for track in [*overview.tracks, *overview.protected_soon]
            + [moratorium.track for moratorium in overview.moratoria_ending]
        }
        _record_view(user, list(shown.values()), subject_type="eviction_track_list", subject_id=stage)
    return overview
