"""Moratoria: the broad moratorium (Wgs art. 5, asked by the municipality's college) and the
emergency moratorium against eviction (Fw art. 287b). Each lasts at most six months; the responsible
team's leads are reminded before the term ends, so a follow-up is arranged in time."""

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from eropaf.accounts.models import RoleAssignment
from eropaf.accounts.roles import Role
from eropaf.accounts.selectors import AnyUser
from eropaf.audit.models import AuditAction
from eropaf.audit.services import record_audit_event
from eropaf.core.errors import ApplicationError, InvalidTransition
from eropaf.core.periods import add_months
from eropaf.escalation.models import EvictionTrack, Moratorium, MoratoriumDecision, MoratoriumKind

MAX_TERM_MONTHS = 6
REMINDER_DAYS = 14


def request_moratorium(
    *,
    user: AnyUser,
    track_id: int,
    kind: MoratoriumKind,
    requested_on: dt.date,
    today: dt.date,
    note: str = "",
) -> Moratorium:
    if requested_on > today:
        raise ApplicationError(_("A request cannot be dated in the future."))
    with transaction.atomic():
        track = EvictionTrack.objects.select_related("municipality").get(pk=track_id)
        moratorium = Moratorium.objects.create(
            track=track,
            kind=kind,
            requested_on=requested_on,
            note=note[:2000],
            recorded_by_id=user.pk if user.is_authenticated else None,
        )
        _audit(user, track, moratorium, f"Moratorium aangevraagd: {MoratoriumKind(kind).label}")
    return moratorium


def check_term(starts_on: dt.date, ends_on: dt.date) -> None:
    """Raise unless the term is a real period of at most six months."""
    if ends_on <= starts_on:
        raise ApplicationError(_("The term must end after it starts."))
    if ends_on > add_months(starts_on, MAX_TERM_MONTHS):
        raise ApplicationError(
            _("A moratorium lasts at most six months: from %(start)s it ends on %(end)s at the latest.")
            % {"start": f"{starts_on:%d-%m-%Y}", "end": f"{add_months(starts_on, MAX_TERM_MONTHS):%d-%m-%Y}"}
        )


def decide_moratorium(
    *,
    user: AnyUser,
    moratorium_id: int,
    decision: MoratoriumDecision,
    decided_on: dt.date,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
) -> Moratorium:
    """Record the court's decision; a granted moratorium needs its term (at most six months)."""
    if decision == MoratoriumDecision.REQUESTED:
        raise ApplicationError(_("Choose granted or refused."))
    if decision == MoratoriumDecision.GRANTED:
        if starts_on is None or ends_on is None:
            raise ApplicationError(_("A granted moratorium needs its first and last day."))
        check_term(starts_on, ends_on)
    else:
        starts_on = ends_on = None
    with transaction.atomic():
        moratorium = (
            Moratorium.objects.select_for_update().select_related("track__municipality").get(pk=moratorium_id)
        )
        if moratorium.decision != MoratoriumDecision.REQUESTED:
            raise InvalidTransition(_("The court has decided on this request already."))
        if decided_on < moratorium.requested_on:
            raise ApplicationError(_("The decision cannot come before the request."))
        moratorium.decision = decision
        moratorium.decided_on = decided_on
        moratorium.starts_on = starts_on
        moratorium.ends_on = ends_on
        moratorium.save(update_fields=["decision", "decided_on", "starts_on", "ends_on", "updated_at"])
        label = MoratoriumDecision(decision).label
        _audit(user, moratorium.track, moratorium, f"Besluit op moratorium vastgelegd: {label}")
    return moratorium


def ending_soon(*, today: dt.date) -> QuerySet[Moratorium]:
    """Granted moratoria whose term ends within the reminder period (or ended without a reminder)."""
    return Moratorium.objects.filter(
        decision=MoratoriumDecision.GRANTED,
        ends_on__lte=today + dt.timedelta(days=REMINDER_DAYS),
        ends_on__gte=today - dt.timedelta(days=REMINDER_DAYS),
    ).select_related("track__team", "track__municipality")


def send_moratorium_reminders(*, today: dt.date) -> int:
    """E-mail the leads of the responsible team once per moratorium that ends soon; no personal data in
    the message, only a link. Returns the number of moratoria reminded of."""
    reminded = 0
    for moratorium in ending_soon(today=today).filter(reminded_on__isnull=True):
        track = moratorium.track
        leads = list(
            RoleAssignment.objects.filter(team_id=track.team_id, role=Role.TEAM_LEAD, user__is_active=True)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
        path = reverse("escalation:track", args=[track.pk])
        with transaction.atomic():
            updated = Moratorium.objects.filter(pk=moratorium.pk, reminded_on__isnull=True).update(
                reminded_on=today
            )
            if not updated:
                continue
            if leads:
                send_mail(
                    subject=_("Moratorium ends on %(date)s") % {"date": f"{moratorium.ends_on:%d-%m-%Y}"},
                    message=_(
                        "The %(kind)s for household %(track)s of team %(team)s ends on %(date)s. "
                        "Arrange the follow-up in time: %(path)s"
                    )
                    % {
                        "kind": moratorium.get_kind_display().lower(),
                        "track": track.pk,
                        "team": track.team.name,
                        "date": f"{moratorium.ends_on:%d-%m-%Y}",
                        "path": path,
                    },
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    recipient_list=sorted(set(leads)),
                )
            record_audit_event(
                actor=None,
                actor_label="herinneringen",
                action=AuditAction.UPDATE,
                subject_type="moratorium",
                subject_id=moratorium.pk,
                municipality_code=track.municipality.code,
                description=f"Herinnering: moratorium loopt af op {moratorium.ends_on:%d-%m-%Y}",
            )
        reminded += 1
    return reminded


def _audit(user: AnyUser, track: EvictionTrack, moratorium: Moratorium, description: str) -> None:
    record_audit_event(
        actor=user,
        action=AuditAction.CREATE,
        subject_type="moratorium",
        subject_id=moratorium.pk,
        municipality_code=track.municipality.code,
        description=f"{description} (huishouden {track.pk})",
    )
