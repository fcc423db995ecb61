"""Sticky assignment: a household keeps its case worker.

A new case in a work queue for a household (same address key) that had a case with a worker in the
12 months before goes to that worker again, so the same person keeps contact — when that worker is
available: the account is active, not away (``User.away_until``), and still holds a case role in an
outreach team of the municipality. The case goes to the team the worker had it in, or else to
another outreach team of theirs. When the worker is not available the case goes to the team that
had the household (when that is an outreach team), for the team lead to assign.

An automatic assignment is marked (``Case.assigned_automatically``) and does not make the case
"touched": matching and triage may still change the case, and take the assignment back when the
case leaves the work queue. A person's assignment or first contact clears the mark.
"""

import datetime as dt

import polars as pl
from django.db.models import Q

from eropaf.accounts.models import RoleAssignment, Team
from eropaf.accounts.roles import Role, TeamKind
from eropaf.cases.models import Case
from eropaf.core.bulk import read_frame
from eropaf.core.periods import shift_months

STICKY_MONTHS = 12
OUTREACH_TEAMS = (TeamKind.EARLY_DETECTION, TeamKind.NEIGHBOURHOOD)
WORKER_ROLES = (Role.CASE_WORKER, Role.TEAM_LEAD)


def untouched() -> pl.Expr:
    """No attempt and no assignment by a person: over a frame with ``attempts``, ``assigned_to_id``
    and ``assigned_automatically``. The part of the ownership rule sticky assignment changes."""
    by_person = pl.col("assigned_to_id").is_not_null() & ~pl.col("assigned_automatically")
    return (pl.col("attempts") == 0) & ~by_person


def _earlier_workers(municipality_id: int, cases: pl.DataFrame) -> pl.DataFrame:
    """Per case: the worker and team of the household's latest earlier case within the window."""
    periods = cases.get_column("period").to_list()
    first, last = min(periods), max(periods)
    table = Case._meta.db_table
    sql = (
        "SELECT id, period, address_key, assigned_to_id, team_id "  # noqa: S608 — table name from the model
        f"FROM {table} WHERE municipality_id = %s AND period >= %s AND period < %s "
        "AND assigned_to_id IS NOT NULL"
    )
    earlier = read_frame(
        sql,
        [municipality_id, shift_months(first, -STICKY_MONTHS), last],
        schema={
            "earlier_id": pl.Int64,
            "earlier_period": pl.Date,
            "address_key": pl.String,
            "worker_id": pl.Int64,
            "earlier_team_id": pl.Int64,
        },
    )
    window_start = pl.col("period").dt.offset_by(f"-{STICKY_MONTHS}mo")
    return (
        cases.join(earlier, on="address_key")
        .filter((pl.col("earlier_period") < pl.col("period")) & (pl.col("earlier_period") >= window_start))
        .sort("earlier_period", "earlier_id")
        .group_by("id")
        .last()
        .select("id", "worker_id", "earlier_team_id")
    )


def _available(municipality_id: int, today: dt.date) -> pl.DataFrame:
    """(worker_id, team_id) for every available worker in every outreach team of the municipality."""
    rows = (
        RoleAssignment.objects.filter(
            role__in=WORKER_ROLES,
            team__municipality_id=municipality_id,
            team__kind__in=OUTREACH_TEAMS,
            user__is_active=True,
        )
        .filter(Q(user__away_until__isnull=True) | Q(user__away_until__lt=today))
        .values_list("user_id", "team_id")
        .distinct()
    )
    return pl.DataFrame(list(rows), schema={"worker_id": pl.Int64, "team_id": pl.Int64}, orient="row")


def sticky_placement(*, municipality_id: int, cases: pl.DataFrame, today: dt.date) -> pl.DataFrame:
    """For the cases (``id``, ``period``, ``address_key``: in a work queue, nobody working them)
    whose household had a worker in the 12 months before: the ``assigned_to_id`` (null when the
    worker is not available) and the ``team_id`` the case goes to. Other cases are left out."""
    if cases.height == 0:
        return pl.DataFrame(schema={"id": pl.Int64, "assigned_to_id": pl.Int64, "team_id": pl.Int64})
    earlier = _earlier_workers(municipality_id, cases)
    available = _available(municipality_id, today)
    same_team = earlier.join(
        available.rename({"team_id": "earlier_team_id"}).with_columns(same=pl.lit(True)),
        on=["worker_id", "earlier_team_id"],
        how="left",
    )
    any_team = available.group_by("worker_id").agg(pl.col("team_id").min().alias("other_team_id"))
    outreach = set(
        Team.objects.filter(municipality_id=municipality_id, kind__in=OUTREACH_TEAMS).values_list(
            "pk", flat=True
        )
    )
    placed = same_team.join(any_team, on="worker_id", how="left").with_columns(
        worker_available=pl.col("same").is_not_null() | pl.col("other_team_id").is_not_null()
    )
    return placed.filter(pl.col("worker_available") | pl.col("earlier_team_id").is_in(list(outreach))).select(
        "id",
        pl.when(pl.col("worker_available")).then(pl.col("worker_id")).alias("assigned_to_id"),
        pl.when(pl.col("same").is_not_null())
        .then(pl.col("earlier_team_id"))
        .when(pl.col("worker_available"))
        .then(pl.col("other_team_id"))
        .otherwise(pl.col("earlier_team_id"))
        .alias("team_id"),
    )
