"""The eviction-prevention pages for the municipality's staff: the overview (with "never on the
street" and moratoria ending soon for team leads) and one household with its whole history."""

from typing import Any

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from eropaf.accounts.roles import CASE_ROLES, Role
from eropaf.accounts.selectors import AnyUser, require_role, roles_of
from eropaf.core.errors import NotPermitted
from eropaf.escalation import court, forms, selectors, services
from eropaf.escalation.court import CourtStage
from eropaf.escalation.models import EvictionTrack, Moratorium, MoratoriumDecision
from eropaf.escalation.support import eviction_stage_check
from eropaf.escalation.timeline import household_timeline

WORKER_ROLES = selectors.WORKER_ROLES


@require_GET
@require_role(CASE_ROLES)
def overview(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    stage = request.GET.get("fase", "")
    shown = services.view_overview(user=request.user, stage=stage, today=today)
    return render(
        request,
        "escalation/overview.html",
        {
            "tracks": shown.tracks,
            "stage": stage,
            "stages": [(value, label, shown.counts.get(value, 0)) for value, label in CourtStage.choices],
            "protected_soon": shown.protected_soon,
            "moratoria_ending": shown.moratoria_ending,
            "is_lead": Role.TEAM_LEAD in roles_of(request.user),
            "today": today,
        },
    )


def track_for(user: AnyUser, track_id: int, *, to_work: bool = False) -> EvictionTrack:
    try:
        return selectors.get_track_for_user(user=user, track_id=track_id, to_work=to_work)
    except NotPermitted as error:
        raise Http404(error.message) from error


def render_track(
    request: HttpRequest, track_id: int, *, status: int = 200, **form_overrides: Any
) -> HttpResponse:
    """The household page, recorded as viewed; forms with errors come in through ``form_overrides``."""
    try:
        track = services.view_track(user=request.user, track_id=track_id)
    except NotPermitted as error:
        raise Http404(error.message) from error
    may_work = selectors.tracks_for_user(request.user, roles=WORKER_ROLES).filter(pk=track.pk).exists()
    moratoria = list(track.moratoria.all())
    context: dict[str, Any] = {
        "track": track,
        "may_work": may_work,
        "steps": track.court_steps.select_related("partner", "recorded_by").order_by("-on", "-id"),
        "allowed_steps": court.allowed_steps(CourtStage(track.stage)),
        "moratoria": moratoria,
        "open_moratoria": [m for m in moratoria if m.decision == MoratoriumDecision.REQUESTED],
        "tasks": track.support_tasks.all(),
        "check": eviction_stage_check(track),
        "timeline": household_timeline(municipality_id=track.municipality_id, address_key=track.address_key),
        "today": timezone.localdate(),
        "step_form": forms.CourtStepForm(),
        "protection_form": forms.ProtectionForm(
            initial={
                "minderjarigen": track.has_minors,
                "kwetsbaar": track.is_vulnerable,
                "toelichting": track.vulnerability_note,
            }
        ),
        "housing_form": forms.HousingForm(
            initial={"woonoplossing": track.housing_arrangement, "toelichting": track.housing_note}
        ),
        "moratorium_form": forms.MoratoriumRequestForm(),
        "decision_form": forms.MoratoriumDecisionForm(),
        "task_form": forms.SupportTaskForm(),
        "open_tasks": track.support_tasks.filter(done_on__isnull=True).count(),
        "overdue_tasks": track.support_tasks.filter(
            Q(done_on__isnull=True) & Q(due_on__lt=timezone.localdate())
        ).count(),
    }
    context.update(form_overrides)
    return render(request, "escalation/track.html", context, status=status)


@require_GET
@require_role(CASE_ROLES)
def track_detail(request: HttpRequest, track_id: int) -> HttpResponse:
    return render_track(request, track_id)


def moratorium_of_track(track: EvictionTrack, moratorium_id: int) -> Moratorium:
    moratorium = track.moratoria.filter(pk=moratorium_id).first()
    if moratorium is None:
        raise Http404
    return moratorium
