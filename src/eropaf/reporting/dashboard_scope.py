"""Which municipality and months a report page shows: fetch-and-authorise in one call.

A team lead or policy officer chooses among the municipalities they read reports of (their role
assignments), and a range of matching months (default the last twelve, at most 36). A code that is
not one of theirs is refused exactly like a code that does not exist.
"""

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils.translation import gettext as _

from eropaf.accounts.roles import REPORTING_ROLES
from eropaf.accounts.selectors import AnyUser, municipalities_of
from eropaf.core.errors import NotPermitted
from eropaf.core.periods import format_period, shift_months
from eropaf.intake.calendar import PeriodRange
from eropaf.intake.quality import period_range_from
from eropaf.organisations.models import Municipality


@dataclass(frozen=True)
class ReportScope:
    municipality: Municipality
    municipalities: list[Municipality]
    """Every municipality the user may choose, by name."""
    period_range: PeriodRange
    range_error: str | None
    today: dt.date

    @property
    def periods(self) -> list[dt.date]:
        return self.period_range.periods

    @property
    def first(self) -> dt.date:
        return self.period_range.first

    @property
    def last(self) -> dt.date:
        return self.period_range.last

    @property
    def start(self) -> dt.date:
        """The first day of the range."""
        return self.period_range.first

    @property
    def end(self) -> dt.date:
        """The last day of the range, or today when the range runs on into the current month."""
        return min(shift_months(self.period_range.last, 1) - dt.timedelta(days=1), self.today)

    @property
    def first_value(self) -> str:
        return format_period(self.period_range.first)

    @property
    def last_value(self) -> str:
        return format_period(self.period_range.last)

    @property
    def query(self) -> str:
        """The choices of the page, carried to its downloads and to the other report pages."""
        return urlencode(
            {"gemeente": self.municipality.code, "van": self.first_value, "tot": self.last_value}
        )


def scope_for_user(
    *, user: AnyUser, municipality_code: str | None, first: str | None, last: str | None, today: dt.date
) -> ReportScope:
    """The chosen (or first) municipality of the user's and the chosen months; NotPermitted when the
    user reads no municipality's reports or names one that is not theirs."""
    municipalities = list(municipalities_of(user, roles=REPORTING_ROLES).order_by("name"))
    if not municipalities:
        raise NotPermitted(_("You do not read the reports of any municipality."))
    chosen = municipalities[0]
    if municipality_code:
        found = [municipality for municipality in municipalities if municipality.code == municipality_code]
        if not found:
            raise NotPermitted(_("This municipality does not exist or is not one of yours."))
        chosen = found[0]
    period_range, error = period_range_from(first=first, last=last, today=today)
    return ReportScope(
        municipality=chosen,
        municipalities=municipalities,
        period_range=period_range,
        range_error=error,
        today=today,
    )
