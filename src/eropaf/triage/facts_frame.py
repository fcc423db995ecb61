"""The facts of many cases as one Polars frame: what the set-based evaluation (``bulk_rules``) reads.

One row per case; the columns are named as the ``CaseFacts`` attributes (``Flag`` and ``Measure``
values, ``district``) plus one amount column per partner type (``amount_column``), null when the case
has no signal of that type. ``facts_frame_of`` builds the frame from ``CaseFacts`` (tests, small
inputs); ``case_facts`` builds it straight from the database. ``facts_json`` writes each row as the
facts file ``facts_as_data`` gives — the facts the case page shows and ``try_policy`` reads.
"""

import json
from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl

from eropaf.triage import format as vocabulary
from eropaf.triage.definitions import Flag, Measure
from eropaf.triage.facts import AGE, AMOUNTS, COUNT, DISTRICT, RENT_MONTHS, SOURCES, TOTAL, CaseFacts

PARTNER_TYPE_CODES: tuple[str, ...] = tuple(sorted(str(code) for code in vocabulary.PARTNER_TYPE_WORDS))
FLAG_COLUMNS: tuple[str, ...] = tuple(flag.value for flag in Flag)


def amount_column(partner_type: str) -> str:
    """The column with a case's arrear for this partner type, in cents."""
    return f"amount_{partner_type}"


def fact_schema() -> dict[str, pl.DataType | type[pl.DataType]]:
    return {
        **{amount_column(code): pl.Int64 for code in PARTNER_TYPE_CODES},
        Measure.TOTAL_AMOUNT.value: pl.Int64,
        Measure.SIGNAL_COUNT.value: pl.Int64,
        Measure.AGE.value: pl.Int64,
        Measure.RENT_MONTHS.value: pl.Int64,
        "district": pl.String,
        **dict.fromkeys(FLAG_COLUMNS, pl.Boolean),
    }


def facts_frame_of(facts: Sequence[CaseFacts]) -> pl.DataFrame:
    """The frame of these facts, in their order."""
    schema = fact_schema()
    rows = [
        (
            *(one.amounts_cents.get(code) for code in PARTNER_TYPE_CODES),
            one.total_amount_cents,
            one.signal_count,
            one.age,
            one.rent_months,
            one.district,
            *(bool(getattr(one, flag)) for flag in FLAG_COLUMNS),
        )
        for one in facts
    ]
    return pl.DataFrame(rows, schema=schema, orient="row")


def _euros_for_file(cents: pl.Expr) -> pl.Expr:
    """``vocabulary.euros_for_file`` as JSON text: ``75`` or ``"75,50"``."""
    euros, rest = cents // 100, cents % 100
    with_cents = pl.concat_str(
        pl.lit('"'), euros.cast(pl.String), pl.lit(","), rest.cast(pl.String).str.zfill(2), pl.lit('"')
    )
    return pl.when(rest == 0).then(euros.cast(pl.String)).otherwise(with_cents)


def _amounts_json() -> pl.Expr:
    parts = [
        pl.when(pl.col(amount_column(code)).is_not_null()).then(
            pl.concat_str(
                pl.lit(f'"{vocabulary.PARTNER_TYPE_WORDS[code]}": '),
                _euros_for_file(pl.col(amount_column(code))),
            )
        )
        for code in PARTNER_TYPE_CODES
    ]
    inner = pl.concat_str(parts, separator=", ", ignore_nulls=True)
    return pl.concat_str(pl.lit("{"), inner.fill_null(""), pl.lit("}"))


def _sources_json() -> pl.Expr:
    words = sorted(vocabulary.PARTNER_TYPE_WORDS.items(), key=lambda item: item[1])
    present = [
        pl.when(pl.col(amount_column(code)).is_not_null()).then(pl.lit(json.dumps(word)))
        for code, word in words
    ]
    inner = pl.concat_str(present, separator=",", ignore_nulls=True)
    return pl.concat_str(pl.lit("["), inner.fill_null(""), pl.lit("]"))


def _value_json(value: pl.Expr) -> pl.Expr:
    """A number or yes/no as JSON text; null as ``null``."""
    return value.cast(pl.String).fill_null("null")


def _text_json(name: str, value: pl.Expr) -> pl.Expr:
    """``"name":"value"`` with the value escaped as JSON (``"name":null`` when null)."""
    return pl.struct(value.alias(name)).struct.json_encode().str.strip_prefix("{").str.strip_suffix("}")


def facts_json(*, compact: bool = False) -> pl.Expr:
    """Each row as the JSON of ``facts_as_data`` (keys sorted), as text. Written piece by piece with
    ``concat_str``: a struct with a list column encodes several times slower.

    ``compact``: as ``compact_facts`` of it, the form a ``TriageDecision`` stores (a third of the
    size, so a third of what triaging 100,000 cases writes)."""
    values = {
        SOURCES: _sources_json(),
        AMOUNTS: _amounts_json(),
        TOTAL: _euros_for_file(pl.col(Measure.TOTAL_AMOUNT.value)),
        COUNT: _value_json(pl.col(Measure.SIGNAL_COUNT.value)),
        **{word: _value_json(pl.col(flag.value)) for word, flag in vocabulary.FLAGS.items()},
        AGE: _value_json(pl.col(Measure.AGE.value)),
        RENT_MONTHS: _value_json(pl.col(Measure.RENT_MONTHS.value)),
    }
    pieces = {key: pl.concat_str(pl.lit(f"{json.dumps(key)}:"), value) for key, value in values.items()}
    pieces[DISTRICT] = _text_json(DISTRICT, pl.col("district"))
    if compact:
        for word, flag in vocabulary.FLAGS.items():
            if word not in ALWAYS_STORED:
                pieces[word] = pl.when(pl.col(flag.value)).then(pieces[word])
        for key, column in ((AGE, Measure.AGE.value), (RENT_MONTHS, Measure.RENT_MONTHS.value)):
            pieces[key] = pl.when(pl.col(column).is_not_null()).then(pieces[key])
        pieces[DISTRICT] = pl.when(pl.col("district") != "").then(pieces[DISTRICT])
    members = pl.concat_str([pieces[key] for key in sorted(pieces)], separator=",", ignore_nulls=True)
    return pl.concat_str(pl.lit("{"), members, pl.lit("}"))


ALWAYS_STORED = frozenset({vocabulary.FLAG_WORDS[Flag.MULTIPLE]})
"""Read back, a missing ``meervoudig`` is "two signals or more"; the others are "no" when missing."""


def compact_facts(data: Mapping[str, Any]) -> dict[str, Any]:
    """``facts_as_data`` without what reading it back assumes anyway: the flags that are "no" (but
    ``meervoudig``), and an age, months of rent arrears or district that is unknown.
    ``facts_from_data`` reads it back to the same facts."""
    flags = set(vocabulary.FLAGS) - ALWAYS_STORED
    return {
        key: value
        for key, value in data.items()
        if not (key in flags and value is False) and not (key in OPTIONAL and value in (None, ""))
    }


OPTIONAL = frozenset({AGE, RENT_MONTHS, DISTRICT})
