"""Which matching period a delivery belongs to."""

import datetime as dt

import pytest

from eropaf.intake.calendar import PeriodRefused, cutoff_date, default_period, resolve_period

NOV = dt.date(2026, 11, 1)
DEC = dt.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("received_on", "expected"),
    [(dt.date(2026, 11, 1), NOV), (dt.date(2026, 11, 25), NOV), (dt.date(2026, 11, 26), DEC)],
)
def test_the_cut_off_day_closes_the_month(received_on: dt.date, expected: dt.date) -> None:
    assert default_period(received_on, 25) == expected


def test_a_cut_off_day_beyond_the_month_means_its_last_day() -> None:
    assert cutoff_date(dt.date(2026, 2, 1), 31) == dt.date(2026, 2, 28)


def test_a_partner_may_name_the_open_or_the_next_period() -> None:
    today = dt.date(2026, 11, 10)
    for period in (NOV, DEC):
        assert (
            resolve_period(received_on=today, cutoff_day=25, requested=period, may_name_closed_period=False)
            == period
        )


def test_a_partner_may_not_name_a_closed_or_far_period() -> None:
    today = dt.date(2026, 11, 10)
    with pytest.raises(PeriodRefused, match="gesloten"):
        resolve_period(
            received_on=today, cutoff_day=25, requested=dt.date(2026, 10, 1), may_name_closed_period=False
        )
    with pytest.raises(PeriodRefused, match="te ver vooruit"):
        resolve_period(
            received_on=today, cutoff_day=25, requested=dt.date(2027, 1, 1), may_name_closed_period=False
        )


def test_an_administrator_may_name_any_period() -> None:
    today = dt.date(2026, 11, 10)
    september = dt.date(2026, 9, 1)
    assert (
        resolve_period(received_on=today, cutoff_day=25, requested=september, may_name_closed_period=True)
        == september
    )


def test_a_requested_day_is_read_as_its_month() -> None:
    assert (
        resolve_period(
            received_on=dt.date(2026, 11, 10),
            cutoff_day=25,
            requested=dt.date(2026, 12, 17),
            may_name_closed_period=False,
        )
        == DEC
    )
