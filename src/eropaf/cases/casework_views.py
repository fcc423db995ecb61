"""Recording a contact attempt and closing a case from the case page (POST, then back to the case)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from eropaf.accounts.roles import Role
from eropaf.accounts.selectors import require_role
from eropaf.cases import casework
from eropaf.cases.casework_forms import AttemptForm, ClosingForm
from eropaf.cases.views import render_case
from eropaf.core.errors import ApplicationError
from eropaf.core.vocabularies import ContactKind

WORKER_ROLES = casework.WORKER_ROLES


@require_POST
@require_role(WORKER_ROLES)
def record_attempt(request: HttpRequest, case_id: int) -> HttpResponse:
    form = AttemptForm(request.POST)
    if not form.is_valid():
        return render_case(request, case_id, attempt_form=form, status=400)
    try:
        casework.record_attempt(
            user=request.user,
            case_id=case_id,
            kind=ContactKind(form.cleaned_data["soort"]),
            at=form.moment(),
            reached=form.cleaned_data["bereikt"],
            note=form.cleaned_data["notitie"],
        )
    except ApplicationError as error:
        form.add_error(None, error.message)
        return render_case(request, case_id, attempt_form=form, status=400)
    messages.success(request, _("The contact attempt has been recorded."))
    return redirect("cases:detail", case_id=case_id)


@require_POST
@require_role(WORKER_ROLES)
def close_case(request: HttpRequest, case_id: int) -> HttpResponse:
    form = ClosingForm(request.POST)
    if not form.is_valid():
        return render_case(request, case_id, closing_form=form, status=400)
    try:
        casework.close_case(user=request.user, case_id=case_id, closing=form.closing())
    except ApplicationError as error:
        form.add_error(None, error.message)
        return render_case(request, case_id, closing_form=form, status=400)
    messages.success(request, _("The case has been closed."))
    return redirect("cases:detail", case_id=case_id)


@require_POST
@require_role(Role.TEAM_LEAD)
def assign(request: HttpRequest) -> HttpResponse:
    """The team lead's bulk assignment from the case list; back to the same list afterwards."""
    back = reverse("cases:list") + "?" + urlencode({"periode": request.POST.get("periode", "")})
    ids = [int(value) for value in request.POST.getlist("zaak") if value.isascii() and value.isdigit()]
    worker = request.POST.get("behandelaar", "")
    if not ids or not (worker.isascii() and worker.isdigit()):
        messages.error(request, _("Choose one or more cases and a case worker."))
        return redirect(back)
    try:
        count = casework.assign_cases(lead=request.user, case_ids=ids, worker_id=int(worker))
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(back)
    messages.success(
        request,
        ngettext("%(count)s case has been assigned.", "%(count)s cases have been assigned.", count)
        % {"count": count},
    )
    return redirect(back)
