"""``/rapportage/werkvoorraad/``: open and overdue work and recent attempts per worker (team leads)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from eropaf.accounts.roles import Role
from eropaf.accounts.selectors import require_role
from eropaf.reporting.workload import ATTEMPT_DAYS, workload_for
from eropaf.triage.charts import grouped_bars


@require_GET
@require_role(Role.TEAM_LEAD)
def workload(request: HttpRequest) -> HttpResponse:
    teams = workload_for(lead=request.user, today=timezone.localdate())
    not_assigned = _("Not assigned")
    charts = {
        team.team.pk: grouped_bars(
            _("Open and overdue cases per case worker"),
            _("Per case worker of %(team)s: the open cases and those past their due date.")
            % {"team": team.team.name},
            [worker.name or not_assigned for worker in team.workers],
            [
                (_("Open"), [worker.open_cases for worker in team.workers]),
                (_("Overdue"), [worker.overdue for worker in team.workers]),
            ],
            identifier=f"werkvoorraad-{team.team.pk}",
        )
        for team in teams
        if team.workers
    }
    return render(
        request,
        "reporting/workload.html",
        {"teams": [(team, charts.get(team.team.pk)) for team in teams], "attempt_days": ATTEMPT_DAYS},
    )
