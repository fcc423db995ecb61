"""Writes of the triage app: drafts from a preset, a file or a copy, editing a draft, and activating a
version (all audited).

A policy is validated completely before anything is stored, and again when it is activated: an
invalid policy is never stored as a draft and never (half) activated. Only a draft is ever edited, so
the cases triaged by a version that has been active keep their explanation.
"""

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from eropaf.accounts.models import User
from eropaf.accounts.selectors import AnyUser
from eropaf.audit.models import AuditAction
from eropaf.audit.services import record_audit_event
from eropaf.core.errors import ApplicationError
from eropaf.organisations.models import Municipality
from eropaf.triage.case_facts import cases_of_periods
from eropaf.triage.models import PolicyStatus, PolicyVersion, WorkloadSetting, document_text
from eropaf.triage.policy import Policy, load_policy_yaml, parse_policy, policy_as_data
from eropaf.triage.presets import preset
from eropaf.triage.selectors import active_policy
from eropaf.triage.simulation import WorkloadNorms, norms_as_data
from eropaf.triage.triaging import OPEN, TriageCounts, apply_triage, clear_left_triage


def _user(user: AnyUser | None) -> User | None:
    return user if isinstance(user, User) else None


def _record_version_change(user: AnyUser | None, version: PolicyVersion, what: str) -> None:
    record_audit_event(
        actor=user,
        action=AuditAction.UPDATE,
        subject_type="policy_version",
        subject_id=version.pk,
        municipality_code=version.municipality.code,
        description=f"afwegingskader {version.name} versie {version.number} {what}",
    )


def create_draft(
    *, user: AnyUser | None, municipality: Municipality, policy: Policy, source: str
) -> PolicyVersion:
    with transaction.atomic():
        Municipality.objects.select_for_update().filter(pk=municipality.pk).first()
        highest = PolicyVersion.objects.filter(municipality=municipality).aggregate(Max("number"))[
            "number__max"
        ]
        version = PolicyVersion.objects.create(
            municipality=municipality,
            number=(highest or 0) + 1,
            name=policy.name,
            source=source[:100],
            document_json=document_text(policy_as_data(policy)),
            created_by=_user(user),
        )
        record_audit_event(
            actor=user,
            action=AuditAction.CREATE,
            subject_type="policy_version",
            subject_id=version.pk,
            municipality_code=municipality.code,
            description=f"afwegingskader {version.name} versie {version.number} als concept ({source[:60]})",
        )
    return version


def draft_from_preset(*, user: AnyUser | None, municipality: Municipality, name: str) -> PolicyVersion:
    return create_draft(user=user, municipality=municipality, policy=preset(name), source=f"voorbeeld {name}")


def draft_from_yaml(
    *, user: AnyUser | None, municipality: Municipality, text: str | bytes, file_name: str
) -> PolicyVersion:
    """Raises PolicyInvalid (every mistake, in Dutch) before anything is stored."""
    return create_draft(user=user, municipality=municipality, policy=load_policy_yaml(text), source=file_name)


def copy_version(*, user: AnyUser | None, version: PolicyVersion) -> PolicyVersion:
    """A new draft of the same municipality with the policy of ``version`` (typically the active one)."""
    return create_draft(
        user=user,
        municipality=version.municipality,
        policy=parse_policy(version.document),
        source=f"kopie van versie {version.number}",
    )


def update_draft(*, user: AnyUser | None, version: PolicyVersion, text: str | bytes) -> PolicyVersion:
    """Replace the policy of a draft by the one in the YAML ``text``; raises PolicyInvalid (every
    mistake, in Dutch) and stores nothing when it has mistakes, and ApplicationError when the version
    is no longer a draft."""
    with transaction.atomic():
        current = PolicyVersion.objects.select_for_update().select_related("municipality").get(pk=version.pk)
        if current.status != PolicyStatus.DRAFT:
            raise ApplicationError(
                _("Only a draft can be changed. Make a copy as a draft to change this version.")
            )
        policy = load_policy_yaml(text)
        current.document = policy_as_data(policy)
        current.name = policy.name
        current.save(update_fields=["document_json", "name", "updated_at"])
        _record_version_change(user, current, "(concept) aangepast")
    return current


def activate(*, user: AnyUser | None, version: PolicyVersion) -> PolicyVersion:
    """Make ``version`` (a draft, or a retired version brought back) the municipality's active policy
    and retire the one before, in one transaction; a version whose policy does not validate raises
    PolicyInvalid and changes nothing, a version that is already active raises ApplicationError."""
    with transaction.atomic():
        Municipality.objects.select_for_update().filter(pk=version.municipality_id).first()
        current = PolicyVersion.objects.select_for_update().get(pk=version.pk)
        if current.status == PolicyStatus.ACTIVE:
            raise ApplicationError(_("This version is already the active policy."))
        parse_policy(current.document)
        now = timezone.now()
        PolicyVersion.objects.filter(
            municipality_id=current.municipality_id, status=PolicyStatus.ACTIVE
        ).exclude(pk=current.pk).update(status=PolicyStatus.RETIRED, retired_at=now, updated_at=now)
        current.status = PolicyStatus.ACTIVE
        current.activated_by = _user(user)
        current.activated_at = now
        current.save(update_fields=["status", "activated_by", "activated_at", "updated_at"])
        _record_version_change(user, current, "geactiveerd")
    return current


def change_workload_norms(
    *, user: AnyUser, municipality: Municipality, norms: WorkloadNorms
) -> WorkloadSetting:
    """Set the minutes per contact kind and hours per FTE the simulation computes with (audited)."""
    with transaction.atomic():
        stored, _created = WorkloadSetting.objects.update_or_create(
            municipality=municipality,
            defaults={"norms": norms_as_data(norms), "changed_by": _user(user)},
        )
        record_audit_event(
            actor=user,
            action=AuditAction.UPDATE,
            subject_type="workload_norms",
            subject_id=municipality.code,
            municipality_code=municipality.code,
            description=f"werklastnormen: {norms.hours_per_fte_month} uur per fte per maand, "
            + ", ".join(f"{kind} {minutes} min" for kind, minutes in sorted(norms.minutes.items())),
        )
    return stored


def _record_triage(
    *,
    actor: AnyUser | None,
    actor_label: str = "",
    municipality: Municipality,
    period: dt.date,
    counts: TriageCounts,
    what: str,
) -> None:
    record_audit_event(
        actor=actor,
        actor_label=actor_label,
        action=AuditAction.UPDATE,
        subject_type="triage",
        subject_id=f"{period:%Y-%m}",
        municipality_code=municipality.code,
        case_ids=counts.case_ids,
        description=f"{what} {period:%Y-%m}: {counts.triaged} zaken",
    )


def _policy_words(policy: Policy, version: PolicyVersion | None) -> str:
    return f"{policy.name}{f' versie {version.number}' if version else ''}"


def triage_after_matching(
    *,
    municipality: Municipality,
    period: dt.date,
    waiting_for_review: list[int],
    today: dt.date,
    actor: AnyUser | None,
    actor_label: str = "",
) -> TriageCounts:
    """Triage the period's cases with the municipality's active policy: the new ones, and those
    triaged before whose facts changed; not those waiting for the BRP review. Runs in the
    transaction of matching's decisions; audited with the cases it decided."""
    clear_left_triage(municipality_id=municipality.pk, period=period)
    version, policy = active_policy(municipality=municipality)
    counts = apply_triage(
        municipality_id=municipality.pk,
        cases=cases_of_periods(municipality_id=municipality.pk, periods=[period]).exclude(
            pk__in=waiting_for_review
        ),
        policy=policy,
        version=version,
        today=today,
        only_changed=True,
    )
    if counts.case_ids:
        _record_triage(
            actor=actor,
            actor_label=actor_label,
            municipality=municipality,
            period=period,
            counts=counts,
            what=f"Afweging met {_policy_words(policy, version)}",
        )
    return counts


def retriage_open_cases(
    *, user: AnyUser, municipality: Municipality, period: dt.date, today: dt.date | None = None
) -> TriageCounts:
    """Triage the period's open cases nobody has touched yet again, with the active policy (audited).

    Untouched: nobody assigned (sticky assignment aside), no contact attempt, still queued as triage
    left it. A case someone
    works on, or one closed, keeps the route and the explanation it has."""
    with transaction.atomic():
        Municipality.objects.select_for_update().filter(pk=municipality.pk).first()
        version, policy = active_policy(municipality=municipality)
        counts = apply_triage(
            municipality_id=municipality.pk,
            cases=cases_of_periods(municipality_id=municipality.pk, periods=[period]).filter(
                state__in=OPEN, triaged_at__isnull=False
            ),
            policy=policy,
            version=version,
            today=today or timezone.localdate(),
            only_changed=False,
            open_only=True,
        )
        _record_triage(
            actor=user,
            municipality=municipality,
            period=period,
            counts=counts,
            what=f"Opnieuw afgewogen met {_policy_words(policy, version)}",
        )
    return counts
