"""The Regieteam's pages: the overview, meetings with their agenda, the decision, one case form."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from eropaf.accounts.roles import CASE_ROLES, Role
from eropaf.accounts.selectors import require_role, roles_of
from eropaf.coordination import selectors, services
from eropaf.coordination.forms import AgendaForm, DecisionForm, MeetingForm
from eropaf.coordination.models import Meeting
from eropaf.coordination.rules import AgendaReason, FormStatus, Scenario
from eropaf.core.errors import ApplicationError, NotPermitted
from eropaf.escalation.court import CourtStage, CourtStepKind, allowed_steps

MEMBER = Role.ESCALATION_MEMBER


@require_GET
@require_role(MEMBER, Role.PARTNER_USER)
def overview(request: HttpRequest) -> HttpResponse:
    """Regieteam members: the municipality's case forms and meetings. Landlords go to their forms."""
    if Role.ESCALATION_MEMBER not in roles_of(request.user):
        return redirect("coordination:landlord-list")
    return render_overview(request)


def render_overview(
    request: HttpRequest, *, meeting_form: MeetingForm | None = None, status: int = 200
) -> HttpResponse:
    teams = selectors.regieteams_of(request.user)
    forms = services.view_forms(user=request.user)
    today = timezone.localdate()
    meetings = selectors.meetings_for_regieteam(request.user)
    context = {
        "teams": list(teams),
        "filed": [form for form in forms if form.status == FormStatus.FILED],
        "on_agenda": [form for form in forms if form.status == FormStatus.ON_AGENDA],
        "decided": [form for form in forms if form.status == FormStatus.DECIDED][-50:],
        "upcoming": list(meetings.filter(held_on__gte=today).order_by("held_on", "id")),
        "past": list(meetings.filter(held_on__lt=today)[:12]),
        "meeting_form": meeting_form or MeetingForm(teams=teams, initial={"datum": today}),
    }
    return render(request, "coordination/overview.html", context, status=status)


@require_POST
@require_role(MEMBER)
def create_meeting(request: HttpRequest) -> HttpResponse:
    teams = selectors.regieteams_of(request.user)
    if not teams.exists():
        raise PermissionDenied
    form = MeetingForm(request.POST, teams=teams)
    if not form.is_valid():
        return render_overview(request, meeting_form=form, status=400)
    try:
        meeting = services.create_meeting(
            user=request.user,
            team_id=form.cleaned_data["team"].pk,
            held_on=form.cleaned_data["datum"],
            note=form.cleaned_data["notitie"],
        )
    except ApplicationError as error:
        form.add_error(None, error.message)
        return render_overview(request, meeting_form=form, status=400)
    messages.success(request, _("The meeting has been planned."))
    return redirect("coordination:meeting", meeting_id=meeting.pk)


def _meeting(request: HttpRequest, meeting_id: int) -> tuple[Meeting, list[Any]]:
    try:
        return services.view_agenda(user=request.user, meeting_id=meeting_id)
    except NotPermitted as error:
        raise Http404(error.message) from error


def render_meeting(
    request: HttpRequest, meeting_id: int, *, agenda_form: AgendaForm | None = None, status: int = 200
) -> HttpResponse:
    meeting, items = _meeting(request, meeting_id)
    may_change = selectors.may_change_meeting(user=request.user, meeting=meeting)
    candidates = selectors.forms_to_schedule(user=request.user, meeting=meeting)
    context = {
        "meeting": meeting,
        "items": items,
        "may_change": may_change,
        "agenda_form": agenda_form or AgendaForm(candidates=candidates),
        "has_candidates": candidates.exists(),
    }
    return render(request, "coordination/meeting.html", context, status=status)


@require_GET
@require_role(MEMBER)
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return render_meeting(request, meeting_id)


@require_GET
@require_role(MEMBER)
def agenda(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The printable agenda: every case with its household type, arrear, court stage and what was tried."""
    meeting, items = _meeting(request, meeting_id)
    return render(request, "coordination/agenda.html", {"meeting": meeting, "items": items})


@require_POST
@require_role(MEMBER)
def add_to_agenda(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting, _items = _meeting(request, meeting_id)
    if not selectors.may_change_meeting(user=request.user, meeting=meeting):
        raise Http404(_("This meeting does not exist or is not one of your Regieteam's."))
    form = AgendaForm(
        request.POST, candidates=selectors.forms_to_schedule(user=request.user, meeting=meeting)
    )
    if not form.is_valid():
        return render_meeting(request, meeting_id, agenda_form=form, status=400)
    try:
        services.put_on_agenda(
            user=request.user,
            meeting_id=meeting.pk,
            form_id=form.cleaned_data["casus"].pk,
            reason=AgendaReason(form.cleaned_data["reden"]),
        )
    except ApplicationError as error:
        form.add_error(None, error.message)
        return render_meeting(request, meeting_id, agenda_form=form, status=400)
    messages.success(request, _("The case is on the agenda."))
    return redirect("coordination:meeting", meeting_id=meeting.pk)


@require_http_methods(["GET", "POST"])
@require_role(MEMBER)
def decide(request: HttpRequest, item_id: int) -> HttpResponse:
    try:
        item = selectors.get_item_to_decide(user=request.user, item_id=item_id)
    except NotPermitted as error:
        raise Http404(error.message) from error
    track = item.case_form.track
    decision = getattr(item, "decision", None)
    initial = {
        "scenario": Scenario.PREVENT,
        "opgeschort": True,
        "bevroren": True,
        "woonoplossing": track.housing_arrangement,
        "woonoplossing_toelichting": track.housing_note,
    }
    form = DecisionForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.record_decision(user=request.user, item_id=item.pk, draft=form.draft())
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The decision has been recorded."))
                return redirect("coordination:meeting", meeting_id=item.meeting_id)
    context = {
        "item": item,
        "case_form": item.case_form,
        "track": track,
        "decision": decision,
        "form": form,
        "minors": item.case_form.has_minors or track.has_minors,
        "vulnerable": item.case_form.is_vulnerable or track.is_vulnerable,
        "suspension_on_timeline": CourtStepKind.SUSPENDED in allowed_steps(CourtStage(track.stage)),
    }
    return render(request, "coordination/decide.html", context, status=status)


@require_GET
@require_role(CASE_ROLES)
def case_form_detail(request: HttpRequest, form_id: int) -> HttpResponse:
    """One case form with its agenda and decisions, for the Regieteam and the responsible team."""
    try:
        form = services.view_form(user=request.user, form_id=form_id)
    except NotPermitted as error:
        raise Http404(error.message) from error
    context = {
        "case_form": form,
        "track": form.track,
        "items": selectors.agenda_items_of(form),
        "decisions": selectors.decisions_of(form),
        "is_member": selectors.is_regieteam_member(request.user),
    }
    return render(request, "coordination/case_form.html", context)
