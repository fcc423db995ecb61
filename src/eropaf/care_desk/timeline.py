"""The Meldpunt's entries on the household timeline: the referral (with its reason), its taking up
and its outcome. Never the Meldpunt's note: the timeline is read outside the Meldpunt too."""

from django.utils.translation import gettext as _

from eropaf.care_desk.models import Referral
from eropaf.escalation.timeline import TimelineEntry

TRACK = "care_desk"


def referral_entries(municipality_id: int, address_key: str) -> list[TimelineEntry]:
    referrals = Referral.objects.filter(
        municipality_id=municipality_id, track__address_key=address_key
    ).select_related("desk_team")
    entries = []
    for referral in referrals:
        entries.append(
            TimelineEntry(
                on=referral.referred_on,
                title=_("Referred to the Meldpunt Zorg en Overlast"),
                detail=referral.get_reason_display(),
                source=referral.referrer_organisation or referral.get_referrer_kind_display(),
                track=TRACK,
            )
        )
        if referral.taken_up_on is not None:
            entries.append(
                TimelineEntry(
                    on=referral.taken_up_on,
                    title=_("Taken up by the Meldpunt"),
                    source=referral.desk_team.name,
                    track=TRACK,
                )
            )
        if referral.closed_on is not None and referral.outcome:
            entries.append(
                TimelineEntry(
                    on=referral.closed_on,
                    title=_("Meldpunt outcome: %(outcome)s")
                    % {"outcome": referral.get_outcome_display().lower()},
                    source=referral.desk_team.name,
                    track=TRACK,
                )
            )
    return entries
