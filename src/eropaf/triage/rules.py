"""Triage: which rule of a policy fires for a case, what happens, and why — in Dutch, for the case file.

The first rule whose conditions all hold decides; when none does, the policy's default action does,
under the key ``standaard``. A policy is compiled once into plain Python predicates (evaluating
100,000 cases takes 1–2 s with the Leiden preset, the slowest; ``make bench`` measures it, see
docs/performance.md); the explanation is only written for the rule that fired. No ORM here: the
facts come in as ``CaseFacts``.
"""

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from operator import attrgetter

from eropaf.core.money import format_euros
from eropaf.triage import format as vocabulary
from eropaf.triage.definitions import (
    DEFAULT_RULE_KEY,
    Action,
    AnyOf,
    Bound,
    Comparison,
    Condition,
    DistrictCondition,
    FlagCondition,
    Measure,
    NoneOf,
    NumberCondition,
    PartnerAmountCondition,
    PartnerTypeCondition,
    Policy,
)
from eropaf.triage.facts import CaseFacts

__all__ = ["CompiledPolicy", "Decision", "compile_policy", "evaluate", "evaluate_many", "headline"]

DEFAULT_RULE_LABEL = "Standaard"
NO_RULE_APPLIES = "geen regel van toepassing (standaard)"

Test = Callable[[CaseFacts], bool]
Explain = Callable[[CaseFacts], list[str]]


@dataclass(frozen=True, slots=True)
class Decision:
    """The rule that fired (``standaard`` when none did), its action and the facts that made it fire."""

    rule_key: str
    rule_label: str
    action: Action
    reasons: tuple[str, ...]
    summary: str
    """One line for the case: ``Huisbezoek: leeftijd 23 (18 tot en met 27), …``."""

    @property
    def is_default(self) -> bool:
        return self.rule_key == DEFAULT_RULE_KEY

    def due_date(self, opened_on: dt.date) -> dt.date | None:
        """When the work must be done; None when the case is not picked up."""
        return opened_on + dt.timedelta(days=self.action.due_days) if self.action.is_picked_up else None


@dataclass(frozen=True, slots=True)
class _Compiled:
    test: Test
    held: Explain
    """The facts that make it hold (called only when it holds)."""
    failed: Explain
    """The facts that make it fail (called only when it fails)."""


@dataclass(frozen=True, slots=True)
class _CompiledRule:
    key: str
    label: str
    action: Action
    headline: str
    test: Test
    held: Explain


class CompiledPolicy:
    """A policy turned into predicates; evaluate as many cases as you like with it."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self._rules: tuple[_CompiledRule, ...] = tuple(
            _compile_rule(rule.key, rule.label, rule.action, rule.conditions) for rule in policy.rules
        )
        self._default = Decision(
            rule_key=DEFAULT_RULE_KEY,
            rule_label=DEFAULT_RULE_LABEL,
            action=policy.default,
            reasons=(),
            summary=f"{headline(policy.default)}: {NO_RULE_APPLIES}",
        )

    def evaluate(self, facts: CaseFacts) -> Decision:
        for rule in self._rules:
            if rule.test(facts):
                reasons = tuple(rule.held(facts))
                return Decision(
                    rule.key, rule.label, rule.action, reasons, f"{rule.headline}: {', '.join(reasons)}"
                )
        return self._default

    def evaluate_many(self, facts: Iterable[CaseFacts]) -> list[Decision]:
        evaluate = self.evaluate
        return [evaluate(one) for one in facts]


@functools.lru_cache(maxsize=32)
def compile_policy(policy: Policy) -> CompiledPolicy:
    return CompiledPolicy(policy)


def evaluate(policy: Policy, facts: CaseFacts) -> Decision:
    return compile_policy(policy).evaluate(facts)


def evaluate_many(policy: Policy, facts: Sequence[CaseFacts]) -> list[Decision]:
    return compile_policy(policy).evaluate_many(facts)


def headline(action: Action) -> str:
    """What happens, for people: ``Telefoon, mail en brief``, ``Niet opgepakt (onterecht signaal)``."""
    if not action.is_picked_up:
        return f"Niet opgepakt ({vocabulary.NOT_PICKED_UP_TEXTS[action.not_picked_up]})"
    texts: list[tuple[str, int]] = []
    for step in action.steps:
        text = vocabulary.CONTACT_KIND_TEXTS[step.kind]
        text = (
            f"{text} ({step.letter_kind.replace('-', ' ').replace('_', ' ')})" if step.letter_kind else text
        )
        if texts and texts[-1][0] == text:
            texts[-1] = (text, texts[-1][1] + 1)
        else:
            texts.append((text, 1))
    parts = [text if times == 1 else f"{times}× {text}" for text, times in texts]
    line = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} en {parts[-1]}"
    return line[0].upper() + line[1:]


def _compile_rule(key: str, label: str, action: Action, conditions: tuple[Condition, ...]) -> _CompiledRule:
    group = _all(conditions)
    return _CompiledRule(key, label, action, headline(action), group.test, group.held)


def _all(conditions: Sequence[Condition]) -> _Compiled:
    parts = tuple(_compile(condition) for condition in conditions)
    if len(parts) == 1:
        return parts[0]
    tests = tuple(part.test for part in parts)

    def test(facts: CaseFacts) -> bool:
        return all(one(facts) for one in tests)

    def held(facts: CaseFacts) -> list[str]:
        return [reason for part in parts for reason in part.held(facts)]

    def failed(facts: CaseFacts) -> list[str]:
        return [reason for part in parts if not part.test(facts) for reason in part.failed(facts)]

    return _Compiled(test, held, failed)


def _compile(condition: Condition) -> _Compiled:  # noqa: PLR0911 — one return per kind
    match condition:
        case FlagCondition():
            return _flag(condition)
        case NumberCondition():
            return _number(condition)
        case PartnerAmountCondition():
            return _partner_amount(condition)
        case PartnerTypeCondition():
            return _partner_type(condition)
        case DistrictCondition():
            return _district(condition)
        case AnyOf():
            return _any_of(condition)
        case NoneOf():
            return _none_of(condition)


def _flag(condition: FlagCondition) -> _Compiled:
    get: Callable[[CaseFacts], bool] = attrgetter(condition.flag.value)
    yes, no = vocabulary.FLAG_TEXTS[condition.flag]
    if condition.expected:
        return _Compiled(get, lambda _facts: [yes], lambda _facts: [no])
    return _Compiled(lambda facts: not get(facts), lambda _facts: [no], lambda _facts: [yes])


def _comparator(bound: Bound) -> Callable[[int], bool]:
    """``bound.holds`` as the fastest callable there is: a bound method of the limit where possible."""
    limit = bound.value
    match bound.comparison:
        case Comparison.BELOW:
            return limit.__gt__
        case Comparison.AT_MOST:
            return limit.__ge__
        case Comparison.AT_LEAST:
            return limit.__le__
        case Comparison.ABOVE:
            return limit.__lt__
        case Comparison.BETWEEN:
            upper = bound.upper if bound.upper is not None else limit
            return lambda number: limit <= number <= upper


def bound_phrase(bound: Bound, measure: Measure | None) -> str:
    def number(value: int) -> str:
        return vocabulary.format_number(measure, value)

    younger_older = measure is Measure.AGE
    match bound.comparison:
        case Comparison.BELOW:
            return f"{'jonger' if younger_older else 'minder'} dan {number(bound.value)}"
        case Comparison.AT_MOST:
            return f"hoogstens {number(bound.value)}"
        case Comparison.AT_LEAST:
            return f"minstens {number(bound.value)}"
        case Comparison.ABOVE:
            return f"{'ouder' if younger_older else 'meer'} dan {number(bound.value)}"
        case Comparison.BETWEEN:
            return f"{number(bound.value)} tot en met {number(bound.upper or 0)}"


def _subject(measure: Measure, value: int | None) -> str:
    match measure:
        case Measure.TOTAL_AMOUNT:
            return f"totaalbedrag {format_euros(value or 0)}"
        case Measure.AGE:
            return "leeftijd onbekend" if value is None else f"leeftijd {value}"
        case Measure.SIGNAL_COUNT:
            return "1 signaal" if value == 1 else f"{value or 0} signalen"
        case Measure.RENT_MONTHS:
            if value is None:
                return "maanden huurachterstand onbekend"
            return f"{value} {'maand' if value == 1 else 'maanden'} huurachterstand"


def _number(condition: NumberCondition) -> _Compiled:
    measure = condition.measure
    get: Callable[[CaseFacts], int | None] = attrgetter(measure.value)
    compare = _comparator(condition.bound)
    phrase = bound_phrase(condition.bound, measure)

    def test(facts: CaseFacts) -> bool:
        value = get(facts)
        return value is not None and compare(value)

    def held(facts: CaseFacts) -> list[str]:
        return [f"{_subject(measure, get(facts))} ({phrase})"]

    def failed(facts: CaseFacts) -> list[str]:
        value = get(facts)
        return [_subject(measure, value) if value is None else f"{_subject(measure, value)} (niet {phrase})"]

    return _Compiled(test, held, failed)


def _partner_amount(condition: PartnerAmountCondition) -> _Compiled:
    partner_type = condition.partner_type
    word = vocabulary.PARTNER_TYPE_WORDS[partner_type]
    compare = _comparator(condition.bound)
    phrase = bound_phrase(condition.bound, None)

    def test(facts: CaseFacts) -> bool:
        amount = facts.amounts_cents.get(partner_type)
        return amount is not None and compare(amount)

    def held(facts: CaseFacts) -> list[str]:
        return [f"{word} {format_euros(facts.amounts_cents.get(partner_type))} ({phrase})"]

    def failed(facts: CaseFacts) -> list[str]:
        amount = facts.amounts_cents.get(partner_type)
        if amount is None:
            return [f"geen bedrag voor {word}"]
        return [f"{word} {format_euros(amount)} (niet {phrase})"]

    return _Compiled(test, held, failed)


def joined_words(words: Sequence[str], last: str) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {last} {words[-1]}"


def _partner_type(condition: PartnerTypeCondition) -> _Compiled:
    wanted = frozenset(condition.partner_types)
    words = [vocabulary.PARTNER_TYPE_WORDS[code] for code in condition.partner_types]

    def held(facts: CaseFacts) -> list[str]:
        present = [
            vocabulary.PARTNER_TYPE_WORDS[code]
            for code in condition.partner_types
            if code in facts.partner_types
        ]
        return [f"signaal voor {joined_words(present, 'en')}"]

    return _Compiled(
        lambda facts: not wanted.isdisjoint(facts.partner_types),
        held,
        lambda _facts: [f"geen signaal voor {joined_words(words, 'of')}"],
    )


def _district(condition: DistrictCondition) -> _Compiled:
    wanted = frozenset(condition.districts)
    listed = joined_words(list(condition.districts), "of")

    def failed(facts: CaseFacts) -> list[str]:
        return [f"wijk {facts.district} (niet {listed})" if facts.district else "geen wijk"]

    return _Compiled(lambda facts: facts.district in wanted, lambda facts: [f"wijk {facts.district}"], failed)


def _any_of(condition: AnyOf) -> _Compiled:
    groups = tuple(_all(alternative) for alternative in condition.alternatives)
    tests = tuple(group.test for group in groups)

    def test(facts: CaseFacts) -> bool:
        return any(one(facts) for one in tests)

    def held(facts: CaseFacts) -> list[str]:
        return [reason for group in groups if group.test(facts) for reason in group.held(facts)]

    def failed(facts: CaseFacts) -> list[str]:
        return [reason for group in groups for reason in group.failed(facts)]

    return _Compiled(test, held, failed)


def _none_of(condition: NoneOf) -> _Compiled:
    parts = tuple(_compile(negated) for negated in condition.conditions)
    tests = tuple(part.test for part in parts)

    def test(facts: CaseFacts) -> bool:
        return all(not one(facts) for one in tests)

    def held(facts: CaseFacts) -> list[str]:
        return [reason for part in parts for reason in part.failed(facts)]

    def failed(facts: CaseFacts) -> list[str]:
        return [reason for part in parts if part.test(facts) for reason in part.held(facts)]

    return _Compiled(test, held, failed)
