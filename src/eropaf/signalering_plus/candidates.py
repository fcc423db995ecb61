"""Reading the facts of the Signalering+ proposal, set-based: a handful of queries, whatever the
number of households, and ``rules.candidate_reason`` decides per household.

A household's candidate case is its latest open case (in a work queue, in progress or handed over)
with a rising rent signal the corporation did not withdraw; the corporation is that signal's
partner. Private landlords have no monthly consultation (Breda follows their tenants in a route of
their own), so their signals propose nobody. Contact and help are looked up on every case of the
household (same municipality and address), as "so far" in BRIEF §3.1 asks.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from eropaf.cases.models import Case, CaseSignal, ContactAttempt
from eropaf.cases.workflow import CaseState
from eropaf.core.money import format_euros
from eropaf.core.vocabularies import HELP_ACCEPTED_OUTCOMES, REACHED_OUTCOMES, PartnerType
from eropaf.organisations.models import Partner
from eropaf.signalering_plus.models import Admission, AgendaItem
from eropaf.signalering_plus.rules import CandidateReason, DecisionKind, HouseholdFacts, candidate_reason

WORKED_STATES = (CaseState.QUEUED, CaseState.IN_PROGRESS, CaseState.HANDED_OVER)
CHUNK = 500

Household = tuple[int, str]  # (municipality id, address key)


@dataclass(frozen=True)
class Candidate:
    case_id: int
    municipality_id: int
    address_key: str
    team_id: int
    corporation_id: int
    reason: CandidateReason
    address: str = ""
    names: list[str] = field(default_factory=list)
    total_amount: str = ""
    state_label: str = ""


@dataclass(frozen=True)
class CorporationCandidates:
    corporation: Partner
    candidates: list[Candidate]


def _chunks(keys: Iterable[str]) -> Iterator[list[str]]:
    batch: list[str] = []
    for key in keys:
        batch.append(key)
        if len(batch) == CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def _by_municipality(households: Iterable[Household]) -> dict[int, set[str]]:
    grouped: dict[int, set[str]] = defaultdict(set)
    for municipality_id, key in households:
        grouped[municipality_id].add(key)
    return grouped


@dataclass(frozen=True)
class _Facts:
    contacted: set[Household]
    helped: set[Household]
    admitted: set[Household]


def household_facts(households: Iterable[Household]) -> _Facts:
    """Contact, help accepted and running admissions of these households, a few queries per 500."""
    contacted: set[Household] = set()
    helped: set[Household] = set()
    admitted: set[Household] = set()
    for municipality_id, keys in _by_municipality(households).items():
        for batch in _chunks(sorted(keys)):
            reached = ContactAttempt.objects.filter(
                reached=True, case__municipality_id=municipality_id, case__address_key__in=batch
            ).values_list("case__address_key", flat=True)
            contacted.update((municipality_id, key) for key in reached.distinct())
            outcomes = (
                Case.objects.filter(
                    municipality_id=municipality_id,
                    address_key__in=batch,
                    outcome__in=[outcome.value for outcome in REACHED_OUTCOMES],
                )
                .values_list("address_key", "outcome")
                .distinct()
            )
            for key, outcome in outcomes:
                contacted.add((municipality_id, key))
                if outcome in HELP_ACCEPTED_OUTCOMES:
                    helped.add((municipality_id, key))
            running = Admission.objects.filter(
                municipality_id=municipality_id, address_key__in=batch, ended_on__isnull=True
            ).values_list("address_key", flat=True)
            admitted.update((municipality_id, key) for key in running)
    return _Facts(contacted=contacted, helped=helped, admitted=admitted)


def find_candidates(*, team_ids: Iterable[int], corporation_id: int | None = None) -> list[Candidate]:
    """The households of these teams proposed for Signalering+ (of one corporation when given)."""
    links = CaseSignal.objects.filter(
        is_rising=True,
        signal__signal_type=PartnerType.RENT,
        signal__partner__is_private_landlord=False,
        signal__withdrawn_at__isnull=True,
        case__is_rising=True,
        case__team_id__in=list(team_ids),
        case__state__in=WORKED_STATES,
    )
    if corporation_id is not None:
        links = links.filter(signal__partner_id=corporation_id)
    rows = links.order_by("case__period", "case_id", "signal_id").values_list(
        "case_id", "case__municipality_id", "case__address_key", "case__team_id", "signal__partner_id"
    )
    latest: dict[Household, tuple[int, int, int]] = {}
    for case_id, municipality_id, key, team_id, partner_id in rows:
        # Ordered by period: the last case seen is the household's latest rising rent case.
        current = latest.get((municipality_id, key))
        if current is None or current[0] != case_id:
            latest[(municipality_id, key)] = (case_id, team_id, partner_id)
    if not latest:
        return []
    facts = household_facts(latest)
    decided = set(
        AgendaItem.objects.filter(case_id__in=[case_id for case_id, _team, _partner in latest.values()])
        .exclude(decision__in=["", DecisionKind.CONTINUE])
        .values_list("case_id", flat=True)
    )
    chosen: list[Candidate] = []
    for household, (case_id, team_id, partner_id) in latest.items():
        reason = candidate_reason(
            HouseholdFacts(
                has_rent_signal=True,
                rent_arrear_rising=True,
                contact_made=household in facts.contacted,
                help_accepted=household in facts.helped,
                admitted=household in facts.admitted,
                decided=case_id in decided,
            )
        )
        if reason is not None:
            chosen.append(Candidate(case_id, household[0], household[1], team_id, partner_id, reason))
    return chosen


def signals_prefetch(prefix: str = "") -> Prefetch[str, QuerySet[CaseSignal], str]:
    """The signals of a case (``prefix`` leads from the model read to the case)."""
    return Prefetch(
        f"{prefix}case_signals", queryset=CaseSignal.objects.select_related("signal").order_by("signal_id")
    )


def describe(candidates: list[Candidate]) -> list[Candidate]:
    """The candidates with address, names, arrears and state, read in one query."""
    cases = Case.objects.filter(pk__in=[candidate.case_id for candidate in candidates]).prefetch_related(
        signals_prefetch()
    )
    by_id = {case.pk: case for case in cases}
    described = []
    for candidate in candidates:
        case = by_id[candidate.case_id]
        signals = [link.signal for link in case.case_signals.all()]
        described.append(
            Candidate(
                case_id=candidate.case_id,
                municipality_id=candidate.municipality_id,
                address_key=candidate.address_key,
                team_id=candidate.team_id,
                corporation_id=candidate.corporation_id,
                reason=candidate.reason,
                address=signals[0].display_address if signals else case.address_key,
                names=list(dict.fromkeys(signal.display_name for signal in signals)),
                total_amount=format_euros(case.total_amount_cents),
                state_label=case.get_state_display(),
            )
        )
    return sorted(described, key=lambda candidate: candidate.address)


def candidates_per_corporation(*, team_ids: list[int]) -> list[CorporationCandidates]:
    """The proposed households of these teams, per housing corporation (by name)."""
    candidates = describe(find_candidates(team_ids=team_ids))
    grouped: dict[int, list[Candidate]] = defaultdict(list)
    for candidate in candidates:
        grouped[candidate.corporation_id].append(candidate)
    corporations = Partner.objects.filter(pk__in=list(grouped)).order_by("name")
    return [CorporationCandidates(corporation, grouped[corporation.pk]) for corporation in corporations]
