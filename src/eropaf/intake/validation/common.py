"""What every field check is made of: the given value, rules with their Dutch messages, text clean-up.

The messages are part of the partner-facing contract (docs/partners/aanleverformaat.md) and are
Dutch on purpose: a partner reads them next to the rejected row, corrects it and delivers again.
"""

import string
from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl
from polars.expr.whenthen import ChainedThen, Then

QUOTE_LIMIT = 40
"""Longer values are cut off in a message, so one odd cell cannot flood the rejection report."""

ERROR = pl.Struct({"field": pl.String, "code": pl.String, "message": pl.String})

_GIVEN_PREFIX = "given."


@dataclass(frozen=True)
class Rule:
    """One way a delivery field can be wrong.

    ``broken`` is true on the rows that break the rule. ``message`` says, in Dutch, what is wrong and
    what is expected; ``{value}`` in it stands for the given value, ``{huisnummer}`` (any field name)
    for the value given in that field. Messages are only built for the rows that break the rule.
    """

    code: str
    broken: pl.Expr
    message: str


@dataclass(frozen=True)
class FieldCheck:
    """The rules of one delivery field, in order: a row gets the message of the first one it breaks."""

    field: str
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class PerValue:
    """Working columns that depend on the given value of one field alone.

    They are worked out once per distinct value and joined back: a delivery repeats the same dates,
    house numbers and initials many times, and the regular expressions are the expensive part.
    ``stages`` run in order on the distinct values; ``keep`` are the columns the rest needs.
    """

    field: str
    stages: tuple[tuple[pl.Expr, ...], ...]
    keep: tuple[str, ...]


@dataclass(frozen=True)
class Part:
    """The columns and rules one module contributes.

    ``stages`` are working columns (named with a leading underscore), computed stage after stage so
    that an expensive step (a regular expression with groups) runs once and later stages reuse it;
    ``per_value`` columns are there before the first stage. ``outputs`` are the signal columns
    (English names); they and the rules see every working column.
    """

    per_value: tuple[PerValue, ...] = ()
    stages: tuple[tuple[pl.Expr, ...], ...] = ()
    outputs: tuple[pl.Expr, ...] = ()
    checks: tuple[FieldCheck, ...] = ()


def given_column(field: str) -> str:
    """Working frames hold the given values under a prefix: ``postcode`` is also a signal column."""
    return f"{_GIVEN_PREFIX}{field}"


def given(field: str) -> pl.Expr:
    """The value as delivered, trimmed; null when the cell is empty or only whitespace."""
    return pl.col(given_column(field))


def is_given(field: str) -> pl.Expr:
    return given(field).is_not_null()


def collapsed(field: str) -> pl.Expr:
    """Inner runs of whitespace (tabs, line breaks, non-breaking spaces) become one space."""
    return given(field).str.replace_all(r"\s+", " ")


def about(field: str, explanation: str) -> str:
    """``<field> "<value>" <explanation>``: the shape of every message about a given value."""
    return f'{field} "{{value}}" {explanation}'


def required(field: str) -> Rule:
    return Rule("required", given(field).is_null(), f"{field} ontbreekt (verplicht veld)")


def control_characters(field: str, value: pl.Expr) -> Rule:
    """Text may not hold control characters (NUL and the like): nothing shows them, databases refuse them."""
    return Rule(
        "invalid",
        value.str.contains(r"\p{Cc}"),
        about(field, "bevat onzichtbare stuurtekens (verwacht alleen gewone tekst)"),
    )


def too_long(field: str, value: pl.Expr, max_length: int) -> Rule:
    return Rule(
        "too_long",
        value.str.len_chars() > max_length,
        about(field, f"is te lang (verwacht hoogstens {max_length} tekens)"),
    )


def quoted(field: str) -> pl.Expr:
    value = given(field).str.replace_all(r"\p{Cc}", "\N{REPLACEMENT CHARACTER}")
    return (
        pl.when(value.str.len_chars() > QUOTE_LIMIT)
        .then(pl.concat_str([value.str.slice(0, QUOTE_LIMIT - 1), pl.lit("…")]))
        .otherwise(value)
    )


def render(field: str, message: str) -> pl.Expr:
    """The message of a rule of ``field`` with the given values filled in."""
    parts: list[pl.Expr] = []
    for literal, name, _, _ in string.Formatter().parse(message):
        if literal:
            parts.append(pl.lit(literal))
        if name is not None:
            parts.append(quoted(field if name == "value" else name))
    return pl.concat_str(parts, ignore_nulls=True)


def text_field(field: str, output: str, *, max_length: int, mandatory: bool = False) -> Part:
    """Free text: trimmed, inner whitespace collapsed, stored as given."""
    text = pl.col(f"_{field}")
    rules = (required(field),) if mandatory else ()
    return Part(
        stages=((collapsed(field).alias(f"_{field}"),),),
        outputs=(text.fill_null("").alias(output),),
        checks=(
            FieldCheck(field, (*rules, control_characters(field, text), too_long(field, text, max_length))),
        ),
    )


def first_match(cases: Sequence[tuple[pl.Expr, pl.Expr]], otherwise: pl.Expr | None = None) -> pl.Expr:
    """The value of the first case whose condition holds (``when``/``then`` chained over ``cases``)."""
    (condition, value), *rest = cases
    chain: Then | ChainedThen = pl.when(condition).then(value)
    for condition, value in rest:
        chain = chain.when(condition).then(value)
    return chain if otherwise is None else chain.otherwise(otherwise)


def merge(*parts: Part) -> Part:
    depth = max((len(part.stages) for part in parts), default=0)
    return Part(
        per_value=tuple(columns for part in parts for columns in part.per_value),
        stages=tuple(
            tuple(expr for part in parts if stage < len(part.stages) for expr in part.stages[stage])
            for stage in range(depth)
        ),
        outputs=tuple(expr for part in parts for expr in part.outputs),
        checks=tuple(check for part in parts for check in part.checks),
    )
