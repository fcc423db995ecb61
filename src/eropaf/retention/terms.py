"""How long personal data is kept, per state (pure: no database).

No statutory term exists for signal data; the defaults follow practice (BRIEF §4, Purmerend):
6 months for signals that matched nothing and for cases not picked up, 12 months for a case that
was picked up, 18 months after a case closes. A picked-up case is deleted only when it is closed
and both its terms have passed; an open case is never deleted, however old.
"""

import datetime as dt
from dataclasses import dataclass

from eropaf.core.periods import period_of, shift_months


@dataclass(frozen=True)
class Terms:
    unmatched_months: int = 6
    not_picked_up_months: int = 6
    picked_up_months: int = 12
    closed_months: int = 18


def first_kept_period(today: dt.date, months: int) -> dt.date:
    """The oldest month whose data is still kept ``months`` after the month ended: a month expires
    when ``months`` whole months have passed since its last day."""
    return shift_months(period_of(today), -months)


def first_kept_day(today: dt.date, months: int) -> dt.date:
    """The oldest day still within ``months`` months before ``today`` (the 31st becomes the month's
    last day)."""
    month = shift_months(period_of(today), -months)
    last = shift_months(month, 1) - dt.timedelta(days=1)
    return month.replace(day=min(today.day, last.day))
