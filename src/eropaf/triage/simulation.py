"""Simulate a triage policy over past cases: where they would go, and the work that makes.

A policy officer tries a draft policy on the last months of the municipality's own cases, side by side
with the active policy: cases per work queue, planned contact attempts per contact kind, cases not
picked up per reason, and the workload in hours and FTE. The cases come in as ``(period, facts)``; the
database reading is the caller's. No ORM here.

The workload is an estimate from minutes per contact attempt (``WorkloadNorms``), which the
municipality may set. The defaults, per attempt, including preparing it and writing it down:

=====================  =======  =====================================================
contact kind           minutes  why
=====================  =======  =====================================================
letter                 10       a template letter, checked and sent
email                  10       like a letter
sms_whatsapp           5        a short message
whatsapp_call          10       a call that is often not answered
phone                  20       a call, often more than one try, and the notes
home_visit             90       the visit, travel both ways and the report
card                   5        a card through the door, on the way
appointment_on_site    60       a conversation at the office and its report
administrative         15       paperwork without the resident
other, unknown         15       in between
=====================  =======  =====================================================

One FTE is taken as 120 productive hours a month (``DEFAULT_HOURS_PER_FTE_MONTH``).
"""

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, TypeGuard

from eropaf.core.vocabularies import ContactKind, Outcome
from eropaf.triage.charts import format_number
from eropaf.triage.definitions import DEFAULT_RULE_KEY, Action, Policy, Priority
from eropaf.triage.facts import CaseFacts
from eropaf.triage.format import shown
from eropaf.triage.rules import DEFAULT_RULE_LABEL, compile_policy

__all__ = [
    "DEFAULT_HOURS_PER_FTE_MONTH",
    "DEFAULT_MINUTES",
    "GROUPS",
    "Comparison",
    "ComparisonRow",
    "MonthOutcome",
    "NormsInvalid",
    "PolicyOutcome",
    "WorkloadNorms",
    "compare",
    "comparison_as_csv_rows",
    "norms_as_data",
    "norms_from_data",
    "simulate",
]

# Minutes per attempt, preparation and notes included; a home visit counts travel and the report.
# Deliberately round numbers: they are a starting point for the municipality to adjust, not a
# measurement, and the table in the module docstring says why each is what it is.
DEFAULT_MINUTES: Mapping[str, int] = MappingProxyType(
    {
        ContactKind.LETTER: 10,
        ContactKind.EMAIL: 10,
        ContactKind.SMS_WHATSAPP: 5,
        ContactKind.WHATSAPP_CALL: 10,
        ContactKind.PHONE: 20,
        ContactKind.HOME_VISIT: 90,
        ContactKind.CARD: 5,
        ContactKind.APPOINTMENT_ON_SITE: 60,
        ContactKind.ADMINISTRATIVE: 15,
        ContactKind.OTHER: 15,
        ContactKind.UNKNOWN: 15,
    }
)
# 36 hours a week is 156 hours a month; leave, training and meetings leave about 120 for cases.
DEFAULT_HOURS_PER_FTE_MONTH = 120
MAX_MINUTES = 480
"""A working day; more for one contact attempt is a typing mistake."""
MAX_HOURS_PER_FTE_MONTH = 200
MINUTES = "minutes"
HOURS_PER_FTE_MONTH = "hours_per_fte_month"

GROUPS: Mapping[str, str] = MappingProxyType(
    {
        "total": "Totaal",
        "queue": "Werkbak",
        "contact_kind": "Contactsoort",
        "not_picked_up": "Reden niet opgepakt",
        "priority": "Prioriteit",
        "workload": "Werklast",
    }
)
"""The groups of comparison rows, in the order of the table, with their Dutch names."""
PRIORITY_LABELS: Mapping[str, str] = MappingProxyType(
    {Priority.LOW: "Laag", Priority.NORMAL: "Normaal", Priority.HIGH: "Hoog", Priority.URGENT: "Spoed"}
)
TOTAL_LABELS = MappingProxyType({"cases": "Zaken", "picked_up": "Opgepakt", "not_picked_up": "Niet opgepakt"})
WORKLOAD_LABELS = MappingProxyType({"hours_per_month": "Uren per maand", "fte": "Formatie (fte)"})
CSV_HEADER = ("Groep", "Onderdeel", "Actief", "Concept", "Verschil")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class NormsInvalid(ValueError):
    """Workload norms with mistakes; ``errors`` holds every one, in Dutch."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class WorkloadNorms:
    """Minutes per contact attempt for every ``ContactKind`` value, and productive hours per FTE a month."""

    minutes: Mapping[str, int]
    hours_per_fte_month: int

    def __post_init__(self) -> None:
        # Read-only, so norms that passed the checks stay as checked.
        object.__setattr__(self, "minutes", MappingProxyType(dict(self.minutes)))
        problems = _problems(self.minutes, self.hours_per_fte_month)
        if missing := [str(kind) for kind in ContactKind if kind not in self.minutes]:
            problems.append(f"minuten ontbreken voor: {', '.join(missing)}")
        if problems:
            raise NormsInvalid(problems)

    @classmethod
    def default(cls) -> "WorkloadNorms":
        return cls(minutes=dict(DEFAULT_MINUTES), hours_per_fte_month=DEFAULT_HOURS_PER_FTE_MONTH)

    def minutes_for(self, kind: str) -> int:
        return self.minutes.get(kind, self.minutes[ContactKind.UNKNOWN])


def norms_from_data(data: Mapping[str, object]) -> WorkloadNorms:
    """The norms in ``data`` as ``norms_as_data`` writes them; what is left out takes its default.

    Raises ``NormsInvalid`` (a ``ValueError``) with every mistake, in Dutch.
    """
    problems = [
        f"onbekende instelling {shown(key)}" for key in data if key not in (MINUTES, HOURS_PER_FTE_MONTH)
    ]
    minutes: dict[str, int] = dict(DEFAULT_MINUTES)
    given = data.get(MINUTES, {})
    if isinstance(given, Mapping):
        for kind, value in given.items():
            if kind not in DEFAULT_MINUTES:
                problems.append(f"onbekende contactsoort {shown(kind)}")
            elif _is_whole(value):
                minutes[kind] = value
            else:
                problems.append(
                    f"minuten voor {_kind_label(kind)}: verwacht een heel getal, niet {shown(value)}"
                )
    else:
        problems.append(f"minuten: verwacht per contactsoort een aantal minuten, niet {shown(given)}")
    hours = data.get(HOURS_PER_FTE_MONTH, DEFAULT_HOURS_PER_FTE_MONTH)
    if not _is_whole(hours):
        problems.append(f"uren per fte per maand: verwacht een heel getal, niet {shown(hours)}")
        hours = DEFAULT_HOURS_PER_FTE_MONTH
    problems += _problems(minutes, hours)
    if problems:
        raise NormsInvalid(problems)
    return WorkloadNorms(minutes=minutes, hours_per_fte_month=hours)


def norms_as_data(norms: WorkloadNorms) -> dict[str, Any]:
    """JSON-ready; ``norms_from_data`` reads it back to the same norms."""
    return {
        MINUTES: {str(kind): norms.minutes[kind] for kind in ContactKind},
        HOURS_PER_FTE_MONTH: norms.hours_per_fte_month,
    }


def _is_whole(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _problems(minutes: Mapping[str, int], hours_per_fte_month: int) -> list[str]:
    problems = [
        f"minuten voor {_kind_label(kind)}: {value} ligt niet tussen 0 en {MAX_MINUTES}"
        for kind, value in minutes.items()
        if not 0 <= value <= MAX_MINUTES
    ]
    if not 1 <= hours_per_fte_month <= MAX_HOURS_PER_FTE_MONTH:
        problems.append(
            f"uren per fte per maand: {hours_per_fte_month} ligt niet tussen 1 en {MAX_HOURS_PER_FTE_MONTH}"
        )
    return problems


def _kind_label(kind: str) -> str:
    return str(ContactKind(kind).label) if kind in ContactKind.values else kind


@dataclass(frozen=True)
class MonthOutcome:
    cases: int
    picked_up: int
    not_picked_up: int
    hours: float


@dataclass(frozen=True)
class PolicyOutcome:
    """What a policy does with the simulated cases; every count is of cases unless said otherwise."""

    policy_name: str
    cases: int
    picked_up: int
    not_picked_up: int
    per_queue: dict[str, int]
    """Work queue → cases picked up into it, alphabetically."""
    per_contact_kind: dict[str, int]
    """``ContactKind`` value → planned contact attempts (steps summed over the cases)."""
    per_not_picked_up: dict[str, int]
    """``Outcome`` value → cases not picked up for that reason."""
    per_priority: dict[str, int]
    """``Priority`` value → cases picked up with it."""
    per_rule: dict[str, tuple[str, int]]
    """Rule key → (label, cases), every rule in policy order, ``standaard`` last."""
    hours: float
    """Over all simulated months."""
    hours_per_month: float
    fte: float
    per_month: dict[dt.date, MonthOutcome]
    """Every simulated month, oldest first, also those without cases."""


def simulate(
    cases: Sequence[tuple[dt.date, CaseFacts]],
    policy: Policy,
    norms: WorkloadNorms,
    *,
    periods: Sequence[dt.date],
) -> PolicyOutcome:
    """Triage ``cases`` with ``policy`` and count the result; ``periods`` are the simulated months.

    Every case's period must be one of ``periods``; a month without cases still counts when averaging.
    """
    months = sorted(set(periods))
    if not months:
        raise ValueError("Simulate at least one month.")
    decisions = compile_policy(policy).evaluate_many(facts for _, facts in cases)
    # Every decision of a rule carries that rule's action, so counting keys is enough to aggregate.
    counts = Counter(zip((period for period, _ in cases), (d.rule_key for d in decisions), strict=True))
    if outside := {period for period, _ in counts} - set(months):
        raise ValueError(f"Cases outside the simulated months: {sorted(outside)}.")
    rules: dict[str, tuple[str, Action]] = {rule.key: (rule.label, rule.action) for rule in policy.rules}
    rules[DEFAULT_RULE_KEY] = (DEFAULT_RULE_LABEL, policy.default)
    per_rule = dict.fromkeys(rules, 0)
    per_queue: Counter[str] = Counter()
    per_kind: Counter[str] = Counter()
    per_reason: Counter[str] = Counter()
    per_priority: Counter[str] = Counter()
    month_cases: Counter[dt.date] = Counter()
    month_picked_up: Counter[dt.date] = Counter()
    month_minutes: Counter[dt.date] = Counter()
    for (period, key), number in counts.items():
        action = rules[key][1]
        per_rule[key] += number
        month_cases[period] += number
        if not action.is_picked_up:
            per_reason[action.not_picked_up] += number
            continue
        month_picked_up[period] += number
        per_queue[action.queue] += number
        per_priority[action.priority] += number
        for step in action.steps:
            per_kind[step.kind] += number
        month_minutes[period] += number * sum(norms.minutes_for(step.kind) for step in action.steps)
    picked_up = sum(month_picked_up.values())
    hours = sum(month_minutes.values()) / 60
    hours_per_month = hours / len(months)
    return PolicyOutcome(
        policy_name=policy.name,
        cases=len(decisions),
        picked_up=picked_up,
        not_picked_up=len(decisions) - picked_up,
        per_queue={key: per_queue[key] for key in _ordered("queue", per_queue)},
        per_contact_kind={key: per_kind[key] for key in _ordered("contact_kind", per_kind)},
        per_not_picked_up={key: per_reason[key] for key in _ordered("not_picked_up", per_reason)},
        per_priority={key: per_priority[key] for key in _ordered("priority", per_priority)},
        per_rule={key: (rules[key][0], number) for key, number in per_rule.items()},
        hours=hours,
        hours_per_month=hours_per_month,
        fte=hours_per_month / norms.hours_per_fte_month,
        per_month={
            month: MonthOutcome(
                cases=month_cases[month],
                picked_up=month_picked_up[month],
                not_picked_up=month_cases[month] - month_picked_up[month],
                hours=month_minutes[month] / 60,
            )
            for month in months
        },
    )


_ORDER: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "contact_kind": tuple(ContactKind.values),
        "not_picked_up": tuple(Outcome.values),
        "priority": tuple(Priority.values),
    }
)


def _ordered(group: str, keys: Iterable[str]) -> list[str]:
    """``keys`` in the order of their vocabulary (unknown ones last), or alphabetically without one."""
    order = _ORDER.get(group, ())
    rank = {key: index for index, key in enumerate(order)}
    return sorted((str(key) for key in keys), key=lambda key: (rank.get(key, len(order)), key))


@dataclass(frozen=True)
class ComparisonRow:
    group: str
    """One of ``GROUPS``."""
    key: str
    label: str
    active: float | int
    draft: float | int
    difference: float | int
    """Draft minus active."""


@dataclass(frozen=True)
class Comparison:
    active: PolicyOutcome
    draft: PolicyOutcome
    rows: list[ComparisonRow]
    """Grouped in the order of ``GROUPS``."""
    months: tuple[dt.date, ...]

    def rows_for(self, group: str) -> list[ComparisonRow]:
        return [row for row in self.rows if row.group == group]


def compare(
    cases: Sequence[tuple[dt.date, CaseFacts]],
    *,
    active: Policy,
    draft: Policy,
    norms: WorkloadNorms,
    periods: Sequence[dt.date],
) -> Comparison:
    """Simulate both policies over the same cases and put the numbers side by side."""
    before = simulate(cases, active, norms, periods=periods)
    after = simulate(cases, draft, norms, periods=periods)
    rows: list[ComparisonRow] = []
    for key, label in TOTAL_LABELS.items():
        rows.append(_row("total", key, label, getattr(before, key), getattr(after, key)))
    for group, attribute, label_of in (
        ("queue", "per_queue", str),
        ("contact_kind", "per_contact_kind", _kind_label),
        ("not_picked_up", "per_not_picked_up", _outcome_label),
        ("priority", "per_priority", lambda value: PRIORITY_LABELS.get(value, value)),
    ):
        old, new = getattr(before, attribute), getattr(after, attribute)
        for key in _ordered(group, {*old, *new}):
            rows.append(_row(group, key, label_of(key), old.get(key, 0), new.get(key, 0)))
    for key, label in WORKLOAD_LABELS.items():
        rows.append(_row("workload", key, label, getattr(before, key), getattr(after, key)))
    return Comparison(active=before, draft=after, rows=rows, months=tuple(before.per_month))


def _row(group: str, key: str, label: str, active: float, draft: float) -> ComparisonRow:
    return ComparisonRow(group, key, label, active, draft, draft - active)


def _outcome_label(value: str) -> str:
    return str(Outcome(value).label) if value in Outcome.values else value


def comparison_as_csv_rows(comparison: Comparison) -> list[list[str]]:
    """The comparison as a spreadsheet: a header, then a row per number, Dutch decimal commas.

    Whole numbers are written without thousands separators and fractions with two decimals, so a
    spreadsheet in Dutch reads them as numbers; text that could start a formula is neutralised.
    """
    return [
        list(CSV_HEADER),
        *(
            [
                _neutralise(GROUPS[row.group]),
                _neutralise(row.label),
                *(_csv_number(value) for value in (row.active, row.draft, row.difference)),
            ]
            for row in comparison.rows
        ),
    ]


def _csv_number(value: float) -> str:
    return str(value) if isinstance(value, int) else format_number(value, decimals=2, grouped=False)


def _neutralise(text: str) -> str:
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text
