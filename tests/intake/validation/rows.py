"""Running ``validate_rows`` on a few hand-written rows."""

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl

from eropaf.intake.validate import ValidationContext, validate_rows

TODAY = dt.date(2026, 3, 15)
DELIVERED_ON = dt.date(2026, 3, 10)
CONTEXT = ValidationContext(today=TODAY, default_signal_type="energy", default_signal_date=DELIVERED_ON)

VALID: dict[str, str] = {
    "referentie": "CTR-1",
    "ontstaansdatum": "2026-01-05",
    "bedrag": "12,50",
    "achternaam": "Jansen",
    "huisnummer": "12",
    "postcode": "1234AB",
}
"""The required fields, all valid."""


def frame(rows: Sequence[Mapping[str, str | None]]) -> pl.DataFrame:
    """Rows as the reader hands them over: ``row_number`` (from 2: the header is row 1) and text."""
    columns = sorted({name for row in rows for name in row}) or list(VALID)
    return pl.DataFrame(
        {
            "row_number": list(range(2, len(rows) + 2)),
            **{name: [row.get(name) for row in rows] for name in columns},
        },
        schema={"row_number": pl.Int64, **dict.fromkeys(columns, pl.String)},
    )


def validate(
    rows: Sequence[Mapping[str, str | None]], *, context: ValidationContext = CONTEXT
) -> list[dict[str, Any]]:
    return validate_rows(frame(rows), context=context).to_dicts()


def one(**fields: str | None) -> dict[str, Any]:
    """A valid row with ``fields`` changed, validated."""
    (result,) = validate([{**VALID, **fields}])
    return result


def each(field: str, values: Sequence[str | None], **other: str | None) -> list[dict[str, Any]]:
    """One valid row per value of ``field``, validated together."""
    return validate([{**VALID, **other, field: value} for value in values])


def codes(result: Mapping[str, Any]) -> list[tuple[str, str]]:
    return [(error["field"], error["code"]) for error in result["errors"]]


def messages(result: Mapping[str, Any]) -> list[str]:
    return [error["message"] for error in result["errors"]]


def only_error(result: Mapping[str, Any]) -> dict[str, str]:
    (error,) = result["errors"]
    return dict(error)
