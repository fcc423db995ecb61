"""Reading the eviction chain's core, authorised in the same call.

A household's track is seen by the case workers, team leads and other case roles of its
responsible team (the team of the household's case), as cases are. The Meldpunt and the Regieteam
reach a household through their own referrals and reports, in their own apps.
"""

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from eropaf.accounts.roles import CASE_ROLES, Role
from eropaf.accounts.selectors import AnyUser, partners_of, teams_of
from eropaf.cases import casework
from eropaf.core.errors import NotPermitted
from eropaf.escalation.court import CourtStage
from eropaf.escalation.models import CourtStep, EvictionTrack

PROTECTION_WINDOW_DAYS = 30
EVICTION_PENDING = (CourtStage.SCHEDULED, CourtStage.NOTICE_SERVED, CourtStage.JUDGED)


WORKER_ROLES = casework.WORKER_ROLES


def tracks_for_user(user: AnyUser, *, roles: frozenset[Role] = CASE_ROLES) -> QuerySet[EvictionTrack]:
    return EvictionTrack.objects.filter(team_id__in=teams_of(user, roles=roles).values("pk"))


def get_track_for_user(*, user: AnyUser, track_id: int, to_work: bool = False) -> EvictionTrack:
    """The track when ``user`` may see it (``to_work``: may change it, as a case worker or team lead
    of its team); NotPermitted (shown as 404) otherwise."""
    roles = WORKER_ROLES if to_work else CASE_ROLES
    track = (
        tracks_for_user(user, roles=roles)
        .select_related("municipality", "team", "landlord")
        .filter(pk=track_id)
        .first()
    )
    if track is None:
        raise NotPermitted(_("This household does not exist or is not one of your teams' households."))
    return track


def protected_evictions_soon(*, user: AnyUser, today: dt.date) -> QuerySet[EvictionTrack]:
    """Households with minors or marked vulnerable whose eviction date lies in the next 30 days
    (or has passed without being executed, suspended or cancelled), for the team lead."""
    lead_teams = teams_of(user, roles=frozenset({Role.TEAM_LEAD})).values("pk")
    return (
        EvictionTrack.objects.filter(team_id__in=lead_teams, stage=CourtStage.SCHEDULED)
        .filter(Q(has_minors=True) | Q(is_vulnerable=True))
        .filter(eviction_on__lte=today + dt.timedelta(days=PROTECTION_WINDOW_DAYS))
        .select_related("team", "municipality")
        .order_by("eviction_on", "id")
    )


def court_steps_reported_by(user: AnyUser) -> QuerySet[CourtStep]:
    """The steps the user's partner reported (a landlord or a bailiff sees only its own)."""
    return (
        CourtStep.objects.filter(partner__in=partners_of(user))
        .select_related("track", "partner")
        .order_by("-recorded_at", "-id")
    )
