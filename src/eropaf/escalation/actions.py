"""Changes on the household page (POST, then back to the household); only case workers and team
leads of the household's responsible team reach them, others get the same 404 as a missing id."""

from collections.abc import Callable

from django.contrib import messages
from django.db import transaction
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from eropaf.accounts.selectors import require_role
from eropaf.cases.selectors import get_case_for_user
from eropaf.core.errors import ApplicationError, NotPermitted
from eropaf.escalation import forms, moratoria, services, support
from eropaf.escalation.court import CourtStepKind, HousingArrangement
from eropaf.escalation.models import MoratoriumDecision, MoratoriumKind, Party, StepSource
from eropaf.escalation.views import WORKER_ROLES, moratorium_of_track, render_track, track_for

Handler = Callable[[HttpRequest, int, Form], str]


def _action(
    form_class: type[Form], context_name: str
) -> Callable[[Handler], Callable[[HttpRequest, int], HttpResponse]]:
    """A POST on one household: authorise, validate, call the service, show its Dutch error."""

    def decorator(handler: Handler) -> Callable[[HttpRequest, int], HttpResponse]:
        @require_POST
        @require_role(WORKER_ROLES)
        def view(request: HttpRequest, track_id: int) -> HttpResponse:
            track_for(request.user, track_id, to_work=True)
            form = form_class(request.POST)
            if form.is_valid():
                try:
                    messages.success(request, handler(request, track_id, form))
                    return redirect("escalation:track", track_id=track_id)
                except ApplicationError as error:
                    form.add_error(None, error.message)
            return render_track(request, track_id, status=400, **{context_name: form})

        view.__name__ = handler.__name__
        return view

    return decorator


@_action(forms.CourtStepForm, "step_form")
def record_step(request: HttpRequest, track_id: int, form: Form) -> str:
    step = services.record_court_step(
        track_id=track_id,
        kind=CourtStepKind(form.cleaned_data["stap"]),
        on=form.cleaned_data["datum"],
        source=StepSource.STAFF,
        user=request.user,
        note=form.cleaned_data["notitie"],
    )
    return _("%(step)s has been recorded.") % {"step": step.get_kind_display()}


@_action(forms.ProtectionForm, "protection_form")
def record_protection(request: HttpRequest, track_id: int, form: Form) -> str:
    services.record_household_protection(
        user=request.user,
        track_id=track_id,
        is_vulnerable=form.cleaned_data["kwetsbaar"],
        has_minors=form.cleaned_data["minderjarigen"],
        note=form.cleaned_data["toelichting"],
    )
    return _("The household's situation has been recorded.")


@_action(forms.HousingForm, "housing_form")
def record_housing(request: HttpRequest, track_id: int, form: Form) -> str:
    value = form.cleaned_data["woonoplossing"]
    services.record_housing_arrangement(
        user=request.user,
        track_id=track_id,
        arrangement=HousingArrangement(value) if value else "",
        note=form.cleaned_data["toelichting"],
    )
    return _("The housing arrangement has been recorded.")


@_action(forms.MoratoriumRequestForm, "moratorium_form")
def request_moratorium(request: HttpRequest, track_id: int, form: Form) -> str:
    moratoria.request_moratorium(
        user=request.user,
        track_id=track_id,
        kind=MoratoriumKind(form.cleaned_data["soort"]),
        requested_on=form.cleaned_data["aangevraagd_op"],
        today=timezone.localdate(),
        note=form.cleaned_data["notitie"],
    )
    return _("The request for a moratorium has been recorded.")


@_action(forms.SupportTaskForm, "task_form")
def add_task(request: HttpRequest, track_id: int, form: Form) -> str:
    support.add_support_task(
        user=request.user,
        track_id=track_id,
        party=Party(form.cleaned_data["wie"]),
        task=form.cleaned_data["wat"],
        due_on=form.cleaned_data["voor"],
    )
    return _("The task has been added.")


@require_POST
@require_role(WORKER_ROLES)
def decide_moratorium(request: HttpRequest, track_id: int, moratorium_id: int) -> HttpResponse:
    track = track_for(request.user, track_id, to_work=True)
    moratorium = moratorium_of_track(track, moratorium_id)
    form = forms.MoratoriumDecisionForm(request.POST)
    if form.is_valid():
        try:
            moratoria.decide_moratorium(
                user=request.user,
                moratorium_id=moratorium.pk,
                decision=MoratoriumDecision(form.cleaned_data["besluit"]),
                decided_on=form.cleaned_data["besloten_op"],
                starts_on=form.cleaned_data["ingang"],
                ends_on=form.cleaned_data["einde"],
            )
            messages.success(request, _("The decision has been recorded."))
            return redirect("escalation:track", track_id=track_id)
        except ApplicationError as error:
            form.add_error(None, error.message)
    return render_track(request, track_id, status=400, decision_form=form, decision_for=moratorium.pk)


@require_POST
@require_role(WORKER_ROLES)
def add_standard_tasks(request: HttpRequest, track_id: int) -> HttpResponse:
    track_for(request.user, track_id, to_work=True)
    added = support.add_standard_tasks(user=request.user, track_id=track_id)
    messages.success(request, _("%(count)s standard tasks have been added.") % {"count": added})
    return redirect("escalation:track", track_id=track_id)


@require_POST
@require_role(WORKER_ROLES)
def complete_task(request: HttpRequest, track_id: int, task_id: int) -> HttpResponse:
    track_for(request.user, track_id, to_work=True)
    try:
        support.complete_support_task(user=request.user, track_id=track_id, task_id=task_id)
    except ApplicationError as error:
        raise Http404(error.message) from error
    messages.success(request, _("The task is done."))
    return redirect("escalation:track", track_id=track_id)


@require_POST
@require_role(WORKER_ROLES)
def follow_case(request: HttpRequest, case_id: int) -> HttpResponse:
    """From a case: follow its household in the eviction chain (its track, made when needed)."""
    try:
        case = get_case_for_user(user=request.user, case_id=case_id).case
    except NotPermitted as error:
        raise Http404(error.message) from error
    try:
        with transaction.atomic():
            track = services.track_for_case(case)
    except ApplicationError as error:
        raise Http404(error.message) from error
    try:
        track_for(request.user, track.pk, to_work=True)
    except Http404:
        # The household is followed by another team (its latest case is theirs).
        messages.error(request, _("This household is followed by another team in the eviction chain."))
        return redirect("cases:detail", case_id=case_id)
    return redirect("escalation:track", track_id=track.pk)
