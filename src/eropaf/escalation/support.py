"""Support in the eviction stage (Breda, BRIEF §3.1): the municipality contacts all parties, always
makes a home visit before the eviction date, leaves a yellow card when there is no contact, and keeps
a "who does what" list with the parties and the resident."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eropaf.accounts.selectors import AnyUser
from eropaf.audit.models import AuditAction
from eropaf.audit.services import record_audit_event
from eropaf.cases.models import ContactAttempt
from eropaf.core.errors import ApplicationError
from eropaf.core.vocabularies import ContactKind
from eropaf.escalation.court import CourtStage, CourtStepKind
from eropaf.escalation.models import CourtStep, EvictionTrack, Party, SupportTask

EVICTION_STAGES = frozenset({CourtStage.JUDGED, CourtStage.NOTICE_SERVED, CourtStage.SCHEDULED})

# The list a case worker starts from once an eviction is in sight; each line can be changed or removed.
STANDARD_TASKS: tuple[tuple[Party, Promise], ...] = (
    (Party.MUNICIPALITY, gettext_lazy("Make a home visit before the eviction date")),
    (Party.MUNICIPALITY, gettext_lazy("Inform all parties involved and keep in contact as often as needed")),
    (Party.LANDLORD, gettext_lazy("Tell the municipality when the eviction date changes or is suspended")),
    (Party.BAILIFF, gettext_lazy("Announce the eviction and inform the municipality beforehand")),
    (Party.DEBT_SERVICES, gettext_lazy("Assess a payment arrangement or a moratorium")),
    (Party.RESIDENT, gettext_lazy("Be reachable and show income and expenses")),
)


@dataclass(frozen=True)
class EvictionStageCheck:
    """What the eviction stage still asks of the municipality for one household."""

    in_eviction_stage: bool
    home_visit_done: bool
    reached_since: bool
    since: dt.date | None

    @property
    def home_visit_required(self) -> bool:
        return self.in_eviction_stage and not self.home_visit_done

    @property
    def yellow_card_advised(self) -> bool:
        return self.in_eviction_stage and not self.reached_since


def eviction_stage_check(track: EvictionTrack) -> EvictionStageCheck:
    """Home visit and contact since the judgment (the start of the eviction stage)."""
    if track.stage not in EVICTION_STAGES:
        return EvictionStageCheck(False, False, False, None)
    since = (
        CourtStep.objects.filter(track=track, kind=CourtStepKind.JUDGMENT)
        .order_by("-on")
        .values_list("on", flat=True)
        .first()
    )
    attempts = ContactAttempt.objects.filter(
        case__municipality_id=track.municipality_id, case__address_key=track.address_key
    )
    if since is not None:
        attempts = attempts.filter(at__date__gte=since)
    return EvictionStageCheck(
        in_eviction_stage=True,
        home_visit_done=attempts.filter(kind=ContactKind.HOME_VISIT).exists(),
        reached_since=attempts.filter(reached=True).exists(),
        since=since,
    )


def add_support_task(
    *, user: AnyUser, track_id: int, party: Party, task: str, due_on: dt.date | None = None
) -> SupportTask:
    if not task.strip():
        raise ApplicationError(_("Say what has to be done."))
    with transaction.atomic():
        track = EvictionTrack.objects.select_related("municipality").get(pk=track_id)
        item = SupportTask.objects.create(
            track=track,
            party=party,
            task=task.strip()[:300],
            due_on=due_on,
            recorded_by_id=user.pk if user.is_authenticated else None,
        )
        _audit(user, track, "Taak in de ontruimingsfase toegevoegd")
    return item


def add_standard_tasks(*, user: AnyUser, track_id: int) -> int:
    """The standard "who does what" lines that the list does not have yet; due before the eviction."""
    with transaction.atomic():
        track = EvictionTrack.objects.select_for_update().select_related("municipality").get(pk=track_id)
        present = set(track.support_tasks.values_list("party", "task"))
        new = [
            SupportTask(
                track=track,
                party=party,
                task=str(task),
                due_on=track.eviction_on,
                recorded_by_id=user.pk if user.is_authenticated else None,
            )
            for party, task in STANDARD_TASKS
            if (party.value, str(task)) not in present
        ]
        SupportTask.objects.bulk_create(new)
        if new:
            _audit(user, track, "Standaardlijst 'wie doet wat' toegevoegd")
    return len(new)


def complete_support_task(
    *, user: AnyUser, track_id: int, task_id: int, today: dt.date | None = None
) -> None:
    with transaction.atomic():
        track = EvictionTrack.objects.select_related("municipality").get(pk=track_id)
        done = SupportTask.objects.filter(pk=task_id, track=track, done_on__isnull=True).update(
            done_on=today or timezone.localdate(), updated_at=timezone.now()
        )
        if not done:
            raise ApplicationError(_("This task does not exist or is done already."))
        _audit(user, track, "Taak in de ontruimingsfase afgerond")


def _audit(user: AnyUser, track: EvictionTrack, description: str) -> None:
    record_audit_event(
        actor=user,
        action=AuditAction.UPDATE,
        subject_type="eviction_track",
        subject_id=track.pk,
        municipality_code=track.municipality.code,
        description=f"{description} (huishouden {track.pk})",
    )
