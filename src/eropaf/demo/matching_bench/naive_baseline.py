"""BENCHMARK BASELINE, never used by the product: a straightforward per-case Python/ORM matching loop.

It is what a plain Django matcher does, to put our figure in perspective: for each address of the
month, query its signals and its BAG id (the household key), query the history of each signal and
of the address
(``Signal.objects.filter``), compute the classes in Python (the rules of
``matching.classification``), look up the team, ``Case.objects.get_or_create`` and
``CaseSignal.objects.create`` per signal. It runs on a sample of addresses inside a transaction that
is rolled back, and is extrapolated linearly to the whole month. Its classes are compared with ours.
"""

import datetime as dt
import json
import random
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import polars as pl
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from eropaf.accounts.models import Team
from eropaf.accounts.roles import TeamKind
from eropaf.cases.models import Case, CaseSignal
from eropaf.cases.workflow import CaseState
from eropaf.core.periods import shift_months
from eropaf.demo.matching_bench.naive_rules import naive_case, naive_signal
from eropaf.intake.models import Signal
from eropaf.matching.classification import (
    CLASS_COLUMNS,
    Classified,
    Windows,
    case_reasons,
    month_index,
    signal_reasons,
)
from eropaf.matching.engine import DEFAULT_DUE_DAYS
from eropaf.matching.households import BAG_PREFIX
from eropaf.organisations.models import PostcodeArea

# --- BENCHMARK BASELINE: a per-case Python/ORM matching loop. Never used by the product. ---------


@dataclass
class NaiveRun:
    sample_addresses: int
    sample_signals: int
    month_addresses: int
    listing_seconds: float
    """The one query that lists the month's addresses."""
    seconds: float
    """The loop over the sample."""
    extrapolated_seconds: float
    """Listing plus the loop's time per address times the month's addresses."""
    queries: int
    agreeing: int
    """Sample cases whose classes, total and reasons equal ours."""
    differing: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _naive_team(municipality_id: int, address_key: str) -> tuple[int | None, Team | None]:
    area = PostcodeArea.objects.filter(digits=address_key[:4]).first()
    district_id = area.district_id if area is not None else None
    teams = Team.objects.filter(municipality_id=municipality_id, kind=TeamKind.EARLY_DETECTION).order_by(
        "name"
    )
    team = teams.filter(districts=district_id).first() if district_id is not None else None
    return district_id, team or teams.first()


def naive_match_address(
    address_key: str, *, municipality_id: int, period: dt.date, windows: Windows, now: dt.datetime
) -> dict[str, Any]:
    """BENCHMARK BASELINE, never used by the product: match one address query by query."""
    month = month_index(period)
    since = shift_months(period, -windows.history_months)
    in_windows = Q(municipality_id=municipality_id, period__gte=since, period__lt=period)
    signals = list(
        Signal.objects.filter(
            municipality_id=municipality_id, period=period, address_key=address_key
        ).order_by("id")
    )
    # The household: the address's BAG id when a partner ever gave one (matching.households).
    bag_id = (
        Signal.objects.filter(municipality_id=municipality_id, address_key=address_key)
        .exclude(bag_address_id="")
        .order_by("bag_address_id")
        .values_list("bag_address_id", flat=True)
        .first()
    )
    household_key = f"{BAG_PREFIX}{bag_id}" if bag_id else address_key
    facts = []
    for signal in signals:
        # The reference decides; a new reference falls back to the same type on the address,
        # leaving out arrears the partner still signals this month under their own reference.
        columns = ("period", "amount_cents", "reference")
        by_reference = Signal.objects.filter(
            in_windows, partner_id=signal.partner_id, reference=signal.reference
        )
        earlier = list(by_reference.order_by().values_list(*columns))
        if not earlier:
            claimed = Signal.objects.filter(
                municipality_id=municipality_id, period=period, partner_id=signal.partner_id
            ).values("reference")
            by_type = Signal.objects.filter(
                in_windows,
                partner_id=signal.partner_id,
                signal_type=signal.signal_type,
                address_key=address_key,
            ).exclude(reference__in=claimed)
            earlier = list(by_type.order_by().values_list(*columns))
        facts.append(naive_signal(signal, earlier, month=month, windows=windows))
    earlier_periods = list(
        Signal.objects.filter(in_windows, address_key=address_key).order_by().values_list("period", flat=True)
    )
    case_facts = naive_case(signals, facts, earlier_periods, month=month, windows=windows)
    reasons = case_reasons(case_facts, windows=windows)
    classes = {column: case_facts[column] for column in CLASS_COLUMNS}
    district_id, team = _naive_team(municipality_id, address_key)
    today = timezone.localdate(now)
    case, created = Case.objects.get_or_create(
        municipality_id=municipality_id,
        period=period,
        address_key=household_key,
        defaults={
            "district_id": district_id,
            "team": team,
            "state": CaseState.NEW,
            "opened_on": today,
            "due_on": today + dt.timedelta(days=DEFAULT_DUE_DAYS),
            "total_amount_cents": case_facts["total_amount_cents"],
            "classification_reasons": reasons,
            "matched_at": now,
            **classes,
        },
    )
    if not created:
        for name, value in classes.items():
            setattr(case, name, value)
        case.total_amount_cents = case_facts["total_amount_cents"]
        case.classification_reasons = reasons
        case.matched_at = now
        case.save()
    for signal, fact in zip(signals, facts, strict=True):
        CaseSignal.objects.create(
            case=case,
            signal=signal,
            is_rising=fact["is_rising"],
            is_persistent=fact["is_persistent"],
            is_repeat=fact["is_repeat"],
            is_end_of_supply_first=fact["is_end_of_supply_first"],
            reasons=signal_reasons(fact, windows=windows),
        )
    return {
        "household_key": household_key,
        "signals": len(signals),
        "total_amount_cents": case_facts["total_amount_cents"],
        "classification_reasons": reasons,
        **classes,
    }


def _canonical(case: dict[str, Any]) -> str:
    return json.dumps(case, sort_keys=True, default=str)


def _ours(classified: Classified, households: list[str], windows: Windows) -> dict[str, str]:
    rows = classified.cases.filter(pl.col("address_key").is_in(households)).iter_rows(named=True)
    return {
        row["address_key"]: _canonical(
            {
                "total_amount_cents": row["total_amount_cents"],
                "classification_reasons": case_reasons(row, windows=windows),
                **{column: row[column] for column in CLASS_COLUMNS},
            }
        )
        for row in rows
    }


def measure_naive(
    *,
    municipality_id: int,
    period: dt.date,
    windows: Windows,
    sample: int,
    seed: int,
    ours: Classified,
    progress: Callable[[int], object] | None = None,
) -> NaiveRun:
    """The naive loop over ``sample`` random addresses of the month, rolled back afterwards."""
    queries = 0

    def count(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    started = time.perf_counter()
    month_addresses = list(
        Signal.objects.filter(municipality_id=municipality_id, period=period)
        .order_by("address_key")
        .values_list("address_key", flat=True)
        .distinct()
    )
    listing = time.perf_counter() - started
    chosen = random.Random(seed).sample(month_addresses, min(sample, len(month_addresses)))  # noqa: S311
    now = timezone.now()
    results: dict[str, dict[str, Any]] = {}
    with transaction.atomic(), connection.execute_wrapper(count):
        started = time.perf_counter()
        for address_key in chosen:
            results[address_key] = naive_match_address(
                address_key, municipality_id=municipality_id, period=period, windows=windows, now=now
            )
            if progress is not None:
                progress(1)
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    expected = _ours(ours, [result["household_key"] for result in results.values()], windows)
    differing = [
        address
        for address, result in results.items()
        if expected.get(result["household_key"])
        != _canonical(
            {key: value for key, value in result.items() if key not in {"signals", "household_key"}}
        )
    ]
    per_address = seconds / len(chosen) if chosen else 0.0
    return NaiveRun(
        sample_addresses=len(chosen),
        sample_signals=sum(result["signals"] for result in results.values()),
        month_addresses=len(month_addresses),
        listing_seconds=round(listing, 3),
        seconds=round(seconds, 3),
        extrapolated_seconds=round(listing + per_address * len(month_addresses), 3),
        queries=queries,
        agreeing=len(chosen) - len(differing),
        differing=sorted(differing)[:10],
    )
