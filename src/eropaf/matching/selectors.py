"""Reading matching runs and the BRP review queue, scoped to the user in the same query."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from eropaf.accounts.roles import Role
from eropaf.accounts.selectors import AnyUser, municipalities_of, teams_of
from eropaf.cases.models import Case
from eropaf.core.errors import NotPermitted
from eropaf.core.vocabularies import Outcome
from eropaf.matching.candidates import Candidate
from eropaf.matching.models import MatchingRun, PersonCheck, RegistryOutcome, ReviewItem, ReviewStatus
from eropaf.organisations.models import Municipality

RUN_ROLES = frozenset({Role.TEAM_LEAD})
RUNS_SHOWN = 24


def run_municipalities_of(user: AnyUser) -> QuerySet[Municipality]:
    return municipalities_of(user, roles=RUN_ROLES).order_by("name")


def runs_for_user(*, user: AnyUser) -> list[MatchingRun]:
    return list(
        MatchingRun.objects.filter(municipality__in=run_municipalities_of(user))
        .select_related("municipality")
        .order_by("-created_at", "-id")[:RUNS_SHOWN]
    )


def get_run_for_user(*, user: AnyUser, run_id: int) -> MatchingRun:
    run = (
        MatchingRun.objects.filter(pk=run_id, municipality__in=run_municipalities_of(user))
        .select_related("municipality")
        .first()
    )
    if run is None:
        raise NotPermitted(_("This matching run does not exist or is not of your municipality."))
    return run


def get_municipality_for_run(*, user: AnyUser, code: str) -> Municipality:
    municipality = run_municipalities_of(user).filter(code=code).first()
    if municipality is None:
        raise NotPermitted(_("You may not run the matching for this municipality."))
    return municipality


def _reviews_of(user: AnyUser) -> QuerySet[ReviewItem]:
    return ReviewItem.objects.filter(signal__case_link__case__team__in=teams_of(user))


@dataclass(frozen=True)
class ReviewDetail:
    item: ReviewItem
    case: Case
    candidates: list[Candidate]


def open_reviews_for_user(*, user: AnyUser) -> list[ReviewItem]:
    return list(
        _reviews_of(user)
        .filter(status=ReviewStatus.OPEN)
        .select_related("signal", "signal__partner", "signal__case_link__case")
        .order_by("signal__period", "created_at", "id")
    )


def get_review_for_user(*, user: AnyUser, review_id: int) -> ReviewDetail:
    """The review with its case; NotPermitted unless the case is one of the user's teams'."""
    item = (
        _reviews_of(user)
        .select_related("signal", "signal__partner", "signal__case_link__case", "decided_by")
        .filter(pk=review_id)
        .first()
    )
    if item is None:
        raise NotPermitted(_("This review does not exist or is not one of your teams' cases."))
    candidates = [Candidate.from_json(data) for data in item.candidates]
    return ReviewDetail(item=item, case=item.signal.case_link.case, candidates=candidates)


@dataclass(frozen=True)
class ForwardingRow:
    case: Case
    name: str
    address: str
    lives_in: str
    signal_ids: list[int]


def forwarding_for_user(*, user: AnyUser, since: dt.date) -> list[ForwardingRow]:
    """Cases closed because nobody signalled lives here (any more), with where they live now."""
    teams = teams_of(user)
    cases = (
        Case.objects.filter(
            team__in=teams,
            municipality_id__in=teams.values("municipality_id"),
            outcome=Outcome.NOT_A_RESIDENT,
            period__gte=since,
        )
        .prefetch_related("case_signals__signal__person_check")
        .order_by("-period", "id")
    )
    names = dict(Municipality.objects.values_list("code", "name"))
    rows = []
    for case in cases:
        signals = [link.signal for link in case.case_signals.all()]
        checks = [getattr(signal, "person_check", None) for signal in signals]
        places = sorted(
            {
                names.get(check.lives_in, check.lives_in) or _("unknown")
                for check in checks
                if isinstance(check, PersonCheck) and check.outcome != RegistryOutcome.RESIDENT
            }
        )
        rows.append(
            ForwardingRow(
                case=case,
                name=", ".join(dict.fromkeys(signal.display_name for signal in signals)),
                address=signals[0].display_address if signals else case.address_key,
                lives_in=", ".join(places),
                signal_ids=[signal.pk for signal in signals],
            )
        )
    return rows


SETTINGS_ROLES = frozenset({Role.ADMINISTRATOR, Role.POLICY_OFFICER})


def settings_municipality_for_user(*, user: AnyUser) -> Municipality:
    """The municipality whose matching windows the user sets (administrator or policy officer)."""
    municipality = municipalities_of(user, roles=SETTINGS_ROLES).order_by("name").first()
    if municipality is None:
        raise NotPermitted(_("You do not set the matching of any municipality."))
    return municipality
