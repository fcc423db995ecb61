"""Referring to the Meldpunt: the case workers' proposals, a case's proposals (also as an htmx
fragment for the case page), declining one, the referral form from a case and the landlord's form,
and the referrer's own referrals with their status and outcome."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from eropaf.accounts.roles import Role
from eropaf.accounts.selectors import require_role
from eropaf.care_desk import selectors, services
from eropaf.care_desk.forms import CaseReferralForm, DismissalForm, LandlordReferralForm
from eropaf.care_desk.models import ProposalKind
from eropaf.care_desk.prefill import initial_for_case
from eropaf.care_desk.rules import PROPOSED_REASONS, ReferralOutcome, ReferralReason, outcome_for_referrer
from eropaf.cases.models import Case
from eropaf.core.errors import ApplicationError, NotPermitted

WORKER_ROLES = selectors.WORKER_ROLES
TEAM_REFERRERS = selectors.REFERRING_TEAM_ROLES
ROWS_PER_PAGE = 50


@require_GET
@require_role(WORKER_ROLES)
def proposals(request: HttpRequest) -> HttpResponse:
    found = selectors.proposals_for_user(user=request.user, today=timezone.localdate())
    services.record_list_viewed(
        user=request.user, subject_type="care_desk_proposals", case_ids=[p.case_id for p in found]
    )
    return render(
        request,
        "care_desk/proposals.html",
        {"proposals": found, "limit": selectors.MAX_PROPOSALS, "dismissal_form": DismissalForm()},
    )


def _case_or_404(request: HttpRequest, case_id: int) -> Case:
    try:
        return selectors.get_case_to_refer(user=request.user, case_id=case_id)
    except NotPermitted as error:
        raise Http404(error.message) from error


def render_case_proposals(
    request: HttpRequest, case: Case, *, dismissal_form: DismissalForm | None = None, status: int = 200
) -> HttpResponse:
    may_decide = selectors.may_decide_proposals(user=request.user, case=case)
    context = {
        "case": case,
        "address": selectors.case_address(case),
        "proposals": selectors.proposals_for_case(case=case, today=timezone.localdate())
        if may_decide
        else [],
        "may_decide": may_decide,
        "referrals": list(selectors.household_referrals(case)),
        "dismissal_form": dismissal_form or DismissalForm(),
    }
    # The case page may load this part with htmx (hx-get, hx-trigger="load").
    template = (
        "care_desk/case_proposals_part.html"
        if request.headers.get("HX-Request")
        else "care_desk/case_proposals.html"
    )
    return render(request, template, context, status=status)


@require_GET
@require_role(TEAM_REFERRERS)
def propose_for_case(request: HttpRequest, case_id: int) -> HttpResponse:
    return render_case_proposals(request, _case_or_404(request, case_id))


@require_POST
@require_role(WORKER_ROLES)
def dismiss(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_or_404(request, case_id)
    if not selectors.may_decide_proposals(user=request.user, case=case):
        raise Http404
    form = DismissalForm(request.POST)
    if not form.is_valid():
        return render_case_proposals(request, case, dismissal_form=form, status=400)
    try:
        services.dismiss_proposal(
            user=request.user,
            case_id=case.pk,
            kind=ProposalKind(form.cleaned_data["soort"]),
            reason=form.cleaned_data["reden"],
        )
    except ApplicationError as error:
        form.add_error(None, error.message)
        return render_case_proposals(request, case, dismissal_form=form, status=400)
    messages.success(request, _("The proposal has been declined; it is not proposed again."))
    if request.POST.get("terug") == "voorstellen":
        return redirect("care_desk:proposals")
    return redirect("care_desk:propose-for-case", case_id=case.pk)


@require_http_methods(["GET", "POST"])
@require_role(TEAM_REFERRERS)
def refer_case(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_or_404(request, case_id)
    referrer = services.referrer_kind_for_case(user=request.user, case=case)
    desk_teams = selectors.desk_teams_in(case.municipality_id)
    status = 200
    if request.method == "POST":
        form = CaseReferralForm(request.POST, referrer=referrer, desk_teams=desk_teams)
        if form.is_valid():
            try:
                services.refer_case(
                    user=request.user,
                    case_id=case.pk,
                    desk_team_id=form.cleaned_data["meldpunt"].pk,
                    form=form.referral(),
                    organisation=form.cleaned_data.get("organisatie", ""),
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The household has been referred to the Meldpunt."))
                return redirect("care_desk:propose-for-case", case_id=case.pk)
        status = 400
    else:
        wanted = request.GET.get("reden", "")
        reason = ReferralReason(wanted) if wanted in {r.value for r in PROPOSED_REASONS} else None
        form = CaseReferralForm(
            initial=initial_for_case(case, reason), referrer=referrer, desk_teams=desk_teams
        )
    return render(
        request,
        "care_desk/refer_case.html",
        {
            "case": case,
            "address": selectors.case_address(case),
            "form": form,
            "has_desk": desk_teams.exists(),
            "open_referrals": [r for r in selectors.household_referrals(case) if r.status != "closed"],
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@require_role(Role.PARTNER_USER)
def refer_tenant(request: HttpRequest) -> HttpResponse:
    partners = services.landlord_partners(request.user)
    if not partners:
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        form = LandlordReferralForm(request.POST, partners=partners)
        if form.is_valid():
            try:
                services.refer_tenant(
                    user=request.user,
                    partner_id=form.cleaned_data["verhuurder"].pk,
                    reference=form.cleaned_data["referentie"],
                    form=form.referral(),
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Your tenant has been referred to the Meldpunt."))
                return redirect("care_desk:sent")
        status = 400
    else:
        form = LandlordReferralForm(partners=partners)
    return render(request, "care_desk/refer_tenant.html", {"form": form}, status=status)


@require_GET
@require_role(TEAM_REFERRERS | {Role.PARTNER_USER})
def sent(request: HttpRequest) -> HttpResponse:
    referrals = selectors.referrals_made_by(request.user)
    page = Paginator(referrals, ROWS_PER_PAGE).get_page(request.GET.get("pagina"))
    services.record_list_viewed(
        user=request.user, subject_type="care_desk_sent", case_ids=[r.case_id for r in page]
    )
    return render(
        request,
        "care_desk/sent.html",
        {
            "page": page,
            "rows": [
                (
                    referral,
                    outcome_for_referrer(
                        ReferralOutcome(referral.outcome), landlord=referral.partner_id is not None
                    )
                    if referral.outcome
                    else "",
                )
                for referral in page.object_list
            ],
            "is_landlord": bool(services.landlord_partners(request.user)),
        },
    )
