"""The Regieteam's entries on a household's timeline: form filed, on an agenda, each decision."""

from django.urls import reverse
from django.utils.translation import gettext as _

from eropaf.coordination.models import AgendaItem, CaseForm, Decision
from eropaf.escalation.timeline import TimelineEntry

TRACK = "coordination"


def coordination_entries(municipality_id: int, address_key: str) -> list[TimelineEntry]:
    household = {"track__municipality_id": municipality_id, "track__address_key": address_key}
    entries = []
    for form in CaseForm.objects.filter(**household).select_related("partner"):
        entries.append(
            TimelineEntry(
                on=form.filed_on,
                title=_("Regieteam: case form filed"),
                detail=", ".join(form.household_types),
                source=form.partner.name if form.partner else _("Municipality"),
                url=reverse("coordination:case-form", args=[form.pk]),
                track=TRACK,
            )
        )
    items = AgendaItem.objects.filter(**{f"case_form__{key}": value for key, value in household.items()})
    for item in items.select_related("meeting__team"):
        entries.append(
            TimelineEntry(
                on=item.meeting.held_on,
                title=_("Regieteam: on the agenda"),
                detail=item.get_reason_display(),
                source=item.meeting.team.name,
                url=reverse("coordination:case-form", args=[item.case_form_id]),
                track=TRACK,
            )
        )
    decisions = Decision.objects.filter(**{f"case_form__{key}": value for key, value in household.items()})
    for decision in decisions.select_related("agenda_item__meeting__team"):
        detail = _("Case manager: %(name)s") % {"name": decision.case_manager}
        if decision.term_ends_on:
            detail += "; " + _("term until %(date)s") % {"date": f"{decision.term_ends_on:%d-%m-%Y}"}
        entries.append(
            TimelineEntry(
                on=decision.decided_on,
                title=_("Regieteam decision: %(scenario)s") % {"scenario": decision.get_scenario_display()},
                detail=detail,
                source=decision.agenda_item.meeting.team.name,
                url=reverse("coordination:case-form", args=[decision.case_form_id]),
                track=TRACK,
            )
        )
    return entries
