"""The triage policy (afwegingskader) as data: ordered rules of conditions over case facts, and actions.

Everything here is a frozen dataclass or an enum, so a policy can be compared, hashed and shared
between threads. A policy is built by ``eropaf.triage.policy.parse_policy``, which refuses whatever
is inconsistent; the checks in ``__post_init__`` only guard code that builds one by hand.
"""

from dataclasses import dataclass
from enum import StrEnum
from typing import TypeAlias

from eropaf.core.vocabularies import Priority as Priority  # noqa: PLC0414 — re-exported for the triage core

DEFAULT_DUE_DAYS = 28
"""The whole process runs within 28 days (BRIEF §3.3)."""
DEFAULT_RULE_KEY = "standaard"
"""The key a decision carries when no rule fired and the policy's default action was taken."""


class Flag(StrEnum):
    """A yes/no fact of a case; the value is the ``CaseFacts`` attribute that holds it."""

    MULTIPLE = "is_multiple"
    CONSECUTIVE = "is_consecutive"
    RISING = "is_rising"
    PERSISTENT = "is_persistent"
    REPEAT = "is_repeat"
    CRISIS = "is_crisis"
    END_OF_SUPPLY = "is_end_of_supply"
    KNOWN_TO_DEBT_SERVICES = "is_known_to_debt_services"
    MINORS = "has_minors"
    WARM_HANDOVER = "is_warm_handover"
    SUMMONS = "has_summons"
    JUDGMENT = "has_judgment"
    EVICTION_DATE = "has_eviction_date"
    ACCEPTED_HELP_BEFORE = "has_accepted_help_before"


class Measure(StrEnum):
    """A number fact of a case; the value is the ``CaseFacts`` attribute that holds it."""

    TOTAL_AMOUNT = "total_amount_cents"
    AGE = "age"
    SIGNAL_COUNT = "signal_count"
    RENT_MONTHS = "rent_months"

    @property
    def is_amount(self) -> bool:
        return self is Measure.TOTAL_AMOUNT


class Comparison(StrEnum):
    BELOW = "below"
    """strictly less than"""
    AT_MOST = "at_most"
    """less than or equal"""
    AT_LEAST = "at_least"
    """greater than or equal"""
    ABOVE = "above"
    """strictly greater than"""
    BETWEEN = "between"
    """inclusive at both ends"""


@dataclass(frozen=True, slots=True)
class Bound:
    """A comparison with a limit; for ``BETWEEN`` the range ``value`` to ``upper``, both included."""

    comparison: Comparison
    value: int
    upper: int | None = None

    def __post_init__(self) -> None:
        if (self.comparison is Comparison.BETWEEN) != (self.upper is not None):
            raise ValueError("A range needs an upper limit, and only a range has one.")
        if self.upper is not None and self.upper < self.value:
            raise ValueError("The lower limit of a range is above its upper limit.")

    def holds(self, number: int) -> bool:
        match self.comparison:
            case Comparison.BELOW:
                return number < self.value
            case Comparison.AT_MOST:
                return number <= self.value
            case Comparison.AT_LEAST:
                return number >= self.value
            case Comparison.ABOVE:
                return number > self.value
            case Comparison.BETWEEN:
                return self.value <= number <= (self.upper if self.upper is not None else self.value)


@dataclass(frozen=True, slots=True)
class FlagCondition:
    flag: Flag
    expected: bool


@dataclass(frozen=True, slots=True)
class NumberCondition:
    """A number fact against a bound; an unknown number (no age, no rent months) never holds."""

    measure: Measure
    bound: Bound


@dataclass(frozen=True, slots=True)
class PartnerAmountCondition:
    """The amount of one partner type against a bound; never holds when that type has no signal."""

    partner_type: str
    bound: Bound


@dataclass(frozen=True, slots=True)
class PartnerTypeCondition:
    """At least one of these partner types has a signal in the case."""

    partner_types: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DistrictCondition:
    """The case's district is one of these district codes."""

    districts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AnyOf:
    """At least one of the alternatives holds; each alternative holds when all its conditions do."""

    alternatives: tuple[tuple["Condition", ...], ...]


@dataclass(frozen=True, slots=True)
class NoneOf:
    """Negation: holds when none of these conditions holds."""

    conditions: tuple["Condition", ...]


Condition: TypeAlias = (
    FlagCondition
    | NumberCondition
    | PartnerAmountCondition
    | PartnerTypeCondition
    | DistrictCondition
    | AnyOf
    | NoneOf
)


@dataclass(frozen=True, slots=True)
class ContactStep:
    """One planned contact attempt: a ``ContactKind`` value, and for a letter which letter."""

    kind: str
    letter_kind: str = ""


@dataclass(frozen=True, slots=True)
class Action:
    """What happens to a case: a work queue with contact steps, or not picked up with a DDAS reason."""

    queue: str = ""
    steps: tuple[ContactStep, ...] = ()
    priority: Priority = Priority.NORMAL
    due_days: int = DEFAULT_DUE_DAYS
    letter_template: str = ""
    not_picked_up: str = ""
    """An ``Outcome`` value whose ``is_not_picked_up`` holds, e.g. ``not_picked_up_unjustified``."""

    def __post_init__(self) -> None:
        if self.not_picked_up and (self.queue or self.steps):
            raise ValueError("An action is either a work queue with steps or not picked up, not both.")
        if not self.not_picked_up and not (self.queue and self.steps):
            raise ValueError("An action needs a work queue and at least one contact step, or a reason.")

    @property
    def is_picked_up(self) -> bool:
        return not self.not_picked_up


@dataclass(frozen=True, slots=True)
class Rule:
    """Fires when all its conditions hold."""

    key: str
    label: str
    conditions: tuple[Condition, ...]
    action: Action


@dataclass(frozen=True, slots=True)
class Policy:
    """Ordered rules: the first rule whose conditions all hold decides; otherwise ``default``."""

    name: str
    description: str
    rules: tuple[Rule, ...]
    default: Action
