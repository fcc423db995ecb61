"""The policy officer's simulation: a version of the afwegingskader over the municipality's own past
months, next to the active one, as a table, two charts and a CSV of the numbers; and the workload
norms the hours and FTE are computed with (saved per municipality, audited)."""

import csv
import io

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from eropaf.accounts.selectors import require_role
from eropaf.core.errors import NotPermitted
from eropaf.triage import selectors, services
from eropaf.triage.charts import format_month, format_number, grouped_bars, monthly_lines
from eropaf.triage.models import PolicyVersion
from eropaf.triage.policy import PolicyInvalid, parse_policy
from eropaf.triage.simulating import Simulation, simulate_policy, simulated_periods, workload_norms_for
from eropaf.triage.simulation import GROUPS, Comparison, ComparisonRow, comparison_as_csv_rows
from eropaf.triage.simulation_forms import SimulationForm

ACTIVE = "Actief"
DRAFT = "Concept"


def _version_for(request: HttpRequest, version_id: int) -> PolicyVersion:
    try:
        return selectors.get_version_for_user(user=request.user, version_id=version_id)
    except NotPermitted as refused:
        raise Http404(refused.message) from refused


def _shown(value: float) -> str:
    return format_number(value, decimals=0 if float(value).is_integer() else 1)


def _difference(value: float) -> str:
    if value == 0:
        return "0"
    return f"+{_shown(value)}" if value > 0 else f"−{_shown(-value)}"


def _fte_difference(value: float) -> str:
    shown = format_number(abs(value), decimals=2)
    return shown if shown == "0,00" else f"{'+' if value > 0 else '−'}{shown}"


def _table(comparison: Comparison) -> list[tuple[str, list[tuple[ComparisonRow, str, str, str]]]]:
    return [
        (
            title,
            [
                (row, _shown(row.active), _shown(row.draft), _difference(row.difference))
                for row in comparison.rows_for(group)
            ],
        )
        for group, title in GROUPS.items()
        if comparison.rows_for(group)
    ]


def _charts(comparison: Comparison) -> list[tuple[str, str]]:
    """(title, SVG) per chart: the title is shown above the chart, and is its accessible name too."""

    def bars(group: str, title: str, description: str, identifier: str) -> tuple[str, str]:
        rows = comparison.rows_for(group)
        return title, grouped_bars(
            title,
            description,
            [row.label for row in rows],
            [(ACTIVE, [row.active for row in rows]), (DRAFT, [row.draft for row in rows])],
            identifier=identifier,
        )

    months = list(comparison.months)
    return [
        bars(
            "queue", "Zaken per werkbak", "Aantal opgepakte zaken per werkbak, actief en concept.", "werkbak"
        ),
        bars(
            "contact_kind",
            "Contactpogingen per soort",
            "Geplande contactpogingen per contactsoort, actief en concept.",
            "contactsoort",
        ),
        (
            "Werklast per maand (uren)",
            monthly_lines(
                "Werklast per maand",
                "Uren werk per maand volgens de normen, actief en concept.",
                months,
                [
                    (ACTIVE, [comparison.active.per_month[month].hours for month in months]),
                    (DRAFT, [comparison.draft.per_month[month].hours for month in months]),
                ],
                "uur",
                identifier="werklast",
            ),
        ),
    ]


def _csv(simulation: Simulation, version: PolicyVersion) -> HttpResponse:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(comparison_as_csv_rows(simulation.comparison))
    response = HttpResponse(buffer.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    name = f"simulatie-{version.municipality.code}-v{version.number}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _fields(form: SimulationForm) -> dict[str, int]:
    """The form's numbers (all whole numbers), as a query string carries them."""
    if form.is_bound:
        return {name: int(form.cleaned_data[name]) for name in form.fields}
    return {name: int(field.initial) for name, field in form.fields.items()}


@never_cache
@require_http_methods(["GET", "POST"])
@require_role(selectors.POLICY_ROLES)
def simulate(request: HttpRequest, version_id: int) -> HttpResponse:
    version = _version_for(request, version_id)
    municipality = version.municipality
    norms = workload_norms_for(municipality)
    data = request.POST if request.method == "POST" else (request.GET if "maanden" in request.GET else None)
    form = SimulationForm(data, norms=norms)
    if request.method == "POST" and form.is_valid():
        if request.POST.get("actie") == "bewaren":
            services.change_workload_norms(user=request.user, municipality=municipality, norms=form.norms)
            messages.success(
                request, _("The workload norms of %(name)s have been saved.") % {"name": municipality.name}
            )
        return redirect(f"{request.path}?{urlencode(_fields(form))}")
    try:
        policy = parse_policy(version.document)
    except PolicyInvalid as invalid:
        errors = "; ".join(invalid.errors)
        messages.error(
            request, _("This version has mistakes and cannot be simulated: %(errors)s") % {"errors": errors}
        )
        return redirect("triage:version", version_id=version.pk)
    context: dict[str, object] = {"version": version, "form": form}
    if form.is_bound and not form.is_valid():
        return render(request, "triage/simulation.html", context, status=400)
    months = form.cleaned_data["maanden"] if form.is_bound else form.fields["maanden"].initial
    chosen = form.norms if form.is_bound else norms
    periods = simulated_periods(today=timezone.localdate(), months=months)
    simulation = simulate_policy(municipality=municipality, policy=policy, periods=periods, norms=chosen)
    if request.GET.get("formaat") == "csv":
        return _csv(simulation, version)
    comparison = simulation.comparison
    csv_query: dict[str, int | str] = {**_fields(form), "formaat": "csv"}
    context |= {
        "simulation": simulation,
        "active_version": simulation.active_version,
        "first_month": format_month(periods[0]),
        "last_month": format_month(periods[-1]),
        "table": _table(comparison),
        "charts": _charts(comparison),
        "workload": {
            "active_hours": _shown(round(comparison.active.hours_per_month, 1)),
            "draft_hours": _shown(round(comparison.draft.hours_per_month, 1)),
            "active_fte": format_number(comparison.active.fte, decimals=2),
            "draft_fte": format_number(comparison.draft.fte, decimals=2),
            "hours_difference": _difference(
                round(comparison.draft.hours_per_month - comparison.active.hours_per_month, 1)
            ),
            "fte_difference": _fte_difference(comparison.draft.fte - comparison.active.fte),
        },
        "csv_query": urlencode(csv_query),
    }
    return render(request, "triage/simulation.html", context)
