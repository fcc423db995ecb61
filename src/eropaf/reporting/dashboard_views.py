"""The dashboard, the national indicators and "what works", their tables as files, and the case
queue as a file. Figures only for team leads and policy officers; the case queue (personal data)
for team leads, of their own teams, audited."""

from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from eropaf.accounts.roles import REPORTING_ROLES, Role
from eropaf.accounts.selectors import require_role, roles_of
from eropaf.cases.forms import CaseListFilterForm
from eropaf.core.errors import NotPermitted
from eropaf.reporting import dashboard, indicators, what_works
from eropaf.reporting.dashboard_queue import export_case_queue
from eropaf.reporting.dashboard_scope import ReportScope, scope_for_user
from eropaf.reporting.exports import SheetFormat, Table, table_file
from eropaf.reporting.figures import ensure_figures, figures_state, request_refresh


def _scope(request: HttpRequest) -> ReportScope:
    """The municipality and months asked for; 404 for a municipality that is not the user's."""
    try:
        return scope_for_user(
            user=request.user,
            municipality_code=request.GET.get("gemeente"),
            first=request.GET.get("van"),
            last=request.GET.get("tot"),
            today=timezone.localdate(),
        )
    except NotPermitted as error:
        raise Http404(error.message) from error


def _policy_version(request: HttpRequest) -> int | None:
    text = request.GET.get("beleid", "")
    return int(text) if text.isdigit() else None


@require_GET
@require_role(REPORTING_ROLES)
def dashboard_page(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    figures = ensure_figures(municipality=scope.municipality, now=timezone.now())
    return render(
        request,
        "reporting/dashboard.html",
        {
            "scope": scope,
            "figures": figures,
            "board": dashboard.get_dashboard(scope),
            "may_export_cases": Role.TEAM_LEAD in roles_of(request.user),
        },
    )


@require_GET
@require_role(REPORTING_ROLES)
def indicators_page(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    return render(
        request, "reporting/indicators.html", {"scope": scope, "report": indicators.get_indicators(scope)}
    )


@require_GET
@require_role(REPORTING_ROLES)
def what_works_page(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    report = what_works.get_what_works(scope, _policy_version(request))
    return render(request, "reporting/what_works.html", {"scope": scope, "report": report})


def _find_table(request: HttpRequest, scope: ReportScope, key: str) -> Table:
    builder: Callable[[ReportScope], Table] | None = dashboard.BUILDERS.get(key)
    if builder is not None:
        ensure_figures(municipality=scope.municipality, now=timezone.now())
        return builder(scope)
    tables: list[Table] = []
    if key.startswith("indicatoren-"):
        tables = indicators.build_tables(scope)
    elif key.startswith("werkt-"):
        tables = what_works.build_tables(scope, _policy_version(request))
    for table in tables:
        if table.key == key:
            return table
    raise Http404


def _attachment(content: bytes, content_type: str, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


@never_cache
@require_GET
@require_role(REPORTING_ROLES)
def table_download(request: HttpRequest, key: str, sheet_format: str) -> HttpResponse:
    """One table of a report page (the numbers of its chart) as CSV or XLSX."""
    scope = _scope(request)
    chosen = SheetFormat(sheet_format)
    table = _find_table(request, scope, key)
    name = f"{key}-{scope.municipality.code}-{scope.first_value}-{scope.last_value}.{chosen.value}"
    return _attachment(table_file(table, chosen), chosen.content_type, name)


@require_POST
@require_role(REPORTING_ROLES)
def refresh_figures(request: HttpRequest) -> HttpResponse:
    """Ask for the dashboard's figures to be counted again (in the background); back to the page.
    The municipality and months come in the query string, as on the page."""
    scope = _scope(request)
    request_refresh(municipality=scope.municipality, now=timezone.now())
    if figures_state(municipality=scope.municipality, now=timezone.now()).pending:
        messages.info(request, _("The figures are being counted again; this page shows when they are ready."))
    else:
        messages.success(request, _("The figures have been counted again."))
    return HttpResponseRedirect(f"{reverse('reporting:dashboard')}?{scope.query}")


@never_cache
@require_GET
@require_role(REPORTING_ROLES)
def figures_status(request: HttpRequest) -> HttpResponse:
    """The state of the figures (htmx polls it while a count is on its way)."""
    scope = _scope(request)
    figures = figures_state(municipality=scope.municipality, now=timezone.now())
    return render(
        request,
        "reporting/dashboard/figures_state.html",
        {"scope": scope, "figures": figures, "ready": not figures.pending},
    )


@never_cache
@require_GET
@require_role(Role.TEAM_LEAD)
def case_queue_download(request: HttpRequest, sheet_format: str) -> HttpResponse:
    """The case list of the own teams, with the list's filters, as CSV or XLSX (audited)."""
    form = CaseListFilterForm(request.GET)
    form.is_valid()
    exported = export_case_queue(
        user=request.user, filters=form.filters(), sheet_format=SheetFormat(sheet_format)
    )
    return _attachment(exported.content, exported.content_type, exported.file_name)
