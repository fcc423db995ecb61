"""BENCHMARK BASELINE, never used by the product: the classification rules in plain Python.

The rules of ``matching.classification`` written the way a per-case matcher would, one signal and
one address at a time, for ``naive_baseline``. The product classifies with ``classify`` (Polars).
"""

import datetime as dt
from typing import Any

from eropaf.intake.models import Signal
from eropaf.matching.classification import Windows, month_index


def period_text(index: int) -> str:
    return f"{index // 12}-{index % 12 + 1:02d}"


def naive_signal(
    signal: Signal, earlier: list[tuple[dt.date, int, str]], *, month: int, windows: Windows
) -> dict[str, Any]:
    """One signal's classes from the earlier signals of its arrear, in plain Python."""
    pairs = [
        (month_index(period), amount, reference == signal.reference) for period, amount, reference in earlier
    ]
    in_repeat = [pair for pair in pairs if pair[0] >= month - windows.repeat_months]
    previous_month = max((pair[0] for pair in in_repeat), default=None)
    latest = [pair for pair in in_repeat if pair[0] == previous_month]
    previous_amount = max((pair[1] for pair in latest), default=None)
    has_previous = previous_month is not None
    arrear_months = len({pair[0] for pair in pairs if pair[0] >= month - (windows.persistent_months - 1)})
    rising = has_previous and previous_amount is not None and signal.amount_cents > previous_amount
    return {
        "amount_cents": signal.amount_cents,
        "has_previous": has_previous,
        "previous_amount_cents": previous_amount,
        "previous_period": period_text(previous_month) if previous_month is not None else None,
        "previous_by_reference": any(pair[2] for pair in latest),
        "is_rising": rising,
        "is_repeat": has_previous and not rising,
        "is_persistent": arrear_months >= windows.persistent_months - 1,
        "is_end_of_supply_first": signal.is_end_of_supply and not has_previous,
    }


def naive_case(
    signals: list[Signal],
    facts: list[dict[str, Any]],
    earlier_periods: list[dt.date],
    *,
    month: int,
    windows: Windows,
) -> dict[str, Any]:
    """The case's classes from its signals' and the address's history, in plain Python."""
    months = [month_index(period) for period in earlier_periods]
    recent = [m for m in months if m >= month - windows.consecutive_months]
    last_month = max(recent, default=None)
    address_months = len({m for m in months if m >= month - (windows.persistent_months - 1)})
    active = [
        (signal, fact) for signal, fact in zip(signals, facts, strict=True) if signal.withdrawn_at is None
    ]
    rising = sum(1 for _, fact in active if fact["is_rising"])
    repeats = sum(1 for _, fact in active if fact["is_repeat"])
    return {
        "active_count": len(active),
        "rising_count": rising,
        "repeat_count": repeats,
        "last_period": period_text(last_month) if last_month is not None else None,
        "total_amount_cents": sum(signal.amount_cents for signal, _ in active),
        "is_multiple": len(active) >= 2,
        "is_consecutive": last_month is not None,
        "is_persistent": address_months >= windows.persistent_months - 1,
        "is_rising": rising > 0,
        "is_repeat": bool(active) and repeats == len(active),
        "is_end_of_supply_first": any(fact["is_end_of_supply_first"] for _, fact in active),
        "is_crisis": any(signal.is_crisis for signal, _ in active),
        "is_withdrawn": not active,
    }
