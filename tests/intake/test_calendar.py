"""The delivery calendar's pure rules: cut-off dates, timeliness, Dutch received dates, period ranges."""

import datetime as dt

import pytest

from eropaf.intake.calendar import (
    PeriodRange,
    Timeliness,
    calendar_entries,
    cutoff_date,
    last_periods,
    received_on,
    timeliness,
)

MAY = dt.date(2026, 5, 1)
JUNE = dt.date(2026, 6, 1)


@pytest.mark.parametrize(
    ("period", "cutoff_day", "deadline"),
    [
        (MAY, 25, dt.date(2026, 5, 25)),
        (dt.date(2026, 2, 1), 28, dt.date(2026, 2, 28)),
        # A cut-off day the month does not have falls on the month's last day.
        (dt.date(2026, 2, 1), 31, dt.date(2026, 2, 28)),
        (dt.date(2028, 2, 1), 31, dt.date(2028, 2, 29)),
        (dt.date(2026, 4, 1), 31, dt.date(2026, 4, 30)),
        (dt.date(2026, 4, 1), 30, dt.date(2026, 4, 30)),
    ],
)
def test_the_cutoff_date_is_the_cutoff_day_or_the_months_last_day(
    period: dt.date, cutoff_day: int, deadline: dt.date
) -> None:
    assert cutoff_date(period, cutoff_day) == deadline


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (dt.date(2026, 4, 28), Timeliness.ON_TIME),  # delivered ahead for the next period
        (dt.date(2026, 5, 24), Timeliness.ON_TIME),
        (dt.date(2026, 5, 25), Timeliness.ON_TIME),  # on the cut-off day itself
        (dt.date(2026, 5, 26), Timeliness.LATE),
        (dt.date(2026, 6, 3), Timeliness.LATE),
    ],
)
def test_a_delivery_is_on_time_up_to_and_including_the_cutoff_day(
    received: dt.date, expected: Timeliness
) -> None:
    assert (
        timeliness(
            period=MAY,
            cutoff_day=25,
            first_received_on=received,
            delivered_previous_period=False,
            today=dt.date(2026, 7, 1),
        )
        is expected
    )


@pytest.mark.parametrize(
    ("today", "delivered_before", "expected"),
    [
        (dt.date(2026, 5, 24), True, Timeliness.NOT_EXPECTED),
        (dt.date(2026, 5, 25), True, Timeliness.NOT_EXPECTED),  # still the whole cut-off day
        (dt.date(2026, 5, 26), True, Timeliness.MISSING),
        (dt.date(2026, 8, 1), True, Timeliness.MISSING),
        (dt.date(2026, 5, 26), False, Timeliness.NOT_EXPECTED),  # never delivered: not expected
    ],
)
def test_missing_only_after_the_cutoff_and_only_when_the_month_before_was_delivered(
    today: dt.date, delivered_before: bool, expected: Timeliness
) -> None:
    assert (
        timeliness(
            period=MAY,
            cutoff_day=25,
            first_received_on=None,
            delivered_previous_period=delivered_before,
            today=today,
        )
        is expected
    )


def test_missing_in_february_starts_the_day_after_its_last_day_for_a_late_cutoff() -> None:
    february = dt.date(2026, 2, 1)

    def on(today: dt.date) -> Timeliness:
        return timeliness(
            period=february,
            cutoff_day=31,
            first_received_on=None,
            delivered_previous_period=True,
            today=today,
        )

    assert on(dt.date(2026, 2, 28)) is Timeliness.NOT_EXPECTED
    assert on(dt.date(2026, 3, 1)) is Timeliness.MISSING


def test_calendar_entries_judge_each_month_by_the_month_before() -> None:
    april, july = dt.date(2026, 4, 1), dt.date(2026, 7, 1)
    entries = calendar_entries(
        periods=[MAY, JUNE, july],
        cutoff_day=20,
        first_received={april: dt.date(2026, 4, 2), MAY: dt.date(2026, 5, 21)},
        today=dt.date(2026, 7, 10),
    )
    assert [entry.timeliness for entry in entries] == [
        Timeliness.LATE,
        Timeliness.MISSING,
        # June was not delivered, so nothing is expected for July.
        Timeliness.NOT_EXPECTED,
    ]
    assert [entry.state for entry in entries] == ["late", "missing", "not_expected"]
    assert entries[0].first_received_on == dt.date(2026, 5, 21)
    assert entries[0].deadline == dt.date(2026, 5, 20)


def test_a_month_not_delivered_before_its_cutoff_is_awaited_when_the_month_before_was() -> None:
    (june,) = calendar_entries(
        periods=[JUNE],
        cutoff_day=25,
        first_received={MAY: dt.date(2026, 5, 3)},
        today=dt.date(2026, 6, 25),
    )
    assert june.timeliness is Timeliness.NOT_EXPECTED
    assert june.awaited
    assert june.state == "awaited"
    (june_after,) = calendar_entries(
        periods=[JUNE], cutoff_day=25, first_received={MAY: dt.date(2026, 5, 3)}, today=dt.date(2026, 6, 26)
    )
    assert june_after.state == "missing"
    assert not june_after.awaited


def test_the_received_date_is_the_day_in_the_netherlands() -> None:
    # 23:30 in Amsterdam on the cut-off day is 21:30 UTC (summer time): still the 25th.
    assert received_on(dt.datetime(2026, 5, 25, 21, 30, tzinfo=dt.UTC)) == dt.date(2026, 5, 25)
    # 00:30 in Amsterdam the next day is 22:30 UTC on the 25th: already the 26th.
    assert received_on(dt.datetime(2026, 5, 25, 22, 30, tzinfo=dt.UTC)) == dt.date(2026, 5, 26)
    # Winter time is one hour ahead of UTC.
    assert received_on(dt.datetime(2026, 1, 25, 23, 30, tzinfo=dt.UTC)) == dt.date(2026, 1, 26)
    assert received_on(dt.datetime(2026, 1, 25, 22, 30, tzinfo=dt.UTC)) == dt.date(2026, 1, 25)


def test_a_period_range_lists_its_months_across_a_year_boundary() -> None:
    period_range = PeriodRange(first=dt.date(2025, 11, 1), last=dt.date(2026, 2, 1))
    assert period_range.periods == [
        dt.date(2025, 11, 1),
        dt.date(2025, 12, 1),
        dt.date(2026, 1, 1),
        dt.date(2026, 2, 1),
    ]
    assert period_range.previous == dt.date(2025, 10, 1)


def test_the_last_twelve_periods_end_with_the_current_one() -> None:
    period_range = last_periods(dt.date(2026, 6, 27))
    assert (period_range.first, period_range.last) == (dt.date(2025, 7, 1), JUNE)
    assert len(period_range.periods) == 12


@pytest.mark.parametrize(
    ("first", "last"),
    [(JUNE, MAY), (dt.date(2026, 5, 2), JUNE), (MAY, dt.date(2026, 6, 30))],
)
def test_a_period_range_refuses_days_that_are_not_periods_or_run_backwards(
    first: dt.date, last: dt.date
) -> None:
    with pytest.raises(ValueError, match="period range"):
        PeriodRange(first=first, last=last)
