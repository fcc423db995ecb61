"""Signalering+ on the household timeline: admitted (on the consultation's date), the decisions of
the consultations and the extra actions done. Registered from ``AppConfig.ready``."""

from django.urls import reverse
from django.utils.translation import gettext as _

from eropaf.escalation.timeline import TimelineEntry
from eropaf.signalering_plus.models import Admission, AgendaItem, ExtraAction

TRACK = "signalering_plus"


def signalering_entries(municipality_id: int, address_key: str) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    admissions = Admission.objects.filter(municipality_id=municipality_id, address_key=address_key)
    for admission in admissions.select_related("corporation"):
        entries.append(
            TimelineEntry(
                on=admission.admitted_on,
                title=_("Admitted to Signalering+"),
                source=admission.corporation.name,
                url=reverse("signalering_plus:admission", args=[admission.pk]),
                track=TRACK,
            )
        )
    decisions = (
        AgendaItem.objects.filter(case__municipality_id=municipality_id, case__address_key=address_key)
        .exclude(decision="")
        .select_related("consultation", "consultation__corporation")
    )
    for item in decisions:
        entries.append(
            TimelineEntry(
                on=item.consultation.held_on,
                title=_("Signalering+ consultation: %(decision)s")
                % {"decision": item.get_decision_display()},
                detail=item.decision_note,
                source=item.consultation.corporation.name,
                track=TRACK,
            )
        )
    done = ExtraAction.objects.filter(
        admission__municipality_id=municipality_id, admission__address_key=address_key, done_on__isnull=False
    ).select_related("owner")
    for action in done:
        if action.done_on is None:  # filtered out above; narrows the type
            continue
        entries.append(
            TimelineEntry(
                on=action.done_on,
                title=_("Done: %(action)s") % {"action": action.get_kind_display()},
                source=action.owner_label,
                url=reverse("signalering_plus:admission", args=[action.admission_id]),
                track=TRACK,
            )
        )
    return entries
