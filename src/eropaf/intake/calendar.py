"""The delivery calendar: which matching period a delivery belongs to, and whether it was on time.

Pure: no ORM. Partners deliver before the municipality's cut-off day (default the 25th); a
delivery after the cut-off goes into the next period unless an administrator names another.
"""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from zoneinfo import ZoneInfo

from eropaf.core.periods import format_period, months_back, period_of, shift_months


class PeriodRefused(ValueError):
    """A partner named a period it may not deliver for; ``message`` is plain Dutch."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Timeliness(Enum):
    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"
    NOT_EXPECTED = "not_expected"


def cutoff_date(period: dt.date, cutoff_day: int) -> dt.date:
    """The last day on which a delivery for ``period`` is on time."""
    next_month = shift_months(period, 1)
    last_day = (next_month - dt.timedelta(days=1)).day
    return period.replace(day=min(cutoff_day, last_day))


def default_period(received_on: dt.date, cutoff_day: int) -> dt.date:
    """The month of delivery, or the next month when the cut-off day has passed."""
    period = period_of(received_on)
    return shift_months(period, 1) if received_on > cutoff_date(period, cutoff_day) else period


def resolve_period(
    *,
    received_on: dt.date,
    cutoff_day: int,
    requested: dt.date | None,
    may_name_closed_period: bool,
) -> dt.date:
    """The delivery's matching period.

    A partner may name the open period or the one after it; an administrator (command line) may
    name any period, for example to add a late delivery to a closed month.
    """
    default = default_period(received_on, cutoff_day)
    if requested is None:
        return default
    requested = period_of(requested)
    if may_name_closed_period:
        return requested
    if requested < default:
        closed_on = cutoff_date(requested, cutoff_day)
        raise PeriodRefused(
            f"De periode {format_period(requested)} is gesloten (uiterste aanleverdag was "
            f"{closed_on:%d-%m-%Y}). Lever voor {format_period(default)} of vraag de gemeente om "
            "de levering alsnog aan die periode toe te voegen."
        )
    if requested > shift_months(default, 1):
        raise PeriodRefused(
            f"De periode {format_period(requested)} ligt te ver vooruit; lever voor "
            f"{format_period(default)} of {format_period(shift_months(default, 1))}."
        )
    return requested


def timeliness(
    *,
    period: dt.date,
    cutoff_day: int,
    first_received_on: dt.date | None,
    delivered_previous_period: bool,
    today: dt.date,
) -> Timeliness:
    """How a partner delivered for one period.

    Missing is only claimed for partners that delivered the month before and only once the
    cut-off day has passed; a partner that never delivers is not expected every month.
    """
    deadline = cutoff_date(period, cutoff_day)
    if first_received_on is not None:
        return Timeliness.ON_TIME if first_received_on <= deadline else Timeliness.LATE
    if delivered_previous_period and today > deadline:
        return Timeliness.MISSING
    return Timeliness.NOT_EXPECTED


AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def received_on(received_at: dt.datetime) -> dt.date:
    """The calendar day in the Netherlands on which a delivery came in: a file received at 23:30
    on the cut-off day is on time, whatever the server's clock zone."""
    return received_at.astimezone(AMSTERDAM).date()


@dataclass(frozen=True)
class PeriodRange:
    """Consecutive matching periods from ``first`` to ``last``, both included."""

    first: dt.date
    last: dt.date

    def __post_init__(self) -> None:
        if self.first != period_of(self.first) or self.last != period_of(self.last):
            raise ValueError("a period range runs from the first day of a month to the first day of a month")
        if self.first > self.last:
            raise ValueError("a period range cannot end before it starts")

    @property
    def periods(self) -> list[dt.date]:
        """Every period of the range, oldest first."""
        count = (self.last.year - self.first.year) * 12 + self.last.month - self.first.month + 1
        return months_back(self.last, count)

    @property
    def previous(self) -> dt.date:
        """The period just before the range: whether it was delivered decides the first month."""
        return shift_months(self.first, -1)


def last_periods(today: dt.date, count: int = 12) -> PeriodRange:
    """The ``count`` periods up to and including the current one."""
    current = period_of(today)
    return PeriodRange(first=shift_months(current, 1 - count), last=current)


@dataclass(frozen=True)
class CalendarEntry:
    """How one partner delivered for one period, as seen by one municipality (its cut-off day)."""

    period: dt.date
    timeliness: Timeliness
    deadline: dt.date
    first_received_on: dt.date | None
    awaited: bool
    """Not delivered yet, but expected: the period before was delivered and the cut-off is ahead."""

    @property
    def state(self) -> str:
        """What a calendar cell shows: a Timeliness value, or ``awaited``."""
        return "awaited" if self.awaited else self.timeliness.value


def calendar_entries(
    *,
    periods: Sequence[dt.date],
    cutoff_day: int,
    first_received: Mapping[dt.date, dt.date],
    today: dt.date,
) -> list[CalendarEntry]:
    """The timeliness of each of ``periods``.

    ``first_received`` holds, per period with at least one delivery, the day the first one came in;
    it should include the period before the first of ``periods`` so that one can be judged too.
    """
    entries: list[CalendarEntry] = []
    for period in periods:
        first_on = first_received.get(period)
        delivered_before = shift_months(period, -1) in first_received
        deadline = cutoff_date(period, cutoff_day)
        entries.append(
            CalendarEntry(
                period=period,
                timeliness=timeliness(
                    period=period,
                    cutoff_day=cutoff_day,
                    first_received_on=first_on,
                    delivered_previous_period=delivered_before,
                    today=today,
                ),
                deadline=deadline,
                first_received_on=first_on,
                awaited=first_on is None and delivered_before and today <= deadline,
            )
        )
    return entries
