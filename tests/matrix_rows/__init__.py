"""Rows of the authorisation matrix for the later apps, one module per app.

Each module defines ``ROWS: tuple[Row, ...]`` using the helpers of ``tests.test_authorisation_matrix``
(World, Target, Row, Expect and the expectation functions). They are imported when the matrix module
has defined those helpers, from its own body.
"""

import importlib
from typing import Any

APP_MODULES = ("escalation", "signalering_plus", "care_desk", "coordination", "ddas", "reporting", "accounts")


def chain_rows() -> tuple[Any, ...]:
    return tuple(
        row for name in APP_MODULES for row in importlib.import_module(f"tests.matrix_rows.{name}").ROWS
    )
