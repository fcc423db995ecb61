"""Matching periods are calendar months, stored as the first day of the month."""

import calendar
import datetime as dt


def period_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def shift_months(period: dt.date, months: int) -> dt.date:
    index = period.year * 12 + (period.month - 1) + months
    return dt.date(index // 12, index % 12 + 1, 1)


def months_back(period: dt.date, count: int) -> list[dt.date]:
    """``count`` periods ending with ``period``, oldest first."""
    return [shift_months(period, -offset) for offset in range(count - 1, -1, -1)]


def format_period(period: dt.date) -> str:
    return f"{period.year:04d}-{period.month:02d}"


def parse_period(text: str) -> dt.date:
    """``YYYY-MM`` to the first day of that month; ValueError on anything else."""
    year, _, month = text.strip().partition("-")
    if len(year) != 4 or not year.isdigit() or not month.isdigit() or not 1 <= int(month) <= 12:
        raise ValueError(f"{text!r} is geen periode in de vorm JJJJ-MM")
    return dt.date(int(year), int(month), 1)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day when it has fewer (31 Aug + 6 → 28/29 Feb)."""
    first = shift_months(period_of(day), months)
    last_day = calendar.monthrange(first.year, first.month)[1]
    return first.replace(day=min(day.day, last_day))
