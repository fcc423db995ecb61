"""The case worker's pages: this month's cases of the own teams, and one case."""

from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from eropaf.accounts.roles import CASE_ROLES
from eropaf.accounts.selectors import require_role
from eropaf.cases import services
from eropaf.cases.casework import assignable_workers, may_work_on, protocol_of
from eropaf.cases.casework_forms import AttemptForm, ClosingForm
from eropaf.cases.forms import CaseListFilterForm
from eropaf.cases.list_options import CaseOrder
from eropaf.cases.message_forms import MessageForm, OptOutForm
from eropaf.cases.selectors import CaseListFilters
from eropaf.core.errors import NotPermitted
from eropaf.core.periods import format_period, shift_months
from eropaf.intake.quality import missing_deliveries_for_user


def _query(filters: CaseListFilters, **changes: object) -> str:
    """The filters as a query string (without the page), with ``changes`` applied."""
    values: dict[str, object] = {
        "periode": format_period(filters.period),
        "status": filters.state.value if filters.state else "",
        "mijn": "1" if filters.mine_only else "",
        "werkbak": filters.queue,
        "prioriteit": filters.priority,
        "te_laat": "1" if filters.overdue_only else "",
        "klasse": filters.classification,
        "wijk": filters.district,
        "soort": filters.partner_type,
        "sorteer": "" if filters.order == CaseOrder.DUE_DATE else filters.order.value,
    }
    values.update(changes)
    return urlencode({key: value for key, value in values.items() if value})


@require_GET
@require_role(CASE_ROLES)
def case_list(request: HttpRequest) -> HttpResponse:
    form = CaseListFilterForm(request.GET)
    form.is_valid()
    filters = form.filters()
    cases = services.view_case_list(user=request.user, filters=filters)
    previous_period, next_period = shift_months(filters.period, -1), shift_months(filters.period, 1)
    return render(
        request,
        "cases/list.html",
        {
            "form": form,
            "cases": cases,
            # Team leads see which partners have not delivered yet this month.
            "missing_deliveries": missing_deliveries_for_user(user=request.user, today=timezone.localdate()),
            "period_value": format_period(filters.period),
            "query": _query(filters),
            "state_filters": [
                {
                    "label": count.label,
                    "count": count.count,
                    "query": _query(filters, status=count.state),
                    "is_current": filters.state is not None and filters.state.value == count.state,
                }
                for count in cases.state_counts
            ],
            "all_states_query": _query(filters, status=""),
            "previous_period": previous_period,
            "previous_query": _query(filters, periode=format_period(previous_period)),
            "next_period": next_period,
            "next_query": _query(filters, periode=format_period(next_period)),
            # Team leads assign cases from the list.
            "workers": assignable_workers(lead=request.user),
        },
    )


@require_GET
@require_role(CASE_ROLES)
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    return render_case(request, case_id)


def render_case(
    request: HttpRequest,
    case_id: int,
    *,
    attempt_form: AttemptForm | None = None,
    closing_form: ClosingForm | None = None,
    message_form: MessageForm | None = None,
    opt_out_form: OptOutForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The case page; a form that failed comes back with its errors."""
    try:
        detail = services.view_case(user=request.user, case_id=case_id)
    except NotPermitted as error:
        raise Http404(error.message) from error
    context = {
        "detail": detail,
        "case": detail.case,
        "protocol": protocol_of(detail.case),
        "may_work": may_work_on(user=request.user, case=detail.case),
        "attempt_form": attempt_form or AttemptForm.now(),
        "closing_form": closing_form or ClosingForm(),
        "message_form": message_form or MessageForm(),
        "opt_out_form": opt_out_form or OptOutForm(),
    }
    return render(request, "cases/detail.html", context, status=status)
