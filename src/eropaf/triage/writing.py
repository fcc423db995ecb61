"""From a ``Policy`` back to the Dutch policy file, so that reading what was written gives it back."""

from typing import Any

from eropaf.triage import format as vocabulary
from eropaf.triage.definitions import (
    DEFAULT_DUE_DAYS,
    Action,
    AnyOf,
    Bound,
    Comparison,
    Condition,
    ContactStep,
    DistrictCondition,
    FlagCondition,
    Measure,
    NoneOf,
    NumberCondition,
    PartnerAmountCondition,
    PartnerTypeCondition,
    Policy,
    Priority,
    Rule,
)


def policy_as_data(policy: Policy) -> dict[str, Any]:
    """The policy file as plain data (JSON-ready), with the Dutch keys and words.

    Raises ``ValueError`` for a policy that the file cannot express (a condition key twice in one
    ``als``); ``parse_policy`` never builds one.
    """
    data: dict[str, Any] = {"naam": policy.name}
    if policy.description:
        data["omschrijving"] = policy.description
    data["regels"] = [_rule(rule) for rule in policy.rules]
    data["standaard"] = action_as_data(policy.default)
    return data


def _rule(rule: Rule) -> dict[str, Any]:
    return {
        "sleutel": rule.key,
        "omschrijving": rule.label,
        "als": conditions_as_data(rule.conditions),
        "dan": action_as_data(rule.action),
    }


def conditions_as_data(conditions: tuple[Condition, ...]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    previous = ""
    for condition in conditions:
        key, value = _condition(condition)
        if (
            isinstance(condition, PartnerAmountCondition)
            and key == previous
            and not set(value) & set(data[key])
        ):
            data[key].update(value)
            continue
        if key in data:
            raise ValueError(f"The condition {key} appears twice in one rule; a policy file cannot say that.")
        data[key] = value
        previous = key
    return data


def _condition(condition: Condition) -> tuple[str, Any]:  # noqa: PLR0911 — one return per kind
    match condition:
        case FlagCondition(flag=flag, expected=expected):
            return vocabulary.FLAG_WORDS[flag], "ja" if expected else "nee"
        case NumberCondition(measure=measure, bound=bound):
            return vocabulary.measure_key(measure, bound.comparison), _bound(bound, measure)
        case PartnerAmountCondition(partner_type=partner_type, bound=bound):
            key = vocabulary.partner_amount_key(bound.comparison)
            return key, {vocabulary.PARTNER_TYPE_WORDS[partner_type]: _bound(bound, None)}
        case PartnerTypeCondition(partner_types=partner_types):
            return vocabulary.PARTNER_TYPE_PRESENT, [
                vocabulary.PARTNER_TYPE_WORDS[code] for code in partner_types
            ]
        case DistrictCondition(districts=districts):
            return vocabulary.DISTRICT_IN, list(districts)
        case AnyOf(alternatives=alternatives):
            return vocabulary.ANY_OF, [conditions_as_data(alternative) for alternative in alternatives]
        case NoneOf(conditions=negated):
            return vocabulary.NONE_OF, conditions_as_data(negated)


def _bound(bound: Bound, measure: Measure | None) -> Any:
    def number(value: int) -> int | str:
        return vocabulary.euros_for_file(value) if measure is None or measure.is_amount else value

    if bound.comparison is Comparison.BETWEEN and bound.upper is not None:
        return [number(bound.value), number(bound.upper)]
    return number(bound.value)


def action_as_data(action: Action) -> dict[str, Any]:
    if action.not_picked_up:
        return {"niet_opgepakt": vocabulary.NOT_PICKED_UP_WORDS[action.not_picked_up]}
    data: dict[str, Any] = {"werkbak": action.queue, "contact": [step_as_word(step) for step in action.steps]}
    if action.priority != Priority.NORMAL:
        data["prioriteit"] = vocabulary.PRIORITY_WORDS[action.priority]
    if action.due_days != DEFAULT_DUE_DAYS:
        data["termijn_dagen"] = action.due_days
    if action.letter_template:
        data["briefsjabloon"] = action.letter_template
    return data


def step_as_word(step: ContactStep) -> str:
    """``huisbezoek``, ``brief`` or ``brief:contactverzoek``, as in the file."""
    word = vocabulary.CONTACT_KIND_WORDS[step.kind]
    return f"{word}{vocabulary.LETTER_KIND_SEPARATOR}{step.letter_kind}" if step.letter_kind else word
