"""The Signalering+ pages: proposals and consultations, one consultation's agenda with its
decisions, an admitted household with its extra actions, and the open actions per owner.

Views parse input, call one selector or service and render; a refused id answers 404 like a
missing one. Forms that fail come back with their errors (400).
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from eropaf.accounts.roles import Role
from eropaf.accounts.selectors import require_role, teams_of
from eropaf.cases.casework import WORKER_ROLES
from eropaf.core.errors import ApplicationError, NotPermitted
from eropaf.signalering_plus import services
from eropaf.signalering_plus.forms import ActionForm, ConsultationForm, DecisionForm, DoneForm
from eropaf.signalering_plus.rules import ActionKind
from eropaf.signalering_plus.selectors import (
    LEAD_ROLES,
    admission_rows,
    consultations_overview,
    corporations_for_lead,
    get_action_for_user,
    get_agenda_item_for_user,
    running_admissions,
    team_of_admission,
    team_owners,
    worker_team_ids,
)


def _consultation_form(request: HttpRequest, data: object = None) -> ConsultationForm:
    teams = [(team.pk, team.name) for team in teams_of(request.user, roles=LEAD_ROLES).order_by("name")]
    corporations = [(partner.pk, partner.name) for partner in corporations_for_lead(request.user)]
    return ConsultationForm(data, teams=teams, corporations=corporations)


def _overview(
    request: HttpRequest, *, form: ConsultationForm | None = None, status: int = 200
) -> HttpResponse:
    is_lead = bool(teams_of(request.user, roles=LEAD_ROLES).exists())
    context = {
        "groups": services.view_candidates(user=request.user),
        "admissions": admission_rows(running_admissions(team_ids=worker_team_ids(request.user))),
        "consultations": consultations_overview(request.user)[:24],
        "form": (form or _consultation_form(request)) if is_lead else None,
    }
    return render(request, "signalering_plus/overview.html", context, status=status)


@require_GET
@require_role(WORKER_ROLES)
def overview(request: HttpRequest) -> HttpResponse:
    return _overview(request)


@require_POST
@require_role(Role.TEAM_LEAD)
def consultation_create(request: HttpRequest) -> HttpResponse:
    form = _consultation_form(request, request.POST)
    if not form.is_valid():
        return _overview(request, form=form, status=400)
    try:
        consultation = services.plan_consultation(
            user=request.user,
            team_id=form.cleaned_data["team"],
            corporation_id=form.cleaned_data["woningcorporatie"],
            held_on=form.cleaned_data["datum"],
            contact_person=form.cleaned_data["contactpersoon"],
        )
    except ApplicationError as error:
        form.add_error(None, error.message)
        return _overview(request, form=form, status=400)
    messages.success(request, _("The consultation has been planned and its agenda made."))
    return redirect("signalering_plus:consultation", consultation_id=consultation.pk)


def _consultation_page(
    request: HttpRequest,
    consultation_id: int,
    *,
    failed_item: int | None = None,
    failed_form: DecisionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    try:
        consultation, agenda = services.view_consultation(user=request.user, consultation_id=consultation_id)
    except NotPermitted as error:
        raise Http404(error.message) from error
    may_decide = teams_of(request.user, roles=LEAD_ROLES).filter(pk=consultation.team_id).exists()
    context = {
        "consultation": consultation,
        "agenda": agenda,
        "may_decide": may_decide,
        "failed_item": failed_item,
        "failed_form": failed_form,
        "today": timezone.localdate(),
    }
    return render(request, "signalering_plus/consultation.html", context, status=status)


@require_GET
@require_role(WORKER_ROLES)
def consultation(request: HttpRequest, consultation_id: int) -> HttpResponse:
    return _consultation_page(request, consultation_id)


@require_POST
@require_role(Role.TEAM_LEAD)
def consultation_refresh(request: HttpRequest, consultation_id: int) -> HttpResponse:
    try:
        count = services.refresh_agenda(user=request.user, consultation_id=consultation_id)
    except NotPermitted as error:
        raise Http404(error.message) from error
    messages.success(request, _("Cases added to the agenda: %(count)s.") % {"count": count})
    return redirect("signalering_plus:consultation", consultation_id=consultation_id)


@require_POST
@require_role(Role.TEAM_LEAD)
def decide(request: HttpRequest, item_id: int) -> HttpResponse:
    try:
        item = get_agenda_item_for_user(user=request.user, item_id=item_id)
    except NotPermitted as error:
        raise Http404(error.message) from error
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.record_decision(
                user=request.user,
                item_id=item.pk,
                decision=form.decision(),
                note=form.cleaned_data["notitie"],
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The decision has been recorded."))
            return redirect("signalering_plus:consultation", consultation_id=item.consultation_id)
    return _consultation_page(
        request, item.consultation_id, failed_item=item.pk, failed_form=form, status=400
    )


def _admission_page(
    request: HttpRequest,
    admission_id: int,
    *,
    action_form: ActionForm | None = None,
    done_errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    try:
        detail = services.view_admission(user=request.user, admission_id=admission_id)
    except NotPermitted as error:
        raise Http404(error.message) from error
    today = timezone.localdate()
    context = {
        "detail": detail,
        "admission": detail.admission,
        "action_form": action_form or ActionForm(owners=team_owners(detail.admission.team_id)),
        "done_errors": done_errors or [],
        "today": today,
    }
    return render(request, "signalering_plus/admission.html", context, status=status)


@require_GET
@require_role(WORKER_ROLES)
def admission(request: HttpRequest, admission_id: int) -> HttpResponse:
    return _admission_page(request, admission_id)


@require_POST
@require_role(WORKER_ROLES)
def action_create(request: HttpRequest, admission_id: int) -> HttpResponse:
    try:
        team_id = team_of_admission(user=request.user, admission_id=admission_id)
    except NotPermitted as error:
        raise Http404(error.message) from error
    form = ActionForm(request.POST, owners=team_owners(team_id))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_action(
                user=request.user,
                admission_id=admission_id,
                kind=ActionKind(data["actie"]),
                due_on=data["uiterlijk"],
                owner_id=data["eigenaar"],
                owner_party=data["andere_partij"],
                note=data["notitie"],
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The action has been recorded."))
            return redirect("signalering_plus:admission", admission_id=admission_id)
    return _admission_page(request, admission_id, action_form=form, status=400)


@require_POST
@require_role(WORKER_ROLES)
def action_done(request: HttpRequest, action_id: int) -> HttpResponse:
    try:
        action = get_action_for_user(user=request.user, action_id=action_id)
    except NotPermitted as error:
        raise Http404(error.message) from error
    form = DoneForm(request.POST)
    errors: list[str] = []
    if form.is_valid():
        try:
            services.complete_action(
                user=request.user, action_id=action.pk, done_on=form.cleaned_data["datum"]
            )
        except ApplicationError as error:
            errors.append(error.message)
        else:
            messages.success(request, _("The action has been marked done."))
            back = request.POST.get("terug", "")
            if back == "acties":
                return redirect("signalering_plus:actions")
            return redirect("signalering_plus:admission", admission_id=action.admission_id)
    else:
        errors = [str(error) for error in form.errors.get("datum", [])] or [_("Give the date it was done.")]
    return _admission_page(request, action.admission_id, done_errors=errors, status=400)


@require_GET
@require_role(WORKER_ROLES)
def actions(request: HttpRequest) -> HttpResponse:
    mine_only = request.GET.get("mijn") == "1"
    today = timezone.localdate()
    context = {
        "owners": services.view_open_actions(user=request.user, today=today, mine_only=mine_only),
        "mine_only": mine_only,
        "today": today,
    }
    return render(request, "signalering_plus/actions.html", context)
