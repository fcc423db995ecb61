"""Filing the case form: the landlord in the partner portal, or staff of the household's team."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from eropaf.accounts.roles import Role
from eropaf.accounts.selectors import require_role
from eropaf.coordination import selectors, services
from eropaf.coordination.forms import CaseFormFields, LandlordCaseForm
from eropaf.coordination.selectors import STAFF_ROLES
from eropaf.core.errors import ApplicationError, NotPermitted
from eropaf.core.money import format_euros


@require_GET
@require_role(Role.PARTNER_USER)
def landlord_list(request: HttpRequest) -> HttpResponse:
    forms = selectors.forms_of_landlord(request.user).order_by("-filed_on", "-id")[:200]
    context = {
        "views": [selectors.landlord_view(form) for form in forms],
        "may_file": selectors.rent_partners_of(request.user).exists(),
    }
    return render(request, "coordination/landlord_list.html", context)


@require_http_methods(["GET", "POST"])
@require_role(Role.PARTNER_USER)
def landlord_file(request: HttpRequest) -> HttpResponse:
    partners = selectors.rent_partners_of(request.user)
    if not partners.exists():
        raise PermissionDenied
    form = LandlordCaseForm(request.POST or None, partners=partners)
    if request.method != "POST":
        return render(request, "coordination/landlord_file.html", {"form": form})
    if form.is_valid():
        try:
            case_form = services.file_case_form_as_landlord(
                user=request.user,
                partner=form.partner(),
                reference=form.cleaned_data["referentie"],
                draft=form.draft(),
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The case form has been filed with the Regieteam."))
            return redirect("coordination:landlord-form", form_id=case_form.pk)
    return render(request, "coordination/landlord_file.html", {"form": form}, status=400)


@require_GET
@require_role(Role.PARTNER_USER)
def landlord_form(request: HttpRequest, form_id: int) -> HttpResponse:
    try:
        view = services.view_landlord_form(user=request.user, form_id=form_id)
    except NotPermitted as error:
        raise Http404(error.message) from error
    return render(
        request,
        "coordination/landlord_form.html",
        {"view": view, "case_form": view.form, "arrear": format_euros(view.form.arrear_cents)},
    )


@require_http_methods(["GET", "POST"])
@require_role(STAFF_ROLES)
def file_for_case(request: HttpRequest, case_id: int) -> HttpResponse:
    """Staff of the responsible team file the case form for the household of one of their cases."""
    try:
        case = services.case_for_staff(user=request.user, case_id=case_id)
    except NotPermitted as error:
        raise Http404(error.message) from error
    initial = {
        "achterstand": f"{case.total_amount_cents / 100:.2f}".replace(".", ","),
        "minderjarigen": case.has_minors,
    }
    form = CaseFormFields(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                case_form = services.file_case_form_as_staff(
                    user=request.user, case_id=case.pk, draft=form.draft()
                )
            except NotPermitted as error:
                raise Http404(error.message) from error
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The case form has been filed with the Regieteam."))
                return redirect("coordination:case-form", form_id=case_form.pk)
        return render(request, "coordination/staff_file.html", {"form": form, "case": case}, status=400)
    return render(request, "coordination/staff_file.html", {"form": form, "case": case})
