"""The partner portal's page for court steps: a landlord reports summons, judgment and eviction dates
for its own tenants (by its signal reference), a bailiff for an address in a municipality it serves.
The partner sees only the steps it reported itself."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from eropaf.accounts.roles import Role
from eropaf.accounts.selectors import partners_of, require_role
from eropaf.core.errors import ApplicationError
from eropaf.core.vocabularies import PartnerType
from eropaf.escalation import selectors, services
from eropaf.escalation.forms import PartnerCourtStepForm
from eropaf.organisations.models import Partner


def _partner(request: HttpRequest) -> tuple[Partner, list[Partner]]:
    partners = list(partners_of(request.user).order_by("name"))
    if not partners:
        raise Http404
    wanted = request.GET.get("partner") or request.POST.get("partner") or ""
    chosen = next((p for p in partners if str(p.pk) == wanted), partners[0])
    return chosen, partners


@require_http_methods(["GET", "POST"])
@require_role(Role.PARTNER_USER)
def report(request: HttpRequest) -> HttpResponse:
    partner, partners = _partner(request)
    by_address = partner.partner_type == PartnerType.BAILIFF
    form = PartnerCourtStepForm(request.POST or None, by_address=by_address)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                if by_address:
                    municipality, key = services.household_at_address(
                        partner=partner,
                        municipality_code=form.cleaned_data["gemeentecode"],
                        address_key=form.address_key(),
                    )
                else:
                    municipality, key = services.household_of_partner_reference(
                        partner=partner, reference=form.cleaned_data["referentie"]
                    )
                step = services.report_court_step(
                    partner=partner,
                    municipality=municipality,
                    address_key=key,
                    kind=form.kind(),
                    on=form.cleaned_data["datum"],
                    user=request.user,
                    note=form.cleaned_data["notitie"],
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("%(step)s of %(date)s has been reported to the municipality.")
                    % {"step": step.get_kind_display(), "date": f"{step.on:%d-%m-%Y}"},
                )
                return redirect(f"{request.path}?partner={partner.pk}")
    steps = Paginator(
        selectors.court_steps_reported_by(request.user)
        .filter(partner=partner)
        .select_related("track__municipality"),
        50,
    ).get_page(request.GET.get("pagina"))
    services.record_reported_steps_viewed(user=request.user, steps=steps)
    return render(
        request,
        "escalation/partner_report.html",
        {
            "form": form,
            "partner": partner,
            "partner_id": str(partner.pk),
            "partners": partners,
            "by_address": by_address,
            "steps": steps,
            "portal_section": "court",
        },
        status=status,
    )
