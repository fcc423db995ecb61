"""The Meldpunt's pages: the referrals addressed to the own team, one referral with the household's
timeline, taking it up and recording the outcome. And the start page that sends each user to their
part of track 2."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from eropaf.accounts.roles import Role
from eropaf.accounts.selectors import require_role, roles_of
from eropaf.care_desk import selectors, services
from eropaf.care_desk.forms import OutcomeForm
from eropaf.care_desk.rules import ReferralOutcome, ReferralStatus
from eropaf.core.errors import ApplicationError, NotPermitted
from eropaf.escalation.timeline import household_timeline

DESK_ROLE = Role.ESCALATION_MEMBER
REFERRERS = selectors.REFERRING_TEAM_ROLES | {Role.PARTNER_USER}
ROWS_PER_PAGE = 50


@require_GET
@require_role(DESK_ROLE, REFERRERS)
def home(request: HttpRequest) -> HttpResponse:
    """Meldpunt users to their referrals, case workers to the proposals, other referrers to theirs."""
    if selectors.desk_teams_of(request.user).exists():
        return redirect("care_desk:inbox")
    roles = roles_of(request.user)
    if roles & selectors.WORKER_ROLES:
        return redirect("care_desk:proposals")
    if roles & REFERRERS:
        return redirect("care_desk:sent")
    raise PermissionDenied


@require_GET
@require_role(DESK_ROLE)
def inbox(request: HttpRequest) -> HttpResponse:
    teams = list(selectors.desk_teams_of(request.user))
    if not teams:
        raise PermissionDenied
    status = request.GET.get("status", "")
    referrals = selectors.referrals_for_desk(request.user)
    counts = {value: referrals.filter(status=value).count() for value in ReferralStatus.values}
    if status in ReferralStatus.values:
        referrals = referrals.filter(status=status)
    elif status != "alle":
        status = ""
        referrals = referrals.exclude(status=ReferralStatus.CLOSED)
    page = Paginator(referrals.order_by("status", "-referred_on", "-id"), ROWS_PER_PAGE).get_page(
        request.GET.get("pagina")
    )
    services.record_list_viewed(
        user=request.user, subject_type="care_desk_inbox", case_ids=[r.case_id for r in page]
    )
    return render(
        request,
        "care_desk/inbox.html",
        {
            "teams": teams,
            "page": page,
            "status": status,
            "status_filters": [(value, label, counts[value]) for value, label in ReferralStatus.choices],
            "query": f"status={status}" if status else "",
        },
    )


def render_referral(
    request: HttpRequest, referral_id: int, *, outcome_form: OutcomeForm | None = None, status: int = 200
) -> HttpResponse:
    try:
        referral = services.view_referral(user=request.user, referral_id=referral_id)
    except NotPermitted as error:
        raise Http404(error.message) from error
    return render(
        request,
        "care_desk/detail.html",
        {
            "referral": referral,
            "names": selectors.household_names(referral),
            "timeline": household_timeline(
                municipality_id=referral.municipality_id, address_key=referral.track.address_key
            ),
            "outcome_form": outcome_form or OutcomeForm.today(),
        },
        status=status,
    )


@require_GET
@require_role(DESK_ROLE)
def detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    return render_referral(request, referral_id)


@require_POST
@require_role(DESK_ROLE)
def take_up(request: HttpRequest, referral_id: int) -> HttpResponse:
    try:
        services.take_up_referral(user=request.user, referral_id=referral_id)
    except NotPermitted as error:
        raise Http404(error.message) from error
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("You have taken up the referral."))
    return redirect("care_desk:detail", referral_id=referral_id)


@require_POST
@require_role(DESK_ROLE)
def close(request: HttpRequest, referral_id: int) -> HttpResponse:
    try:
        selectors.get_referral_for_desk(user=request.user, referral_id=referral_id)
    except NotPermitted as error:
        raise Http404(error.message) from error
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        return render_referral(request, referral_id, outcome_form=form, status=400)
    try:
        services.close_referral(
            user=request.user,
            referral_id=referral_id,
            outcome=ReferralOutcome(form.cleaned_data["uitkomst"]),
            closed_on=form.cleaned_data["datum"],
            note=form.cleaned_data["notitie"],
        )
    except ApplicationError as error:
        form.add_error(None, error.message)
        return render_referral(request, referral_id, outcome_form=form, status=400)
    messages.success(request, _("The outcome has been recorded and the referral closed."))
    return redirect("care_desk:detail", referral_id=referral_id)
