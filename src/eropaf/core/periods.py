"""Matching periods are calendar months, stored as the first day of the month."""

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
