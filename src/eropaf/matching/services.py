"""Writes of the matching app: starting and running a matching run, and deciding a BRP review."""

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eropaf.accounts.models import User
from eropaf.accounts.selectors import AnyUser
from eropaf.audit.models import AuditAction
from eropaf.audit.services import record_audit_event
from eropaf.core.errors import ApplicationError
from eropaf.core.stuck import queue_again
from eropaf.escalation.delivered import record_court_dates_from_signals
from eropaf.integrations.brp.protocol import PersonRegistry, RegistryError
from eropaf.integrations.debt_services.protocol import DebtServicesRegistry
from eropaf.matching import engine
from eropaf.matching.classification import Windows, classify
from eropaf.matching.debt_services import debt_services_registry_for
from eropaf.matching.decisions import decide
from eropaf.matching.known_clients import check_known_clients
from eropaf.matching.local_register import registry_for_matching
from eropaf.matching.models import (
    MatchingRun,
    MatchingSettings,
    RunStage,
    RunStatus,
)
from eropaf.matching.persons import check_persons
from eropaf.organisations.models import Municipality
from eropaf.triage.services import triage_after_matching

logger = logging.getLogger(__name__)

PROGRESS_INTERVAL_SECONDS = 0.5
REQUEUE_ACTOR = "requeue_stuck"
FAILED_MESSAGE = (
    "De matching is mislukt door een fout aan onze kant. Start de matching opnieuw; "
    "al vastgelegd werk blijft bewaard."
)


class RunAlreadyActive(ApplicationError):
    """A run for this municipality and period is waiting or running."""


def windows_for(municipality: Municipality) -> Windows:
    stored = MatchingSettings.objects.filter(municipality=municipality).first()
    if stored is None:
        return Windows()
    return Windows(
        consecutive_months=stored.consecutive_months,
        persistent_months=stored.persistent_months,
        repeat_months=stored.repeat_months,
    )


def start_matching_run(
    *, municipality: Municipality, period: dt.date, started_by: AnyUser | None, label: str = ""
) -> MatchingRun:
    """Record a run and queue it; refused while another run of the same month is unfinished."""
    from eropaf.matching.tasks import run_matching_task  # noqa: PLC0415 — the task module imports this one

    with transaction.atomic():
        run = _record_run(municipality=municipality, period=period, started_by=started_by, label=label)
        transaction.on_commit(lambda: run_matching_task.enqueue(run_id=run.pk))
    return run


def _record_run(
    *, municipality: Municipality, period: dt.date, started_by: AnyUser | None, label: str
) -> MatchingRun:
    Municipality.objects.select_for_update().filter(pk=municipality.pk).first()
    active = MatchingRun.objects.filter(
        municipality=municipality, period=period, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]
    )
    if active.exists():
        raise RunAlreadyActive(_("A matching run for this month is already waiting or running."))
    return MatchingRun.objects.create(
        municipality=municipality,
        period=period,
        started_by=started_by if isinstance(started_by, User) else None,
        started_by_label=(started_by.get_username() if isinstance(started_by, User) else label)[:150],
    )


class _RunMeter:
    """Writes the run's stage and progress, committed on their own so the team lead sees them."""

    def __init__(self, run: MatchingRun, on_progress: Callable[[RunStage, int, int], None] | None) -> None:
        self.run = run
        self.on_progress = on_progress
        self.last_written = 0.0

    def __call__(self, stage: RunStage, done: int = 0, total: int = 0) -> None:
        if self.on_progress is not None:
            self.on_progress(stage, done, total)
        now = timezone.now().timestamp()
        if stage == self.run.stage and now - self.last_written < PROGRESS_INTERVAL_SECONDS and done < total:
            return
        self.last_written = now
        self.run.stage, self.run.done, self.run.total = stage, done, total
        MatchingRun.objects.filter(pk=self.run.pk).update(
            stage=stage, done=done, total=total, updated_at=timezone.now()
        )


@dataclass(frozen=True)
class Registries:
    persons: PersonRegistry
    debt_services: DebtServicesRegistry


def registries_for(municipality: Municipality) -> Registries:
    return Registries(
        persons=registry_for_matching(), debt_services=debt_services_registry_for(municipality=municipality)
    )


def execute_run(
    *,
    run_id: int,
    registries: Registries | None = None,
    on_progress: Callable[[RunStage, int, int], None] | None = None,
    today: dt.date | None = None,
) -> MatchingRun:
    """Run a recorded matching run. Safe to run again: a finished run is left alone, and a run that
    stopped half-way starts over, keeping what it already stored (every step is idempotent)."""
    run = MatchingRun.objects.select_related("municipality", "started_by").get(pk=run_id)
    if run.status == RunStatus.DONE:
        return run
    municipality = run.municipality
    MatchingRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, started_at=timezone.now(), updated_at=timezone.now()
    )
    meter = _RunMeter(run, on_progress)
    try:
        counts = _match(
            run,
            municipality,
            registries or registries_for(municipality),
            meter,
            today or timezone.localdate(),
        )
    except RegistryError as error:
        _finish(run, status=RunStatus.FAILED, message=_registry_message(error))
        raise
    except Exception:
        logger.exception("Matching run %s failed", run.pk)
        _finish(run, status=RunStatus.FAILED, message=FAILED_MESSAGE)
        raise
    _finish(run, status=RunStatus.DONE, counts=counts)
    run.refresh_from_db()
    return run


def requeue_stuck_runs(*, stale_before: dt.datetime) -> list[int]:
    """Queue again the runs still "running" that have not written progress since ``stale_before``:
    their worker died. Each step of a run is idempotent and stores in its own transaction, so the
    run starts over and keeps what it already stored. Returns their ids."""
    from eropaf.matching.tasks import run_matching_task  # noqa: PLC0415 — the task module imports this one

    with transaction.atomic():
        stuck = list(
            MatchingRun.objects.select_for_update()
            .filter(status=RunStatus.RUNNING, updated_at__lt=stale_before)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if not stuck:
            return []
        MatchingRun.objects.filter(pk__in=stuck).update(
            status=RunStatus.QUEUED, stage=RunStage.WAITING, done=0, total=0, updated_at=timezone.now()
        )
        queue_again(task=run_matching_task, argument="run_id", ids=stuck)
        record_audit_event(
            actor=None,
            actor_label=REQUEUE_ACTOR,
            action=AuditAction.UPDATE,
            subject_type="matching_run",
            subject_id=",".join(str(pk) for pk in stuck[:8]),
            description=f"{len(stuck)} stuck matching run(s) queued again after their worker stopped",
        )
    return stuck


def _registry_message(error: RegistryError) -> str:
    return _(
        "The BRP could not be consulted (%(reason)s). The cases are stored and classified; "
        "start the matching again to finish the BRP check."
    ) % {"reason": str(error)}


def _match(
    run: MatchingRun, municipality: Municipality, registries: Registries, meter: _RunMeter, today: dt.date
) -> dict[str, object]:
    windows = windows_for(municipality)
    meter(RunStage.READING)
    bag_ids = engine.known_bag_ids(municipality.pk)
    current = engine.read_period(municipality_id=municipality.pk, period=run.period, known=bag_ids)
    history = engine.read_history(
        municipality_id=municipality.pk, period=run.period, windows=windows, known=bag_ids
    )
    meter(RunStage.CLASSIFYING, 0, current.height)
    classified = classify(current, history, period=run.period, windows=windows)
    meter(RunStage.STORING, 0, classified.cases.height)
    with transaction.atomic():
        # One run at a time stores a municipality's cases (the unique constraint is the last guard).
        Municipality.objects.select_for_update().filter(pk=municipality.pk).first()
        stored = engine.store(
            classified,
            municipality_id=municipality.pk,
            period=run.period,
            windows=windows,
            households=current,
            today=today,
        )
        record_audit_event(
            actor=run.started_by,
            actor_label=run.started_by_label,
            action=AuditAction.UPDATE,
            subject_type="matching_run",
            subject_id=run.pk,
            municipality_code=municipality.code,
            case_ids=stored.changed_case_ids,
            description=f"Matching {run.period:%Y-%m}: {stored.cases_created} zaken aangemaakt, "
            f"{stored.cases_updated} bijgewerkt",
        )
    persons = check_persons(
        municipality_id=municipality.pk,
        municipality_code=municipality.code,
        period=run.period,
        registry=registries.persons,
        progress=lambda done, total: meter(RunStage.CHECKING_REGISTRY, done, total),
    )
    meter(RunStage.CHECKING_DEBT_SERVICES)
    known = check_known_clients(
        municipality_id=municipality.pk, period=run.period, registry=registries.debt_services
    )
    meter(RunStage.TRIAGING)
    with transaction.atomic():
        decided = decide(municipality_id=municipality.pk, period=run.period, today=today)
        triage = triage_after_matching(
            municipality=municipality,
            period=run.period,
            waiting_for_review=decided.awaiting_review,
            today=today,
            actor=run.started_by,
            actor_label=run.started_by_label,
        )
        court_dates = record_court_dates_from_signals(municipality=municipality, period=run.period)
    return {
        "signals": stored.signals,
        "signals_added": stored.signals_added,
        "cases_created": stored.cases_created,
        "cases_updated": stored.cases_updated,
        "classes": stored.classes,
        "brp_checks": persons,
        "known_to_debt_services": known,
        "decisions": decided.counts,
        "triage": triage.as_data(),
        "court_steps": court_dates.steps_recorded,
    }


def _finish(
    run: MatchingRun, *, status: RunStatus, message: str = "", counts: dict[str, object] | None = None
) -> None:
    MatchingRun.objects.filter(pk=run.pk).update(
        status=status,
        stage=RunStage.FINISHED,
        message=message,
        counts=counts or {},
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )


def run_matching(
    *,
    municipality: Municipality,
    period: dt.date,
    started_by: AbstractBaseUser | None = None,
    label: str = "",
    registries: Registries | None = None,
    on_progress: Callable[[RunStage, int, int], None] | None = None,
    today: dt.date | None = None,
) -> MatchingRun:
    """Record a run and run it now, in this process (the command line). ``today`` is the day the
    cases are opened, due and closed from (the demo builds a year as it happened)."""
    with transaction.atomic():
        run = _record_run(municipality=municipality, period=period, started_by=started_by, label=label)
    return execute_run(run_id=run.pk, registries=registries, on_progress=on_progress, today=today)


def change_windows(*, user: AnyUser, municipality: Municipality, windows: Windows) -> MatchingSettings:
    """Set the municipality's windows; they count from the next matching run (audited)."""
    with transaction.atomic():
        stored, _created = MatchingSettings.objects.update_or_create(
            municipality=municipality,
            defaults={
                "consecutive_months": windows.consecutive_months,
                "persistent_months": windows.persistent_months,
                "repeat_months": windows.repeat_months,
            },
        )
        record_audit_event(
            actor=user,
            action=AuditAction.UPDATE,
            subject_type="matching_settings",
            subject_id=municipality.code,
            municipality_code=municipality.code,
            description=(
                f"vensters: opeenvolgend {windows.consecutive_months}, "
                f"aanhoudend {windows.persistent_months}, zelfde achterstand {windows.repeat_months} maanden"
            ),
        )
    return stored
