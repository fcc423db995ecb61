"""Rows of the authorisation matrix for the apps of the eviction chain, one module per app.

Each module defines ``ROWS: tuple[Row, ...]`` using the helpers of ``tests.test_authorisation_matrix``
(World, Target, Row, Expect and the expectation functions). They are imported when the matrix module
has defined those helpers, from its own body.
"""

import importlib
from typing import Any

CHAIN_MODULES = ("escalation", "signalering_plus", "care_desk", "coordination", "ddas", "reporting")


def chain_rows() -> tuple[Any, ...]:
    rows: list[Any] = []
    for name in CHAIN_MODULES:
        try:
            module = importlib.import_module(f"tests.matrix_rows.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"tests.matrix_rows.{name}":
                raise
            continue
        rows.extend(module.ROWS)
    return tuple(rows)
