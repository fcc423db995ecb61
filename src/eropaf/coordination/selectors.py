"""Reading the Regieteam route, authorised in the same call.

- Regieteam members (Role.ESCALATION_MEMBER of a team of kind COORDINATION_TEAM) see the case forms
  and meetings of their municipality; they change a meeting (its agenda, its decisions) only when it
  is their own team's.
- Case workers and the other case roles of the household's responsible team see its case forms and
  their decisions.
- A landlord sees only the forms it filed itself, through ``landlord_view`` (no notes, no details
  of the household beyond what it filed).
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from eropaf.accounts.models import Team
from eropaf.accounts.roles import CASE_ROLES, Role, TeamKind
from eropaf.accounts.selectors import AnyUser, partners_of, teams_of
from eropaf.coordination.models import AgendaItem, CaseForm, Decision, Meeting
from eropaf.coordination.rules import FormStatus, Scenario
from eropaf.core.errors import NotPermitted
from eropaf.organisations.models import Partner

# Staff of the responsible team who may file a case form for one of its households.
STAFF_ROLES = frozenset(
    {Role.CASE_WORKER, Role.TEAM_LEAD, Role.NEIGHBOURHOOD_TEAM_WORKER, Role.DEBT_SERVICES_WORKER}
)


def regieteams_of(user: AnyUser) -> QuerySet[Team]:
    """The Regieteams the user is a member of."""
    return teams_of(user, roles=frozenset({Role.ESCALATION_MEMBER})).filter(kind=TeamKind.COORDINATION_TEAM)


def is_regieteam_member(user: AnyUser) -> bool:
    return regieteams_of(user).exists()


def _regieteam_municipality_ids(user: AnyUser) -> QuerySet[Team, int]:
    return regieteams_of(user).values_list("municipality_id", flat=True)


def forms_for_regieteam(user: AnyUser) -> QuerySet[CaseForm]:
    return CaseForm.objects.filter(municipality_id__in=_regieteam_municipality_ids(user)).select_related(
        "track", "partner", "municipality"
    )


def visible_forms(user: AnyUser) -> QuerySet[CaseForm]:
    """Forms of the user's Regieteam municipalities and of the households their teams are responsible for."""
    case_teams = teams_of(user, roles=CASE_ROLES).values("pk")
    return CaseForm.objects.filter(
        Q(municipality_id__in=_regieteam_municipality_ids(user)) | Q(track__team_id__in=case_teams)
    ).select_related("track", "partner", "municipality", "track__team")


def get_form_for_user(*, user: AnyUser, form_id: int) -> CaseForm:
    form = visible_forms(user).filter(pk=form_id).first()
    if form is None:
        raise NotPermitted(_("This case form does not exist or is not one you may see."))
    return form


def decisions_of(form: CaseForm) -> list[Decision]:
    return list(
        form.decisions.select_related("agenda_item__meeting", "recorded_by").order_by("decided_on", "id")
    )


def agenda_items_of(form: CaseForm) -> list[AgendaItem]:
    return list(
        form.agenda_items.select_related("meeting", "meeting__team", "decision").order_by(
            "meeting__held_on", "id"
        )
    )


def open_item_of(form: CaseForm) -> AgendaItem | None:
    """The agenda item without a decision yet, if the form is on an agenda."""
    return (
        form.agenda_items.filter(decision__isnull=True)
        .select_related("meeting")
        .order_by("-meeting__held_on")
        .first()
    )


def meetings_for_regieteam(user: AnyUser) -> QuerySet[Meeting]:
    return Meeting.objects.filter(municipality_id__in=_regieteam_municipality_ids(user)).select_related(
        "team", "municipality"
    )


def get_meeting_for_user(*, user: AnyUser, meeting_id: int) -> Meeting:
    meeting = meetings_for_regieteam(user).filter(pk=meeting_id).first()
    if meeting is None:
        raise NotPermitted(_("This meeting does not exist or is not one of your Regieteam's."))
    return meeting


def may_change_meeting(*, user: AnyUser, meeting: Meeting) -> bool:
    return regieteams_of(user).filter(pk=meeting.team_id).exists()


def agenda_of(meeting: Meeting) -> list[AgendaItem]:
    return list(
        meeting.items.select_related(
            "case_form", "case_form__track", "case_form__partner", "decision"
        ).order_by("position", "id")
    )


def forms_to_schedule(*, user: AnyUser, meeting: Meeting) -> QuerySet[CaseForm]:
    """Forms of the meeting's municipality that may go on its agenda (not on an agenda now)."""
    return (
        forms_for_regieteam(user)
        .filter(municipality_id=meeting.municipality_id)
        .exclude(status=FormStatus.ON_AGENDA)
        .order_by("status", "filed_on", "id")
    )


def get_item_to_decide(*, user: AnyUser, item_id: int) -> AgendaItem:
    """An agenda item of one of the user's own Regieteams' meetings."""
    item = (
        AgendaItem.objects.filter(pk=item_id, meeting__team_id__in=regieteams_of(user).values("pk"))
        .select_related("meeting", "meeting__team", "case_form", "case_form__track", "case_form__partner")
        .first()
    )
    if item is None:
        raise NotPermitted(_("This agenda item does not exist or is not on your Regieteam's agenda."))
    return item


# --------------------------------------------------------------------------------------------
# The landlord's view
# --------------------------------------------------------------------------------------------


def forms_of_landlord(user: AnyUser) -> QuerySet[CaseForm]:
    return CaseForm.objects.filter(partner_id__in=partners_of(user).values("pk")).select_related(
        "partner", "track"
    )


def rent_partners_of(user: AnyUser) -> QuerySet[Partner]:
    return partners_of(user).filter(partner_type="rent")


@dataclass(frozen=True)
class LandlordView:
    """What a landlord may learn about its own case form: what it filed, the status and, once
    decided, the scenario and whether (and until when) the eviction is suspended."""

    form: CaseForm
    status_label: str
    meeting_on: dt.date | None
    scenario_label: str = ""
    eviction_suspended: bool = False
    suspended_until: dt.date | None = None


def landlord_view(form: CaseForm) -> LandlordView:
    status = FormStatus(form.status)
    if status is FormStatus.ON_AGENDA:
        item = open_item_of(form)
        return LandlordView(form, str(status.label), item.meeting.held_on if item else None)
    decision = form.decisions.order_by("-decided_on", "-id").first()
    if status is FormStatus.FILED or decision is None:
        return LandlordView(form, str(status.label), None)
    suspended = decision.scenario == Scenario.PREVENT and decision.eviction_suspended
    return LandlordView(
        form,
        str(status.label),
        None,
        scenario_label=decision.get_scenario_display(),
        eviction_suspended=suspended,
        suspended_until=decision.term_ends_on if suspended else None,
    )


def get_landlord_form(*, user: AnyUser, form_id: int) -> LandlordView:
    form = forms_of_landlord(user).filter(pk=form_id).first()
    if form is None:
        raise NotPermitted(_("This case form does not exist or was not filed by your organisation."))
    return landlord_view(form)
