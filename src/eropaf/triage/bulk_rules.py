"""A policy evaluated over a whole frame of facts at once: the set-based twin of ``rules``.

``rules.CompiledPolicy`` decides one case at a time in plain Python (``try_policy``, the simulation,
the tests); triaging a month of 100,000 cases that way costs seconds of Python per case. Here every
condition becomes a Polars expression — whether it holds, and the Dutch phrases that say why it holds
or fails, the same phrases ``rules`` writes — and the first rule that holds is chosen per row with one
``when/then`` chain. ``tests/triage/test_bulk_rules.py`` checks that both give the same rule and
reasons for every preset and for policies using every kind of condition.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from eropaf.triage import format as vocabulary
from eropaf.triage.definitions import (
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
from eropaf.triage.facts_frame import amount_column
from eropaf.triage.rules import bound_phrase, joined_words

__all__ = ["DEFAULT_POSITION", "decide_frame", "euros_text"]

DEFAULT_POSITION = -1
"""The rule position of a case no rule fired for (the policy's default action)."""
TEXTS = pl.List(pl.String)


@dataclass(frozen=True)
class _Expressions:
    test: pl.Expr
    held: pl.Expr
    """A list of phrases; only read where ``test`` holds."""
    failed: pl.Expr
    """A list of phrases; only read where ``test`` fails."""


def _texts(*phrases: pl.Expr | str) -> pl.Expr:
    return pl.concat_list([pl.lit(one) if isinstance(one, str) else one for one in phrases])


NONE = pl.lit([], dtype=TEXTS)


def _only_where(condition: pl.Expr, phrases: pl.Expr) -> pl.Expr:
    return pl.when(condition).then(phrases).otherwise(NONE)


def _joined_lists(lists: Sequence[pl.Expr]) -> pl.Expr:
    return pl.concat_list(lists) if lists else NONE


def euros_text(cents: pl.Expr) -> pl.Expr:
    """``format_euros`` as an expression: ``€ 1.234,56``, ``-€ 5,00``."""
    whole, rest = cents.abs() // 100, cents.abs() % 100
    # Thousands grouped from the right: reversed, a dot after every three digits, reversed back.
    grouped = (
        whole.cast(pl.String).str.reverse().str.replace_all(r"(\d{3})", "${1}.").str.strip_chars_end(".")
    ).str.reverse()
    sign = pl.when(cents < 0).then(pl.lit("-")).otherwise(pl.lit(""))
    return pl.concat_str(sign, pl.lit("€ "), grouped, pl.lit(","), rest.cast(pl.String).str.zfill(2))


def decide_frame(policy: Policy, facts: pl.DataFrame) -> pl.DataFrame:
    """Per row of ``facts`` (``facts_frame``): the position of the rule that fired in
    ``policy.rules`` (``DEFAULT_POSITION`` when none did) and its reasons, as ``rules.evaluate``.

    The tests of every rule are evaluated over every row; the reasons (Dutch phrases, the costly part)
    only over the rows each rule decided."""
    rules = [_all(rule.conditions) for rule in policy.rules]
    if not rules:
        return pl.DataFrame(
            {"rule_position": [DEFAULT_POSITION] * facts.height, "reasons": [[]] * facts.height},
            schema={"rule_position": pl.Int32, "reasons": TEXTS},
        )
    position: pl.Expr = pl.when(rules[0].test).then(pl.lit(0, dtype=pl.Int32))
    for index, rule in enumerate(rules[1:], start=1):
        position = position.when(rule.test).then(pl.lit(index, dtype=pl.Int32))  # type: ignore[attr-defined]
    positioned = (
        facts.lazy()
        .with_columns(position.otherwise(pl.lit(DEFAULT_POSITION, dtype=pl.Int32)).alias("rule_position"))  # type: ignore[attr-defined]
        .with_row_index("row")
    )
    held = {index: rule.held for index, rule in enumerate(rules)} | {DEFAULT_POSITION: NONE}
    per_rule = [
        positioned.filter(pl.col("rule_position") == index).select(
            "row", "rule_position", reasons.alias("reasons")
        )
        for index, reasons in held.items()
    ]
    return pl.concat(per_rule).sort("row").drop("row").collect()


def _all(conditions: Sequence[Condition]) -> _Expressions:
    parts = [_compile(condition) for condition in conditions]
    if len(parts) == 1:
        return parts[0]
    return _Expressions(
        test=pl.all_horizontal([part.test for part in parts]) if parts else pl.lit(True),
        held=_joined_lists([part.held for part in parts]),
        failed=_joined_lists([_only_where(~part.test, part.failed) for part in parts]),
    )


def _compile(condition: Condition) -> _Expressions:  # noqa: PLR0911 — one return per kind
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


def _flag(condition: FlagCondition) -> _Expressions:
    value = pl.col(condition.flag.value).fill_null(False)
    yes, no = vocabulary.FLAG_TEXTS[condition.flag]
    if condition.expected:
        return _Expressions(value, _texts(yes), _texts(no))
    return _Expressions(~value, _texts(no), _texts(yes))


def _holds(bound: Bound, value: pl.Expr) -> pl.Expr:
    """``bound.holds`` for a known value; an unknown value never holds."""
    limit = bound.value
    match bound.comparison:
        case Comparison.BELOW:
            compared = value < limit
        case Comparison.AT_MOST:
            compared = value <= limit
        case Comparison.AT_LEAST:
            compared = value >= limit
        case Comparison.ABOVE:
            compared = value > limit
        case Comparison.BETWEEN:
            compared = value.is_between(limit, bound.upper if bound.upper is not None else limit)
    return (value.is_not_null() & compared).fill_null(False)


def _subject(measure: Measure, value: pl.Expr) -> pl.Expr:
    """``rules._subject`` as an expression."""
    text = value.cast(pl.String)
    match measure:
        case Measure.TOTAL_AMOUNT:
            return pl.concat_str(pl.lit("totaalbedrag "), euros_text(value.fill_null(0)))
        case Measure.AGE:
            return (
                pl.when(value.is_null())
                .then(pl.lit("leeftijd onbekend"))
                .otherwise(pl.concat_str(pl.lit("leeftijd "), text))
            )
        case Measure.SIGNAL_COUNT:
            return (
                pl.when(value == 1)
                .then(pl.lit("1 signaal"))
                .otherwise(pl.concat_str(value.fill_null(0).cast(pl.String), pl.lit(" signalen")))
            )
        case Measure.RENT_MONTHS:
            months = pl.when(value == 1).then(pl.lit(" maand")).otherwise(pl.lit(" maanden"))
            return (
                pl.when(value.is_null())
                .then(pl.lit("maanden huurachterstand onbekend"))
                .otherwise(pl.concat_str(text, months, pl.lit(" huurachterstand")))
            )


def _number(condition: NumberCondition) -> _Expressions:
    value = pl.col(condition.measure.value)
    phrase = bound_phrase(condition.bound, condition.measure)
    subject = _subject(condition.measure, value)
    failed = (
        pl.when(value.is_null()).then(subject).otherwise(pl.concat_str(subject, pl.lit(f" (niet {phrase})")))
    )
    return _Expressions(
        _holds(condition.bound, value),
        _texts(pl.concat_str(subject, pl.lit(f" ({phrase})"))),
        _texts(failed),
    )


def _partner_amount(condition: PartnerAmountCondition) -> _Expressions:
    word = vocabulary.PARTNER_TYPE_WORDS[condition.partner_type]
    amount = pl.col(amount_column(condition.partner_type))
    phrase = bound_phrase(condition.bound, None)
    stated = pl.concat_str(pl.lit(f"{word} "), euros_text(amount))
    failed = (
        pl.when(amount.is_null())
        .then(pl.lit(f"geen bedrag voor {word}"))
        .otherwise(pl.concat_str(stated, pl.lit(f" (niet {phrase})")))
    )
    return _Expressions(
        _holds(condition.bound, amount),
        _texts(pl.concat_str(stated, pl.lit(f" ({phrase})"))),
        _texts(failed),
    )


def _partner_type(condition: PartnerTypeCondition) -> _Expressions:
    present = {code: pl.col(amount_column(code)).is_not_null() for code in condition.partner_types}
    words = [vocabulary.PARTNER_TYPE_WORDS[code] for code in condition.partner_types]
    named = pl.concat_list(
        [
            pl.when(present[code]).then(pl.lit(word))
            for code, word in zip(condition.partner_types, words, strict=True)
        ]
    ).list.drop_nulls()
    joined = (
        pl.when(named.list.len() == 1)
        .then(named.list.first())
        .otherwise(
            pl.concat_str(
                named.list.head(named.list.len() - 1).list.join(", "), pl.lit(" en "), named.list.last()
            )
        )
    )
    return _Expressions(
        pl.any_horizontal(list(present.values())),
        _texts(pl.concat_str(pl.lit("signaal voor "), joined)),
        _texts(f"geen signaal voor {joined_words(words, 'of')}"),
    )


def _district(condition: DistrictCondition) -> _Expressions:
    district = pl.col("district").fill_null("")
    listed = joined_words(list(condition.districts), "of")
    failed = pl.when(district != "").then(
        pl.concat_str(pl.lit("wijk "), district, pl.lit(f" (niet {listed})"))
    )
    return _Expressions(
        district.is_in(list(condition.districts)),
        _texts(pl.concat_str(pl.lit("wijk "), district)),
        _texts(failed.otherwise(pl.lit("geen wijk"))),
    )


def _any_of(condition: AnyOf) -> _Expressions:
    groups = [_all(alternative) for alternative in condition.alternatives]
    return _Expressions(
        pl.any_horizontal([group.test for group in groups]),
        _joined_lists([_only_where(group.test, group.held) for group in groups]),
        _joined_lists([group.failed for group in groups]),
    )


def _none_of(condition: NoneOf) -> _Expressions:
    parts = [_compile(negated) for negated in condition.conditions]
    return _Expressions(
        pl.all_horizontal([~part.test for part in parts]),
        _joined_lists([part.failed for part in parts]),
        _joined_lists([_only_where(part.test, part.held) for part in parts]),
    )
