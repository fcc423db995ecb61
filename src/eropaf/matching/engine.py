"""The set-based core of a matching run: read a month and its history, classify, store the cases.

Re-running is safe: a case exists once per address and period (a unique constraint), new signals
join the existing case, and only the classes, the reasons and the total are rewritten on a case
that exists — never its state, team, worker, dates or contact attempts.
"""

import datetime as dt
import json
from dataclasses import dataclass, field

import polars as pl
from django.utils import timezone

from eropaf.accounts.models import Team
from eropaf.accounts.roles import TeamKind
from eropaf.cases.models import Case, CaseSignal
from eropaf.cases.workflow import CaseState
from eropaf.core.bulk import insert_frame, read_frame, update_frame
from eropaf.core.periods import shift_months
from eropaf.intake.models import Signal
from eropaf.matching.classification import (
    CLASS_COLUMNS,
    CURRENT_SCHEMA,
    HISTORY_SCHEMA,
    Classified,
    Windows,
    case_reasons,
    class_counts,
    signal_reasons,
)
from eropaf.matching.households import with_household_keys
from eropaf.matching.ownership import matching_owns
from eropaf.organisations.models import PostcodeArea

# Days a case worker has after matching, until triage sets a due date per policy.
DEFAULT_DUE_DAYS = 28
SIGNAL_CLASS_COLUMNS = ("is_rising", "is_persistent", "is_repeat", "is_end_of_supply_first")


@dataclass(frozen=True)
class StoredCounts:
    signals: int
    signals_added: int
    cases_created: int
    cases_updated: int
    classes: dict[str, int] = field(default_factory=dict)
    changed_case_ids: list[int] = field(default_factory=list)


def _table(model: type[Case] | type[CaseSignal] | type[Signal]) -> str:
    return str(model._meta.db_table)


def read_period(*, municipality_id: int, period: dt.date, known: pl.DataFrame | None = None) -> pl.DataFrame:
    """The period's signals with their household key; ``known`` is ``known_bag_ids`` (read once a run)."""
    sql = (
        "SELECT id, address_key, partner_id, reference, signal_type, amount_cents, is_crisis, "  # noqa: S608
        f"is_end_of_supply, withdrawn_at IS NOT NULL, bag_address_id, postcode FROM {_table(Signal)} "
        "WHERE municipality_id = %s AND period = %s"
    )
    schema = {**CURRENT_SCHEMA, "bag_address_id": pl.String(), "postcode": pl.String()}
    signals = read_frame(sql, [municipality_id, period], schema=schema)
    return with_household_keys(signals, known if known is not None else known_bag_ids(municipality_id))


def known_bag_ids(municipality_id: int) -> pl.DataFrame:
    """Every (address key, BAG id) pair partners delivered; a partial index keeps this small."""
    sql = (
        f"SELECT DISTINCT address_key, bag_address_id FROM {_table(Signal)} "  # noqa: S608
        "WHERE municipality_id = %s AND bag_address_id <> ''"
    )
    return read_frame(
        sql, [municipality_id], schema={"address_key": pl.String(), "bag_address_id": pl.String()}
    )


def read_history(
    *, municipality_id: int, period: dt.date, windows: Windows, known: pl.DataFrame | None = None
) -> pl.DataFrame:
    """Earlier signals within the windows. Withdrawn ones count: the arrear was signalled."""
    sql = (
        "SELECT period, address_key, partner_id, reference, signal_type, amount_cents, "  # noqa: S608
        f"bag_address_id FROM {_table(Signal)} WHERE municipality_id = %s AND period >= %s AND period < %s"
    )
    since = shift_months(period, -windows.history_months)
    schema = {**HISTORY_SCHEMA, "bag_address_id": pl.String()}
    history = read_frame(sql, [municipality_id, since, period], schema=schema)
    return with_household_keys(history, known if known is not None else known_bag_ids(municipality_id))


def default_teams(municipality_id: int) -> tuple[dict[int, int], int | None]:
    """The early-detection team per district, and the team for addresses outside any district."""
    teams = Team.objects.filter(municipality_id=municipality_id, kind=TeamKind.EARLY_DETECTION).order_by(
        "name"
    )
    by_district: dict[int, int] = {}
    for team_id, district_id in teams.values_list("pk", "districts"):
        if district_id is not None:
            by_district.setdefault(district_id, team_id)
    first = teams.values_list("pk", flat=True).first()
    return by_district, first


def _placement(municipality_id: int) -> tuple[pl.DataFrame, int | None]:
    """Postcode area → district and team, so new cases land in the right team's list; and the team
    for an address whose area has no district."""
    by_district, fallback = default_teams(municipality_id)
    areas = list(
        PostcodeArea.objects.filter(municipality_id=municipality_id).values_list("digits", "district_id")
    )
    frame = pl.DataFrame(
        {
            "pc4": [digits for digits, _ in areas],
            "district_id": [district for _, district in areas],
            "team_id": [
                by_district.get(district, fallback) if district else fallback for _, district in areas
            ],
        },
        schema={"pc4": pl.String, "district_id": pl.Int64, "team_id": pl.Int64},
    )
    return frame, fallback


def _json_column(rows: list[list[dict[str, object]]]) -> pl.Series:
    return pl.Series([canonical_json(reasons) for reasons in rows], dtype=pl.String)


def canonical_json(value: object) -> str:
    """Keys sorted as PostgreSQL's jsonb keeps them, so a stored value compares equal to a new one."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _with_case_reasons(cases: pl.DataFrame, windows: Windows) -> pl.DataFrame:
    reasons = [case_reasons(row, windows=windows) for row in cases.iter_rows(named=True)]
    return cases.with_columns(_json_column(reasons).alias("classification_reasons"))


def _with_signal_reasons(signals: pl.DataFrame, windows: Windows) -> pl.DataFrame:
    reasons = [signal_reasons(row, windows=windows) for row in signals.iter_rows(named=True)]
    return signals.with_columns(_json_column(reasons).alias("reasons"))


def _existing_cases(municipality_id: int, period: dt.date) -> pl.DataFrame:
    columns = ["id", "address_key", "total_amount_cents", *CLASS_COLUMNS, "classification_reasons"]
    sql = (
        f"SELECT {', '.join(columns)} FROM {_table(Case)} "  # noqa: S608
        "WHERE municipality_id = %s AND period = %s"
    )
    schema = dict.fromkeys(CLASS_COLUMNS, pl.Boolean)
    schema_all = {"id": pl.Int64, "address_key": pl.String, "total_amount_cents": pl.Int64, **schema}
    frame = read_frame(
        sql, [municipality_id, period], schema={**schema_all, "classification_reasons": pl.String}
    )
    # PostgreSQL gives jsonb back reformatted; compare it the way it is written.
    return frame.with_columns(
        pl.col("classification_reasons").map_elements(
            lambda text: canonical_json(json.loads(text)), return_dtype=pl.String
        )
    )


def _existing_links(municipality_id: int, period: dt.date) -> pl.DataFrame:
    sql = (
        f"SELECT link.signal_id, link.case_id FROM {_table(CaseSignal)} link "  # noqa: S608
        f"JOIN {_table(Case)} c ON c.id = link.case_id WHERE c.municipality_id = %s AND c.period = %s"
    )
    return read_frame(sql, [municipality_id, period], schema={"signal_id": pl.Int64, "case_id": pl.Int64})


def _stored_link_classes(municipality_id: int, period: dt.date) -> pl.DataFrame:
    columns = ", ".join(f"link.{column}" for column in (*SIGNAL_CLASS_COLUMNS, "reasons"))
    sql = (
        f"SELECT link.signal_id, {columns} FROM {_table(CaseSignal)} link "  # noqa: S608
        f"JOIN {_table(Case)} c ON c.id = link.case_id WHERE c.municipality_id = %s AND c.period = %s"
    )
    schema = {
        "signal_id": pl.Int64(),
        **dict.fromkeys(SIGNAL_CLASS_COLUMNS, pl.Boolean()),
        "reasons": pl.String(),
    }
    stored = read_frame(sql, [municipality_id, period], schema=schema)
    return stored.with_columns(
        pl.col("reasons").map_elements(lambda text: canonical_json(json.loads(text)), return_dtype=pl.String)
    )


def _insert_new_cases(
    new: pl.DataFrame, *, municipality_id: int, period: dt.date, now: dt.datetime, today: dt.date
) -> None:
    placement, fallback_team_id = _placement(municipality_id)
    frame = (
        new.join(placement, on="pc4", how="left")
        .with_columns(team_id=pl.col("team_id").fill_null(pl.lit(fallback_team_id, dtype=pl.Int64)))
        .select(
            pl.lit(now).alias("created_at"),
            pl.lit(now).alias("updated_at"),
            pl.lit(municipality_id, dtype=pl.Int64).alias("municipality_id"),
            pl.lit(period).alias("period"),
            "address_key",
            "district_id",
            pl.lit(str(CaseState.NEW)).alias("state"),
            pl.lit("").alias("outcome"),
            "team_id",
            pl.lit(today).alias("opened_on"),
            pl.lit(today + dt.timedelta(days=DEFAULT_DUE_DAYS)).alias("due_on"),
            "total_amount_cents",
            pl.lit(False).alias("has_minors"),
            *CLASS_COLUMNS,
            "classification_reasons",
            pl.lit(False).alias("known_to_debt_services"),
            pl.lit("").alias("matching_decision"),
            pl.lit(now).alias("matched_at"),
            *_not_triaged_yet(),
        )
    )
    insert_frame(frame, _table(Case))


def _not_triaged_yet() -> list[pl.Expr]:
    """The empty route columns of a new case (triage fills them after the checks)."""
    empty_texts = ("queue", "priority", "letter_template", "triage_policy_name", "triage_outcome")
    return [*(pl.lit("").alias(name) for name in empty_texts), pl.lit("[]").alias("contact_plan")]


def store(
    classified: Classified,
    *,
    municipality_id: int,
    period: dt.date,
    windows: Windows,
    households: pl.DataFrame,
    today: dt.date | None = None,
) -> StoredCounts:
    """Create the new cases, add the new signals, rewrite the classes. Run inside a transaction.

    ``households`` gives each signal's household key and postcode (``read_period``'s columns).
    """
    now = timezone.now()
    cases = _with_case_reasons(classified.cases, windows).with_columns(
        pl.col("total_amount_cents").cast(pl.Int64)
    )
    postcodes = households.group_by("address_key").agg(pl.col("postcode").min().str.slice(0, 4).alias("pc4"))
    cases = cases.join(postcodes, on="address_key", how="left")
    rekey_cases(households, municipality_id=municipality_id, period=period)
    existing = _existing_cases(municipality_id, period)
    new = cases.join(existing.select("address_key"), on="address_key", how="anti")
    _insert_new_cases(
        new, municipality_id=municipality_id, period=period, now=now, today=today or timezone.localdate(now)
    )

    compared = ["total_amount_cents", *CLASS_COLUMNS, "classification_reasons"]
    changed = (
        cases.select("address_key", *compared)
        .join(existing, on="address_key", suffix="_before")
        .filter(pl.any_horizontal(pl.col(column) != pl.col(f"{column}_before") for column in compared))
        .select("id", *compared)
    )
    update_frame(
        changed.with_columns(pl.lit(now).alias("updated_at"), pl.lit(now).alias("matched_at")), _table(Case)
    )

    case_ids = read_frame(
        f"SELECT id, address_key FROM {_table(Case)} WHERE municipality_id = %s AND period = %s",  # noqa: S608
        [municipality_id, period],
        schema={"case_id": pl.Int64, "address_key": pl.String},
    )
    links = _existing_links(municipality_id, period)
    signals = (
        _with_signal_reasons(classified.signals, windows)
        .join(case_ids, on="address_key")
        .select(pl.col("id").alias("signal_id"), "case_id", *SIGNAL_CLASS_COLUMNS, "reasons")
    )
    added = signals.join(links, on="signal_id", how="anti")
    insert_frame(added, _table(CaseSignal))
    compared = [*SIGNAL_CLASS_COLUMNS, "reasons"]
    kept = (
        signals.drop("case_id")
        .join(_stored_link_classes(municipality_id, period), on="signal_id", suffix="_before")
        .filter(pl.any_horizontal(pl.col(column) != pl.col(f"{column}_before") for column in compared))
        .select("signal_id", *compared)
    )
    update_frame(kept, _table(CaseSignal), key="signal_id")

    touched = set(changed["id"].to_list()) | set(added["case_id"].to_list())
    existing_ids = set(existing["id"].to_list())
    return StoredCounts(
        signals=classified.signals.height,
        signals_added=added.height,
        cases_created=new.height,
        cases_updated=len(touched & existing_ids),
        classes=class_counts(classified.cases),
        changed_case_ids=sorted(touched | set(case_ids.join(new, on="address_key", how="semi")["case_id"])),
    )


def rekey_cases(households: pl.DataFrame, *, municipality_id: int, period: dt.date) -> None:
    """A household key can change when a BAG id arrives later: its case follows the key.

    The case is renamed when the new key has no case yet; when it has, the signals move over and
    the emptied case goes — but only while matching still owns it (``ownership``); otherwise both
    stay, so no work is lost.
    """
    links = _existing_links(municipality_id, period)
    moved = (
        links.join(households.select(pl.col("id").alias("signal_id"), "address_key"), on="signal_id")
        .join(
            read_frame(
                f"SELECT id, address_key FROM {_table(Case)} WHERE municipality_id = %s AND period = %s",  # noqa: S608
                [municipality_id, period],
                schema={"case_id": pl.Int64(), "case_key": pl.String()},
            ),
            on="case_id",
        )
        .filter(pl.col("address_key") != pl.col("case_key"))
        .group_by("case_id")
        .agg(pl.col("address_key").min().alias("new_key"))
        .sort("case_id")
    )
    for case_id, new_key in moved.iter_rows():
        target = Case.objects.filter(
            municipality_id=municipality_id, period=period, address_key=new_key
        ).first()
        if target is None:
            Case.objects.filter(pk=case_id).update(address_key=new_key, updated_at=timezone.now())
            continue
        emptied = Case.objects.get(pk=case_id)
        if matching_owns(emptied):
            CaseSignal.objects.filter(case_id=case_id).update(case_id=target.pk)
            emptied.delete()
