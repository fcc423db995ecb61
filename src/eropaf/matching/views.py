"""The team lead's matching runs and the case worker's BRP review queue and forwarding list."""

from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from eropaf.accounts.roles import CASE_ROLES
from eropaf.accounts.selectors import require_role
from eropaf.cases.models import Case
from eropaf.cases.selectors import mask_bsn
from eropaf.core.errors import ApplicationError, NotPermitted
from eropaf.core.periods import period_of, shift_months
from eropaf.core.vocabularies import Outcome
from eropaf.matching import reviews, selectors, services
from eropaf.matching.classification import Windows
from eropaf.matching.forms import ConfirmCandidateForm, StartRunForm, WindowsForm
from eropaf.matching.models import MatchingRun
from eropaf.triage import services as triage_services

FORWARDING_MONTHS = 6


def _run_context(run: MatchingRun) -> dict[str, object]:
    counts = run.counts
    return {
        "run": run,
        "is_running": not run.is_finished,
        "classes": dict(counts.get("classes", {})),
        "decisions": dict(counts.get("decisions", {})),
        "brp_checks": {key: value for key, value in dict(counts.get("brp_checks", {})).items() if value},
        "triage": _triage_rows(dict(counts.get("triage", {}))),
    }


def _triage_rows(triage: dict[str, object]) -> list[tuple[str, int]]:
    """What triage did in the run: cases per work queue and per reason not to pick up."""
    queues = dict(triage.get("per_queue", {}) or {})  # type: ignore[call-overload]
    reasons = dict(triage.get("not_picked_up", {}) or {})  # type: ignore[call-overload]
    rows = [
        (_("Work queue %(queue)s") % {"queue": queue}, int(number))
        for queue, number in sorted(queues.items())
    ]
    rows += [
        (str(Outcome(code).label) if code in Outcome.values else str(code), int(number))
        for code, number in sorted(reasons.items())
    ]
    return rows


@require_http_methods(["GET", "POST"])
@require_role(selectors.RUN_ROLES)
def runs(request: HttpRequest) -> HttpResponse:
    municipalities = selectors.run_municipalities_of(request.user)
    form = StartRunForm(request.POST if request.method == "POST" else None, municipalities=municipalities)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.start_matching_run(
                municipality=form.cleaned_data["municipality"],
                period=form.cleaned_data["period"],
                started_by=request.user,
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            return redirect("matching:run", run_id=run.pk)
    return _runs_page(request, form=form, retriage_form=_retriage_form(request, municipalities, bound=False))


RETRIAGE_PREFIX = "afweging"


def _retriage_form(request: HttpRequest, municipalities: object, *, bound: bool) -> StartRunForm:
    return StartRunForm(
        request.POST if bound else None, municipalities=municipalities, prefix=RETRIAGE_PREFIX
    )


def _runs_page(request: HttpRequest, *, form: StartRunForm, retriage_form: StartRunForm) -> HttpResponse:
    return render(
        request,
        "matching/runs.html",
        {"form": form, "retriage_form": retriage_form, "runs": selectors.runs_for_user(user=request.user)},
        status=400 if form.errors or retriage_form.errors else 200,
    )


@require_POST
@require_role(selectors.RUN_ROLES)
def retriage(request: HttpRequest) -> HttpResponse:
    """Triage the month's open cases nobody has touched again, with the active policy."""
    municipalities = selectors.run_municipalities_of(request.user)
    form = _retriage_form(request, municipalities, bound=True)
    if not form.is_valid():
        return _runs_page(request, form=StartRunForm(municipalities=municipalities), retriage_form=form)
    municipality = form.cleaned_data["municipality"]
    counts = triage_services.retriage_open_cases(
        user=request.user, municipality=municipality, period=form.cleaned_data["period"]
    )
    messages.success(
        request,
        ngettext(
            "%(count)s open case of %(month)s in %(name)s has been triaged again with the active policy.",
            "%(count)s open cases of %(month)s in %(name)s have been triaged again with the active policy.",
            counts.triaged,
        )
        % {
            "count": counts.triaged,
            "month": form.data.get(f"{RETRIAGE_PREFIX}-period", ""),
            "name": municipality.name,
        },
    )
    return redirect("matching:runs")


def _run_for(request: HttpRequest, run_id: int) -> MatchingRun:
    try:
        return selectors.get_run_for_user(user=request.user, run_id=run_id)
    except NotPermitted as error:
        raise Http404(error.message) from error


@require_GET
@require_role(selectors.RUN_ROLES)
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    return render(request, "matching/run.html", _run_context(_run_for(request, run_id)))


@never_cache
@require_GET
@require_role(selectors.RUN_ROLES)
def run_progress(request: HttpRequest, run_id: int) -> HttpResponse:
    """The fragment the run page polls while the run is busy."""
    return render(request, "matching/includes/run_progress.html", _run_context(_run_for(request, run_id)))


@require_GET
@require_role(CASE_ROLES)
def review_queue(request: HttpRequest) -> HttpResponse:
    return render(request, "matching/reviews.html", {"items": reviews.view_review_queue(user=request.user)})


@require_http_methods(["GET", "POST"])
@require_role(CASE_ROLES)
def review_detail(request: HttpRequest, review_id: int) -> HttpResponse:
    try:
        detail = reviews.view_review(user=request.user, review_id=review_id)
    except NotPermitted as error:
        raise Http404(error.message) from error
    return render(
        request,
        "matching/review.html",
        {
            "detail": detail,
            "item": detail.item,
            "signal": detail.item.signal,
            "case": detail.case,
            "masked_bsn": mask_bsn(detail.item.signal.bsn),
        },
    )


def _decided(request: HttpRequest, review_id: int, decide: Callable[[], Case]) -> HttpResponse:
    try:
        case = decide()
    except NotPermitted as error:
        raise Http404(error.message) from error
    except ApplicationError as error:
        messages.error(request, error.message)
        return HttpResponseRedirect(reverse("matching:review", args=[review_id]))
    messages.success(request, _("The BRP review has been recorded; the case has been updated."))
    return redirect("cases:detail", case_id=case.pk)


@require_POST
@require_role(CASE_ROLES)
def review_confirm(request: HttpRequest, review_id: int) -> HttpResponse:
    try:
        selectors.get_review_for_user(user=request.user, review_id=review_id)
    except NotPermitted as error:
        raise Http404(error.message) from error
    form = ConfirmCandidateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the candidates shown."))
        return HttpResponseRedirect(reverse("matching:review", args=[review_id]))
    return _decided(
        request,
        review_id,
        lambda: reviews.confirm_review(
            user=request.user,
            review_id=review_id,
            bsn=form.cleaned_data["bsn"],
        ),
    )


@require_POST
@require_role(CASE_ROLES)
def review_reject(request: HttpRequest, review_id: int) -> HttpResponse:
    return _decided(
        request,
        review_id,
        lambda: reviews.reject_review(user=request.user, review_id=review_id),
    )


@require_GET
@require_role(CASE_ROLES)
def forwarding(request: HttpRequest) -> HttpResponse:
    since = shift_months(period_of(timezone.localdate()), -FORWARDING_MONTHS)
    rows = reviews.view_forwarding(user=request.user, since=since)
    return render(request, "matching/forwarding.html", {"rows": rows, "since": since})


@require_http_methods(["GET", "POST"])
@require_role(selectors.SETTINGS_ROLES)
def windows(request: HttpRequest) -> HttpResponse:
    try:
        municipality = selectors.settings_municipality_for_user(user=request.user)
    except NotPermitted as error:
        raise Http404(error.message) from error
    current = services.windows_for(municipality)
    form = WindowsForm(
        request.POST if request.method == "POST" else None,
        initial={
            "consecutive_months": current.consecutive_months,
            "persistent_months": current.persistent_months,
            "repeat_months": current.repeat_months,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.change_windows(
            user=request.user, municipality=municipality, windows=Windows(**form.cleaned_data)
        )
        messages.success(request, _("The windows have been saved; they count from the next matching run."))
        return redirect("matching:windows")
    return render(
        request,
        "matching/windows.html",
        {"form": form, "municipality": municipality},
        status=400 if form.errors else 200,
    )
