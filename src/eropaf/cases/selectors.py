"""Reading cases. Every read is scoped to the teams of the user, in the same query that fetches."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from eropaf.accounts.models import Team
from eropaf.accounts.selectors import AnyUser, teams_of
from eropaf.cases.list_options import CaseOrder, Classification, ordering
from eropaf.cases.models import Case, CaseSignal, ContactAttempt, TriageDecision
from eropaf.cases.reasons import case_classes, explain_all, signal_classes
from eropaf.cases.workflow import OPEN_STATES, CaseState
from eropaf.core.errors import NotPermitted
from eropaf.core.money import format_euros
from eropaf.core.vocabularies import ContactKind
from eropaf.intake.models import Signal
from eropaf.organisations.models import District

CASES_PER_PAGE = 50


@dataclass(frozen=True)
class CaseListFilters:
    period: dt.date
    state: CaseState | None = None
    mine_only: bool = False
    page: int = 1
    queue: str = ""
    priority: str = ""
    overdue_only: bool = False
    """Open cases past their due date, of every month."""
    classification: str = ""
    district: str = ""
    """A district code of the user's municipality."""
    partner_type: str = ""
    order: CaseOrder = CaseOrder.DUE_DATE


@dataclass(frozen=True)
class CaseRow:
    id: int
    address: str
    names: list[str]
    signal_types: list[str]
    total_amount: str
    is_multiple: bool
    is_consecutive: bool
    state: str
    state_label: str
    assigned_to: str
    due_on: dt.date | None
    is_overdue: bool
    signal_ids: list[int]
    queue: str = ""
    priority_label: str = ""
    is_open: bool = True
    assigned_automatically: bool = False


@dataclass(frozen=True)
class StateCount:
    state: str
    label: str
    count: int


@dataclass(frozen=True)
class CaseList:
    filters: CaseListFilters
    teams: list[Team]
    rows: list[CaseRow]
    page: Page[Case]
    state_counts: list[StateCount]
    total: int
    municipality_code: str = ""
    queues: list[str] = field(default_factory=list)
    """The work queues of the month's cases, to filter on."""
    districts: list[tuple[str, str]] = field(default_factory=list)
    """(code, name) of the districts of the user's municipalities, to filter on."""


@dataclass(frozen=True)
class SignalDetail:
    signal: Signal
    partner_name: str
    signal_type: str
    amount: str
    instalment: str
    name: str
    age: int | None
    masked_bsn: str
    classes: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class HistoryRow:
    """Another case of the same household (address), for "in view from the first signal on"."""

    id: int
    period: dt.date
    state_label: str
    outcome_label: str
    signal_types: list[str]
    total_amount: str


@dataclass(frozen=True)
class CaseDetail:
    case: Case
    address: str
    total_amount: str
    signals: list[SignalDetail]
    attempts: list[ContactAttempt]
    names: list[str] = field(default_factory=list)
    classes: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    contact_steps: list[str] = field(default_factory=list)
    """The contact steps triage planned, in Dutch, in order."""
    history: list[HistoryRow] = field(default_factory=list)
    """The household's other cases the user may see, newest month first."""
    decision: TriageDecision | None = None
    """Why triage chose the case's route: its latest decision (None when triage did not route it)."""
    earlier_decisions: list[TriageDecision] = field(default_factory=list)
    """What triage decided for the case before, latest first."""

    @property
    def signal_ids(self) -> list[int]:
        return [detail.signal.pk for detail in self.signals]


def mask_bsn(bsn: str) -> str:
    """All but the last three digits hidden: ``999990019`` → ``******019``."""
    digits = bsn.strip()
    if not digits:
        return ""
    return "*" * max(len(digits) - 3, 0) + digits[-3:]


def age_on(birth_date: dt.date | None, day: dt.date) -> int | None:
    if birth_date is None:
        return None
    had_birthday = (day.month, day.day) >= (birth_date.month, birth_date.day)
    return day.year - birth_date.year - (0 if had_birthday else 1)


def _cases_of(user: AnyUser) -> QuerySet[Case]:
    return _cases_of_teams(list(teams_of(user)))


def _cases_of_teams(teams: list[Team]) -> QuerySet[Case]:
    # The team ids as values, not a nested subquery: the planners then use the (team, state) index.
    # Their municipalities as well: a month of them is then read through the unique constraint's
    # (municipality, period, …) index, the period having no index of its own.
    return Case.objects.filter(
        team_id__in=[team.pk for team in teams],
        municipality_id__in=sorted({team.municipality_id for team in teams}),
    )


class _CountedPaginator(Paginator[Case]):
    """A paginator told its count (the counts per state already hold it): no COUNT query again."""

    def __init__(self, object_list: QuerySet[Case], per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @property
    def count(self) -> int:
        return self._known_count


def _withdrawn_before_outreach(cases: QuerySet[Case]) -> QuerySet[Case, Any]:
    """The ``cases`` nobody has started on whose every signal the partner withdrew (the arrear was
    paid). Asked of the chosen cases only, and read as ids first (few): inside an ``OR`` PostgreSQL
    would hash every active signal of every municipality instead."""
    active_signal = CaseSignal.objects.filter(case=OuterRef("pk"), signal__withdrawn_at__isnull=True)
    return (
        cases.filter(state__in=[CaseState.NEW, CaseState.QUEUED]).filter(~Exists(active_signal)).values("pk")
    )


# What a case row shows of its signals (``_row``, ``household_history``): the type, the name and the
# address. Only these are read: a signal has some forty columns and a queue page fifty cases.
_ROW_SIGNAL_FIELDS = (
    "signal_type",
    "initials",
    "first_names",
    "surname_prefix",
    "surname",
    "street",
    "house_number",
    "house_letter",
    "house_number_addition",
    "postcode",
    "city",
)


def _signals_prefetch() -> Prefetch[str, QuerySet[CaseSignal], str]:
    return Prefetch(
        "case_signals",
        queryset=CaseSignal.objects.select_related("signal")
        .only("case_id", "signal_id", *(f"signal__{name}" for name in _ROW_SIGNAL_FIELDS))
        .order_by("signal_id"),
    )


def _detail_signals_prefetch() -> Prefetch[str, QuerySet[CaseSignal], str]:
    # The BRP check and review of each signal come along by name: matching builds on cases, not back.
    return Prefetch(
        "case_signals",
        queryset=CaseSignal.objects.select_related(
            "signal", "signal__partner", "signal__person_check", "signal__review_item"
        ).order_by("signal_id"),
    )


def _row(case: Case, today: dt.date) -> CaseRow:
    signals = [link.signal for link in case.case_signals.all()]
    names = list(dict.fromkeys(signal.display_name for signal in signals))
    types = list(dict.fromkeys(str(signal.get_signal_type_display()) for signal in signals))
    assignee = case.assigned_to
    return CaseRow(
        id=case.pk,
        address=signals[0].display_address if signals else case.address_key,
        names=names,
        signal_types=types,
        total_amount=format_euros(case.total_amount_cents),
        is_multiple=case.is_multiple,
        is_consecutive=case.is_consecutive,
        state=case.state,
        state_label=str(case.get_state_display()),
        assigned_to=(assignee.get_full_name() or assignee.get_username()) if assignee else "",
        due_on=case.due_on,
        is_overdue=case.is_open and case.due_on is not None and case.due_on < today,
        signal_ids=[signal.pk for signal in signals],
        assigned_automatically=case.assigned_automatically,
        queue=case.queue,
        priority_label=str(case.get_priority_display()) if case.priority else "",
        is_open=case.is_open,
    )


def list_cases_for_user(*, user: AnyUser, filters: CaseListFilters) -> CaseList:
    """One month of cases of the user's teams (or, for "overdue", the open cases past their due date
    of every month), filtered and sorted, one page at a time, with counts per state."""
    teams = list(teams_of(user).order_by("name"))
    chosen = _cases_of_teams(teams)
    if filters.overdue_only:
        chosen = chosen.filter(state__in=OPEN_STATES, due_on__lt=timezone.localdate())
    else:
        chosen = chosen.filter(period=filters.period)
    in_period = chosen.exclude(pk__in=list(_withdrawn_before_outreach(chosen).values_list("pk", flat=True)))
    if filters.mine_only:
        in_period = in_period.filter(assigned_to_id=user.pk)
    queues = sorted(
        {queue for queue in in_period.order_by().values_list("queue", flat=True).distinct() if queue}
    )
    if filters.queue:
        in_period = in_period.filter(queue=filters.queue)
    if filters.priority:
        in_period = in_period.filter(priority=filters.priority)
    if filters.classification in Classification.values:
        in_period = in_period.filter(**{filters.classification: True})
    if filters.district:
        in_period = in_period.filter(district__code=filters.district)
    if filters.partner_type:
        of_type = CaseSignal.objects.filter(case=OuterRef("pk"), signal__signal_type=filters.partner_type)
        in_period = in_period.filter(Exists(of_type))
    counts = dict(in_period.order_by().values_list("state").annotate(count=Count("id")))
    shown = in_period if filters.state is None else in_period.filter(state=filters.state)
    shown = (
        shown.select_related("assigned_to")
        .prefetch_related(_signals_prefetch())
        .order_by(*ordering(filters.order))
    )
    shown_count = sum(counts.values()) if filters.state is None else counts.get(filters.state.value, 0)
    page = _CountedPaginator(shown, CASES_PER_PAGE, count=shown_count).get_page(filters.page)
    today = timezone.localdate()
    codes = {team.municipality.code for team in teams}
    return CaseList(
        filters=filters,
        teams=teams,
        rows=[_row(case, today) for case in page.object_list],
        page=page,
        state_counts=[
            StateCount(state=state.value, label=str(state.label), count=counts.get(state.value, 0))
            for state in CaseState
        ],
        total=sum(counts.values()),
        municipality_code=codes.pop() if len(codes) == 1 else "",
        queues=queues,
        districts=list(
            District.objects.filter(municipality__in=[team.municipality_id for team in teams])
            .order_by("name")
            .values_list("code", "name")
        ),
    )


def get_case_for_user(*, user: AnyUser, case_id: int) -> CaseDetail:
    """The case with its signals and contact attempts; NotPermitted unless it is of the user's teams.

    A case of another team, another municipality or no case at all look the same to the caller.
    """
    mine = _cases_of(user)  # the teams read once, for the case and its household's history
    case = (
        mine.select_related("municipality", "district", "team", "assigned_to", "triage_policy")
        .prefetch_related(
            _detail_signals_prefetch(),
            Prefetch(
                "contact_attempts",
                queryset=ContactAttempt.objects.select_related("recorded_by").order_by("-at", "-id"),
            ),
            Prefetch(
                "triage_decisions",
                queryset=TriageDecision.objects.select_related("policy_version").order_by("-id"),
            ),
        )
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise NotPermitted(_("This case does not exist or is not one of your teams' cases."))
    today = timezone.localdate()
    decisions = list(case.triage_decisions.all())
    # A case matching has since decided itself lost triage's route; its decisions are history.
    decision = decisions[0] if decisions and case.triaged_at is not None else None
    links = list(case.case_signals.all())
    signals = [link.signal for link in links]
    details = [
        SignalDetail(
            signal=link.signal,
            partner_name=link.signal.partner.name,
            signal_type=link.signal.get_signal_type_display(),
            amount=format_euros(link.signal.amount_cents),
            instalment=format_euros(link.signal.instalment_cents),
            name=link.signal.display_name,
            age=age_on(link.signal.birth_date, today),
            masked_bsn=mask_bsn(link.signal.bsn),
            classes=signal_classes(link),
            reasons=explain_all(link.reasons),
        )
        for link in links
    ]
    return CaseDetail(
        case=case,
        address=signals[0].display_address if signals else case.address_key,
        total_amount=format_euros(case.total_amount_cents),
        signals=details,
        attempts=list(case.contact_attempts.all()),
        names=list(dict.fromkeys(signal.display_name for signal in signals)),
        classes=case_classes(case),
        reasons=explain_all(case.classification_reasons),
        contact_steps=contact_steps(case.contact_plan),
        history=household_history(mine=mine, case=case),
        decision=decision,
        earlier_decisions=decisions[1:] if decision is not None else decisions,
    )


def household_history(*, mine: QuerySet[Case], case: Case) -> list[HistoryRow]:
    """The other cases at the household's address in the municipality, among ``mine`` (the cases of
    the user's teams, ``_cases_of``)."""
    others = (
        mine.filter(municipality_id=case.municipality_id, address_key=case.address_key)
        .exclude(pk=case.pk)
        .prefetch_related(_signals_prefetch())
        .order_by("-period", "-pk")
    )
    return [
        HistoryRow(
            id=other.pk,
            period=other.period,
            state_label=other.get_state_display(),
            outcome_label=other.get_outcome_display() if other.outcome else "",
            signal_types=list(
                dict.fromkeys(link.signal.get_signal_type_display() for link in other.case_signals.all())
            ),
            total_amount=format_euros(other.total_amount_cents),
        )
        for other in others
    ]


def contact_steps(plan: object) -> list[str]:
    """The planned contact steps in Dutch: ``Brief (contactverzoek)``, ``Telefoon``."""
    steps = plan if isinstance(plan, list) else []
    labels = []
    for step in steps:
        kind = str(step.get("kind", "")) if isinstance(step, dict) else ""
        label = str(ContactKind(kind).label) if kind in ContactKind.values else kind
        letter = str(step.get("letter_kind", "")) if isinstance(step, dict) else ""
        labels.append(f"{label} ({letter.replace('-', ' ').replace('_', ' ')})" if letter else label)
    return labels
